"""The server says no, whatever the page shows: roles, scope and CSRF over plain HTTP."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from sqlalchemy.orm import Session, sessionmaker

from daemon.config import Settings, load_settings
from daemon.db import make_engine, session_factory
from daemon.paths import PROJECT_ROOT
from daemon.web.app import create_app
from tests.web.support import (
    ANDING_EMAIL,
    LEADER_EMAIL,
    OFFICE_EMAIL,
    PASSWORD,
    PNG,
    Client,
    World,
)


def state(world: World, number: str) -> str:
    return world.office.item(number)["state"]


def test_logging_in_and_out(world: World, client: Client) -> None:
    assert client.get("/").location.endswith("/login")
    assert client.login(OFFICE_EMAIL, "wrong password").status == 401
    assert client.login("nobody@example.org", PASSWORD).status == 401
    reply = client.login(OFFICE_EMAIL)
    assert reply.status == 303
    page = client.get("/")
    assert page.status == 200 and "赵文博" in page.body
    assert page.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    assert client.post("/logout", {}).status == 303
    assert client.get("/").location.endswith("/login")


def test_a_section_head_sees_and_acts_on_his_own_section_only(world: World, client: Client) -> None:
    mine, theirs = world.anding, world.tongwei
    client.login(world.heads[mine])
    assert client.get(f"/items/{mine}").status == 200
    assert client.get(f"/items/{theirs}").status == 403
    assert theirs not in client.get("/items").body
    client.get(f"/items/{mine}")
    # another section's item: refused before any verb runs
    assert client.post(f"/items/{theirs}/act", {"action": "revise"}).status == 403
    # the office's verbs are not a head's, on his own item either
    for action, extra in (("route", {"section": "价格科"}), ("return", {"reason": "不要了"}),
                          ("adopt", {"outlet": "portal", "date": "2026-01-01"}), ("publish", {})):
        assert client.post(f"/items/{mine}/act", {"action": action, **extra}).status == 403, action
    for page in ("/outbox", "/held", "/evidence"):
        assert client.get(page).status == 403, page
    assert state(world, mine) == state(world, theirs) == "routed"

    # his own step goes through, under his name in the audit trail
    reply = client.post(f"/items/{mine}/act", {"action": "revise", "note": "压缩第二段"})
    assert reply.status == 303
    detail = world.office.item(mine)
    assert detail["state"] == "revised"
    step = detail["audit"][-1]
    name = re.search(r"<span>(\S+)（科室负责人", client.get("/").body)
    assert name and step["actor"] == name[1]
    assert step["action"] == "revise" and step["note"] == "压缩第二段" and step["data"]["role"] == "head"


def test_a_county_officer_reads_his_county_and_changes_nothing(world: World, client: Client) -> None:
    client.login(ANDING_EMAIL)
    listing = client.get("/items").body
    assert world.anding in listing and world.tongwei not in listing
    assert client.get(f"/items/{world.tongwei}").status == 403
    assert client.get(f"/items/{world.anding}").status == 200
    for action in ("revise", "return", "adopt", "mark_important"):
        fields = {"action": action, "reason": "x", "outlet": "portal", "date": "2026-01-01"}
        assert client.post(f"/items/{world.anding}/act", fields).status == 403, action
    board = client.get("/scores").body
    assert "安定区" in board and "通渭县" not in board
    assert client.get("/documents").status == 403
    assert state(world, world.anding) == "routed"


def test_leaders_take_their_own_step_only(world: World, client: Client) -> None:
    client.login(LEADER_EMAIL)
    client.get(f"/items/{world.anding}")
    assert client.post(f"/items/{world.anding}/act", {"action": "revise"}).status == 403
    assert client.post(f"/items/{world.anding}/act", {"action": "publish"}).status == 403
    # review is his, but the item is not revised yet: the verb's own message comes back
    assert client.post(f"/items/{world.anding}/act", {"action": "review"}).status == 303
    assert "不能审核" in client.flash(f"/items/{world.anding}")
    assert state(world, world.anding) == "routed"


def test_every_form_needs_the_session_token(world: World, client: Client) -> None:
    client.login(OFFICE_EMAIL)
    client.get(f"/items/{world.anding}")
    number = world.anding
    for token in ("", "forged-token"):
        reply = client.post(f"/items/{number}/act", {"action": "return", "reason": "伪造"}, csrf=token)
        assert reply.status == 403 and "CSRF" in reply.body
    assert state(world, number) == "routed"
    # every POST route of the console, not only the item's: no token, no action
    app = create_app(*_settings_and_factory(world), "test-secret")
    posts = [route.path for route in app.routes if "POST" in (getattr(route, "methods", None) or ())]
    assert {"/login", "/logout", "/items/{number:str}/act", "/requests", "/documents"} <= set(posts)
    for path in posts:
        concrete = path.replace("{number:str}", number).replace("{id:int}", "1")
        assert client.post(concrete, {"action": "return", "reason": "x"}, csrf="").status == 403, path
    # a login form from another site is refused too
    stranger = Client(client.base)
    assert stranger.post("/login", {"email": OFFICE_EMAIL, "password": PASSWORD}, csrf="").status == 403


def test_evidence_is_sniffed_and_served_as_an_attachment(world: World, client: Client) -> None:
    client.login(OFFICE_EMAIL)
    number = world.anding
    client.get(f"/items/{number}")
    fake = b"<html><script>alert(1)</script></html>"
    fields = {"action": "adopt", "outlet": "daily", "date": world.office.item(number)["received_at"][:10]}
    client.post(f"/items/{number}/act", fields, files={"evidence": ("截图.png", fake)})
    assert "只接受" in client.flash(f"/items/{number}")
    assert world.office.item(number)["adoptions"] == []

    client.post(f"/items/{number}/act", fields, files={"evidence": ("../../报纸版面.jpg", PNG)})
    detail = world.office.item(number)
    assert [a["outlet"] for a in detail["adoptions"]] == ["daily"]
    evidence = detail["adoptions"][0]["evidence"]
    assert detail["evidence"][0]["filename"] == "报纸版面.png"  # the true type, no path
    reply = client.get(f"/evidence/{evidence}")
    assert reply.status == 200 and reply.headers["Content-Type"] == "image/png"
    assert reply.headers["Content-Disposition"].startswith("attachment;")
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    # the county reads its own item's proof; the section of another item may not
    county = Client(client.base)
    county.login(ANDING_EMAIL)
    assert county.get(f"/evidence/{evidence}").status == 200
    stranger = Client(client.base)
    stranger.login(world.heads[world.tongwei])
    assert stranger.get(f"/evidence/{evidence}").status == 403


def test_set_password_reads_stdin_and_knows_the_roster(world: World) -> None:
    def set_password(email: str, password: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "daemon.cli", "--config", str(world.config), "user",
                               "set-password", email], input=password + "\n", capture_output=True,
                              text=True, cwd=PROJECT_ROOT, timeout=60)

    done = set_password("ZXK.KZ@example.org", "a-long-password")
    assert done.returncode == 0 and "马秀英（科室负责人，地区振兴科）" in done.stdout
    officer = set_password("zxk.xxy@example.org", "a-long-password")  # everyone in the roster has one
    assert officer.returncode == 0 and "（科室信息员，地区振兴科）" in officer.stdout
    refused = set_password("stranger@example.net", "a-long-password")
    assert refused.returncode == 1 and "不在名册中" in refused.stderr
    assert set_password("zxk.kz@example.org", "short").returncode == 1
    users = json.loads(world.office.ok("user", "list", "--json"))
    assert {"name": "马秀英", "role": "section_head", "unit": "地区振兴科"}.items() <= \
        next(u for u in users if u["email"] == "zxk.kz@example.org").items()


def _settings_and_factory(world: World) -> tuple[Settings, sessionmaker[Session]]:
    settings = load_settings(world.config)
    return settings, session_factory(make_engine(settings.database_url))


def test_the_office_sees_the_message_ledger_and_the_roster_check(world: World, client: Client) -> None:
    client.login(world.heads[world.anding])
    assert client.get("/messages").status == 403
    client.login(OFFICE_EMAIL)
    page = client.get("/messages")
    assert page.status == 200
    assert world.anding in page.body and world.tongwei in page.body
    assert "名册完整" in page.body
    # a retry runs `govinfo messages retry`, whose refusal for a filed message is shown
    first = re.search(r"<tr><td>(\d+)</td><td>office</td>", page.body)
    assert first is not None
    client.post(f"/messages/{first[1]}/retry", {})
    assert "无需重试" in client.get("/messages").body
    # `outbox send` from the outbox page: the test's SMTP port refuses, so the pass says so
    client.post("/outbox/send", {})
    assert "部分邮件未能发出" in client.get("/outbox").body
