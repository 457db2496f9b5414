#!/usr/bin/env bash
# The demo: bash scripts/demo.sh [--dir DIR]
# Runs the whole job on the bundled sample inbox (examples/demo-inbox) with an embedded
# SQLite database; needs no server and no Debian package.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

VENV=.venv
if [[ ! -x "$VENV/bin/python" ]]; then
    printf '==> %s\n' "创建虚拟环境 .venv" >&2
    python3 -m venv "$VENV"
fi
if [[ ! -x "$VENV/bin/govinfo" ]] || ! "$VENV/bin/python" -c 'import daemon' 2>/dev/null; then
    printf '==> %s\n' "安装 govinfo（pip install -e .）" >&2
    "$VENV/bin/python" -m pip install --quiet -e .
fi

exec "$VENV/bin/govinfo" demo "$@"
