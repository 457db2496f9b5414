"""The office's pages beyond single items: scoreboard, documents, requests, evidence,
outbox, held items, the message ledger and the roster check. Numbers come from the same
functions as the CLI's verbs; actions are daemon/actions, taken by the logged-in user."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from daemon.actions import mail, points
from daemon.actions import requests as request_actions
from daemon.actions.base import Actor, Done, Invalid, Refusal
from daemon.actions.permissions import COMMISSION, COUNTY_READERS
from daemon.actions.points import DEDUCTION_KINDS, EVIDENCE_STATES
from daemon.actions.reports import generate_report
from daemon.actions.requests import STATE_NAMES as REQUEST_STATES
from daemon.config import OUTLETS
from daemon.db import transaction
from daemon.documents.exports import (
    messages_workbook,
    outbox_workbook,
    requests_workbook,
    score_workbook,
)
from daemon.documents.wording import KIND_NAMES as DOCUMENT_NAMES
from daemon.documents.wording import KINDS as DOCUMENT_KINDS
from daemon.documents.wording import period_label_text
from daemon.labels import DISPOSITION, IGNORE_REASON
from daemon.labels import OUTBOX_KIND as KIND_NAMES
from daemon.labels import OUTBOX_STATE as STATE_NAMES
from daemon.models import Document, Evidence, Item, Message, Outbound
from daemon.roster import check_roster
from daemon.scoreboard import scoreboard
from daemon.scoring import parse_period
from daemon.timeutil import iso, local, utcnow
from daemon.views import evidence_view, item_view, message_view, outbound_view
from daemon.web.access import actor_of, require_role
from daemon.web.auth import Console, console, posted_form
from daemon.web.files import download
from daemon.web.pages import exported, flash, perform, render, user_of

LEADERS = ("supervising_leader", "principal_leader")
CHART_BAR = 22  # px per unit in the scoreboard chart
CHART_LABEL = 170  # px for the unit's name left of the bars: 资源节约和环境保护科 fits


def _today(c: Console) -> str:
    return local(utcnow(), c.settings.timezone).date().isoformat()


def _in_transaction(c: Console, action: Callable[..., Done], actor: Actor,
                    **kwargs: Any) -> Callable[[], Done]:
    """``action`` for ``actor`` in one transaction, as a call for ``perform``."""

    def call() -> Done:
        with transaction(c.factory) as session:
            return action(session, c.settings, actor, **kwargs)

    return call


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise Invalid(f"日期格式应为 YYYY-MM-DD：{text or '（未填）'}") from exc


async def _act(request: Request, back: str, action: Callable[..., Done], *,
               confirm_fields: dict[str, str] | None = None, **kwargs: Any) -> Response:
    c = console(request)
    call = _in_transaction(c, action, actor_of(user_of(request)), **kwargs)
    return await perform(request, back, call, confirm_fields)


def _text(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value.strip() if isinstance(value, str) else ""


# -- scoreboard --------------------------------------------------------------------------


def chart(units: list[dict[str, Any]]) -> dict[str, Any]:
    """Horizontal bars of total points, highest first; negative totals drawn left of zero."""
    ranked = sorted(units, key=lambda u: (-u["points"]["total"], u["unit"]))
    high = max([u["points"]["total"] for u in ranked] + [1])
    low = min([u["points"]["total"] for u in ranked] + [0])
    span = high - low
    width = 560
    zero = round(-low / span * width)
    bars = []
    for index, u in enumerate(ranked):
        total = u["points"]["total"]
        length = round(abs(total) / span * width)
        bars.append({"unit": u["unit"], "total": total, "kind": u["kind"], "y": index * CHART_BAR,
                     "x": zero if total >= 0 else zero - length, "width": max(length, 1)})
    return {"bars": bars, "height": len(bars) * CHART_BAR, "zero": zero, "width": width,
            "label": CHART_LABEL}


def _scores(request: Request) -> tuple[dict[str, Any], str]:
    """The scoreboard as the page and its export show it to this user, and its period."""
    user = user_of(request)
    c = console(request)
    label = request.query_params.get("period") or _today(c)[:4]
    try:
        period = parse_period(label)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from exc
    with c.factory() as session:
        result = scoreboard(session, c.settings, period, local(utcnow(), c.settings.timezone).date())
    if user.role in COUNTY_READERS:
        # a county sees its own line; the others' come to it in the office's notices
        result["units"] = [u for u in result["units"] if u["unit"] == user.unit]
        result["people"] = [p for p in result["people"] if p["unit"] == user.unit]
        result["awards"] = {key: [w for w in winners if w["unit"] == user.unit]
                            for key, winners in result["awards"].items()}
    return result, period.label


def scores_page(request: Request) -> Response:
    result, period = _scores(request)
    c = console(request)
    counties = [u for u in result["units"] if u["kind"] == "county"]
    sections = [u for u in result["units"] if u["kind"] == "section"]
    return render(request, "scores.html", result=result, period=period, counties=counties,
                  sections=sections, county_chart=chart(counties), section_chart=chart(sections),
                  units=[u.name for u in c.settings.units], deduction_kinds=DEDUCTION_KINDS,
                  today=_today(c))


def scores_export(request: Request) -> Response:
    result, period = _scores(request)
    return exported(request, score_workbook(result), f"积分统计-{period_label_text(period)}",
                    f"scores-{period}")


async def deduct(request: Request) -> Response:
    user = user_of(request)
    require_role(user, "office")
    form = await posted_form(request)
    back = f"/scores?period={_text(form, 'period')}"
    try:
        day = _date(_text(form, "date"))
    except Invalid as exc:
        flash(request, "error", exc.message)
        return RedirectResponse(back, status_code=303)
    return await _act(request, back, points.deduct, unit=_text(form, "unit"), kind=_text(form, "kind"),
                      day=day, note=_text(form, "note"), number=_text(form, "item") or None)


# -- documents ---------------------------------------------------------------------------


def documents_page(request: Request) -> Response:
    require_role(user_of(request), *COMMISSION)
    c = console(request)
    with c.factory() as session:
        rows = session.scalars(select(Document).order_by(Document.created_at.desc())).all()
        documents = [{"id": d.id, "kind": d.kind, "name": DOCUMENT_NAMES.get(d.kind, d.kind),
                      "period": d.period, "unit": d.unit, "file": Path(d.path).name,
                      "created_at": iso(d.created_at, c.settings.timezone)} for d in rows]
    return render(request, "documents.html", documents=documents, kinds=DOCUMENT_KINDS,
                  kind_names=DOCUMENT_NAMES, default_period=_today(c)[:7])


async def generate(request: Request) -> Response:
    require_role(user_of(request), "office")
    form = await posted_form(request)
    return await _act(request, "/documents", generate_report, kind=_text(form, "kind"),
                      period=_text(form, "period"))


def document_file(request: Request) -> Response:
    require_role(user_of(request), *COMMISSION)
    c = console(request)
    with c.factory() as session:
        row = session.get(Document, request.path_params["id"])
    if row is None:
        raise HTTPException(404, "没有这份文档")
    path = Path(row.path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise HTTPException(404, f"文档文件已不在存储目录中：{path.name}，请重新生成") from exc
    return download(data, path.name)


# -- requests ----------------------------------------------------------------------------


def _requests(request: Request) -> list[dict[str, Any]]:
    """The requests this user sees, newest first, as the page and its export list them."""
    c = console(request)
    with c.factory() as session:
        listed = request_actions.list_requests(session, c.settings, actor_of(user_of(request)))
    return list(reversed(listed))


def requests_page(request: Request) -> Response:
    c = console(request)
    return render(request, "requests.html", requests=_requests(request), states=REQUEST_STATES,
                  units=c.settings.units, today=_today(c))


def requests_export(request: Request) -> Response:
    return exported(request, requests_workbook(_requests(request)), "约稿列表", "requests")


async def create_request(request: Request) -> Response:
    require_role(user_of(request), "office")
    form = await posted_form(request)
    due = _text(form, "due")
    try:
        issued, due_day = _date(_text(form, "issued")), _date(due) if due else None
    except Invalid as exc:
        flash(request, "error", exc.message)
        return RedirectResponse("/requests", status_code=303)
    units = [u for u in form.getlist("units") if isinstance(u, str)]
    return await _act(request, "/requests", request_actions.create_request, kind=_text(form, "kind"),
                      topic=_text(form, "topic"), units=units,
                      issued=issued, due=due_day, backdated=bool(_text(form, "backdated")),
                      confirmed=bool(_text(form, "confirmed")),
                      confirm_fields={"backdated": "backdated", "duplicate": "confirmed"})


# -- evidence by mail --------------------------------------------------------------------


def evidence_page(request: Request) -> Response:
    require_role(user_of(request), "office")
    c = console(request)
    with c.factory() as session:
        numbers = dict(session.execute(select(Item.id, Item.number)).all())
        rows = session.scalars(select(Evidence).order_by(Evidence.id.desc()).limit(200))
        views = [evidence_view(row, numbers, c.settings.timezone) for row in rows]
    return render(request, "evidence.html", evidence=views, states=EVIDENCE_STATES, outlets=OUTLETS,
                  today=_today(c))


async def decide_evidence(request: Request) -> Response:
    user = user_of(request)
    require_role(user, "office")
    form = await posted_form(request)
    evidence_id = request.path_params["id"]
    if _text(form, "decision") != "confirm":
        return await _act(request, "/evidence", points.reject_evidence, evidence_id=evidence_id,
                          reason=_text(form, "reason"))
    try:
        day = _date(_text(form, "date"))
    except Invalid as exc:
        flash(request, "error", exc.message)
        return RedirectResponse("/evidence", status_code=303)
    return await _act(request, "/evidence", points.confirm_evidence, evidence_id=evidence_id, day=day,
                      outlet=_text(form, "outlet") or None, number=_text(form, "item") or None)


# -- outbox and held items ---------------------------------------------------------------


def _latest(
    request: Request, column: Any, param: str, codes: dict[str, str], view: Any
) -> tuple[list[dict[str, Any]], str]:
    """The office's latest 300 rows of a log table, filtered by ``param`` when it is a code."""
    require_role(user_of(request), "office")
    c = console(request)
    code = request.query_params.get(param, "")
    model = column.class_
    query = select(model).order_by(model.id.desc()).limit(300)
    if code in codes:
        query = query.where(column == code)
    with c.factory() as session:
        return [view(row, c.settings.timezone) for row in session.scalars(query)], code


