"""The mails that filing, routing and requests cause, each built from the rows it is about.

One function per occasion; each calls :func:`enqueue` with a dedupe key derived from
what it is about, so running it twice (a retried transaction, a re-run job) sends once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from email.utils import formataddr
from typing import Any

from sqlalchemy.orm import Session

from daemon.config import Settings, UnitSettings
from daemon.labels import CATEGORY, FLAG, label
from daemon.models import Attachment as AttachmentRow
from daemon.models import Item, Outbound, Request
from daemon.models import Verdict as VerdictRow
from daemon.outbox.enqueue import configured, enqueue
from daemon.parsing.addresses import Mailbox
from daemon.parsing.model import ParsedMessage
from daemon.people_dates import day_text, deadline_text, time_text
from daemon.storage import Store

SUMMARY_CHARS = 200
# attachment statuses that leave the office without a readable article
_ATTACHMENT_PROBLEMS = {
    "unreadable": "无法打开",
    "encrypted": FLAG["encrypted"],
    "no_text_layer": FLAG["no_text_layer"],
    "too_large": "超过大小上限",
}
_REQUEST_KIND = {"solicitation": "约稿", "feedback": "批示反馈"}


def _when(value: datetime | None, settings: Settings) -> str:
    return time_text(value, settings.timezone)


def _verdict(item: Item, check: str) -> VerdictRow | None:
    """The item's latest verdict of ``check``: a correction of the body or category adds a
    recomputed one, and a notice states the item as it is now."""
    return next((v for v in reversed(item.verdicts) if v.check == check), None)


def _reason(item: Item, check: str) -> str:
    verdict = _verdict(item, check)
    return "；".join(verdict.reasons) if verdict is not None and verdict.reasons else "—"


def _problems(item: Item) -> tuple[list[str], bool]:
    """What the sender should fix, in Chinese; and whether fixing means sending again."""
    problems: list[str] = []
    resend = False
    length = _verdict(item, "length")
    if length is not None and length.outcome in ("over_length", "under_length"):
        problems.append(_reason(item, "length"))
        resend = True
    elements = _verdict(item, "elements")
    if elements is not None and elements.outcome == "missing":
        problems.append(_reason(item, "elements") + "，请补齐")
        resend = True
    for attachment in item.attachments:
        problem = _ATTACHMENT_PROBLEMS.get(attachment.status)
        if problem is not None:
            problems.append(f"附件“{attachment.filename}”{problem}，请另存为 .docx 后重新发送")
            resend = True
    timeliness = _verdict(item, "timeliness")
    if timeliness is not None and timeliness.outcome == "late":
        problems.append(_reason(item, "timeliness"))
    return problems, resend


def sendable(item: Item) -> list[AttachmentRow]:
    """The item's files that may leave the office by e-mail: those read and screened whole.

    Route notices and forwards both attach these and nothing else: a file the marking
    screen could not read (encrypted, a scan, damaged, too large, a picture) stays in the
    office, to be opened on the console.
    """
    return [a for a in item.attachments if a.screened and a.status == "ok"]


def attachment_parts(store: Store, item: Item) -> list[tuple[str, str, bytes]]:
    """(filename, content type, bytes) of the sendable files, for enqueue()."""
    return [(a.filename, a.content_type, store.attachment(a.sha256)) for a in sendable(item)]


def withheld(item: Item) -> list[str]:
    """Names of the files not sent on, for the notice to say they exist."""
    sent = {a.id for a in sendable(item)}
    return [a.filename for a in item.attachments if a.id not in sent]


def _common(settings: Settings, item: Item) -> dict[str, Any]:
    return {
        "number": item.number,
        "received_at": _when(item.received_at, settings),
        "office": settings.office_name(),
    }


def _advice(item: Item) -> list[str]:
    """The quality pre-review's suggestions (the ``quality`` verdict): fixed sentences
    (intake/quality.py ``ADVICE``) that quote nothing of the mail, for roster senders only;
    a held item's neutral ack and an unknown sender's carry none."""
    verdict = _verdict(item, "quality")
    if item.state == "held" or item.unit is None or verdict is None:
        return []
    return [str(line) for line in verdict.data.get("advice", [])]


def _screen(item: Item) -> tuple[list[str], list[str]]:
    """The markings found, and the files that could not be screened ("附件“x”已加密").

    File names are given only when no marking was found: the names were screened too, so
    then they are clean; with a marking, the mail names nothing of the item.
    """
    verdict = _verdict(item, "classified")
    data = verdict.data if verdict is not None else {}
    found = list(data.get("markings", []))
    unscreened = [] if found else [
        f"附件“{u['filename']}”{u['problem']}" for u in data.get("unscreened", [])
    ]
    return found, unscreened


def ack_context(settings: Settings, item: Item) -> dict[str, Any]:
    problems, resend = _problems(item)
    _, unscreened = _screen(item)
    return {
        **_common(settings, item),
        # the roster's name for the person; the mail's own display name only otherwise
        "greeting": next((m.name for m in _sender(settings, item) if m.name), None)
        or item.sender_name or item.sender,
        "held": item.state == "held",
        # held because a file could not be read (and no marking was seen): say which
        "unscreened": unscreened if item.state == "held" else [],
        "unknown_sender": item.unit is None,
        "title": item.title,
        "category": label(CATEGORY, item.category),
        "category_inferred": item.category_inferred,
        "length_reason": _reason(item, "length"),
        "timeliness_reason": _reason(item, "timeliness"),
        "route": item.route or "—",
        "problems": problems,
        "needs_resend": resend,
        "advice": _advice(item),
    }


def _summary(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS] + "……"


def route_context(settings: Settings, item: Item, greeting: str) -> dict[str, Any]:
    routing = _verdict(item, "routing")
    return {
        **_common(settings, item),
        "greeting": greeting,
        "title": item.title,
        "unit": item.unit or "未知单位",
        "sender": formataddr((item.sender_name, item.sender)) if item.sender_name else item.sender,
        "category": label(CATEGORY, item.category),
        "length_reason": _reason(item, "length"),
        "timeliness_reason": _reason(item, "timeliness"),
        "route": item.route,
        "route_reasons": list(routing.reasons) if routing is not None else [],
        "summary": _summary(item.article_text or item.body_text),
        "attachments": [a.filename for a in sendable(item)],
        "withheld": withheld(item),
        # an article typed into the mail body has no file to re-attach: quote it whole
        "full_text": item.article_text if item.article_source == "body" else "",
    }


def held_context(settings: Settings, item: Item) -> dict[str, Any]:
    found, unscreened = _screen(item)
    return {
        **_common(settings, item),
        "sender": item.sender,
        "unit": item.unit or "未知单位",
        # the marking strings only: the verdict's reasons name attachment files, which
        # may themselves be classified
        "markings": found,
        "unscreened": unscreened,
    }


def _officers(unit: UnitSettings | None) -> list[Mailbox]:
    if unit is None:
        return []
    return [Mailbox.of(p.name, p.email) for p in unit.people_with("info_officer") if p.email]


def _sender(settings: Settings, item: Item) -> list[Mailbox]:
    """The item's sender: the one address intake parsed from its From header, named as
    the roster names that person (never with the display name the mail itself gave)."""
    if not item.sender:
        return []
    unit = settings.unit(item.unit) if item.unit else None
    person = next((p for p in unit.people if p.email == item.sender), None) if unit else None
    return [Mailbox.of(person.name if person else "", item.sender)]


def wants_ack(settings: Settings, item: Item) -> bool:
    """Roster senders always; others only when [outbox] ack_unknown_senders is on, and
    never a sender whose From was ambiguous (there is no one address to answer)."""
    if not item.sender or "sender_ambiguous" in item.flags:
        return False
    return item.unit is not None or settings.outbox.ack_unknown_senders


def notify_filed(
    session: Session, settings: Settings, store: Store, item: Item, parsed: ParsedMessage
) -> None:
    """What filing one item sends: an ack to its sender; a route notice, or a held alert.

    The item must be flushed (it needs its id). The ack has exactly one recipient, the
    parsed From address (see wants_ack); only routed items reach a section.
    """
    if wants_ack(settings, item):
        enqueue(
            session, settings, store,
            kind="ack",
            dedupe_key=f"ack:item:{item.id}",
            to=_sender(settings, item),
            template="ack",
            context=ack_context(settings, item),
            item_id=item.id,
            in_reply_to=parsed.message_id,
            auto_submitted="auto-replied",
        )
    if item.state == "held":
        enqueue(
            session, settings, store,
            kind="held_alert",
            dedupe_key=f"held_alert:item:{item.id}",
            to=configured(settings.alert_recipients()),
            template="held_alert",
            context=held_context(settings, item),
            item_id=item.id,
        )
    elif item.state == "routed":
        notify_routed(session, settings, store, item)


def notify_routed(session: Session, settings: Settings, store: Store, item: Item) -> Outbound | None:
    """A route notice to the info officer(s) of the item's section, with the original files.

    Keyed by item and section: re-routing to another section notifies that section.
    Held items are never sent: the caller's state check is repeated here on purpose.
    """
    if item.state == "held" or item.route is None:
        return None
    attachments = attachment_parts(store, item)
    section = settings.unit(item.route)
    officers = section.people_with("info_officer") if section is not None else []
    return enqueue(
        session, settings, store,
        kind="route_notice",
        dedupe_key=f"route_notice:item:{item.id}:{item.route}",
        to=_officers(section),
        template="route_notice",
        context=route_context(settings, item, "、".join(p.name for p in officers) or item.route),
        item_id=item.id,
        attachments=attachments,
    )


def request_context(settings: Settings, request: Request, unit: str) -> dict[str, Any]:
    return {
        "tag": request.tag,
        "kind": request.kind,
        "kind_name": _REQUEST_KIND.get(request.kind, request.kind),
        "topic": request.topic,
        "unit": unit,
        "issued_on": day_text(request.issued_on),
        "due_at": deadline_text(request.due_at, settings.timezone, year=True),
        "office": settings.office_name(),
    }


def notify_request(session: Session, settings: Settings, store: Store, request: Request) -> list[Outbound]:
    """The request mail to each assigned unit's info officers (one mail per unit).

    The rows carry ``request_id``: their Message-IDs are what a reply's In-Reply-To is
    matched against (OpenRequest.message_ids).
    """
    rows = []
    for answer in request.units:
        row = enqueue(
            session, settings, store,
            kind="request",
            dedupe_key=f"request:{request.id}:{answer.unit}",
            to=_officers(settings.unit(answer.unit)),
            template="request",
            context=request_context(settings, request, answer.unit),
            request_id=request.id,
        )
        if row is not None:
            rows.append(row)
    return rows


def notify_missed(
    session: Session, settings: Settings, store: Store, request: Request, units: Sequence[str]
) -> Outbound | None:
    """One alert to the office naming the units that missed ``request``'s deadline."""
    return enqueue(
        session, settings, store,
        kind="missed_alert",
        dedupe_key=f"missed_alert:{request.id}:{','.join(sorted(units))}",
        to=configured(settings.alert_recipients()),
        template="missed_alert",
        context={
            "tag": request.tag,
            "topic": request.topic,
            "kind_name": _REQUEST_KIND.get(request.kind, request.kind),
            "due_at": deadline_text(request.due_at, settings.timezone, year=True),
            "units": list(units),
        },
        request_id=request.id,
    )


