"""The `govinfo` command (CONTRACT.md): thin over the modules that do the work.

Exit status: 0 done; 1 the operation failed (the message says why); 2 bad usage or config.
Messages to people are Chinese; --json output keeps the contract's English keys.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import shutil
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from daemon import __version__, logs
from daemon.config import ConfigError, Settings, config_path, load_settings
from daemon.db import NotMigrated, make_engine, require_migrated, session_factory, upgrade
from daemon.intake.lock import MailboxLease
from daemon.intake.reader import Intake, PassResult, ReadOptions
from daemon.labels import CATEGORY, DISPOSITION, FLAG, IGNORE_REASON, STATE, TIMELINESS, label
from daemon.mailbox.imap import NETWORK_ERRORS, ImapSource
from daemon.mailbox.maildir import MaildirSource
from daemon.models import Item, Message
from daemon.paths import DEMO_INBOX, EXAMPLE_CONFIG
from daemon.table import clip, render
from daemon.timeutil import iso, start_of_day
from daemon.views import item_detail, item_view, message_view

log = logging.getLogger("govinfo")


class Failure(Exception):
    """The operation failed: exit 1 with this Chinese message."""


class Usage(Exception):
    """Bad usage: exit 2 with this Chinese message."""


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise Usage(f"用法错误：{message}（运行 govinfo --help 查看帮助）")


# -- helpers ---------------------------------------------------------------------------


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _progress(label_: str) -> Callable[[int, int], None] | None:
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        end = "\n" if done == total else ""
        sys.stderr.write(f"\r{label_}：{done}/{total}{end}")
        sys.stderr.flush()

    return show


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{value}") from exc


class App:
    """Settings and database handles, opened on first use."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._settings: Settings | None = None
        self._factory: sessionmaker[Session] | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(config_path(self.args.config))
        return self._settings

    def factory(self, migrated: bool = True) -> sessionmaker[Session]:
        if self._factory is None:
            engine = make_engine(self.settings.database_url)
            if migrated:
                require_migrated(engine)
            self._factory = session_factory(engine)
        return self._factory

    @property
    def tz(self) -> str:
        return self.settings.timezone


def _summary(result: PassResult) -> str:
    parts = [f"{label(DISPOSITION, k)} {v}" for k, v in sorted(result.counts.items())]
    return "，".join(parts) if parts else "没有新邮件"


# -- verbs -----------------------------------------------------------------------------


def cmd_db_upgrade(app: App) -> int:
    upgrade(make_engine(app.settings.database_url))
    print("数据库已升级到最新版本。")
    return 0


