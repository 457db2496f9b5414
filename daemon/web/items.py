"""Item pages: my queue, all items, one item with its actions, and the item's files.

Every action is an office action (daemon/actions) taken by the logged-in user; which
buttons a page shows is daemon/actions/permissions.py's ``actions_for``, and the action
itself refuses what the user may not do.
"""

from __future__ import annotations

import mimetypes
from datetime import date
from typing import Any

from sqlalchemy import String, cast, or_, select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from daemon.actions import chain, corrections, forward, points
from daemon.actions.base import Actor, Done, Invalid
from daemon.actions.forward import TARGETS
from daemon.actions.permissions import (
    COUNTY_READERS,
    INFO_CENTER_OUTLETS,
    WAITING,
    actions_for,
    item_scope,
)
from daemon.actions.points import EvidenceFile
from daemon.config import CATEGORIES, OUTLETS
from daemon.db import transaction
from daemon.documents.exports import items_workbook
from daemon.labels import FLAG, STATE
from daemon.models import Evidence, Item, User
from daemon.scoring import parse_period
from daemon.storage import Store
from daemon.timeutil import local, start_of_day, utcnow
from daemon.views import item_detail, item_view
from daemon.web.access import actor_of, forbidden
from daemon.web.auth import Console, console, posted_form
from daemon.web.files import download, sniff, upload_name
from daemon.web.pages import exported, perform, render, user_of
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
    if session.scalar(select(Item.id).where(Item.id == item.id, item_scope(actor_of(user)))) is None:
        raise forbidden("这条信息不属于您负责的范围")
    return item


def queue_page(request: Request) -> Response:
    user = user_of(request)
    c = console(request)
    with c.factory() as session:
        actor = actor_of(user)
        query = select(Item).where(item_scope(actor), Item.state.not_in(FINAL_STATES))
        waiting: dict[str, list[dict[str, Any]]] = {action: [] for action in WAITING}
        held: list[dict[str, Any]] = []
        mine: list[dict[str, Any]] = []
        for item in session.scalars(query.order_by(Item.received_at)):
            view = item_view(item, c.settings.timezone) | {"important": item.important}
            if item.state == "held" and user.role == "office":
                held.append(view)
                continue
            allowed = actions_for(c.settings, actor, item)
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


def _listed(request: Request, user: User, *, whole: bool = False
            ) -> tuple[list[dict[str, Any]], bool, int, dict[str, str]]:
    """The items list as the page shows it: this page of the filtered rows, whether there
    is a next page, the page number and the filters. ``whole``: every filtered row (the
    export: the office wants the list, not the screenful it happens to be looking at)."""
    c = console(request)
    params = {k: v for k, v in request.query_params.items() if v}
    try:
        page = max(1, int(params.get("page", "1")))
    except ValueError:
        page = 1
    with c.factory() as session:
        query = _filtered(select(Item).where(item_scope(actor_of(user))), params, c.settings.timezone)
        query = query.order_by(Item.received_at.desc())
        if not whole:
            query = query.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)
        views = [item_view(i, c.settings.timezone) | {"important": i.important}
                 for i in session.scalars(query)]
    if whole:
        return views, False, 1, params
    return views[:PAGE_SIZE], len(views) > PAGE_SIZE, page, params


def items_page(request: Request) -> Response:
    user = user_of(request)
    views, more, page, params = _listed(request, user)
    units = [u.name for u in console(request).settings.units
             if user.role not in COUNTY_READERS or u.name == user.unit]
    return render(request, "items.html", items=views, more=more, page=page, params=params, units=units,
                  categories=CATEGORIES, flags={**FLAG, **EXTRA_FLAGS})


def items_export(request: Request) -> Response:
    views, *_ = _listed(request, user_of(request), whole=True)
    return exported(request, items_workbook(views), "信息列表", "items")


def item_page(request: Request) -> Response:
    user = user_of(request)
    c = console(request)
    number = request.path_params["number"]
    with c.factory() as session:
        item = visible_item(session, user, number)
        detail = item_detail(item, c.settings.timezone)
        attachment_ids = [a.id for a in item.attachments]
        allowed = actions_for(c.settings, actor_of(user), item)
    sections = [u.name for u in c.settings.units if u.kind == "section"]
    outlets = INFO_CENTER_OUTLETS if user.role == "info_center" else OUTLETS
    return render(request, "item.html", item=detail, attachment_ids=attachment_ids, allowed=allowed,
                  sections=sections, units=[u.name for u in c.settings.units], outlets=outlets,
                  targets=TARGETS, categories=CATEGORIES, revocable=corrections.REVOCABLE,
                  today=local(utcnow(), c.settings.timezone).date().isoformat())


