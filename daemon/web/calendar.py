"""The office's working-day calendar page: paste the State Council's holiday notice, see
what was read from it (the same table as `govinfo calendar import`), confirm to store it.

The confirmation carries a digest of the text that was previewed: a text changed after
its preview is previewed again instead of stored unseen.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from daemon.actions import calendar
from daemon.actions.base import Actor, Done, Refusal
from daemon.db import transaction
from daemon.timeutil import local, utcnow
from daemon.web.access import actor_of, require_role
from daemon.web.auth import console, posted_form
from daemon.web.pages import flash, render, user_of
from daemon.workdays import PACKAGE_LAST_YEAR

Action = Callable[..., Done]  # calendar.preview or calendar.store


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _actor(request: Request) -> Actor:
    user = user_of(request)
    require_role(user, "office")
    return actor_of(user)


def _page(request: Request, status: int = 200, **context: Any) -> Response:
    c = console(request)
    with c.factory() as session:
        years = calendar.imported_years(session, c.settings)
    context.setdefault("text", "")
    return render(request, "calendar.html", status=status, years=years, package_last_year=PACKAGE_LAST_YEAR,
                  **context)


def calendar_page(request: Request) -> Response:
    _actor(request)
    c = console(request)
    wanted = request.query_params.get("year", "")
    today = local(utcnow(), c.settings.timezone).date()
    # the notice for next year comes out in the autumn: from October on, that is the year to look at
    year = int(wanted) if wanted.isdigit() and len(wanted) == 4 else today.year + (today.month >= 10)
    try:
        with c.factory() as session:
            shown: Done | None = calendar.describe(session, c.settings, year=year)
        missing = ""
    except Refusal as exc:
        shown, missing = None, exc.message
    return _page(request, year=year, shown=shown, missing=missing)


async def preview(request: Request) -> Response:
    actor = _actor(request)
    form = await posted_form(request)
    text = str(form.get("notice", ""))
    return await _preview(request, actor, text)


async def _act(request: Request, actor: Actor, text: str, action: Action) -> Done | Response:
    """The action's answer, or the page again with its refusal."""
    c = console(request)

    def call() -> Done:
        with transaction(c.factory) as session:
            return action(session, c.settings, actor, text=text)

    try:
        return await run_in_threadpool(call)
    except Refusal as exc:
        flash(request, "error", exc.message)
        return _page(request, status=422, text=text, year=None, shown=None, missing="")


async def _preview(request: Request, actor: Actor, text: str, status: int = 200) -> Response:
    seen = await _act(request, actor, text, calendar.preview)
    if not isinstance(seen, Done):
        return seen
    return _page(request, status=status, text=text, previewed=seen, digest=_digest(text),
                 year=seen.data["year"], shown=None, missing="")


async def store(request: Request) -> Response:
    actor = _actor(request)
    form = await posted_form(request)
    text = str(form.get("notice", ""))
    if form.get("digest") != _digest(text):
        flash(request, "error", "通知文本在预览后改动过：请核对下面重新读出的安排，再确认导入")
        return await _preview(request, actor, text, status=409)
    done = await _act(request, actor, text, calendar.store)
    if not isinstance(done, Done):
        return done
    flash(request, "ok", done.message)
    return RedirectResponse(f"/calendar?year={done.data['year']}", status_code=303)


def routes() -> list[Route]:
    return [
        Route("/calendar", calendar_page, methods=["GET"]),
        Route("/calendar/preview", preview, methods=["POST"]),
        Route("/calendar", store, methods=["POST"]),
    ]

