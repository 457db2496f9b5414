"""Sessions, the logged-in user and CSRF.

The session is a signed cookie (Starlette's SessionMiddleware, itsdangerous) holding the
user's id, the time of login and a CSRF token. The cookie's signature expires after
``session_hours`` of inactivity, and ``login_at`` bounds the whole session to the same span
from the login, so a stolen cookie does not live forever by being used. The cookie also
carries the user's ``session_version``; logging out and changing the password bump it in
the database, so a cookie copied before either is refused when it comes back.

Every POST carries the session's token in a hidden field; ``posted_form`` checks it before
the handler sees a value, and the handlers read their forms only through it.
"""

from __future__ import annotations

import hmac
import os
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request

from daemon.accounts import refresh
from daemon.config import ConfigError, Settings
from daemon.db import transaction
from daemon.models import User
from daemon.web.throttle import LoginThrottle

SECRET_FILE = "web-secret"


class LoginRequired(Exception):
    """No valid session: the handler answers with a redirect to the login page."""


@dataclass
class Console:
    """What every handler needs, kept on ``app.state.console``."""

    settings: Settings
    factory: sessionmaker[Session]
    throttle: LoginThrottle = field(init=False)

    def __post_init__(self) -> None:
        self.throttle = LoginThrottle(self.settings.web)

    @property
    def session_seconds(self) -> int:
        return int(self.settings.web.session_hours * 3600)


def secret_key(settings: Settings) -> str:
    """The cookie-signing key: from the environment, a file, or made once in the storage folder."""
    web = settings.web
    if web.secret_key_env:
        value = os.environ.get(web.secret_key_env)
        if not value:
            raise ConfigError("web.secret_key_env", f"环境变量 {web.secret_key_env} 未设置")
        return value
    if web.secret_key_file:
        path = settings.resolve(web.secret_key_file)
        try:
            return path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError("web.secret_key_file", f"无法读取密钥文件：{exc.strerror}") from exc
    return _generated_key(settings.storage_dir / SECRET_FILE)


def _generated_key(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="utf-8").strip()


def console(request: Request) -> Console:
    return request.app.state.console


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


async def posted_form(request: Request) -> FormData:
    """The POSTed form, after its CSRF token has been checked (its size caps the app)."""
    form = await request.form(max_files=4, max_fields=64)
    expected = request.session.get("csrf")
    given = form.get("csrf")
    if not expected or not isinstance(given, str) or not hmac.compare_digest(expected, given):
        raise HTTPException(403, "表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试")
    return form


def log_in(request: Request, user: User) -> None:
    # a fresh session (and token) at login: nothing chosen before it survives into it
    request.session.clear()
    request.session.update({"uid": user.id, "ver": user.session_version, "login_at": int(time.time()),
                            "csrf": secrets.token_urlsafe(32)})


def current_user(request: Request) -> User:
    """The logged-in user, still enabled and still in the roster; LoginRequired otherwise."""
    uid = request.session.get("uid")
    login_at = request.session.get("login_at", 0)
    c = console(request)
    if not isinstance(uid, int) or time.time() - login_at > c.session_seconds:
        request.session.clear()
        raise LoginRequired
    with transaction(c.factory) as session:
        user = session.get(User, uid)
        if (user is None or request.session.get("ver") != user.session_version
                or not refresh(c.settings, user)):
            request.session.clear()
            raise LoginRequired
    return user
