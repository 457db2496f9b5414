#!/usr/bin/env bash
# The one test command: bash scripts/test.sh
#
# 1. As root, installs the Debian packages the tests need (skipped when all are there);
#    as another user, says which ones to install and goes on (those tests are skipped).
# 2. Creates .venv and installs the package with its test extras when pyproject changed.
# 3. ruff check .
# 4. Starts a throwaway PostgreSQL on 127.0.0.1 and runs the database tests (-m db) on it.
# 5. Runs the whole suite on SQLite (last, so the run ends on the full suite's summary).
# Every step runs even when an earlier one failed; the exit status is 1 if any failed.
# Extra arguments go to both pytest runs, e.g. bash scripts/test.sh -x -k imap
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO_ROOT="$(pwd)"

say() { printf '==> %s\n' "$*" >&2; }

# ---- 1. Debian packages --------------------------------------------------------------
APT_PACKAGES=(dovecot-imapd postgresql libreoffice-writer-nogui fonts-noto-cjk poppler-utils antiword catdoc chromium chromium-driver)

pg_bindir() {
    # the newest installed server (Debian 12 ships 15); empty when none
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
        printf '%s\n' "$dir"
    fi
}

have_fonts() {
    dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'install ok installed'
}

have_dovecot() {
    [[ -x /usr/sbin/dovecot ]] && command -v doveadm >/dev/null 2>&1
}

missing_packages() {
    # check the command the tests run rather than the package name: that is what a
    # test needs, and it is found however it was installed (fonts have no command)
    local missing=()
    have_dovecot || missing+=(dovecot-imapd)
    [[ -n "$(pg_bindir)" ]] || missing+=(postgresql)
    command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
    have_fonts || missing+=(fonts-noto-cjk)
    command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
    command -v antiword >/dev/null 2>&1 || missing+=(antiword)
    command -v catdoc >/dev/null 2>&1 || missing+=(catdoc)
    command -v openssl >/dev/null 2>&1 || missing+=(openssl)
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
    if ((${#missing[@]} > 0)); then
        printf '%s\n' "${missing[@]}"
    fi
}

mapfile -t MISSING < <(missing_packages)
if ((${#MISSING[@]} > 0)); then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
        say "安装测试所需的 Debian 软件包：${MISSING[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update
        # the full list, not just the missing ones, keeps every run's install identical
        apt-get install -y --no-install-recommends "${APT_PACKAGES[@]}" openssl
        mapfile -t MISSING < <(missing_packages)
        if ((${#MISSING[@]} > 0)); then
            say "安装后仍缺少：${MISSING[*]}，相关测试将失败或被跳过"
        fi
    else
        say "缺少以下 Debian 软件包，相关测试将被跳过：${MISSING[*]}"
        say "请以 root 身份安装：apt-get install -y --no-install-recommends ${APT_PACKAGES[*]}"
    fi
fi

# antiword/catdoc print "?" for Chinese without a UTF-8 locale, and CI may start with
# none: give every run the same one unless the caller chose
export LANG="${LANG:-C.UTF-8}"

# the IMAP and PostgreSQL legs must not silently skip where the servers are installed
HAVE_POSTGRES=0
if [[ -n "$(pg_bindir)" ]]; then
    HAVE_POSTGRES=1
fi
if have_dovecot && command -v openssl >/dev/null 2>&1; then
    export GOVINFO_REQUIRE_SERVERS=1
else
    unset GOVINFO_REQUIRE_SERVERS
fi

# ---- 2. virtual environment ----------------------------------------------------------
VENV="$REPO_ROOT/.venv"
PY="$VENV/bin/python"
if [[ ! -x "$PY" ]]; then
    say "创建虚拟环境 .venv"
    python3 -m venv "$VENV"
fi
# reinstall only when pyproject.toml changed: a no-op pip run still costs seconds
STAMP="$VENV/.govinfo-test-install"
WANT="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [[ ! -f "$STAMP" || "$(cat "$STAMP")" != "$WANT" ]] || ! "$PY" -c 'import daemon, pytest, aiosmtpd' 2>/dev/null; then
    say "安装 govinfo 及测试依赖（pip install -e '.[test]'）"
    "$PY" -m pip install --quiet -e '.[test]'
    printf '%s\n' "$WANT" >"$STAMP"
fi

FAILED=()

# ---- 3. lint -------------------------------------------------------------------------
say "ruff check ."
if ! "$VENV/bin/ruff" check .; then
    FAILED+=("ruff check")
fi

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
        GOVINFO_TEST_DATABASE_URL="$GOVINFO_PG_URL" "$PY" -m pytest -q -m db "$@"
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
env -u GOVINFO_TEST_DATABASE_URL "$PY" -m pytest -q "$@"
rc=$?
set -e
if ((rc != 0)); then
    FAILED+=("pytest（全部测试，SQLite）")
fi

if ((${#FAILED[@]} > 0)); then
    say "失败的步骤：${FAILED[*]}"
    exit 1
fi
