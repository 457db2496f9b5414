"""Verbs of the intake side: db, poll, run, demo, messages, items."""

from __future__ import annotations

import argparse
import gc
import logging
import shutil
import signal
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from daemon import logs
from daemon.commands import (
    App,
    Failure,
    Usage,
    add_by,
    choices_help,
    codes,
    parse_date,
    print_json,
    progress,
    run_action,
)
from daemon.labels import CATEGORY, DISPOSITION, FLAG, IGNORE_REASON, STATE, TIMELINESS, label
from daemon.people_dates import deadline_text, time_text
from daemon.table import clip, render

if TYPE_CHECKING:
    from daemon.intake.reader import PassResult

log = logging.getLogger("govinfo")


def summary(result: PassResult) -> str:
    parts = [f"{label(DISPOSITION, k)} {v}" for k, v in sorted(result.counts.items())]
    return "，".join(parts) if parts else "没有新邮件"


def cmd_db_upgrade(app: App) -> int:
    from daemon.db import make_engine, upgrade

    engine = make_engine(app.settings.database_url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()  # no connection left behind (the verb may run inside a longer process)
    print("数据库已升级到最新版本。")
    return 0


def cmd_poll(app: App) -> int:
    from daemon.intake.lock import MailboxLease
    from daemon.intake.reader import Intake, ReadOptions
    from daemon.mailbox.imap import NETWORK_ERRORS, ImapSource

    if not app.args.once:
        raise Usage("用法错误：poll 需要 --once（常驻运行请用 govinfo run）")
    factory = app.factory()
    if not app.settings.mailboxes:
        raise Failure("配置中没有邮箱（[[mailboxes]]）")
    with Intake(app.settings, factory) as intake:
        failed = False
        for mailbox in app.settings.mailboxes:
            lease = MailboxLease(factory, mailbox.name, mailbox.lock_seconds)
            if not lease.acquire():
                raise Failure(
                    f"邮箱 {mailbox.name} 正由另一个进程读取（{lease.current_holder()}），请稍后再试"
                )
            source = ImapSource(mailbox)
            try:
                uidvalidity = source.open()
                result = intake.read_pass(
                    source,
                    uidvalidity,
                    ReadOptions.of(mailbox, app.args.since),
                    progress=progress(f"正在读取邮箱 {mailbox.name}"),
                    keep_lease=lease.acquire,
                )
            except NETWORK_ERRORS as exc:
                failed = True
                log.error(logs.kv("poll_failed", mailbox=mailbox.name, error=type(exc).__name__,
                                  detail=str(exc)[:300]))
                print(f"邮箱 {mailbox.name} 读取失败：{type(exc).__name__}: {exc}")
                continue
            finally:
                source.close()
                lease.release()
            print(f"邮箱 {mailbox.name}：{summary(result)}")
    if failed:
        raise Failure("部分邮箱读取失败，见上文；下次读取会自动补上")
    return 0


def cmd_run(app: App) -> int:
    stop = threading.Event()

    def request_stop(signum: int, frame: object) -> None:
        log.info(logs.kv("stop_requested", signal=signal.Signals(signum).name))
        stop.set()

    # first, before the daemon's modules load: a SIGTERM during a slow start is a clean stop
    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    from daemon.service import run_daemon

    run_daemon(app.settings, app.factory(), stop)
    return 0


def cmd_demo(app: App) -> int:
    """Copy the example config into DIR and run the whole job on the bundled sample inbox.

    The example's relative paths put the database and store under DIR/var, so every other
    verb works on the demo afterwards with ``--config DIR/config.toml``.
    """
    from sqlalchemy import select

    from daemon.config import load_settings
    from daemon.db import make_engine, session_factory, upgrade
    from daemon.intake.reader import Intake, ReadOptions
    from daemon.mailbox.maildir import MaildirSource
    from daemon.models import Item, Message
    from daemon.paths import DEMO_INBOX, EXAMPLE_CONFIG

    directory = Path(app.args.dir).resolve()
    directory.mkdir(parents=True, exist_ok=True)
    config = directory / "config.toml"
    shutil.copyfile(EXAMPLE_CONFIG, config)
    settings = load_settings(config)
    # Start clean each time, removing only what the demo itself writes.
    shutil.rmtree(directory / "var", ignore_errors=True)
    engine = make_engine(settings.database_url)
    upgrade(engine)
    factory = session_factory(engine)
    source = MaildirSource("demo", DEMO_INBOX)
    uidvalidity = source.open()
    with Intake(settings, factory) as intake:
        result = intake.read_pass(
            source, uidvalidity, ReadOptions(name="demo"), progress=progress("正在读取示例收件箱")
        )
    print(f"示例收件箱：{DEMO_INBOX}")
    print(f"共读取 {result.total()} 封邮件：{summary(result)}\n")
    with factory() as session:
        items = session.scalars(select(Item).order_by(Item.id)).all()
        print_items(items, settings.timezone)
        others = session.scalars(
            select(Message).where(Message.disposition != "filed").order_by(Message.id)
        ).all()
        if others:
            print("\n未登记的邮件：")
            for row in others:
                reason = label(IGNORE_REASON, row.reason) if row.reason else ""
                print(f"  UID {row.uid}：{label(DISPOSITION, row.disposition)}（{reason}）")
    print(f"\n数据库：{settings.database_url.removeprefix('sqlite:///')}")
    print(f"原始邮件与附件：{settings.storage_dir}")
    first = items[0].number if items else "2026-0001"
    print(f"查看一条信息：govinfo --config {config} items show {first}")
    from daemon.documents.demo import print_demo_documents  # matplotlib: only when needed

    print_demo_documents(settings, factory)
    engine.dispose()
    return 0


def _tabled() -> tuple[Any, ...]:
    from daemon.models import Item

    c = Item.__table__.c  # Core columns: rows without the ORM's loading machinery
    return (c.number, c.unit, c.category, c.category_inferred, c.length, c.state, c.route,
            c.received_at, c.title, c.flags, c.superseded)


def print_items(items: Sequence[Any], tz: str) -> None:
    if not items:
        print("没有信息。")
        return
    rows = []
    for item in items:
        rows.append(
            [
                item.number,
                item.unit or "（未知）",
                label(CATEGORY, item.category) + ("*" if item.category_inferred else ""),
                item.length if item.length is not None else "—",
                label(STATE, item.state),
                item.route or "—",
                time_text(item.received_at, tz),
                clip(item.title, 30),
                "、".join(label(FLAG, f) for f in item.flags + (["superseded"] if item.superseded else [])),
            ]
        )
    print(render(["编号", "单位", "类别", "字数", "状态", "分解至", "收到时间", "标题", "标记"], rows))
    if any(i.category_inferred for i in items):
        print("（类别后带 * 者为系统根据正文推断）")


def cmd_messages_list(app: App) -> int:
    from sqlalchemy import select

    from daemon.models import Message
    from daemon.views import message_view

    with app.factory()() as session:
        views = [message_view(r, app.tz) for r in session.scalars(select(Message).order_by(Message.id))]
    if app.args.json:
        print_json(views)
        return 0
    table = [
        [
            v["id"],
            v["mailbox"],
            v["uidvalidity"],
            v["uid"],
            time_text(v["received_at"]),
            label(DISPOSITION, v["disposition"]),
            v["item"] or "",
            clip(label(IGNORE_REASON, v["reason"]) if v["reason"] else "", 40),
        ]
        for v in views
    ]
    print(render(["id", "邮箱", "UIDVALIDITY", "UID", "收到时间", "处理结果", "信息编号", "原因"], table))
    return 0


def cmd_messages_retry(app: App) -> int:
    from daemon.actions import mail

    print(mail.retry_message(app.factory(), app.settings, app.actor, message_id=app.args.id).message)
    return 0


def cmd_items_list(app: App) -> int:
    from sqlalchemy import select

    from daemon.models import Item
    from daemon.timeutil import start_of_day
    from daemon.views import LISTED, item_view

    args = app.args
    # plain rows of the listed columns, not ORM objects: the texts and signatures are most
    # of an item's bytes, and 10,000 identity-mapped objects are most of the time; the
    # table needs fewer columns still (no JSON lists to decode but the flags)
    query = select(*(LISTED if args.json else _tabled())).order_by(Item.year, Item.seq)
    if args.state:
        query = query.where(Item.state == args.state)
    if args.unit:
        query = query.where(Item.unit == args.unit)
    if args.since:
        query = query.where(Item.received_at >= start_of_day(args.since, app.tz))
    # some ten objects a row and no cycles among them: the collector would only rescan them
    # (a sixth of a 10,000-item listing's time)
    gc.disable()
    try:
        with app.factory()() as session:
            items = session.execute(query).all()
            if args.json:
                print_json([item_view(i, app.tz) for i in items])
            else:
                print_items(items, app.tz)
    finally:
        gc.enable()
    return 0


def cmd_items_show(app: App) -> int:
    from daemon.actions.common import find_item
    from daemon.views import item_detail

    with app.factory()() as session:
        detail = item_detail(find_item(session, app.args.number), app.tz)
    if app.args.json:
        print_json(detail)
    else:
        print_detail(detail)
    return 0


def print_detail(d: dict[str, Any]) -> None:
    length = d["length"] if d["length"] is not None else "—"
    print(f"{d['number']}　{d['title']}")
    sender = f"{d['sender_name']} <{d['sender']}>" if d["sender"] else f"不明确（From：{d['sender_name']}）"
    print(f"单位：{d['unit'] or '（未知发件人）'}　发件人：{sender}")
    print(f"作者：{'、'.join(d['authors']) or '—'}")
    inferred = "（推断）" if d["category_inferred"] else ""
    print(f"类别：{label(CATEGORY, d['category'])}{inferred}　字数：{length}")
    due = f"（{deadline_text(d['due_at'], year=True)}）" if d["due_at"] else ""
    print(f"收到：{time_text(d['received_at'])}　时限：{label(TIMELINESS, d['timeliness'])}{due}")
    print(f"状态：{label(STATE, d['state'])}　分解至：{d['route'] or '—'}")
    if d["flags"]:
        print("标记：" + "、".join(label(FLAG, f) for f in d["flags"]))
    print(f"正文来源：{d['article_source']}")
    for field, value in d["original"].items():
        if field in ORIGINAL_NAMES:
            print(f"更正前{ORIGINAL_NAMES[field]}：{_original(field, value)}")
    for a in d["attachments"]:
        print(f"附件：{a['filename']}（{a['size']} 字节，{a['status']}）")
    print("检查结论：")
    for v in d["verdicts"]:
        print(f"  [{v['check']}] {v['outcome']}")
        for reason in v["reasons"]:
            print(f"      {reason}")
    print("处理记录：")
    for a in d["audit"]:
        print(f"  {time_text(a['at'])} {a['actor']} {a['action']} {a['note']}")
    print("\n正文：\n" + d["text"])


ORIGINAL_NAMES = {"title": "标题", "authors": "作者", "category": "类别", "unit": "单位", "length": "字数"}


def _original(field: str, value: Any) -> str:
    if field == "authors":
        return "、".join(value) or "—"
    if field == "category":
        return label(CATEGORY, value)
    return "（未知）" if value is None else str(value)


def cmd_items_edit(app: App) -> int:
    args = app.args
    body = None
    if args.body_file:
        try:
            body = Path(args.body_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise Failure(f"无法读取正文文件 {args.body_file}（须为 UTF-8 文本）：{exc}") from exc
    authors = None
    if args.authors is not None:
        authors = args.authors.replace("，", ",").replace("、", ",").split(",")
    return run_action(app, "corrections.edit_item", number=args.number, title=args.title, authors=authors,
                      category=args.category, unit=args.unit, body=body)


def register(verbs: argparse._SubParsersAction) -> None:
    db = verbs.add_parser("db", help="数据库").add_subparsers(dest="action", required=True)
    db.add_parser("upgrade", help="执行数据库迁移").set_defaults(func=cmd_db_upgrade)

    poll = verbs.add_parser("poll", help="读取一次邮箱")
    poll.add_argument("--once", action="store_true", help="读取一遍后退出")
    poll.add_argument("--since", type=parse_date, help="早于此日期的邮件记为忽略（before_start）")
    poll.set_defaults(func=cmd_poll)

    verbs.add_parser("run", help="常驻运行：收信、发信、定时任务").set_defaults(func=cmd_run)

    demo = verbs.add_parser("demo", help="用示例收件箱演示完整流程")
    demo.add_argument("--dir", default="govinfo-demo", help="演示数据目录（默认 ./govinfo-demo）")
    demo.set_defaults(func=cmd_demo)

    messages = verbs.add_parser("messages", help="读取过的邮件").add_subparsers(
        dest="action", required=True
    )
    mlist = messages.add_parser("list", help="列出每封邮件及其处理结果")
    mlist.add_argument("--json", action="store_true")
    mlist.set_defaults(func=cmd_messages_list)
    mretry = messages.add_parser("retry", help="重试一封被隔离的邮件")
    mretry.add_argument("id", type=int, help="邮件记录 id（见 messages list）")
    mretry.set_defaults(func=cmd_messages_retry)

    items = verbs.add_parser("items", help="已登记的信息").add_subparsers(dest="action", required=True)
    ilist = items.add_parser("list", help="列出信息")
    ilist.add_argument("--json", action="store_true")
    ilist.add_argument("--state", type=codes(STATE), help=choices_help(STATE))
    ilist.add_argument("--unit")
    ilist.add_argument("--since", type=parse_date)
    ilist.set_defaults(func=cmd_items_list)
    ishow = items.add_parser("show", help="查看一条信息")
    ishow.add_argument("number", help="信息编号，如 2026-0001")
    ishow.add_argument("--json", action="store_true")
    ishow.set_defaults(func=cmd_items_show)
    iedit = items.add_parser("edit", help="更正信息的标题、作者、类别、单位或正文（保留原始内容）")
    iedit.add_argument("number", help="信息编号，如 2026-0001")
    iedit.add_argument("--title")
    iedit.add_argument("--authors", help="作者，逗号分隔")
    iedit.add_argument("--category", type=codes(CATEGORY), help=choices_help(CATEGORY))
    iedit.add_argument("--unit", help="报送单位")
    iedit.add_argument("--body-file", help="更正后的正文（UTF-8 文本文件）")
    add_by(iedit)
    iedit.set_defaults(func=cmd_items_edit)
