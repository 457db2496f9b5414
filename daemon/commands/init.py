"""``govinfo init DIR``: a starter installation: the config, its folders, a secrets file.

The config is the bundled example (Chinese comments on every key, the commission's
roster with placeholder people) with a header saying what to fill in and the mailbox's
``since`` set to today, so the first run does not answer years of old mail. Nothing that
exists is overwritten.
"""

from __future__ import annotations

import argparse
import os
import re
from datetime import date
from pathlib import Path

from daemon.commands import App, Failure

HEADER = """# govinfo 配置 —— 定西市发展和改革委员会政务信息报送与考核（由 govinfo init 生成）
#
# 启用前请逐项核对：
#   1. [[mailboxes]] 与 [smtp]：办公室 126 邮箱地址；授权码放在同目录的 govinfo.env 中（见该文件）。
#   2. since：早于此日期的旧邮件只记为“忽略”，不登记、不回复；默认是生成本文件的当天。
#   3. [[leaders]] 与 [[units]]：把“（示例）”人员和 example.org 邮箱换成真实的名册，
#      然后运行 govinfo --config 本文件 roster check。
#   4. govinfo --config 本文件 db upgrade，再 govinfo --config 本文件 run。
# 相对路径以本文件所在目录为准。密码（邮箱授权码）绝不写在本文件中。
"""

SECRETS = """# govinfo 的密钥（systemd 的 EnvironmentFile、docker run --env-file 都读这种格式）。
# 只有 govinfo 用户可读（权限 0600）。去掉行首的 # 并填入网易邮箱的“客户端授权码”
# （网页邮箱：设置 → POP3/SMTP/IMAP → 开启 IMAP/SMTP 服务 → 新增授权密码），不是登录密码。
# GOVINFO_IMAP_PASSWORD=
# GOVINFO_SMTP_PASSWORD=
# 网页控制台会话签名密钥（可选；不设置时在存储目录中自动生成）：
# GOVINFO_WEB_SECRET=
"""

_SINCE = re.compile(r'^since = "\d{4}-\d{2}-\d{2}"', re.MULTILINE)


def starter_config(today: date) -> str:
    from daemon.paths import EXAMPLE_CONFIG

    example = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    body = example.split("\n\n", 1)[1]  # the example's own header says "copy me"
    return HEADER + "\n" + _SINCE.sub(f'since = "{today.isoformat()}"', body, count=1)


def _write_new(path: Path, text: str, mode: int) -> bool:
    """Write ``text`` to a file that does not exist yet; False when it does."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    return True


def cmd_init(app: App) -> int:
    from daemon.config import load_settings
    from daemon.timeutil import local, utcnow

    directory = Path(app.args.dir).resolve()
    config = directory / "config.toml"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        today = local(utcnow(), "Asia/Shanghai").date()
        if not _write_new(config, starter_config(today), 0o640):
            raise Failure(f"{config} 已存在，未覆盖（要重新生成请先移走它）")
        settings = load_settings(config)
        folders = [settings.storage_dir]
        if settings.database_url.startswith("sqlite:///"):
            folders.append(Path(settings.database_url.removeprefix("sqlite:///")).parent)
        folders = sorted(set(folders), key=lambda p: len(p.parts))  # a parent before its child
        for folder in folders:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        secrets = directory / "govinfo.env"
        wrote_secrets = _write_new(secrets, SECRETS, 0o600)
    except OSError as exc:
        raise Failure(f"无法在 {directory} 中创建文件：{exc.strerror}") from exc
    print(f"已生成配置：{config}")
    for folder in folders:
        print(f"已建立目录：{folder}")
    print(f"{'已生成' if wrote_secrets else '保留已有的'}密钥文件：{secrets}（权限 0600）")
    print("下一步：")
    print(f"  1. 编辑 {config}：邮箱、名册（见文件开头的说明）；在 {secrets} 中填写客户端授权码")
    print(f"  2. govinfo --config {config} roster check")
    print(f"  3. govinfo --config {config} db upgrade")
    print(f"  4. govinfo --config {config} run（或用 systemd：见 docs/部署指南.md）")
    return 0


def register(verbs: argparse._SubParsersAction) -> None:
    init = verbs.add_parser("init", help="生成起步配置、数据目录和密钥文件")
    init.add_argument("dir", help="安装目录，如 /etc/govinfo 或 ./govinfo")
    init.set_defaults(func=cmd_init)