def _sender_and_officers(settings: Settings, item: Item) -> list[Mailbox]:
    return _sender(settings, item) + _officers(settings.unit(item.unit) if item.unit else None)


def _to_the_unit(session: Session, settings: Settings, store: Store, item: Item, *, kind: str,
                 dedupe_key: str, held: bool, reason: str, points: int) -> Outbound | None:
    """A notice about the item to its sender and the unit's info officers, in reply to the
    item's mail; a held item's title is left out (the template's ``held``)."""
    return enqueue(
        session, settings, store,
        kind=kind,
        dedupe_key=dedupe_key,
        to=_sender_and_officers(settings, item),
        template=kind,
        context={**_common(settings, item), "held": held, "title": item.title, "unit": item.unit,
                 "reason": reason, "points": -points},
        item_id=item.id,
        in_reply_to=item.message.message_id,
    )


def notify_returned(
    session: Session, settings: Settings, store: Store, item: Item, reason: str, points: int,
    deduction_id: int,
) -> Outbound | None:
    """Tell the sender and the unit's info officers that the item was returned (退稿).

    Keyed by the return's deduction: a return revoked and made again is mailed again."""
    return _to_the_unit(session, settings, store, item, kind="return_notice",
                        dedupe_key=f"return_notice:item:{item.id}:{deduction_id}",
                        held=item.state == "held" or "classified" in item.flags, reason=reason, points=points)


def notify_return_revoked(
    session: Session, settings: Settings, store: Store, item: Item, reason: str, points: int,
    deduction_id: int,
) -> Outbound | None:
    """The return's recipients learn that it was revoked and its points given back."""
    return _to_the_unit(session, settings, store, item, kind="revoke_notice",
                        dedupe_key=f"revoke_notice:return:{deduction_id}",
                        held="classified" in item.flags, reason=reason, points=points)


def notify_calendar_missing(
    session: Session, settings: Settings, store: Store, first_day: date
) -> Outbound | None:
    """One mail to the office per year the working-day calendar cannot describe."""
    return enqueue(
        session, settings, store,
        kind="calendar_alert",
        dedupe_key=f"calendar_missing:{first_day.year}",
        to=configured(settings.alert_recipients()),
        template="calendar_missing",
        context={"year": first_day.year, "first_day": first_day},
    )
