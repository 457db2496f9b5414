"""Write the documents of a period and record them: the one entry point for the
``govinfo report`` verb, the scheduled jobs and the demo.

Each writer builds its documents; ``pagination.settle`` lays them out and puts the 版记 at
the foot of the last page; then each .docx is written atomically under the output folder,
with an .xlsx of its tables beside it (same name), and recorded in ``documents`` (kind,
period, unit); writing the same document again replaces the files and the row.

A period that has not begun is refused (``WrongPeriod``). A period still open (its figures
final only after the 3rd of the next month) gives a provisional document, headed
截至X月X日（阶段性统计）, whose file name says so.

Notices (quarterly, annual, shortfall) get a 发文字号 from ``document_numbers``: one per
edition (the final one, or a provisional one as of a day), never given to another.

The bulletin is numbered and final: a run takes either the items the office chose, in its
order (``items``), or the bulletin adoptions of the period not yet printed, makes them the
next issue of the year and records the issue on their adoptions. A second run of the same
period makes a new issue only when new adoptions have been recorded since; with none it
writes nothing. Its ``documents`` row is keyed by the issue (period ``2026年第3期``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from daemon.config import Settings
from daemon.documents.annual import build_annual
from daemon.documents.bulletin import BulletinEntry, build_bulletin
from daemon.documents.layout import OfficialDocument, write_atomically
from daemon.documents.monthly import build_monthly
from daemon.documents.pagination import settle
from daemon.documents.quarterly import build_quarterly
from daemon.documents.shortfall import build_shortfall, lagging
from daemon.documents.spreadsheet import workbook_bytes
from daemon.documents.wording import KIND_NAMES, day_text, period_text, provisional_suffix, unit_title
from daemon.models import Adoption, BulletinIssue, Document, DocumentNumber, Item
from daemon.models import Verdict as VerdictRow
from daemon.scoreboard import scoreboard
from daemon.scoring import Period
from daemon.scoring.period import period_state
from daemon.storage import sha256_hex
from daemon.timeutil import start_of_day, utcnow

# the period each kind is written for; bulletin and shortfall take any
PERIOD_KINDS = {"monthly": "month", "quarterly": "quarter", "annual": "year"}
PERIOD_EXAMPLES = {"month": "2026-03", "quarter": "2026-Q1", "year": "2026"}


class WrongPeriod(ValueError):
    """A document asked for a period of the wrong length, or one not begun; Chinese message."""


class WrongItems(ValueError):
    """Items chosen for the bulletin that cannot go in it; the message is Chinese."""


@dataclass
class Pending:
    """A document built and waiting for layout, then for its files and its row."""

    document: OfficialDocument
    path: Path
    kind: str
    period: str
    unit: str = ""


def documents_dir(settings: Settings) -> Path:
    return settings.storage_dir / "documents"


def spreadsheet_path(path: Path) -> Path:
    """The .xlsx of a document's tables, beside its .docx."""
    return path.with_suffix(".xlsx")


def save(session: Session, pending: Pending) -> Document:
    """Write the files and record them, replacing the row of the same kind, period and unit."""
    data = pending.document.to_bytes()
    write_atomically(pending.path, data)
    if pending.document.tables:
        write_atomically(spreadsheet_path(pending.path), workbook_bytes(pending.document.tables))
    row = session.scalar(
        select(Document).where(Document.kind == pending.kind, Document.period == pending.period,
                               Document.unit == pending.unit)
    )
    if row is None:
        row = Document(kind=pending.kind, period=pending.period, unit=pending.unit)
        session.add(row)
    row.path = str(pending.path)
    row.sha256 = sha256_hex(data)
    row.created_at = utcnow()
    session.flush()
    return row


def finish(session: Session, settings: Settings, pending: Sequence[Pending]) -> list[Document]:
    settle([p.document for p in pending], settings.parsing)
    return [save(session, p) for p in pending]


