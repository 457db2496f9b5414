"""The console's evidence page: the reader's proposal shown, and taken in one click."""

from __future__ import annotations

import html
from datetime import date

from sqlalchemy import select

from daemon.config import load_settings
from daemon.db import make_engine, session_factory, transaction
from daemon.models import Evidence, Item
from daemon.storage import Store
from daemon.timeutil import utcnow
from tests.web.support import OFFICE_EMAIL, PNG, Client, World


def _proposed(world: World, day: date) -> int:
    settings = load_settings(world.config)
    engine = make_engine(settings.database_url)
    try:
        with transaction(session_factory(engine)) as session:
            item = session.scalars(select(Item).where(Item.number == world.anding)).one()
            row = Evidence(
                item_id=item.id,
                outlet="daily",
                filename="IMG_1.jpg",
                content_type="image/png",
                sha256=Store(settings.storage_dir).put("evidence", PNG),
                size=len(PNG),
                state="pending",
                match_reason="",
                unit=item.unit,
                created_at=utcnow(),
                read_state="proposed",
                proposed_on=day,
                confidence=0.87,
                read_note="截图文字与标题相符 0.87；渠道：报头“定西日报”；日期：" + day.isoformat(),
            )
            session.add(row)
            session.flush()
            return row.id
    finally:
        engine.dispose()


def test_the_proposal_is_shown_and_one_click_confirms_it(world: World, client: Client) -> None:
    day = date.fromisoformat(world.office.item(world.anding)["received_at"][:10])
    evidence_id = _proposed(world, day)
    client.login(OFFICE_EMAIL)
    page = html.unescape(client.get("/evidence").body)
    assert f"{world.anding} 被《定西日报》采用，{day.year}年{day.month}月{day.day}日" in page
    assert "置信度 0.87" in page and "按建议确认" in page
    assert world.office.item(world.anding)["adoptions"] == []  # shown, not taken

    client.post(f"/evidence/{evidence_id}/decide", {"decision": "confirm", "date": day.isoformat()})
    [adoption] = world.office.item(world.anding)["adoptions"]
    assert (adoption["outlet"], adoption["adopted_on"], adoption["evidence"]) == (
        "daily",
        day.isoformat(),
        evidence_id,
    )
    assert "按建议确认" not in html.unescape(client.get("/evidence").body)
