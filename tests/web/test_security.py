"""The console's door (issue 13 §7), through the real app on uvicorn at 127.0.0.1: throttled
logins with lockout and a log line naming account and client, cookies that die with logout
and with a password change, and the Secure flag off the loopback."""

from __future__ import annotations

import http.cookiejar
import logging
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from daemon.config import load_settings
from daemon.db import make_engine, session_factory
from daemon.web.app import create_app
from tests.web.support import OFFICE_EMAIL, PASSWORD, Client, World, console_in_process


def with_web(config: Path, **web: Any) -> None:
    data = tomllib.loads(config.read_text(encoding="utf-8"))
    data["web"] = {**data.get("web", {}), **web}
    config.write_text(tomli_w.dumps(data), encoding="utf-8")


def cookie_of(client: Client) -> http.cookiejar.Cookie:
    return next(c for c in client.jar if c.name == "govinfo_session")


def replay(base: str, cookie: http.cookiejar.Cookie) -> Client:
    """A second browser holding a copy of someone's cookie."""
    thief = Client(base)
    thief.jar.set_cookie(cookie)
    return thief


def test_failed_logins_are_throttled_then_locked_and_logged(world: World, caplog: Any) -> None:
    with_web(world.config, login_max_failures=3, login_lockout_minutes=10, login_delay_seconds=0.01)
    caplog.set_level(logging.INFO, logger="daemon.web.app")
    with console_in_process(world.config) as base:
        client = Client(base)
        for _ in range(3):
            assert client.login(OFFICE_EMAIL, "wrong password").status == 401
        locked = client.login(OFFICE_EMAIL)  # the right password, too late
        assert locked.status == 429 and "已暂时锁定" in locked.body
        assert client.get("/").location.endswith("/login")
        # another account from the same address is locked too: the address counts on its own
        assert Client(base).login("anding.xxy1@example.org").status == 429
    refused = [r.getMessage() for r in caplog.records if "outcome=refused" in r.getMessage()]
    assert len(refused) == 3
    assert all(f"account={OFFICE_EMAIL}" in line and "client=127.0.0.1" in line for line in refused)
    assert any("outcome=locked" in r.getMessage() for r in caplog.records)


def test_a_cookie_replayed_after_logout_is_refused(world: World, client: Client, base: str) -> None:
    assert client.login(OFFICE_EMAIL).status == 303
    copy = cookie_of(client)
    thief = replay(base, copy)
    assert thief.get("/").status == 200  # the copy works while the session lives
    client.get("/")  # the page's form carries the session's CSRF token
    assert client.post("/logout", {}).status == 303
    assert thief.get("/").location.endswith("/login")


def test_a_password_change_ends_the_other_sessions(world: World, client: Client, base: str) -> None:
    assert client.login(OFFICE_EMAIL).status == 303
    other = Client(base)
    assert other.login(OFFICE_EMAIL).status == 303
    client.get("/password")
    bad = client.post("/password", {"current": "not it", "new": "new-password-1",
                                    "repeated": "new-password-1"})
    assert bad.location.endswith("/password") and "当前密码不正确" in client.flash("/password")
    changed = client.post("/password", {"current": PASSWORD, "new": "new-password-1",
                                        "repeated": "new-password-1"})
    assert changed.status == 303 and "密码已修改" in client.flash("/")
    assert client.get("/").status == 200  # this browser stays in
    assert other.get("/").location.endswith("/login")  # every other copy is out
    assert Client(base).login(OFFICE_EMAIL).status == 401
    assert Client(base).login(OFFICE_EMAIL, "new-password-1").status == 303


@pytest.mark.parametrize(("bind", "setting", "secure"), [
    ("127.0.0.1", None, False), ("0.0.0.0", None, True), ("0.0.0.0", False, False), ("127.0.0.1", True, True),
])
def test_secure_cookies_follow_the_bind_address(world: World, bind: str, setting: bool | None,
                                                 secure: bool) -> None:
    with_web(world.config, bind=bind, **({} if setting is None else {"secure_cookies": setting}))
    settings = load_settings(world.config)
    assert settings.web.cookies_secure is secure
    app = create_app(settings, session_factory(make_engine(settings.database_url)), "k" * 32)
    middleware = next(m for m in app.user_middleware if m.cls.__name__ == "SessionMiddleware")
    assert middleware.kwargs["https_only"] is secure
    if secure:
        # the flag as the browser receives it, from the real server
        with console_in_process(world.config) as url:
            client = Client(url)
            client.get("/login")
            reply = client.post("/login", {"email": OFFICE_EMAIL, "password": PASSWORD})
            assert "secure" in reply.headers["Set-Cookie"].lower()