def document_number(session: Session, settings: Settings, *, kind: str, period: str, unit: str,
                    edition: str, issued: date) -> str:
    """The 发文字号 of this edition: the one it was given, else the year's next."""
    row = session.scalar(
        select(DocumentNumber).where(DocumentNumber.kind == kind, DocumentNumber.period == period,
                                     DocumentNumber.unit == unit, DocumentNumber.edition == edition)
    )
    if row is not None:
        return row.text
    seq = (session.scalar(select(func.max(DocumentNumber.seq))
                          .where(DocumentNumber.year == issued.year)) or 0) + 1
    text = f"{settings.documents.number_prefix}〔{issued.year}〕{seq}号"
    session.add(DocumentNumber(year=issued.year, seq=seq, text=text, kind=kind, period=period,
                               unit=unit, edition=edition, created_at=utcnow()))
    session.flush()
    return text


def check_period(settings: Settings, kind: str, period: Period, today: date) -> None:
    wanted = PERIOD_KINDS.get(kind)
    if wanted is not None and period.kind != wanted:
        raise WrongPeriod(
            f"{KIND_NAMES[kind]}的期间应写作 {PERIOD_EXAMPLES[wanted]} 这样的形式，收到“{period.label}”"
        )
    if period_state(period, today, settings.scoring.figures_final_after_day) == "future":
        raise WrongPeriod(f"{period_text(period)}尚未开始（今天是{day_text(today)}），"
                          f"不能生成{KIND_NAMES[kind]}")


def _edition(score: dict, today: date) -> str:
    return "final" if score["final"] else today.isoformat()


def _file_name(title: str, period: Period, score: dict, today: date) -> str:
    return f"{title}{period_text(period)}{'' if score['final'] else provisional_suffix(today)}.docx"


# The one-document reports: builder and file title by kind.
SCORE_DOCUMENTS = {
    "monthly": "政务信息报送采用情况统计",
    "quarterly": "政务信息报送工作情况通报",
    "annual": "政务信息报送考核结果通报",
}
PROVISIONAL_TITLES = {"annual": "政务信息报送工作进展情况通报"}


def add_quality(session: Session, settings: Settings, period: Period, score: dict) -> None:
    """Each unit's mean quality pre-review score (its items' ``quality`` verdicts) over the
    items it sent in ``period``, as ``quality`` (and ``quality_items``, how many) on the
    score's units: the monthly statistics' quality table.
    Superseded resends and items filed before the pre-review existed are left out."""
    start, end = (start_of_day(day, settings.timezone) for day in (period.start, period.end))
    rows = session.execute(
        select(Item.unit, VerdictRow.data).join(VerdictRow, VerdictRow.item_id == Item.id)
        .where(VerdictRow.check == "quality", Item.received_at >= start, Item.received_at < end,
               Item.superseded.is_(False), Item.unit.is_not(None))
    )
    found: dict[str, list[float]] = {}
    for unit, data in rows:
        if data.get("score") is not None:
            found.setdefault(unit, []).append(float(data["score"]))
    for unit in score["units"]:
        values = found.get(unit["unit"], [])
        unit["quality"] = sum(values) / len(values) if values else None
        unit["quality_items"] = len(values)


def write_score_document(session: Session, settings: Settings, kind: str, period: Period, today: date,
                         out: Path) -> list[Path]:
    score = scoreboard(session, settings, period, today)
    title = SCORE_DOCUMENTS[kind] if score["final"] else PROVISIONAL_TITLES.get(kind, SCORE_DOCUMENTS[kind])
    path = out / _file_name(title, period, score, today)
    if kind == "monthly":
        add_quality(session, settings, period, score)
        document = build_monthly(settings, period, score, today)
    else:
        number = document_number(session, settings, kind=kind, period=period.label, unit="",
                                 edition=_edition(score, today), issued=today)
        build = build_quarterly if kind == "quarterly" else build_annual
        document = build(settings, period, score, today, number)
    finish(session, settings, [Pending(document, path, kind, period.label)])
    return [path]