def _text(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def _number_list(form: FormData, name: str) -> list[str]:
    return [t for t in form.getlist(name) if isinstance(t, str)]


def _day(form: FormData, name: str) -> date | None:
    text = _text(form, name)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise Invalid(f"日期格式应为 YYYY-MM-DD：{text}") from exc


def _required_day(form: FormData, name: str) -> date:
    day = _day(form, name)
    if day is None:
        raise Invalid("请填写日期")
    return day


def _evidence(c: Console, data: bytes | None, filename: str) -> EvidenceFile | None:
    """The uploaded screenshot or PDF, its type read from its bytes and its name set to match."""
    if data is None:
        return None
    cap = c.settings.web.upload_max_bytes
    if len(data) > cap:
        raise Invalid(f"采用证明文件超过 {cap // 1024 // 1024} MB 上限")
    kind = sniff(data)
    if kind is None:
        raise Invalid("采用证明只接受 PNG、JPEG、GIF、WebP 图片或 PDF 文件")
    name = upload_name(filename, kind)
    return EvidenceFile(name, mimetypes.guess_type(name)[0] or "application/octet-stream", data)


def _call(c: Console, actor: Actor, number: str, action: str, form: FormData,
          upload: tuple[bytes, str] | None) -> Done:
    """The action a form asks for, in one transaction."""
    settings = c.settings
    with transaction(c.factory) as session:
        if action in ("revise", "review", "sign"):
            return chain.review(session, settings, actor, number=number, step=action,
                                note=_text(form, "note"))
        if action == "return":
            return chain.return_item(session, settings, actor, number=number, reason=_text(form, "reason"),
                                     day=_day(form, "date"))
        if action == "route":
            return chain.route(session, settings, actor, number=number, section=_text(form, "section"))
        if action == "assign":
            return chain.assign(session, settings, actor, number=number, unit=_text(form, "unit"))
        if action == "mark_important":
            return chain.mark_important(session, settings, actor, number=number,
                                        important=not _text(form, "off"))
        if action == "publish":
            return chain.publish(session, settings, actor, number=number)
        if action == "report_up":
            return chain.report_up(session, settings, actor, number=number)
        if action == "release":
            return chain.release(session, settings, actor, number=number, reason=_text(form, "reason"))
        if action == "adopt":
            evidence = _evidence(c, *upload) if upload else None
            return points.adopt(session, settings, actor, number=number, outlet=_text(form, "outlet"),
                                day=_required_day(form, "date"), evidence=evidence)
        if action == "forward":
            return forward.forward(session, settings, actor, number=number, targets=_number_list(form, "to"))
        if action == "edit":
            authors = _text(form, "authors").replace("，", ",").replace("、", ",")
            return corrections.edit_item(
                session, settings, actor, number=number, title=_text(form, "title"),
                authors=authors.split(","), category=_text(form, "category") or None,
                unit=_text(form, "unit") or None, body=_text(form, "body"))
        if action == "revoke":
            return corrections.revoke(session, settings, actor, kind=_text(form, "kind"),
                                      ref=_text(form, "ref") or number, reason=_text(form, "reason"))
    raise Invalid(f"未知操作：{action}")


async def act(request: Request) -> Response:
    user = user_of(request)
    c = console(request)
    number = request.path_params["number"]
    form = await posted_form(request)
    action = _text(form, "action")
    with c.factory() as session:
        visible_item(session, user, number)  # 403 for an item not theirs; the action judges the rest
    upload = None
    file = form.get("evidence")
    if action == "adopt" and isinstance(file, UploadFile) and file.filename:
        upload = (await file.read(c.settings.web.upload_max_bytes + 1), file.filename)
    actor = actor_of(user)
    return await perform(request, f"/items/{number}", lambda: _call(c, actor, number, action, form, upload))


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
        Route("/items.xlsx", items_export, methods=["GET"]),
        Route(f"/items/{NUMBER}", item_page, methods=["GET"]),
        Route(f"/items/{NUMBER}/act", act, methods=["POST"]),
        Route(f"/items/{NUMBER}/attachments/{{id:int}}", attachment_file, methods=["GET"]),
        Route("/evidence/{id:int}", evidence_file, methods=["GET"]),
    ]
