"""Read pending adoption evidence and write the adoption it proposes (never the adoption).

Intake files an evidence mail at once (daemon/intake/evidence.py) and leaves the reading to this
pass: OCR takes seconds a page, and the filing transaction must stay short. A pass takes
the pending, unread rows, reads each file outside any transaction (a PDF's own text layer
when it has one, else OCR under its caps), then locks the row and writes what was read
and proposed. A row the office decided meanwhile keeps the text and gets no proposal.
A file that cannot be read is marked ``failed`` with the reason; the office still has the
file and decides by hand. ``govinfo run`` runs a pass every ``ocr.poll_seconds``;
``govinfo evidence read`` runs one now.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from daemon.config import OcrSettings, ParsingSettings, Settings
from daemon.db import transaction
from daemon.intake.evidence_reading import propose
from daemon.logs import kv
from daemon.models import AuditEntry, Evidence, Item, Message
from daemon.parsing.ocr import OcrResult, recognise_capped
from daemon.storage import Store
from daemon.timeutil import local, utcnow

log = logging.getLogger(__name__)

Reader = Callable[[bytes, OcrSettings, ParsingSettings], OcrResult]
FAILURES = {
    "empty": "未识别出文字",
    "unreadable": "文件无法打开",
    "too_large": "图片过大",
    "timeout": "识别超时",
    "memory": "识别内存超限",
    "unavailable": "识别程序不可用",
}


def file_text(data: bytes, settings: OcrSettings, parsing: ParsingSettings,
              reader: Reader = recognise_capped) -> OcrResult:
    """The file's text, read in the capped child (a PDF's text layer, else OCR)."""
    return reader(data, settings, parsing)


@dataclass
class ReadSummary:
    read: int = 0
    states: dict[str, int] = field(default_factory=dict)


def unread_ids(session: Session, ids: list[int] | None = None) -> list[int]:
    query = select(Evidence.id).where(Evidence.state == "pending", Evidence.read_state.is_(None))
    if ids:
        query = select(Evidence.id).where(Evidence.id.in_(ids), Evidence.state == "pending")
    return list(session.scalars(query.order_by(Evidence.id)))


def _candidates(session: Session, row: Evidence, year: int) -> list[Item]:
    query = select(Item).where(Item.year >= year - 1, Item.state != "held", Item.superseded.is_(False))
    if row.unit is not None:
        query = query.where(Item.unit == row.unit)
    return list(session.scalars(query))


def _write(session: Session, settings: Settings, row: Evidence, result: OcrResult) -> str:
    """Record what was read on the locked ``row`` and the proposal; the new read_state."""
    row.read_text = result.text or None
    if row.state != "pending":
        row.read_state, row.read_note = "skipped", "办公室已处理，不再提出建议"
        return row.read_state
    if result.status != "ok":
        row.read_state = "failed"
        row.read_note = f"{FAILURES.get(result.status, result.status)}，请办公室查看原图"
        return row.read_state
    message = session.get(Message, row.message_row_id) if row.message_row_id else None
    arrived = message.received_at if message and message.received_at else row.created_at
    received_on = local(arrived, settings.timezone).date()
    candidates = _candidates(session, row, received_on.year)
    known = session.get(Item, row.item_id) if row.item_id else None
    received: dict[str, date] = {c.number: local(c.received_at, settings.timezone).date() for c in candidates}
    if known is not None:
        received[known.number] = local(known.received_at, settings.timezone).date()
    proposal = propose(result.text, candidates, received_on, settings.evidence, received, known)
    item = proposal.match.item
    row.read_note, row.confidence = proposal.note(), proposal.confidence
    row.proposed_on = proposal.day
    if proposal.outlet is not None and row.outlet is None:
        row.outlet = proposal.outlet.outlet  # the mail's own words about the outlet come first
    if item is None:
        row.read_state = "unmatched"
        return row.read_state
    assert isinstance(item, Item)
    row.item_id, row.read_state = item.id, "proposed"
    session.add(
        AuditEntry(
            item_id=item.id,
            at=utcnow(),
            actor="govinfo",
            action="evidence_read",
            note=f"识读采用证明 {row.id}：{proposal.note()}；置信度 {proposal.confidence:.2f}，待办公室确认",
            data={
                "evidence": row.id,
                "outlet": row.outlet,
                "on": row.proposed_on.isoformat() if row.proposed_on else None,
                "confidence": proposal.confidence,
            },
        )
    )
    return row.read_state


def read_evidence(
    factory: sessionmaker[Session],
    settings: Settings,
    store: Store,
    ids: list[int] | None = None,
    reader: Reader = recognise_capped,
    stop: threading.Event | None = None,
) -> ReadSummary:
    """One pass over the unread pending evidence (or over ``ids``, read again)."""
    summary = ReadSummary()
    with factory() as session:
        todo = [(i, session.get(Evidence, i)) for i in unread_ids(session, ids)]
        files = [(i, row.sha256) for i, row in todo if row is not None]
    for evidence_id, digest in files:
        if stop is not None and stop.is_set():
            break
        try:
            data = store.get("evidence", digest)
        except OSError as exc:
            result = OcrResult("unreadable", note=f"store: {exc.strerror}")
        else:
            result = file_text(data, settings.ocr, settings.parsing, reader)
        with transaction(factory) as session:
            row = session.get(Evidence, evidence_id, with_for_update=True)
            if row is None:
                continue
            state = _write(session, settings, row, result)
        summary.read += 1
        summary.states[state] = summary.states.get(state, 0) + 1
        log.info(
            kv(
                "evidence_read",
                evidence=evidence_id,
                state=state,
                ocr=result.status,
                note=result.note or None,
                confidence=row.confidence,
            )
        )
    return summary


def run_evidence_reader(settings: Settings, factory: sessionmaker[Session], stop: threading.Event) -> None:
    """The evidence-reading service of ``govinfo run``: a pass every ``ocr.poll_seconds``."""
    if not settings.ocr.enabled:
        return
    store = Store(settings.storage_dir)
    while not stop.is_set():
        try:
            read_evidence(factory, settings, store, stop=stop)
        except Exception as exc:  # the database away for a moment: the next pass retries
            log.warning(kv("evidence_read_failed", error=exc.__class__.__name__, detail=str(exc)[:200]))
        stop.wait(settings.ocr.poll_seconds)
