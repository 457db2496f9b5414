"""Write the documents of a period and record them: the one entry point for the
``govinfo report`` verb, the scheduled jobs and the demo.

Each writer builds the document, writes the .docx atomically under the output folder and
records it in ``documents`` (kind, period, unit); writing the same document again
replaces the file and the row.

The bulletin is the exception, because an issue (期) is numbered and final: a run takes
the bulletin adoptions of the period not yet printed in any issue, makes them the next
issue of the year and records the issue on them. A second run of the same period makes a
new issue only when new adoptions have been recorded since; with none it writes nothing.
Its ``documents`` row is keyed by the issue (period ``2026年第3期``), not by the period
the adoptions were picked from.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from daemon.config import Settings
from daemon.documents.annual import build_annual
from daemon.documents.bulletin import BulletinEntry, build_bulletin
from daemon.documents.layout import OfficialDocument, write_atomically
from daemon.documents.monthly import build_monthly
from daemon.documents.quarterly import build_quarterly
from daemon.documents.shortfall import build_shortfall, lagging
from daemon.documents.wording import KIND_NAMES, period_text, unit_title
from daemon.models import Adoption, BulletinIssue, Document, Item
from daemon.scoreboard import scoreboard
from daemon.scoring import Period
from daemon.storage import sha256_hex
from daemon.timeutil import utcnow

# the period each kind is written for; bulletin and shortfall take any
PERIOD_KINDS = {"monthly": "month", "quarterly": "quarter", "annual": "year"}
PERIOD_EXAMPLES = {"month": "2026-03", "quarter": "2026-Q1", "year": "2026"}


class WrongPeriod(ValueError):
    """A document asked for a period of the wrong length; the message is Chinese."""


def documents_dir(settings: Settings) -> Path:
    return settings.storage_dir / "documents"


def save(session: Session, document: OfficialDocument, path: Path, *, kind: str, period: str,
         unit: str = "") -> Document:
    """Write the file and record it, replacing the row of the same kind, period and unit."""
    data = document.to_bytes()
    write_atomically(path, data)
    row = session.scalar(
        select(Document).where(Document.kind == kind, Document.period == period,
                               Document.unit == unit)
    )
    if row is None:
        row = Document(kind=kind, period=period, unit=unit)
        session.add(row)
    row.path = str(path)
    row.sha256 = sha256_hex(data)
    row.created_at = utcnow()
    session.flush()
    return row


def check_period(kind: str, period: Period) -> None:
    wanted = PERIOD_KINDS.get(kind)
    if wanted is not None and period.kind != wanted:
        raise WrongPeriod(
            f"{KIND_NAMES[kind]}的期间应写作 {PERIOD_EXAMPLES[wanted]} 这样的形式，收到“{period.label}”"
        )


# The one-document reports: builder and file title by kind.
SCORE_DOCUMENTS = {
    "monthly": (build_monthly, "政务信息报送采用情况统计"),
    "quarterly": (build_quarterly, "政务信息报送工作情况通报"),
    "annual": (build_annual, "政务信息报送考核结果通报"),
}


def score_document_writer(kind: str) -> Callable[[Session, Settings, Period, date, Path], list[Path]]:
    build, title = SCORE_DOCUMENTS[kind]

    def write(session: Session, settings: Settings, period: Period, today: date,
              out: Path) -> list[Path]:
        score = scoreboard(session, settings, period, today)
        path = out / f"{title}{period_text(period)}.docx"
        save(session, build(settings, period, score, today), path, kind=kind, period=period.label)
        return [path]

    return write


def write_shortfall(session: Session, settings: Settings, period: Period, today: date,
                    out: Path) -> list[Path]:
    """One notice per lagging unit; units that caught up keep no stale notice on record."""
    score = scoreboard(session, settings, period, today)
    paths = []
    behind = lagging(score)
    for unit in behind:
        path = out / f"督促报送通知{period_text(period)}-{unit_title(settings, unit['unit'])}.docx"
        save(session, build_shortfall(settings, period, unit, today), path, kind="shortfall",
             period=period.label, unit=unit["unit"])
        paths.append(path)
    stale = session.scalars(
        select(Document).where(Document.kind == "shortfall", Document.period == period.label,
                               Document.unit.not_in([u["unit"] for u in behind]))
    )
    for row in stale:
        session.delete(row)
    return paths


def write_bulletin(session: Session, settings: Settings, period: Period, today: date,
                   out: Path) -> list[Path]:
    """The next issue from the period's bulletin adoptions not yet printed; [] if none."""
    rows = session.execute(
        select(Adoption, Item)
        .join(Item, Adoption.item_id == Item.id)
        .where(
            Adoption.outlet == "bulletin",
            Adoption.bulletin_issue_id.is_(None),
            Adoption.revoked_at.is_(None),
            Adoption.adopted_on >= period.start,
            Adoption.adopted_on < period.end,
            Item.state != "held",  # classified items are never published
        )
        .order_by(Adoption.adopted_on, Adoption.id)
    ).all()
    if not rows:
        return []
    number = (session.scalar(
        select(func.max(BulletinIssue.number)).where(BulletinIssue.year == today.year)
    ) or 0) + 1
    issue = BulletinIssue(year=today.year, number=number, issued_on=today, created_at=utcnow())
    session.add(issue)
    session.flush()
    entries = []
    for adoption, item in rows:
        adoption.bulletin_issue_id = issue.id
        unit = unit_title(settings, item.unit) if item.unit else item.sender_name
        entries.append(BulletinEntry(title=item.title, unit=unit, text=item.article_text))
    label = f"{today.year}年第{number}期"
    path = out / f"定西发展改革{label}.docx"
    row = save(session, build_bulletin(number, today, entries), path, kind="bulletin",
               period=label)
    issue.document_id = row.id
    return [path]


WRITERS: dict[str, Callable[[Session, Settings, Period, date, Path], list[Path]]] = {
    "bulletin": write_bulletin,
    **{kind: score_document_writer(kind) for kind in SCORE_DOCUMENTS},
    "shortfall": write_shortfall,
}


def write_report(session: Session, settings: Settings, kind: str, period: Period, today: date,
                 out: Path | None = None) -> list[Path]:
    """Write ``kind`` for ``period`` (the caller commits); the paths written, maybe none."""
    check_period(kind, period)
    return WRITERS[kind](session, settings, period, today, out or documents_dir(settings))