def cmd_poll(app: App) -> int:
    if not app.args.once:
        raise Usage("用法错误：poll 需要 --once（常驻运行请用 govinfo run）")
    factory = app.factory()
    intake = Intake(app.settings, factory)
    if not app.settings.mailboxes:
        raise Failure("配置中没有邮箱（[[mailboxes]]）")
    failed = False
    for mailbox in app.settings.mailboxes:
        lease = MailboxLease(factory, mailbox.name, mailbox.lock_seconds)
        if not lease.acquire():
            raise Failure(f"邮箱 {mailbox.name} 正由另一个进程读取（{lease.current_holder()}），请稍后再试")
        source = ImapSource(mailbox)
        try:
            uidvalidity = source.open()
            result = intake.read_pass(
                source,
                uidvalidity,
                ReadOptions.of(mailbox, app.args.since),
                progress=_progress(f"正在读取邮箱 {mailbox.name}"),
                keep_lease=lease.acquire,
            )
        except NETWORK_ERRORS as exc:
            failed = True
            print(f"邮箱 {mailbox.name} 读取失败：{type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        finally:
            source.close()
            lease.release()
        print(f"邮箱 {mailbox.name}：{_summary(result)}")
    if failed:
        raise Failure("部分邮箱读取失败，见上文；下次读取会自动补上")
    return 0


def cmd_run(app: App) -> int:
    from daemon.service import run_intake

    factory = app.factory()
    stop = threading.Event()

    def request_stop(signum: int, frame: object) -> None:
        log.info(logs.kv("stop_requested", signal=signal.Signals(signum).name))
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    run_intake(app.settings, factory, stop)
    return 0


def cmd_demo(app: App) -> int:
    """Copy the example config into DIR and run the whole job on the bundled sample inbox.

    The example's relative paths put the database and store under DIR/var, so every other
    verb works on the demo afterwards with ``--config DIR/config.toml``.
    """
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
    result = Intake(settings, factory).read_pass(
        source, uidvalidity, ReadOptions(name="demo"), progress=_progress("正在读取示例收件箱")
    )
    print(f"示例收件箱：{DEMO_INBOX}")
    print(f"共读取 {result.total()} 封邮件：{_summary(result)}\n")
    with factory() as session:
        items = session.scalars(select(Item).order_by(Item.id)).all()
        _print_items(items, settings.timezone)
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
    return 0


def _print_items(items: Sequence[Item], tz: str) -> None:
    if not items:
        print("没有信息。")
        return
    rows = []
    for item in items:
        received = iso(item.received_at, tz) or ""
        flags = "、".join(label(FLAG, f) for f in item.flags)
        rows.append(
            [
                item.number,
                item.unit or "（未知）",
                label(CATEGORY, item.category) + ("*" if item.category_inferred else ""),
                item.length if item.length is not None else "—",
                label(STATE, item.state),
                item.route or "—",
                received[:16].replace("T", " "),
                clip(item.title, 30),
                flags,
            ]
        )
    print(render(["编号", "单位", "类别", "字数", "状态", "分解至", "收到时间", "标题", "标记"], rows))
    if any(i.category_inferred for i in items):
        print("（类别后带 * 者为系统根据正文推断）")


def cmd_messages_list(app: App) -> int:
    with app.factory()() as session:
        rows = session.scalars(select(Message).order_by(Message.id)).all()
        views = [message_view(r, app.tz) for r in rows]
    if app.args.json:
        _print_json(views)
        return 0
    table = [
        [
            v["mailbox"],
            v["uidvalidity"],
            v["uid"],
            (v["received_at"] or "")[:16].replace("T", " "),
            label(DISPOSITION, v["disposition"]),
            v["item"] or "",
            clip(label(IGNORE_REASON, v["reason"]) if v["reason"] else "", 40),
        ]
        for v in views
    ]
    print(render(["邮箱", "UIDVALIDITY", "UID", "收到时间", "处理结果", "信息编号", "原因"], table))
    return 0


def cmd_messages_retry(app: App) -> int:
    factory = app.factory()
    with factory() as session:
        row = session.execute(
            select(Message).where(Message.id == app.args.id)
        ).scalar_one_or_none()
    if row is None:
        raise Failure(f"没有编号为 {app.args.id} 的邮件记录（见 govinfo messages list --json 的 id）")
    if row.disposition != "quarantined":
        raise Failure(f"邮件 {row.id} 的处理结果是“{label(DISPOSITION, row.disposition)}”，无需重试")
    mailbox = next((m for m in app.settings.mailboxes if m.name == row.mailbox), None)
    options = ReadOptions.of(mailbox) if mailbox else ReadOptions(name=row.mailbox)
    result = Intake(app.settings, factory).retry(options, row)
    print(f"邮件 {row.id}：{label(DISPOSITION, result.disposition)}"
          + (f"（{result.reason}）" if result.disposition == "quarantined" else ""))
    return 0 if result.disposition != "quarantined" else 1


def _find_item(session: Session, ref: str) -> Item:
    match = re.fullmatch(r"(\d{4})-(\d+)", ref.strip())
    if match:
        query = select(Item).where(Item.year == int(match[1]), Item.seq == int(match[2]))
    elif ref.strip().isdigit():  # a bare sequence number means the latest year that has it
        query = select(Item).where(Item.seq == int(ref)).order_by(Item.year.desc()).limit(1)
    else:
        raise Usage(f"信息编号格式应为 2026-0001：{ref}")
    item = session.execute(query).scalar_one_or_none()
    if item is None:
        raise Failure(f"没有编号为 {ref} 的信息")
    return item


def cmd_items_list(app: App) -> int:
    args = app.args
    query = select(Item).order_by(Item.year, Item.seq)
    if args.state:
        query = query.where(Item.state == args.state)
    if args.unit:
        query = query.where(Item.unit == args.unit)
    if args.since:
        query = query.where(Item.received_at >= start_of_day(args.since, app.tz))
    with app.factory()() as session:
        items = session.scalars(query).all()
        if args.json:
            _print_json([item_view(i, app.tz) for i in items])
        else:
            _print_items(items, app.tz)
    return 0


def cmd_items_show(app: App) -> int:
    with app.factory()() as session:
        item = _find_item(session, app.args.number)
        detail = item_detail(item, app.tz)
    if app.args.json:
        _print_json(detail)
        return 0
    print(f"{detail['number']}　{detail['title']}")
    print(f"单位：{detail['unit'] or '（未知发件人）'}　发件人：{detail['sender_name']} <{detail['sender']}>")
    print(f"作者：{'、'.join(detail['authors']) or '—'}")
    print(f"类别：{label(CATEGORY, detail['category'])}"
          + ("（推断）" if detail["category_inferred"] else "")
          + f"　字数：{detail['length'] if detail['length'] is not None else '—'}")
    print(f"收到：{detail['received_at']}　时限：{label(TIMELINESS, detail['timeliness'])}"
          + (f"（截止 {detail['due_at']}）" if detail["due_at"] else ""))
    print(f"状态：{label(STATE, detail['state'])}　分解至：{detail['route'] or '—'}")
    if detail["flags"]:
        print("标记：" + "、".join(label(FLAG, f) for f in detail["flags"]))
    print(f"正文来源：{detail['article_source']}")
    if detail["attachments"]:
        print("附件：")
        for a in detail["attachments"]:
            print(f"  {a['filename']}（{a['size']} 字节，{a['status']}）")
    print("检查结论：")
    for v in detail["verdicts"]:
        print(f"  [{v['check']}] {v['outcome']}")
        for reason in v["reasons"]:
            print(f"      {reason}")
    print("处理记录：")
    for a in detail["audit"]:
        print(f"  {a['at']} {a['actor']} {a['action']} {a['note']}")
    print("\n正文：\n" + detail["text"])
    return 0


# -- parser ----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="govinfo", description="定西市发展改革委政务信息守护进程")
    parser.add_argument("--config", help="配置文件路径（默认 $GOVINFO_CONFIG，否则 ./config.toml）")
    parser.add_argument("--log-level", default="INFO", help="日志级别（默认 INFO）")
    parser.add_argument("--version", action="version", version=f"govinfo {__version__}")
    verbs = parser.add_subparsers(dest="verb", required=True, parser_class=ChineseArgumentParser)

    db = verbs.add_parser("db", help="数据库").add_subparsers(dest="action", required=True)
    db.add_parser("upgrade", help="执行数据库迁移").set_defaults(func=cmd_db_upgrade)

    poll = verbs.add_parser("poll", help="读取一次邮箱")
    poll.add_argument("--once", action="store_true", help="读取一遍后退出")
    poll.add_argument("--since", type=_date, help="早于此日期的邮件记为忽略（before_start）")
    poll.set_defaults(func=cmd_poll)

    verbs.add_parser("run", help="常驻运行").set_defaults(func=cmd_run)

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
    mretry.add_argument("id", type=int, help="邮件记录 id")
    mretry.set_defaults(func=cmd_messages_retry)

    items = verbs.add_parser("items", help="已登记的信息").add_subparsers(
        dest="action", required=True
    )
    ilist = items.add_parser("list", help="列出信息")
    ilist.add_argument("--json", action="store_true")
    ilist.add_argument("--state", choices=sorted(STATE))
    ilist.add_argument("--unit")
    ilist.add_argument("--since", type=_date)
    ilist.set_defaults(func=cmd_items_list)
    ishow = items.add_parser("show", help="查看一条信息")
    ishow.add_argument("number", help="信息编号，如 2026-0001")
    ishow.add_argument("--json", action="store_true")
    ishow.set_defaults(func=cmd_items_show)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except Usage as exc:
        print(exc, file=sys.stderr)
        return 2
    logs.setup(args.log_level.upper())
    app = App(args)
    try:
        return int(args.func(app))
    except Usage as exc:
        print(exc, file=sys.stderr)
        return 2
    except ConfigError as exc:
        print(f"配置错误：{exc.key}：{exc.problem}", file=sys.stderr)
        log.error(logs.kv("config_error", key=exc.key, problem=exc.problem))
        return 2
    except NotMigrated as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except Failure as exc:
        print(str(exc), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