def write_shortfall(session: Session, settings: Settings, period: Period, today: date,
                    out: Path) -> list[Path]:
    """One notice per lagging unit; units that caught up keep no stale notice on record."""
    score = scoreboard(session, settings, period, today)
    pending = []
    behind = lagging(score)
    for unit in behind:
        name = f"督促报送通知{period_text(period)}-{unit_title(settings, unit['unit'])}"
        path = out / f"{name}{'' if score['final'] else provisional_suffix(today)}.docx"
        number = document_number(session, settings, kind="shortfall", period=period.label,
                                 unit=unit["unit"], edition=_edition(score, today), issued=today)
        document = build_shortfall(settings, period, unit, today, number, final=score["final"])
        pending.append(Pending(document, path, "shortfall", period.label, unit["unit"]))
    finish(session, settings, pending)
    stale = session.scalars(
        select(Document).where(Document.kind == "shortfall", Document.period == period.label,
                               Document.unit.not_in([u["unit"] for u in behind]))
    )
    for row in stale:
        session.delete(row)
    return [p.path for p in pending]


def unprinted(session: Session, period: Period) -> list[tuple[Adoption, Item]]:
    """The period's bulletin adoptions not yet in an issue, oldest first."""
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
    )
    return [(adoption, item) for adoption, item in rows]


def chosen_items(session: Session, numbers: Sequence[str]) -> list[tuple[Adoption, Item]]:
    """The office's choice for the next issue, in its order; WrongItems says what is wrong."""
    problems, chosen = [], []
    for number in dict.fromkeys(n.strip() for n in numbers if n.strip()):
        item = session.scalar(select(Item).where(Item.number == number))
        if item is None:
            problems.append(f"没有编号为 {number} 的信息")
            continue
        if item.state == "held":
            problems.append(f"{number} 含密级标识，已暂扣，不能编入简报")
            continue
        adoptions = session.scalars(select(Adoption).where(Adoption.item_id == item.id,
                                                           Adoption.outlet == "bulletin")).all()
        if not adoptions:
            problems.append(f"{number} 尚未登记简报采用"
                            f"（govinfo adopt {number} --outlet bulletin --date 日期）")
            continue
        printed = [a for a in adoptions if a.bulletin_issue_id is not None]
        if printed:
            issue = session.get(BulletinIssue, printed[0].bulletin_issue_id)
            assert issue is not None
            problems.append(f"{number} 已编入{issue.year}年第{issue.number}期")
            continue
        chosen.append((adoptions[0], item))
    if problems:
        raise WrongItems("；".join(problems))
    if not chosen:
        raise WrongItems("请用 --items 列出要编入本期简报的信息编号，如 2026-0012,2026-0015")
    return chosen


def write_bulletin(session: Session, settings: Settings, period: Period | None, today: date,
                   out: Path, items: Sequence[str] | None = None) -> list[Path]:
    """The next issue: the chosen items, else the period's unprinted bulletin adoptions; [] if none."""
    if items is not None:
        rows = chosen_items(session, items)
    else:
        assert period is not None
        rows = unprinted(session, period)
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
        # the item as it stands now: the office's corrections, never the mail's subject
        unit = unit_title(settings, item.unit) if item.unit else None
        entries.append(BulletinEntry(title=item.title, unit=unit, text=item.article_text))
    label = f"{today.year}年第{number}期"
    path = out / f"定西发展改革{label}.docx"
    document = build_bulletin(settings.documents.bulletin, number, today, entries)
    [row] = finish(session, settings, [Pending(document, path, "bulletin", label)])
    issue.document_id = row.id
    return [path]


def write_report(session: Session, settings: Settings, kind: str, period: Period | None, today: date,
                 out: Path | None = None, items: Sequence[str] | None = None) -> list[Path]:
    """Write ``kind`` for ``period`` (the caller commits); the paths written, maybe none.

    ``items`` (bulletin only) are the item numbers of the next issue, in order; then
    ``period`` may be None.
    """
    folder = out or documents_dir(settings)
    if items is not None and kind != "bulletin":
        raise WrongItems("只有简报（bulletin）可以用 --items 选择信息")
    if period is None:
        if items is None:
            raise WrongPeriod(f"{KIND_NAMES[kind]}需要用 --period 指定期间")
    else:
        check_period(settings, kind, period, today)
    if kind == "bulletin":
        return write_bulletin(session, settings, period, today, folder, items)
    assert period is not None
    if kind == "shortfall":
        return write_shortfall(session, settings, period, today, folder)
    return write_score_document(session, settings, kind, period, today, folder)
