"""Rendering shared by every page: the template environment, the layout's context, messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.templating import Jinja2Templates

from daemon import labels
from daemon.accounts import ROLES
from daemon.actions.base import Done, Forbidden, Refusal
from daemon.actions.common import office_today
from daemon.actions.permissions import COMMISSION
from daemon.intake.checks import CHECKS
from daemon.models import User
from daemon.paths import TEMPLATES
from daemon.people_dates import register_filters
from daemon.web.auth import console, csrf_token, current_user
from daemon.web.files import spreadsheet
from daemon.workflow import ACTION_NAMES

WEB_TEMPLATES = TEMPLATES / "web"
CHECK_NAMES = {check.name: check.description.split("：")[0] for check in CHECKS}
# audit actions beyond the chain's own steps; daemon/labels.py is the place once it has them
AUDIT_NAMES = {
    **ACTION_NAMES,
    "assign": "指定单位",
    "mark_important": "重要信息标记",
    "adopt": "登记采用",
    "forward": "呈送",
    "deduct": "扣分",
    "evidence_received": "收到采用证明",
    "evidence_read": "识读采用证明",
    "evidence_rejected": "驳回采用证明",
    "release": "放行",
    "revoke": "撤销",
    "edit": "更正",
}

_env = Environment(loader=FileSystemLoader(WEB_TEMPLATES), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True)
_env.globals.update(label=labels.label, STATE=labels.STATE, CATEGORY=labels.CATEGORY, FLAG=labels.FLAG,
                    OUTLET=labels.OUTLET, TIMELINESS=labels.TIMELINESS, ROLES=ROLES,
                    ACTION_NAMES=ACTION_NAMES, CHECK_NAMES=CHECK_NAMES, AUDIT_NAMES=AUDIT_NAMES,
                    COMMISSION=COMMISSION)
register_filters(_env)  # day, moment, deadline: dates as people read them
templates = Jinja2Templates(env=_env)


def render(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    """A page in the base layout, with the user, the CSRF token and a pending message."""
    context.setdefault("user", getattr(request.state, "user", None))
    context["csrf"] = csrf_token(request)
    context["flash"] = request.session.pop("flash", None)
    context["path"] = request.url.path
    return templates.TemplateResponse(request, name, context, status_code=status)


def flash(request: Request, kind: str, text: str) -> None:
    request.session["flash"] = {"kind": kind, "text": text}


async def perform(request: Request, back: str, call: Callable[[], Done],
                  confirm_fields: dict[str, str] | None = None) -> Response:
    """Run an action off the event loop; flash what it said, or why not, and go ``back``
    (403 when the rules do not let this user act at all).

    A refusal that a confirmation would pass (``Refusal.confirm``) is asked as a question
    instead: a page repeating the form with the field that confirms it (``confirm_fields``
    maps the refusal's code to that field)."""
    try:
        done = await run_in_threadpool(call)
    except Forbidden as exc:
        raise HTTPException(403, exc.message) from exc
    except Refusal as exc:
        field = (confirm_fields or {}).get(exc.code)
        if exc.confirm and field:
            form = await request.form()
            kept = [(k, v) for k, v in form.multi_items() if k != "csrf" and isinstance(v, str)]
            return render(request, "confirm.html", question=exc.message, action=request.url.path,
                          fields=[*kept, (field, "1")], back=back)
        flash(request, "error", exc.message)
    else:
        flash(request, "ok", done.message or "已完成")
    return RedirectResponse(back, status_code=303)


def user_of(request: Request) -> User:
    """The logged-in user, also kept on request.state for the layout."""
    user = current_user(request)
    request.state.user = user
    return user


def exported(request: Request, data: bytes, title: str, ascii_title: str) -> Response:
    """A list page's 导出 Excel: the workbook named for the list and the office's today."""
    return spreadsheet(data, title, ascii_title, office_today(console(request).settings))
