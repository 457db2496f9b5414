"""Documents tests: a migrated database on the example roster, and items to score."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from daemon.config import Settings, load_settings
from daemon.db import make_engine, session_factory, upgrade
from daemon.models import Adoption, Item, Message
from daemon.timeutil import utcnow
from tests.servers import SmtpTrap
from tests.support.env import write_config

ARTICLE = (
    "今年以来，我区坚持把项目建设作为稳增长的关键抓手，紧盯年度目标任务，倒排工期、挂图作战，"
    "全力推动重点项目提速增效。截至目前，全区实施重点项目八十六个，完成投资四十二亿元。"
)


@dataclass
class DocEnv:
    config: Path
    settings: Settings
    factory: sessionmaker[Session]


MakeEnv = Callable[..., DocEnv]


@pytest.fixture
def doc_env(tmp_path: Path, database_url: str) -> MakeEnv:
    """``make(smtp=trap_or_None, **config overrides)`` -> a migrated database and config."""

    def make(smtp: SmtpTrap | None = None, **overrides: Any) -> DocEnv:
        if smtp is not None:
            overrides["smtp"] = {"host": smtp.host, "port": smtp.port, "tls": "none",
                                 "from": "定西市发展改革委办公室 <dxsfgw@126.com>", "timeout": 10}
        config = write_config(tmp_path, database_url, **overrides)
        settings = load_settings(config)
        engine = make_engine(settings.database_url)
        upgrade(engine)
        return DocEnv(config, settings, session_factory(engine))

    return make


def add_item(session: Session, unit: str, received_at: datetime, title: str = "重点项目建设有序推进",
             text: str = ARTICLE, authors: tuple[str, ...] = ()) -> Item:
    """A filed item of ``unit`` with the message row it was filed from."""
    seq = (session.scalar(select(func.max(Item.seq)).where(Item.year == received_at.year)) or 0) + 1
    message = Message(mailbox="test", uidvalidity=1, uid=received_at.year * 10000 + seq,
                      read_at=utcnow(), received_at=received_at, disposition="filed")
    session.add(message)
    session.flush()
    item = Item(number=f"{received_at.year}-{seq:04d}", year=received_at.year, seq=seq,
                message_row_id=message.id, unit=unit, sender="x@example.org", authors=list(authors),
                title=title, received_at=received_at, state="routed", article_text=text,
                created_at=utcnow())
    session.add(item)
    session.flush()
    message.item_id = item.id
    return item


def adopt(session: Session, item: Item, outlet: str, day: date) -> None:
    session.add(Adoption(item_id=item.id, outlet=outlet, adopted_on=day, recorded_by="测试",
                         created_at=utcnow()))
    session.flush()
