"""The office's pages beyond single items: scoreboard, documents, requests, evidence,
outbox, held items, the message ledger and the roster check. Numbers come from the same
functions as the CLI's verbs; actions run the verbs themselves (daemon/web/verbs.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from daemon.commands.outbox import KIND_NAMES, STATE_NAMES, outbound_view
from daemon.commands.points import DEDUCTION_KINDS, EVIDENCE_STATES, evidence_view
from daemon.commands.requests import STATE_NAMES as REQUEST_STATES
from daemon.config import OUTLETS
from daemon.documents.wording import KIND_NAMES as DOCUMENT_NAMES
from daemon.documents.wording import KINDS as DOCUMENT_KINDS
from daemon.labels import DISPOSITION, IGNORE_REASON
from daemon.models import Document, Evidence, Item, Message, Outbound
from daemon.roster import check_roster
from daemon.scoreboard import scoreboard
from daemon.scoring import parse_period
from daemon.timeutil import iso, local, utcnow
from daemon.views import item_view, message_view
from daemon.web.access import COMMISSION, require_role
from daemon.web.auth import Console, console, posted_form
from daemon.web.files import download
from daemon.web.pages import flash, render, user_of
from daemon.web.verbs import VerbFailed, run_verb

LEADERS = ("supervising_leader", "principal_leader")
CHART_BAR = 22  # px per unit in the scoreboard chart
CHART_LABEL = 170  # px for the unit's name left of the bars: 资源节约和环境保护科 fits


def _today(c: Console) -> str:
    return local(utcnow(), c.settings.timezone).date().isoformat()


async def _run(request: Request, argv: list[str], back: str) -> Response:
    """Run a verb for the logged-in user and come back to ``back`` with what it said."""
    user = user_of(request)
    c = console(request)
    try:
        said = await run_in_threadpool(run_verb, c.settings, c.factory, argv, user=user.name)
        flash(request, "ok", said or "已完成")
    except VerbFailed as exc:
        flash(request, "error", str(exc))
    return RedirectResponse(back, status_code=303)


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


def scores_page(request: Request) -> Response:
    user = user_of(request)
    c = console(request)
    label = request.query_params.get("period") or _today(c)[:4]
    try:
        period = parse_period(label)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from exc
    with c.factory() as session:
        result = scoreboard(session, c.settings, period, local(utcnow(), c.settings.timezone).date())
    if user.role == "county_officer":
        # a county sees its own line; the others' come to it in the office's notices
        result["units"] = [u for u in result["units"] if u["unit"] == user.unit]
        result["people"] = [p for p in result["people"] if p["unit"] == user.unit]
        result["awards"] = {key: [w for w in winners if w["unit"] == user.unit]
                            for key, winners in result["awards"].items()}
    counties = [u for u in result["units"] if u["kind"] == "county"]
    sections = [u for u in result["units"] if u["kind"] == "section"]
    return render(request, "scores.html", result=result, period=period.label, counties=counties,
                  sections=sections, county_chart=chart(counties), section_chart=chart(sections),
                  units=[u.name for u in c.settings.units], deduction_kinds=DEDUCTION_KINDS,
                  today=_today(c))


async def deduct(request: Request) -> Response:
    user = user_of(request)
    require_role(user, "office")
    form = await posted_form(request)
    item = _text(form, "item")
    argv = ["deduct", f"--kind={_text(form, 'kind')}", f"--date={_text(form, 'date')}",
            f"--note={_text(form, 'note')}", *([f"--item={item}"] if item else []),
            f"--by={user.name}", "--", _text(form, "unit")]
    return await _run(request, argv, f"/scores?period={_text(form, 'period')}")


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
    return await _run(request, ["report", _text(form, "kind"), f"--period={_text(form, 'period')}"],
                      "/documents")


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


async def requests_page(request: Request) -> Response:
    user = user_of(request)
    c = console(request)
    # the listing verb marks overdue answers as missed as it shows them; the page shows the same
    listed = json.loads(await run_in_threadpool(run_verb, c.settings, c.factory,
                                                ["request", "list", "--json"], user=user.name))
    if user.role == "county_officer":
        for entry in listed:
            entry["units"] = [u for u in entry["units"] if u["unit"] == user.unit]
        listed = [entry for entry in listed if entry["units"]]
    return render(request, "requests.html", requests=list(reversed(listed)), states=REQUEST_STATES,
                  units=c.settings.units, today=_today(c))


async def create_request(request: Request) -> Response:
    require_role(user_of(request), "office")
    form = await posted_form(request)
    units = ",".join(u for u in form.getlist("units") if isinstance(u, str))
    due = _text(form, "due")
    argv = ["request", "create", f"--kind={_text(form, 'kind')}", f"--topic={_text(form, 'topic')}",
            f"--units={units}", f"--issued={_text(form, 'issued')}", *([f"--due={due}"] if due else [])]
    return await _run(request, argv, "/requests")


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
    evidence_id = str(request.path_params["id"])
    if _text(form, "decision") == "confirm":
        outlet, item = _text(form, "outlet"), _text(form, "item")
        argv = ["evidence", "confirm", evidence_id, f"--date={_text(form, 'date')}",
                *([f"--outlet={outlet}"] if outlet else []), *([f"--item={item}"] if item else [])]
    else:
        argv = ["evidence", "reject", evidence_id, f"--reason={_text(form, 'reason')}"]
    argv.append(f"--by={user.name}")
    return await _run(request, argv, "/evidence")


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


def outbox_page(request: Request) -> Response:
    mails, state = _latest(request, Outbound.state, "state", STATE_NAMES, outbound_view)
    return render(request, "outbox.html", mails=mails, state=state, states=STATE_NAMES,
                  kinds=KIND_NAMES)


async def send_outbox(request: Request) -> Response:
    """`govinfo outbox send`: one delivery pass now instead of at the next interval."""
    require_role(user_of(request), "office")
    await posted_form(request)
    return await _run(request, ["outbox", "send"], "/outbox")


def held_page(request: Request) -> Response:
    require_role(user_of(request), "office")
    c = console(request)
    with c.factory() as session:
        rows = session.scalars(select(Item).where(Item.state == "held").order_by(Item.received_at.desc()))
        views = [item_view(i, c.settings.timezone) for i in rows]
    return render(request, "held.html", items=views)


# -- the message ledger and the roster -----------------------------------------------------


def messages_page(request: Request) -> Response:
    """Every message read, as `govinfo messages list`; quarantined ones can be retried."""
    messages, disposition = _latest(
        request, Message.disposition, "disposition", DISPOSITION, message_view
    )
    return render(request, "messages.html", messages=messages, disposition=disposition,
                  dispositions=DISPOSITION, reasons=IGNORE_REASON,
                  problems=check_roster(console(request).settings))


async def retry_message(request: Request) -> Response:
    user = user_of(request)
    require_role(user, "office")
    await posted_form(request)
    return await _run(request, ["messages", "retry", str(request.path_params["id"])], "/messages")


def routes() -> list[Route]:
    return [
        Route("/scores", scores_page, methods=["GET"]),
        Route("/scores/deduct", deduct, methods=["POST"]),
        Route("/documents", documents_page, methods=["GET"]),
        Route("/documents", generate, methods=["POST"]),
        Route("/documents/{id:int}", document_file, methods=["GET"]),
        Route("/requests", requests_page, methods=["GET"]),
        Route("/requests", create_request, methods=["POST"]),
        Route("/evidence", evidence_page, methods=["GET"]),
        Route("/evidence/{id:int}/decide", decide_evidence, methods=["POST"]),
        Route("/outbox", outbox_page, methods=["GET"]),
        Route("/outbox/send", send_outbox, methods=["POST"]),
        Route("/held", held_page, methods=["GET"]),
        Route("/messages", messages_page, methods=["GET"]),
        Route("/messages/{id:int}/retry", retry_message, methods=["POST"]),
    ]
