"""A person's own pages: changing their password, and the mail the office sent them
(reminders, notices, route notices: the outbox rows addressed to them)."""

from __future__ import annotations

from email.utils import getaddresses

from sqlalchemy import String, cast, select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from daemon.actions.base import Refusal
from daemon.actions.users import change_own_password
from daemon.db import transaction
from daemon.labels import OUTBOX_KIND, OUTBOX_STATE
from daemon.models import Outbound, User
from daemon.views import outbound_view
from daemon.web.access import actor_of
from daemon.web.auth import console, posted_form
from daemon.web.pages import flash, render, user_of

MAIL_PAGE = 200


def password_page(request: Request) -> Response:
    user_of(request)
    return render(request, "password.html")


async def change_password(request: Request) -> Response:
    user = user_of(request)
    form = await posted_form(request)
    c = console(request)
    fields = {name: str(form.get(name, "")) for name in ("current", "new", "repeated")}

    def call() -> int:
        with transaction(c.factory) as session:
            change_own_password(session, c.settings, actor_of(user), user_id=user.id, **fields)
            changed = session.get(User, user.id)
            assert changed is not None
            return changed.session_version

    try:
        version = await run_in_threadpool(call)
    except Refusal as exc:
        flash(request, "error", exc.message)
        return RedirectResponse("/password", status_code=303)
    request.session["ver"] = version  # this browser stays signed in; every other copy is out
    flash(request, "ok", "密码已修改；其他设备上的登录已失效")
    return RedirectResponse("/", status_code=303)


def mail_page(request: Request) -> Response:
    """The mail addressed to the person, newest first (the outbox's rows with their address)."""
    user = user_of(request)
    c = console(request)
    with c.factory() as session:
        # a first cut in SQL by the address as text, then exactly by the parsed recipients
        rows = session.scalars(
            select(Outbound).where(cast(Outbound.recipients, String).contains(user.email, autoescape=True))
            .order_by(Outbound.id.desc()).limit(MAIL_PAGE)
        ).all()
        mine = [outbound_view(r, c.settings.timezone) for r in rows
                if user.email in {addr.lower() for _, addr in getaddresses(r.recipients)}]
    return render(request, "mail.html", mails=mine, kinds=OUTBOX_KIND, states=OUTBOX_STATE)


def routes() -> list[Route]:
    return [
        Route("/password", password_page, methods=["GET"]),
        Route("/password", change_password, methods=["POST"]),
        Route("/mail", mail_page, methods=["GET"]),
    ]
