"""Verbs for the working-day calendar: `calendar import FILE|-`, `calendar show YEAR`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from daemon.commands import App, Failure, Usage, add_by, print_json

HEADERS = ["节日", "放假日期", "天数", "调休上班"]


def table(view: dict[str, Any]) -> str:
    from daemon.table import render

    rows = [[f["festival"], f["span"], f["days"], f["makeup"] or "—"] for f in view["festivals"]]
    return render(HEADERS, rows)


def _notice_text(name: str) -> str:
    """The notice from a file or stdin, in whatever encoding Notepad or WPS saved it."""
    from daemon.parsing.charsets import decode_text_file

    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        raise Failure(f"无法读取文件 {name}：{exc.strerror}") from exc
    return decode_text_file(data)[0]


def _confirmed(question: str, stdin_taken: bool) -> bool:
    """The operator's yes; the terminal is asked when stdin carried the notice itself."""
    if not stdin_taken:
        try:
            return input(question).strip().lower() in ("y", "yes", "是")
        except EOFError:
            print()
            return False
    try:
        with open("/dev/tty", "r+", encoding="utf-8") as tty:
            tty.write(question)
            tty.flush()
            return tty.readline().strip().lower() in ("y", "yes", "是")
    except OSError as exc:
        raise Usage("用法错误：从标准输入读取通知时无法再询问确认，请加 --yes") from exc


def cmd_import(app: App) -> int:
    from daemon.actions import calendar
    from daemon.db import transaction

    text = _notice_text(app.args.file)
    with app.factory()() as session:
        seen = calendar.preview(session, app.settings, app.actor, text=text)
    print(table(seen.data))
    print(seen.message)
    if not app.args.yes and not _confirmed("确认导入？[y/N] ", app.args.file == "-"):
        print("未导入。")
        return 1
    with transaction(app.factory()) as session:
        done = calendar.store(session, app.settings, app.actor, text=text)
    print(done.message)
    return 0


def cmd_show(app: App) -> int:
    from daemon.actions import calendar

    with app.factory()() as session:
        known = calendar.describe(session, app.settings, year=app.args.year)
    if app.args.json:
        print_json(known.data)
        return 0
    print(known.message)
    if known.data["festivals"]:
        print(table(known.data))
    config = known.data["config"]
    for key, word in (("holidays", "放假"), ("workdays", "上班")):
        if config[key]:
            print(f"配置文件 [calendar] 另定{word}：" + "、".join(config[key]))
    return 0


def register(verbs: argparse._SubParsersAction) -> None:
    parser = verbs.add_parser("calendar", help="工作日历：导入国务院办公厅节假日安排通知")
    actions = parser.add_subparsers(dest="action", required=True)
    importing = actions.add_parser("import", help="从通知全文导入一年的放假和调休上班日期")
    importing.add_argument("file", help="通知全文的文本文件；- 表示从标准输入读取")
    importing.add_argument("--yes", action="store_true", help="不询问，直接导入")
    add_by(importing)
    importing.set_defaults(func=cmd_import)
    show = actions.add_parser("show", help="某一年的放假和调休上班日期")
    show.add_argument("year", type=int)
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_show)