def _outbox(request: Request) -> tuple[list[dict[str, Any]], str]:
    return _latest(request, Outbound.state, "state", STATE_NAMES, outbound_view)


def outbox_page(request: Request) -> Response:
    mails, state = _outbox(request)
    return render(request, "outbox.html", mails=mails, state=state, states=STATE_NAMES,
                  kinds=KIND_NAMES)


def outbox_export(request: Request) -> Response:
    mails, _ = _outbox(request)
    return exported(request, outbox_workbook(mails, STATE_NAMES), "发件箱", "outbox")


async def send_outbox(request: Request) -> Response:
    """`govinfo outbox send`: one delivery pass now instead of at the next interval."""
    user = user_of(request)
    require_role(user, "office")
    await posted_form(request)
    c = console(request)

    def call() -> Done:
        done = mail.send_outbox(c.factory, c.settings, actor_of(user))
        if not done.data["all_sent"]:
            raise Refusal(f"{done.message}\n{mail.NOT_ALL_SENT}", "not_all_sent")
        return done

    return await perform(request, "/outbox", call)


def held_page(request: Request) -> Response:
    require_role(user_of(request), "office")
    c = console(request)
    with c.factory() as session:
        rows = session.scalars(select(Item).where(Item.state == "held").order_by(Item.received_at.desc()))
        views = [item_view(i, c.settings.timezone) for i in rows]
    return render(request, "held.html", items=views)


