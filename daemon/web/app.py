"""The Starlette application: login, the shared layout, errors, and the pages' routes.

Pages are rendered on the server from templates/web (one base layout); there is no
script to build and nothing is fetched from another site, so the console works on the
office's network without the internet.
"""

from __future__ import annotations

import asyncio
import logging
import time

from sqlalchemy.orm import Session, sessionmaker
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from daemon.accounts import authenticate
from daemon.config import Settings
from daemon.db import transaction
from daemon.logs import kv
from daemon.models import User
from daemon.web import calendar, items, office, own
from daemon.web.auth import Console, LoginRequired, console, log_in, posted_form
from daemon.web.pages import WEB_TEMPLATES, flash, render

log = logging.getLogger(__name__)

# the multipart envelope around an upload: boundaries, field names, the CSRF token
FORM_OVERHEAD = 64 * 1024
SECURITY_HEADERS = [
    (b"content-security-policy",
     b"default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
     b"frame-ancestors 'none'; base-uri 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]

async def login_page(request: Request) -> Response:
    return render(request, "login.html", user=None, email="")


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def login(request: Request) -> Response:
    form = await posted_form(request)
    email, password = str(form.get("email", ""))[:320], str(form.get("password", ""))
    c = console(request)
    address = client_address(request)
    keys = (f"account:{email.strip().lower()}", f"address:{address}")
    wait = c.throttle.locked(keys)
    if wait:
        log.warning(kv("web_login", outcome="locked", account=email, client=address))
        minutes = max(1, round(wait / 60))
        flash(request, "error", f"登录失败次数过多，已暂时锁定，请约 {minutes} 分钟后再试")
        return render(request, "login.html", status=429, user=None, email=email)

    def check() -> User | None:  # argon2 takes tens of milliseconds: never on the event loop
        with transaction(c.factory) as session:
            return authenticate(session, c.settings, email, password)

    user = await run_in_threadpool(check)
    if user is None:
        delay = c.throttle.failed(keys)
        log.warning(kv("web_login", outcome="refused", account=email, client=address))
        await asyncio.sleep(delay)
        flash(request, "error", "邮箱或密码不正确，或账号已停用")
        return render(request, "login.html", status=401, user=None, email=email)
    c.throttle.succeeded(keys[0])
    log_in(request, user)
    log.info(kv("web_login", outcome="ok", user=user.name, role=user.role, client=address))
    return RedirectResponse("/", status_code=303)


async def logout(request: Request) -> Response:
    await posted_form(request)
    uid = request.session.get("uid")
    request.session.clear()
    if isinstance(uid, int):
        c = console(request)

        def bump() -> None:  # the cookie just cleared, and every copy of it, is refused from now on
            with transaction(c.factory) as session:
                user = session.get(User, uid)
                if user is not None:
                    user.session_version = (user.session_version or 0) + 1

        await run_in_threadpool(bump)
    return RedirectResponse("/login", status_code=303)


async def stylesheet(request: Request) -> Response:
    return FileResponse(WEB_TEMPLATES / "console.css", media_type="text/css")


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    titles = {403: "没有权限", 404: "未找到", 405: "不允许的请求", 413: "上传内容过大"}
    return render(request, "error.html", status=exc.status_code,
                  title=titles.get(exc.status_code, "请求有误"), detail=exc.detail)


async def login_required(request: Request, exc: Exception) -> Response:
    if request.method == "GET":
        return RedirectResponse("/login", status_code=303)
    return render(request, "error.html", status=401, user=None, title="请先登录",
                  detail="登录已过期，请重新登录")


class Guard:
    """Security headers on every answer, and one log line per request (path, no query)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        status = 0

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            log.info(kv("web_request", method=scope["method"], path=scope["path"], status=status,
                        ms=round((time.monotonic() - started) * 1000)))


def create_app(settings: Settings, factory: sessionmaker[Session], secret: str) -> Starlette:
    c = Console(settings, factory)
    routes = [
        Route("/login", login_page, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/static/console.css", stylesheet, methods=["GET"]),
        *items.routes(),
        *office.routes(),
        *calendar.routes(),
        *own.routes(),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(Guard),
            Middleware(SessionMiddleware, secret_key=secret, session_cookie="govinfo_session",
                       max_age=c.session_seconds, same_site="strict",
                       https_only=settings.web.cookies_secure),
        ],
        exception_handlers={HTTPException: http_error, LoginRequired: login_required},
        max_body_size=settings.web.upload_max_bytes + FORM_OVERHEAD,
    )
    app.state.console = c
    return app
