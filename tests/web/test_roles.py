"""An account for everyone in the roster (issue 16 §6), over plain HTTP to the real console:
a section's info officer and a county's supervising leader read their own items and act on
none; the info center records portal adoptions and nothing else; a county officer reads the
mail the office sent him."""

from __future__ import annotations

from daemon.accounts import set_password
from daemon.config import load_settings
from daemon.db import make_engine, session_factory, transaction
from tests.web.support import ANDING_EMAIL, PASSWORD, Client, World

COUNTY_LEADER = "anding.fgld@example.org"  # 马国栋, 安定区's own supervising leader
INFO_CENTER = "xxzx.xxy@example.org"  # 魏国庆, 经济信息中心's info officer


def give_accounts(world: World, *emails: str) -> None:
    settings = load_settings(world.config)
    engine = make_engine(settings.database_url)
    with transaction(session_factory(engine)) as session:
        for email in emails:
            set_password(session, settings, email, PASSWORD)
    engine.dispose()


def section_officer(world: World, number: str) -> str:
    settings = load_settings(world.config)
    section = settings.unit(world.office.item(number)["route"])
    assert section is not None
    return next(p.email for p in section.people_with("info_officer") if p.email)


def test_readers_see_their_own_items_and_act_on_none(world: World, base: str) -> None:
    officer = section_officer(world, world.anding)
    give_accounts(world, officer, COUNTY_LEADER)
    for email in (officer, COUNTY_LEADER):
        client = Client(base)
        assert client.login(email).status == 303
        page = client.get(f"/items/{world.anding}")
        assert page.status == 200 and "本账号只读" in page.body
        assert client.get(f"/items/{world.tongwei}").status == 403
        assert world.tongwei not in client.get("/items").body
        route = {"action": "route", "section": "价格科"}
        assert client.post(f"/items/{world.anding}/act", route).status == 403
        assert client.get("/outbox").status == 403


def test_the_info_center_records_portal_adoptions_only(world: World, base: str) -> None:
    give_accounts(world, INFO_CENTER)
    client = Client(base)
    assert client.login(INFO_CENTER).status == 303
    page = client.get(f"/items/{world.tongwei}").body
    assert 'value="portal"' in page and 'value="bulletin"' not in page
    today = world.office.item(world.tongwei)["received_at"][:10]
    assert client.post(f"/items/{world.tongwei}/act", {"action": "adopt", "outlet": "bulletin",
                                                       "date": today}).status == 403
    done = client.post(f"/items/{world.tongwei}/act", {"action": "adopt", "outlet": "portal", "date": today})
    assert done.status == 303 and "已登记" in client.flash(f"/items/{world.tongwei}")
    assert [(a["outlet"], a["recorded_by"]) for a in world.office.item(world.tongwei)["adoptions"]] == \
        [("portal", "魏国庆")]
    assert client.post(f"/items/{world.tongwei}/act", {"action": "publish"}).status == 403


def test_a_county_officer_reads_the_mail_sent_to_him(world: World, client: Client) -> None:
    assert client.login(ANDING_EMAIL).status == 303
    page = client.get("/mail")
    assert page.status == 200
    assert "收稿回执" in page.body and world.anding in page.body
    assert world.tongwei not in page.body  # 通渭县's acknowledgement went to 通渭县


def test_the_console_asks_before_a_backdated_request(world: World, client: Client) -> None:
    from tests.web.support import OFFICE_EMAIL

    assert client.login(OFFICE_EMAIL).status == 303
    client.get("/requests")
    form = {"kind": "feedback", "topic": "补登记的批示反馈", "units": "安定区", "issued": "2026-01-05"}
    asked = client.post("/requests", form)
    assert asked.status == 200 and "早于今天" in asked.body and 'name="backdated" value="1"' in asked.body
    assert "补登记的批示反馈" not in client.get("/requests").body  # nothing registered yet
    done = client.post("/requests", {**form, "backdated": "1"})
    assert done.status == 303 and "已登记" in client.flash("/requests")
    assert "补登记的批示反馈" in client.get("/requests").body


def test_the_office_corrects_and_revokes_in_the_console(world: World, client: Client) -> None:
    from tests.web.support import OFFICE_EMAIL

    number = world.anding
    before = world.office.item(number)
    assert client.login(OFFICE_EMAIL).status == 303
    client.get(f"/items/{number}")
    client.post(f"/items/{number}/act", {"action": "edit", "title": "安定区企业开办提速见效",
                                         "authors": "张明", "category": before["category"], "unit": "",
                                         "body": before["text"]})
    assert "已更正标题" in client.flash(f"/items/{number}")
    page = client.get(f"/items/{number}").body
    assert "办公室已更正" in page and before["title"] in page and "安定区企业开办提速见效" in page

    client.post(f"/items/{number}/act", {"action": "return", "reason": "内容重复"})
    assert world.office.item(number)["state"] == "returned"
    page = client.get(f"/items/{number}").body
    assert f'id="revoke-return-{number}"' in page
    client.post(f"/items/{number}/act", {"action": "revoke", "kind": "return", "ref": number,
                                         "reason": "误退"})
    assert "退稿已撤销" in client.flash(f"/items/{number}")
    assert world.office.item(number)["state"] == "routed"
