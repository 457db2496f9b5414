#!/usr/bin/env bash
# Install govinfo the way an operator does and run it from there (issue 16, section 5):
# build the wheel, pip install it into a fresh virtual environment outside the checkout,
# and from a directory that is not the checkout run: init, db upgrade, demo, `run` until
# its console answers (then SIGTERM), and --help of every verb and sub-verb.
# Called by scripts/test.sh; runs alone too: bash scripts/install-check.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO_ROOT="$(pwd)"
PY="${PY:-$REPO_ROOT/.venv/bin/python}"
say() { printf '==> %s\n' "$*" >&2; }

WORK="$(mktemp -d -t govinfo-install.XXXXXX)"
RUN_PID=""
cleanup() {
    if [[ -n "$RUN_PID" ]] && kill -0 "$RUN_PID" 2>/dev/null; then
        kill -TERM "$RUN_PID" 2>/dev/null || true
        wait "$RUN_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
# the commands' own log lines go here, and are shown when a step fails
LOG="$WORK/install-check.log"
trap 'say "失败于第 $LINENO 行；日志："; tail -n 40 "$LOG" >&2' ERR

say "构建 wheel"
"$PY" -m pip wheel --no-deps --quiet -w "$WORK/dist" "$REPO_ROOT"
WHEEL="$(ls "$WORK"/dist/govinfo-*.whl)"
say "安装到全新的虚拟环境：$WORK/venv"
# without its own pip (ensurepip costs more than the rest): the checkout's pip installs into it
python3 -m venv --without-pip "$WORK/venv"
"$PY" -m pip --python "$WORK/venv/bin/python" install --quiet "$WHEEL"

cd "$WORK"  # nothing of the checkout is on the path or in the working directory
G="$WORK/venv/bin/govinfo"
if ! "$WORK/venv/bin/python" -c 'import daemon, sys; sys.exit(daemon.__file__.startswith(sys.argv[1]))' "$REPO_ROOT"; then
    say "安装检查失败：govinfo 仍从源码目录导入"; exit 1
fi

say "govinfo init / db upgrade"
"$G" init site >/dev/null 2>>"$LOG"
"$G" --config site/config.toml db upgrade >/dev/null 2>>"$LOG"

say "govinfo demo"
"$G" demo --dir demo >demo.txt 2>>"$LOG"
grep -q "年度考核通报：" demo.txt || { cat demo.txt; say "demo 没有生成年度考核通报"; exit 1; }

say "govinfo run（控制台应答后以 SIGTERM 停止）"
PORT="$("$WORK/venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
# no mailbox and a refusing SMTP port: the check never leaves 127.0.0.1
cat >run.toml <<TOML
[database]
url = "sqlite:///var/govinfo.sqlite3"
[storage]
dir = "var/store"
[smtp]
host = "127.0.0.1"
port = 1
tls = "none"
TOML
"$G" --config run.toml db upgrade >/dev/null 2>>"$LOG"
GOVINFO_WEB_PORT="$PORT" "$G" --config run.toml run 2>>"$LOG" &
RUN_PID=$!
"$WORK/venv/bin/python" - "$PORT" <<'PY'
import sys, time, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/login"
for _ in range(120):
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            body = answer.read().decode("utf-8")
        break
    except OSError:
        time.sleep(0.5)
else:
    sys.exit("the console did not answer")
if "登录" not in body:
    sys.exit("the login page did not render")
PY
kill -TERM "$RUN_PID"
if ! wait "$RUN_PID"; then
    say "govinfo run 收到 SIGTERM 后没有正常退出"; exit 1
fi
RUN_PID=""

say "每个命令的 --help"
# in one process of the installed package: 45 interpreter starts cost more than the rest
COUNT="$("$WORK/venv/bin/python" - 2>>"$LOG" <<'PY'
import argparse, contextlib, io, sys
from daemon.cli import build_parser, main

def subs(parser):
    return next((a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction)), {})

verbs = [[name, *([sub] if sub else [])] for name, parser in subs(build_parser()).items()
         for sub in ([None, *subs(parser)])]
for verb in verbs:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            main([*verb, "--help"])
        except SystemExit as exit:
            code = exit.code
    if code != 0 or "govinfo" not in out.getvalue():
        sys.exit(f"govinfo {' '.join(verb)} --help failed ({code})")
print(len(verbs))
PY
)"
say "安装检查通过：$(basename "$WHEEL")：init、db upgrade、demo、run，和全部 $COUNT 个命令的 --help"
