"""The documents part of ``govinfo demo``: one of each document from the sample inbox.

The sample items have no adoptions, so a bulletin would be empty and every score zero.
This records a few adoptions, plainly labelled as demo data (``recorded_by``), before
writing: the first items by the bulletin, the next ones by the portal.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from daemon.config import Settings
from daemon.db import transaction
from daemon.documents.generate import write_report
from daemon.documents.wording import KIND_NAMES, KINDS
from daemon.models import Adoption, Item
from daemon.scoring import parse_period
from daemon.timeutil import local, utcnow, zone

DEMO_RECORDER = "演示数据（govinfo demo 自动录入）"
DEMO_ADOPTIONS = ("bulletin", "bulletin", "portal", "portal", "portal")


def record_demo_adoptions(session: Session, settings: Settings) -> list[Item]:
    """Adopt the first publishable items of known units (a resend once), each on the day
    it arrived."""
    items = session.scalars(
        select(Item)
        .where(Item.unit.is_not(None), Item.state != "held", Item.title != "",
               Item.superseded.is_(False))
        .order_by(Item.id).limit(len(DEMO_ADOPTIONS))
    ).all()
    for item, outlet in zip(items, DEMO_ADOPTIONS, strict=False):
        session.add(Adoption(item_id=item.id, outlet=outlet,
                             adopted_on=local(item.received_at, settings.timezone).date(),
                             recorded_by=DEMO_RECORDER, created_at=utcnow()))
    return list(items)


def write_demo_documents(settings: Settings, factory: sessionmaker[Session]) -> dict[str, list[Path]]:
    """Every kind of document for the month, quarter and year of the sample mail."""
    today = datetime.now(zone(settings.timezone)).date()
    with transaction(factory) as session:
        items = record_demo_adoptions(session, settings)
    if not items:
        return {}
    last = local(max(i.received_at for i in items), settings.timezone).date()
    month = parse_period(f"{last.year}-{last.month:02d}")
    periods = {"bulletin": month, "monthly": month, "shortfall": month,
               "quarterly": parse_period(f"{last.year}-Q{(last.month - 1) // 3 + 1}"),
               "annual": parse_period(str(last.year))}
    written = {}
    with transaction(factory) as session:
        for kind in KINDS:
            written[kind] = write_report(session, settings, kind, periods[kind], today)
    return written


def print_demo_documents(settings: Settings, factory: sessionmaker[Session]) -> None:
    written = write_demo_documents(settings, factory)
    print(f"\nWord 文档（简报采用、门户网站采用为演示数据，录入人“{DEMO_RECORDER}”）：")
    for kind, paths in written.items():
        if len(paths) > 1:
            print(f"  {KIND_NAMES[kind]}：{len(paths)} 份，如 {paths[0]}")
        elif paths:
            print(f"  {KIND_NAMES[kind]}：{paths[0]}")
    print(f"  全部文档：{settings.storage_dir / 'documents'}")
