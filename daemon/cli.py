"""The `govinfo` command (CONTRACT.md): thin over the modules that do the work.

Exit status: 0 done; 1 the operation failed (the message says why); 2 bad usage or config;
141 the reader of the output went away (a closed pipe), as for a program ended by SIGPIPE.
Messages to people are Chinese; --json output keeps the contract's English keys.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import pkgutil
import sys
from collections.abc import Sequence

from daemon import __version__, commands, logs
from daemon.actions.base import Invalid, Refusal
from daemon.commands import App, Failure, Usage

log = logging.getLogger("govinfo")


# argparse's own words (usage, headings, its error messages), in Chinese: argparse looks each
# up through its module's gettext ``_``, which is this table's lookup once ``speak_chinese`` ran
ARGPARSE_TEXT = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项：%(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "需要一个值",
    "expected at most one argument": "至多一个值",
    "expected at least one argument": "至少一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 中必须给出一个",
    "ignored explicit argument %r": "多余的参数值 %r",
    "unexpected option string: %s": "意外的选项：%s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
}


def speak_chinese() -> None:
    argparse._ = lambda text: ARGPARSE_TEXT.get(text, text)  # type: ignore[attr-defined]
    argparse.ngettext = lambda one, many, n: ARGPARSE_TEXT.get(one if n == 1 else many,  # type: ignore[attr-defined]
                                                               one if n == 1 else many)


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise Usage(f"用法错误：{message}（运行 govinfo --help 查看帮助）")


def build_parser() -> argparse.ArgumentParser:
    speak_chinese()
    parser = ChineseArgumentParser(prog="govinfo", description="定西市发展改革委政务信息守护进程")
    parser.add_argument("--config", help="配置文件路径（默认 $GOVINFO_CONFIG，否则 ./config.toml）")
    parser.add_argument("--log-level", help="日志级别（默认 INFO；demo 默认 WARNING）")
    parser.add_argument("--version", action="version", version=f"govinfo {__version__}",
                        help="显示版本并退出")
    verbs = parser.add_subparsers(dest="verb", required=True, parser_class=ChineseArgumentParser,
                                  title="命令", metavar="命令")
    for module in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"daemon.commands.{module.name}").register(verbs)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # raw mail, the database and the documents are the office's alone: 0600 files, 0700 folders
    previous = os.umask(0o077)
    try:
        try:
            return _main(argv)
        finally:
            sys.stdout.flush()  # a closed pipe shows here, not as noise at the interpreter's exit
    except BrokenPipeError:
        # the reader went away (`govinfo items show N | head`): not a failure to report with a
        # traceback. Further writes, and the flush at exit, go nowhere; 141 is what a process
        # ended by SIGPIPE reports to the shell.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    finally:
        os.umask(previous)


def _database_failure(app: App, exc: Exception) -> int | None:
    """A database that cannot be used: one Chinese line, the precise error in the log."""
    from daemon.db import unusable

    found = unusable(app.settings.database_url, exc) if app.has_settings else None
    if found is None:
        return None
    line, detail = found
    print(line, file=sys.stderr)
    log.error(logs.kv("database_unusable", error=detail[:500]))
    return 1


def _main(argv: Sequence[str] | None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except Usage as exc:
        print(exc, file=sys.stderr)
        return 2
    # imported once a verb is to run: --version and --help answer without pydantic or SQLAlchemy
    from daemon.config import ConfigError
    from daemon.db import NotMigrated

    # the demo's own printout is what a newcomer reads; its per-message log lines are noise
    logs.setup((args.log_level or ("WARNING" if args.verb == "demo" else "INFO")).upper())
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
    except Invalid as exc:
        print(f"用法错误：{exc.message}", file=sys.stderr)
        return 2
    except Refusal as exc:
        print(exc.message, file=sys.stderr)
        return 1
    except (NotMigrated, Failure) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except Exception as exc:
        code = _database_failure(app, exc)
        if code is None:
            raise
        return code
    finally:
        app.close()


if __name__ == "__main__":
    sys.exit(main())
