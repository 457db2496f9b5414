#!/usr/bin/env bash
# The one test command: bash scripts/test.sh
#
# 1. As root, installs the Debian packages the tests need (skipped when all are there);
#    as another user, says which ones to install and goes on (those tests are skipped).
# 2. Creates .venv and installs the package with its test extras when pyproject changed.
# 3. ruff check ., and lint-imports (the layers contract in pyproject.toml); then the wheel,
#    installed into a fresh venv and run (scripts/install-check.sh; skipped when arguments
#    for pytest are given).
# 3c. The OCR reading evaluation: the held-out half of the seeded photographed pages against
#    its floors (python -m tests.evidence.measure --floors; skipped with pytest arguments).
# 4. Starts a throwaway PostgreSQL on 127.0.0.1 and runs the database tests (-m db) on it.
# 5. Runs the whole suite on SQLite (last, so the run ends on the full suite's summary).
# Both pytest runs use pytest-xdist, one worker per core up to 4 (GOVINFO_TEST_WORKERS to change),
# a module's tests on one worker (their module fixtures are built once).
# Every step runs even when an earlier one failed; the exit status is 1 if any failed.
# Extra arguments go to both pytest runs, e.g. bash scripts/test.sh -x -k imap
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO_ROOT="$(pwd)"

# shellcheck source=scripts/setup.sh
source scripts/setup.sh

FAILED=()

# ---- 3. lint -------------------------------------------------------------------------
say "ruff check ."
if ! "$VENV/bin/ruff" check .; then
    FAILED+=("ruff check")
fi
say "lint-imports（分层约定，见 pyproject.toml）"
if ! "$VENV/bin/lint-imports" --no-cache; then
    FAILED+=("lint-imports")
fi

# ---- 3b. installed like real software -------------------------------------------------
# a targeted run (arguments for pytest) skips it: it takes a minute or more
if (($# == 0)); then
    say "安装检查：构建 wheel，装入全新虚拟环境，运行 init、db upgrade、demo、run 和各命令的 --help"
    if ! PY="$PY" bash scripts/install-check.sh; then
        FAILED+=("安装检查（scripts/install-check.sh）")
    fi
else
    say "指定了测试参数，跳过安装检查（单独运行：bash scripts/install-check.sh）"
fi

# ---- 3c. OCR reading evaluation --------------------------------------------------------
if (($# == 0)) && ! command -v tesseract >/dev/null 2>&1; then
    say "未找到 Tesseract（需要 Debian 软件包 tesseract-ocr-chi-sim），跳过识读准确率评估"
elif (($# == 0)); then
    say "识读准确率评估：留出的一半照片页对照下限（python -m tests.evidence.measure --floors）"
    if ! "$PY" -m tests.evidence.measure --floors; then
        FAILED+=("识读准确率评估（tests/evidence/measure.py）")
    fi
fi

# one worker per core, at most 4: each test starts its own Dovecot, SMTP trap and LibreOffice
CORES="$(nproc)"
WORKERS=(-n "${GOVINFO_TEST_WORKERS:-$((CORES < 4 ? CORES : 4))}" --dist loadscope)

# ---- 4. PostgreSQL leg ---------------------------------------------------------------
PG_DIR=""
PG_BIN=""
cleanup() {
    if [[ -n "$PG_DIR" && -d "$PG_DIR" ]]; then
        if [[ -f "$PG_DIR/data/postmaster.pid" ]]; then
            run_as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
        fi
        rm -rf "$PG_DIR"
    fi
}
trap cleanup EXIT

run_as_pg() {
    # initdb and postgres refuse to run as root: use Debian's postgres account
    if [[ "$(id -u)" == 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start_postgres() {
    PG_BIN="$(pg_bindir)"
    PG_DIR="$(mktemp -d -t govinfo-pg.XXXXXX)"
    chmod 0755 "$PG_DIR"
    mkdir "$PG_DIR/data" "$PG_DIR/socket"
    if [[ "$(id -u)" == 0 ]]; then
        chown -R postgres:postgres "$PG_DIR"
    fi
    PG_PORT="$(free_port)"
    run_as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U govinfo -E UTF8 --locale=C.UTF-8 \
        >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; return 1; }
    # durability off: the cluster lives for one test run
    run_as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories=$PG_DIR/socket -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        >/dev/null || { cat "$PG_DIR/server.log" >&2; return 1; }
    # (inside `if start_postgres` set -e is off, so each step returns on failure itself)
    run_as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U govinfo govinfo || return 1
    export GOVINFO_PG_URL="postgresql+psycopg://govinfo@127.0.0.1:$PG_PORT/govinfo"
}

if ((HAVE_POSTGRES)); then
    say "启动临时 PostgreSQL"
    if start_postgres; then
        say "PostgreSQL 就绪：$GOVINFO_PG_URL；运行数据库测试（pytest -m db）"
        set +e
        GOVINFO_TEST_DATABASE_URL="$GOVINFO_PG_URL" "$PY" -m pytest -q "${WORKERS[@]}" -m db "$@"
        rc=$?
        set -e
        # 5: no database test collected (e.g. with -k): not a failure of this leg
        if ((rc != 0 && rc != 5)); then
            FAILED+=("pytest -m db (PostgreSQL)")
        fi
        run_as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    else
        FAILED+=("PostgreSQL 启动")
    fi
else
    say "未找到 PostgreSQL（需要 Debian 软件包 postgresql），跳过 PostgreSQL 数据库测试"
fi

# ---- 5. whole suite on SQLite ----------------------------------------------------------
say "运行全部测试（SQLite）"
set +e
env -u GOVINFO_TEST_DATABASE_URL "$PY" -m pytest -q "${WORKERS[@]}" "$@"
rc=$?
set -e
if ((rc != 0)); then
    FAILED+=("pytest（全部测试，SQLite）")
fi

if ((${#FAILED[@]} > 0)); then
    say "失败的步骤：${FAILED[*]}"
    exit 1
fi
