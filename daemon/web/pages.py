"""Rendering shared by every page: the template environment, the layout's context, messages."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from daemon import labels
from daemon.intake.checks import CHECKS
from daemon.models import User
from daemon.paths import TEMPLATES
from daemon.people_dates import register_filters
from daemon.web.accounts import ROLES
from daemon.web.auth import csrf_token, current_user
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
    "evidence_rejected": "驳回采用证明",
}

_env = Environment(loader=FileSystemLoader(WEB_TEMPLATES), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True)
_env.globals.update(label=labels.label, STATE=labels.STATE, CATEGORY=labels.CATEGORY, FLAG=labels.FLAG,
                    OUTLET=labels.OUTLET, TIMELINESS=labels.TIMELINESS, ROLES=ROLES,
                    ACTION_NAMES=ACTION_NAMES, CHECK_NAMES=CHECK_NAMES, AUDIT_NAMES=AUDIT_NAMES)
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


def user_of(request: Request) -> User:
    """The logged-in user, also kept on request.state for the layout."""
    user = current_user(request)
    request.state.user = user
    return user
