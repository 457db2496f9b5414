"""Item pages: my queue, all items, one item with its actions, and the item's files.

Every action is a `govinfo` verb run for the logged-in user (daemon/web/verbs.py) with
``--by`` set to their name, after ``access.require`` has checked their role for the item.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import String, cast, or_, select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from daemon.commands.forward import TARGETS
from daemon.config import CATEGORIES, OUTLETS
from daemon.labels import FLAG, STATE
from daemon.models import Evidence, Item, User
from daemon.scoring import parse_period
from daemon.storage import Store
from daemon.timeutil import local, start_of_day, utcnow
from daemon.views import item_detail, item_view
from daemon.web.access import WAITING, actions_for, forbidden, item_scope, require
from daemon.web.auth import Console, console, posted_form
from daemon.web.files import download, sniff, upload_name
from daemon.web.pages import flash, render, user_of
from daemon.web.verbs import VerbFailed, run_verb
from daemon.workflow import FINAL_STATES

PAGE_SIZE = 100
NUMBER = r"{number:str}"
# filters beyond CONTRACT.md's flags: the two the office asks most about
EXTRA_FLAGS = {"important": "重要信息", "superseded": "已被重报稿取代"}


def _item_or_404(session: Session, number: str) -> Item:
    item = session.scalar(select(Item).where(Item.number == number))
    if item is None:
        raise HTTPException(404, f"没有编号为 {number} 的信息")
    return item


def visible_item(session: Session, user: User, number: str) -> Item:
    """The item, when the user may see it: 404 when there is none, 403 when it is not theirs."""
    item = _item_or_404(session, number)
    if session.scalar(select(Item.id).where(Item.id == item.id, item_scope(user))) is None:
        raise forbidden("这条信息不属于您负责的范围")
    return item


def queue_page(request: Request) -> Response:
    user = user_of(request)
    c = console(request)
    with c.factory() as session:
        query = select(Item).where(item_scope(user), Item.state.not_in(FINAL_STATES))
        waiting: dict[str, list[dict[str, Any]]] = {action: [] for action in WAITING}
        held: list[dict[str, Any]] = []
        mine: list[dict[str, Any]] = []
        for item in session.scalars(query.order_by(Item.received_at)):
            view = item_view(item, c.settings.timezone) | {"important": item.important}
            if item.state == "held" and user.role == "office":
                held.append(view)
                continue
            allowed = actions_for(c.settings, user, item)
            for action in WAITING:
                if allowed[action]:
                    waiting[action].append(view)
                    break
            else:
                mine.append(view)
    return render(request, "queue.html", waiting=waiting, held=held, in_progress=mine)


def _filtered(query: Any, params: dict[str, str], tz: str) -> Any:
    if params.get("unit"):
        query = query.where(Item.unit == params["unit"])
    if params.get("state") in STATE:
        query = query.where(Item.state == params["state"])
    if params.get("category") in CATEGORIES:
        query = query.where(Item.category == params["category"])
    if params.get("period"):
        try:
            period = parse_period(params["period"])
        except ValueError as exc:
            raise HTTPException(400, str(exc)) from exc
        query = query.where(Item.received_at >= start_of_day(period.start, tz),
                            Item.received_at < start_of_day(period.end, tz))
    flag = params.get("flag", "")
    if flag == "important":
        query = query.where(Item.important.is_(True))
    elif flag == "superseded":
        query = query.where(Item.superseded.is_(True))
    elif flag in FLAG:
        # flags are a JSON list of codes; as text each code appears quoted, on SQLite and PostgreSQL
        query = query.where(cast(Item.flags, String).contains(f'"{flag}"', autoescape=True))
    text = params.get("q", "").strip()
    if text:
        query = query.where(or_(Item.title.contains(text, autoescape=True),
                                Item.article_text.contains(text, autoescape=True),
                                Item.number == text))
    return query


def items_page(request: Request) -> Response:
    user = user_of(request)
    c = console(request)
    params = {k: v for k, v in request.query_params.items() if v}
    try:
        page = max(1, int(params.get("page", "1")))
    except ValueError:
        page = 1
    with c.factory() as session:
        query = _filtered(select(Item).where(item_scope(user)), params, c.settings.timezone)
        rows = session.scalars(
            query.order_by(Item.received_at.desc()).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)
        ).all()
        views = [item_view(i, c.settings.timezone) | {"important": i.important} for i in rows]
    units = [u.name for u in c.settings.units
             if user.role != "county_officer" or u.name == user.unit]
    return render(request, "items.html", items=views[:PAGE_SIZE], more=len(views) > PAGE_SIZE,
                  page=page, params=params, units=units, categories=CATEGORIES,
                  flags={**FLAG, **EXTRA_FLAGS})


def item_page(request: Request) -> Response:
    user = user_of(request)
    c = console(request)
    number = request.path_params["number"]
    with c.factory() as session:
        item = visible_item(session, user, number)
        detail = item_detail(item, c.settings.timezone)
        attachment_ids = [a.id for a in item.attachments]
        allowed = actions_for(c.settings, user, item)
    sections = [u.name for u in c.settings.units if u.kind == "section"]
    return render(request, "item.html", item=detail, attachment_ids=attachment_ids, allowed=allowed,
                  sections=sections, units=[u.name for u in c.settings.units], outlets=OUTLETS,
                  targets=TARGETS, today=local(utcnow(), c.settings.timezone).date().isoformat())


def _text(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def _argv(action: str, number: str, form: FormData, by: str, evidence: Path | None) -> list[str]:
    """The `govinfo` command line of an action; values a person typed in ``--opt=value`` form."""
    who = f"--by={by}"
    if action in ("revise", "review", "sign"):
        note = _text(form, "note")
        return ["review", number, f"--step={action}", who, *([f"--note={note}"] if note else [])]
    if action == "return":
        day = _text(form, "date")
        return ["return", number, f"--reason={_text(form, 'reason')}", who,
                *([f"--date={day}"] if day else [])]
    if action in ("route", "assign"):
        target = _text(form, "section" if action == "route" else "unit")
        return [action, who, "--", number, target]
    if action == "mark_important":
        return ["mark-important", number, who, *(["--off"] if _text(form, "off") else [])]
    if action in ("publish", "report_up"):
        return [action.replace("_", "-"), number, who]
    if action == "adopt":
        return ["adopt", number, f"--outlet={_text(form, 'outlet')}", f"--date={_text(form, 'date')}",
                who, *([f"--evidence={evidence}"] if evidence else [])]
    if action == "forward":
        targets = [t for t in form.getlist("to") if isinstance(t, str)]
        return ["forward", number, f"--to={','.join(targets)}", who]
    raise HTTPException(400, f"未知操作：{action}")


async def _evidence_upload(c: Console, form: FormData, folder: Path) -> Path | None:
    """The uploaded screenshot or PDF written under ``folder`` for the adopt verb; None if none.

    Its type is read from its bytes and its suffix set to match, which is what the verb
    records as the evidence's content type.
    """
    upload = form.get("evidence")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    cap = c.settings.web.upload_max_bytes
    data = await upload.read(cap + 1)
    if len(data) > cap:
        raise VerbFailed(f"采用证明文件超过 {cap // 1024 // 1024} MB 上限")
    kind = sniff(data)
    if kind is None:
        raise VerbFailed("采用证明只接受 PNG、JPEG、GIF、WebP 图片或 PDF 文件")
    path = folder / upload_name(upload.filename, kind)
    path.write_bytes(data)
    return path


async def act(request: Request) -> Response:
    user = user_of(request)
    c = console(request)
    number = request.path_params["number"]
    form = await posted_form(request)
    action = _text(form, "action")
    with c.factory() as session:
        item = visible_item(session, user, number)
        require(c.settings, user, item, action)
    back = RedirectResponse(f"/items/{number}", status_code=303)
    with tempfile.TemporaryDirectory(prefix="govinfo-upload-") as folder:
        try:
            evidence = await _evidence_upload(c, form, Path(folder)) if action == "adopt" else None
            argv = _argv(action, number, form, user.name, evidence)
            said = await run_in_threadpool(run_verb, c.settings, c.factory, argv, user=user.name)
        except VerbFailed as exc:
            flash(request, "error", str(exc))
            return back
    flash(request, "ok", said or "已完成")
    return back


def attachment_file(request: Request) -> Response:
    user = user_of(request)
    c = console(request)
    with c.factory() as session:
        item = visible_item(session, user, request.path_params["number"])
        found = next((a for a in item.attachments if a.id == request.path_params["id"]), None)
        if found is None:
            raise HTTPException(404, "没有这个附件")
        data = Store(c.settings.storage_dir).attachment(found.sha256)
        return download(data, found.filename)


def evidence_file(request: Request) -> Response:
    user = user_of(request)
    c = console(request)
    with c.factory() as session:
        row = session.get(Evidence, request.path_params["id"])
        if row is None:
            raise HTTPException(404, "没有这份采用证明")
        if row.item_id is None:
            if user.role != "office":
                raise forbidden("未匹配到信息的采用证明仅限办公室查看")
        else:
            item = session.get(Item, row.item_id)
            assert item is not None
            visible_item(session, user, item.number)
        return download(Store(c.settings.storage_dir).get("evidence", row.sha256), row.filename)


def routes() -> list[Route]:
    return [
        Route("/", queue_page, methods=["GET"]),
        Route("/items", items_page, methods=["GET"]),
        Route(f"/items/{NUMBER}", item_page, methods=["GET"]),
        Route(f"/items/{NUMBER}/act", act, methods=["POST"]),
        Route(f"/items/{NUMBER}/attachments/{{id:int}}", attachment_file, methods=["GET"]),
        Route("/evidence/{id:int}", evidence_file, methods=["GET"]),
    ]
