"""`govinfo backup [--out DIR]` and `govinfo restore ARCHIVE --into DIR` (daemon/backup.py).

Additions to CONTRACT.md: ``backup`` writes into ``backup.dir`` unless ``--out`` is given
and keeps every archive (the scheduled job prunes to ``backup.keep``); ``restore`` takes
``--database-url URL``, an empty PostgreSQL database, when the archive holds a pg_dump.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from daemon.commands import App, Failure


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def cmd_backup(app: App) -> int:
    from daemon.backup import BackupError, backup

    settings = app.settings
    out = Path(app.args.out) if app.args.out else settings.resolve(settings.backup.dir)
    try:
        made = backup(settings, settings.config_file, out)
    except BackupError as exc:
        raise Failure(f"备份失败：{exc}") from exc
    print(f"已备份：{made.path}（数据库 {made.database}，{made.files} 个文件，{_size(made.bytes)}）")
    return 0


def cmd_restore(app: App) -> int:
    from daemon.backup import BackupError, restore
    from daemon.config import config_path, load_settings

    args = app.args
    into = Path(args.into)
    # the operator's config, when there is one, names pg_restore; a restore needs none
    path = config_path(args.config)
    settings = load_settings(path) if path.exists() else None
    try:
        made = restore(Path(args.archive), into, settings, args.database_url)
    except BackupError as exc:
        raise Failure(f"恢复失败：{exc}") from exc
    print(f"已恢复到 {made.path}：{made.files} 个文件均与清单校验一致")
    print(f"使用恢复的数据：govinfo --config {made.path / 'config.toml'} items list")
    return 0


def register(verbs: argparse._SubParsersAction) -> None:
    make = verbs.add_parser("backup", help="备份数据库和存储目录（原始邮件、附件、文档）")
    make.add_argument("--out", help="备份文件存放的文件夹（默认 backup.dir）")
    make.set_defaults(func=cmd_backup)
    back = verbs.add_parser("restore", help="把备份恢复到一个新的文件夹")
    back.add_argument("archive", help="备份文件（govinfo-backup-….tar.gz）")
    back.add_argument("--into", required=True, help="新的空文件夹")
    back.add_argument("--database-url", help="PostgreSQL 备份恢复到的空数据库")
    back.set_defaults(func=cmd_restore)