# -- the message ledger and the roster -----------------------------------------------------


def _messages(request: Request) -> tuple[list[dict[str, Any]], str]:
    return _latest(request, Message.disposition, "disposition", DISPOSITION, message_view)


def messages_page(request: Request) -> Response:
    """Every message read, as `govinfo messages list`; quarantined ones can be retried."""
    messages, disposition = _messages(request)
    return render(request, "messages.html", messages=messages, disposition=disposition,
                  dispositions=DISPOSITION, reasons=IGNORE_REASON,
                  problems=check_roster(console(request).settings))


def messages_export(request: Request) -> Response:
    messages, _ = _messages(request)
    return exported(request, messages_workbook(messages), "来信记录", "messages")


async def retry_message(request: Request) -> Response:
    user = user_of(request)
    require_role(user, "office")
    await posted_form(request)
    c = console(request)
    message_id = request.path_params["id"]
    actor = actor_of(user)
    return await perform(request, "/messages",
                         lambda: mail.retry_message(c.factory, c.settings, actor, message_id=message_id))


def routes() -> list[Route]:
    return [
        Route("/scores", scores_page, methods=["GET"]),
        Route("/scores.xlsx", scores_export, methods=["GET"]),
        Route("/scores/deduct", deduct, methods=["POST"]),
        Route("/documents", documents_page, methods=["GET"]),
        Route("/documents", generate, methods=["POST"]),
        Route("/documents/{id:int}", document_file, methods=["GET"]),
        Route("/requests", requests_page, methods=["GET"]),
        Route("/requests.xlsx", requests_export, methods=["GET"]),
        Route("/requests", create_request, methods=["POST"]),
        Route("/evidence", evidence_page, methods=["GET"]),
        Route("/evidence/{id:int}/decide", decide_evidence, methods=["POST"]),
        Route("/outbox", outbox_page, methods=["GET"]),
        Route("/outbox.xlsx", outbox_export, methods=["GET"]),
        Route("/outbox/send", send_outbox, methods=["POST"]),
        Route("/held", held_page, methods=["GET"]),
        Route("/messages", messages_page, methods=["GET"]),
        Route("/messages.xlsx", messages_export, methods=["GET"]),
        Route("/messages/{id:int}/retry", retry_message, methods=["POST"]),
    ]
