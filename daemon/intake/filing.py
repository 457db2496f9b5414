"""Turn one parsed message into database rows: decide (pure), then write (one transaction).

Deciding runs the checks and needs no database; writing stores the ledger row, the item,
its attachments, verdicts and audit entry together, so they commit together or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from daemon.config import Settings, UnitSettings
from daemon.intake.checks import run_checks
from daemon.intake.checks.classified import screened
from daemon.intake.evidence import file_evidence, looks_like_evidence
from daemon.intake.noise import ignore_reason
from daemon.intake.requests import record_answer
from daemon.intake.route_learning import RouteModel
from daemon.intake.supersede import find_original, referenced_numbers, supersede
from daemon.intake.title import choose_title
from daemon.intake.verdict import CheckContext, OpenRequest, Verdict
from daemon.models import Attachment, AuditEntry, Item, Message, Outbound
from daemon.models import Verdict as VerdictRow
from daemon.outbox.bounces import record_bounce
from daemon.outbox.notices import notify_filed
from daemon.parsing.addresses import foreign_senders
from daemon.parsing.clean import clean_line
from daemon.parsing.model import ParsedMessage
from daemon.parsing.names import Roster
from daemon.storage import Store, sha256_hex
from daemon.timeutil import local, utcnow
from daemon.workdays import WorkCalendar

RESEND_WINDOW_DAYS = 90  # a resend comes within weeks; older look-alikes are new articles
RESEND_CANDIDATES = 50


@dataclass(frozen=True)
class Decision:
    """What intake concluded about a message, before anything is written."""

    ignore: str | None  # reason to record the message as ignored
    unit: UnitSettings | None = None
    title: str = ""
    authors: tuple[str, ...] = ()
    verdicts: tuple[Verdict, ...] = ()
    flags: tuple[str, ...] = ()
    state: str = "unassigned"
    fields: dict[str, object] = field(default_factory=dict)
    originals: tuple[str, ...] = ()  # item numbers a resubmission names (原编号 2026-0006)


def roster_of(settings: Settings) -> Roster:
    """The configured units and people, as the article reader needs them."""
    people = {p.name for u in settings.units for p in u.people}
    people.update(leader.name for leader in settings.leaders)
    return Roster(units=frozenset(u.name for u in settings.units), people=frozenset(people))


def body_digest(raw: bytes) -> str:
    """SHA-256 of everything after the header block: equal for a re-delivered copy."""
    for separator in (b"\r\n\r\n", b"\n\n"):
        index = raw.find(separator)
        if index >= 0:
            return sha256_hex(raw[index + len(separator) :])
    return sha256_hex(b"")


def _authors(parsed: ParsedMessage, unit: UnitSettings | None) -> tuple[str, ...]:
    """Authors named in the article; else the roster person who sent it (RULES: each author)."""
    if parsed.article.authors:
        return parsed.article.authors
    if unit is not None:
        sender = next((p for p in unit.people if p.email == parsed.from_addr), None)
        if sender is not None:
            return (sender.name,)
    return ()


def decide(
    settings: Settings,
    parsed: ParsedMessage,
    received_at: datetime,
    requests: tuple[OpenRequest, ...],
    calendar: WorkCalendar,
    learned: RouteModel | None = None,
) -> Decision:
    reason = ignore_reason(parsed, settings)
    if reason is not None:
        return Decision(ignore=reason)
    unit = settings.unit_for_address(parsed.from_addr) if parsed.from_addr else None
    # the article's title line is document text: one clean line, like the subject
    title = clean_line(choose_title(parsed.subject, parsed.article.title, roster_of(settings)))
    ctx = CheckContext(
        settings=settings,
        message=parsed,
        unit=unit,
        title=title,
        received_at=local(received_at, settings.timezone),
        requests=requests,
        calendar=calendar,
        learned=learned,
    )
    verdicts = tuple(run_checks(ctx))
    data: dict[str, object] = {}
    for verdict in verdicts:
        data.update(verdict.data)
    flags: list[str] = list(parsed.flags)
    for verdict in verdicts:
        flags.extend(f for f in verdict.flags if f not in flags)
    if unit is None:
        flags.append("unknown_sender")
    elif foreign_senders(parsed.from_addr, parsed.envelope_senders):
        flags.append("sender_mismatch")  # credited; the office sees who relayed it
    routing = ctx.verdicts.get("routing")
    fields: dict[str, object] = {
        "category": data.get("category"),
        "category_inferred": bool(data.get("inferred", False)),
        "length": data.get("length"),
        "length_ok": data.get("length_ok"),
        "timeliness": data.get("timeliness") or "unchecked",
        "due_at": data.get("due_at"),
        "request_id": data.get("request_id"),
        "route": routing.data.get("route") if routing else None,
        "route_terms": list(routing.data.get("terms", [])) if routing else [],
    }
    if data.get("held"):
        state = "held"
    elif unit is None:
        state = "unassigned"
    else:
        state = "routed"
    return Decision(
        ignore=None,
        unit=unit,
        title=title,
        authors=_authors(parsed, unit),
        verdicts=verdicts,
        flags=tuple(dict.fromkeys(flags)),
        state=state,
        fields=fields,
        originals=referenced_numbers(parsed.subject, f"{parsed.body_text}\n{parsed.article.body}"),
    )


def find_duplicate(
    session: Session, raw_sha: str, message_id: str | None, body_sha: str, exclude_id: int | None
) -> Message | None:
    """The earliest message filed with the same bytes, or the same Message-ID and body.

    Message-ID alone is never enough: some clients reuse them for different mail. Two
    indexed lookups rather than one OR: SQLite, without statistics, planned the OR through
    the disposition index and read every filed message for every new one.
    """

    def earliest(match: ColumnElement[bool]) -> Message | None:
        query = select(Message).where(
            match, Message.disposition.in_(("filed", "duplicate")), Message.item_id.is_not(None)
        )
        if exclude_id is not None:
            query = query.where(Message.id != exclude_id)
        return session.execute(query.order_by(Message.id).limit(1)).scalar_one_or_none()

    found = [earliest(Message.sha256 == raw_sha)]
    if message_id:
        found.append(earliest((Message.message_id == message_id) & (Message.body_sha256 == body_sha)))
    return min((m for m in found if m is not None), key=lambda m: m.id, default=None)


def next_number(session: Session, year: int) -> tuple[int, str]:
    seq = (session.execute(select(func.max(Item.seq)).where(Item.year == year)).scalar() or 0) + 1
    return seq, f"{year}-{seq:04d}"


def link_resend(session: Session, settings: Settings, item: Item) -> None:
    """Mark ``item`` as superseding the unit's earlier item when it is the same article.

    Candidates are screened by their stored signatures; only those that may be alike
    are loaded whole and compared.
    """
    from daemon.intake import resend  # numpy: loaded by the verbs that file, not by every verb

    item.resend_signature = resend.signature(item.article_text)
    if item.unit is None:
        return
    since = item.received_at - timedelta(days=RESEND_WINDOW_DAYS)
    candidates = session.execute(
        select(Item.id, Item.title, Item.resend_signature)
        .where(
            Item.unit == item.unit,
            Item.id != item.id,
            Item.superseded.is_(False),
            Item.received_at >= since,
        )
        .order_by(Item.received_at.desc())
        .limit(RESEND_CANDIDATES)
    )
    for candidate in candidates:
        if not resend.worth_comparing(
            item.title, item.resend_signature, candidate.title, candidate.resend_signature
        ):
            continue
        earlier = session.get_one(Item, candidate.id)
        if earlier.resend_signature is None:  # filed before signatures: keep it for next time
            earlier.resend_signature = resend.signature(earlier.article_text)
        reason = resend.resend_reason(item.title, item.article_text, earlier.title, earlier.article_text)
        if reason is None:
            continue
        supersede(session, item, earlier, f"同一单位重复报送，{reason}", settings.timezone)
        return


def link_original(
    session: Session, settings: Settings, item: Item, decision: Decision, parsed: ParsedMessage
) -> None:
    """Link a resubmission to the item it revises: by number, by reply, else by likeness."""
    found = find_original(session, item, decision.originals,
                          tuple(v for v in (parsed.in_reply_to, *parsed.references) if v))
    if found is None:
        link_resend(session, settings, item)
        return
    from daemon.intake import resend  # numpy: see link_resend

    item.resend_signature = resend.signature(item.article_text)
    supersede(session, item, found[0], found[1], settings.timezone)


def write(
    session: Session,
    settings: Settings,
    store: Store,
    record: Message,
    parsed: ParsedMessage,
    decision: Decision,
) -> None:
    """Complete the ledger row ``record`` (already added to the session) and file the item."""
    record.message_id = parsed.message_id
    record.attempts = record.attempts or 0
    record.next_attempt_at = None
    if decision.ignore is None and answers_our_mail(session, parsed):
        # decide() cannot see the outbox; an answer to our mail without an article is a loop
        loop = ignore_reason(parsed, settings, replies_to_ours=True)
        if loop is not None:
            decision = Decision(ignore=loop)
    if decision.ignore is not None:
        record.disposition, record.reason, record.item_id = "ignored", decision.ignore, None
        if decision.ignore == "bounce":
            record_bounce(session, store, record, parsed)
        return
    if looks_like_evidence(parsed):  # a screenshot proving an adoption, not a new item
        file_evidence(session, settings, store, record, parsed)
        return
    session.flush()
    earlier = find_duplicate(
        session, record.sha256 or "", parsed.message_id, record.body_sha256 or "", record.id
    )
    if earlier is not None:
        record.disposition, record.item_id = "duplicate", earlier.item_id
        record.reason = f"same_as_message:{earlier.id}"
        return
    received = local(record.received_at or utcnow(), settings.timezone)
    seq, number = next_number(session, received.year)
    now = utcnow()
    for part in parsed.attachments:
        store.put_attachment(part.data)
    # collections given whole: an untouched one would be lazy-loaded by the notices
    item = Item(
        number=number,
        year=received.year,
        seq=seq,
        message_row_id=record.id,
        unit=decision.unit.name if decision.unit else None,
        sender=parsed.from_addr,
        sender_name=parsed.from_name,
        authors=list(decision.authors),
        subject=parsed.subject,
        title=decision.title,
        received_at=record.received_at or now,
        state=decision.state,
        flags=list(decision.flags),
        article_source=parsed.article.source,
        article_text=parsed.article.body,
        article_notes=parsed.article.notes,
        body_text=parsed.body_text,
        body_charset=parsed.body_charset,
        created_at=now,
        attachments=[
            Attachment(
                filename=part.filename,
                content_type=part.content_type,
                sha256=part.sha256,
                size=len(part.data),
                status=part.status,
                note=part.note,
                text=part.text,
                screened=screened(part),
            )
            for part in parsed.attachments
        ],
        verdicts=[
            verdict_row(verdict, now) for verdict in decision.verdicts
        ],
        **decision.fields,
    )
    item.audit.append(
        AuditEntry(
            at=now,
            actor="govinfo",
            action="filed",
            note=_filed_note(parsed, decision),
            data={"state": decision.state, "route": decision.fields.get("route")},
        )
    )
    session.add(item)
    session.flush()
    link_original(session, settings, item, decision, parsed)
    record_answer(session, item)
    notify_filed(session, settings, store, item, parsed)
    record.disposition, record.item_id, record.reason = "filed", item.id, None


def answers_our_mail(session: Session, parsed: ParsedMessage) -> bool:
    """In-Reply-To or References names a mail of our outbox (its Message-ID is unique)."""
    ids = {i for i in (parsed.in_reply_to, *parsed.references) if i}
    if not ids:
        return False
    found = session.scalar(select(Outbound.id).where(Outbound.message_id.in_(ids)).limit(1))
    return found is not None


def _filed_note(parsed: ParsedMessage, decision: Decision) -> str:
    if not parsed.from_addr:
        return f"收到发件人不明的邮件并登记（From：{parsed.from_name or '空'}）"
    note = f"收到来自 {parsed.from_addr} 的邮件并登记"
    if "sender_mismatch" in decision.flags:
        relays = "、".join(foreign_senders(parsed.from_addr, parsed.envelope_senders))
        note += f"（Sender/Return-Path 为 {relays}，与发件人不在同一域名）"
    return note


def verdict_row(verdict: Verdict, now: datetime) -> VerdictRow:
    """A check's verdict as its row; a correction's recomputed verdict is stored the same way."""
    return VerdictRow(check=verdict.check, outcome=verdict.outcome, reasons=list(verdict.reasons),
                      flags=list(verdict.flags), data=_jsonable(verdict.data), created_at=now)


def _jsonable(value: object) -> object:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value
