"""The `govinfo` command (CONTRACT.md): thin over the modules that do the work.

Exit status: 0 done; 1 the operation failed (the message says why); 2 bad usage or config.
Messages to people are Chinese; --json output keeps the contract's English keys.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Sequence

from daemon import __version__, commands, logs
from daemon.actions.base import Invalid, Refusal
from daemon.commands import App, Failure, Usage
from daemon.config import ConfigError
from daemon.db import NotMigrated

log = logging.getLogger("govinfo")


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise Usage(f"用法错误：{message}（运行 govinfo --help 查看帮助）")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="govinfo", description="定西市发展改革委政务信息守护进程")
    parser.add_argument("--config", help="配置文件路径（默认 $GOVINFO_CONFIG，否则 ./config.toml）")
    parser.add_argument("--log-level", help="日志级别（默认 INFO；demo 默认 WARNING）")
    parser.add_argument("--version", action="version", version=f"govinfo {__version__}")
    verbs = parser.add_subparsers(dest="verb", required=True, parser_class=ChineseArgumentParser)
    for module in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"daemon.commands.{module.name}").register(verbs)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except Usage as exc:
        print(exc, file=sys.stderr)
        return 2
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
    finally:
        app.close()


if __name__ == "__main__":
    sys.exit(main())
