# Sourced by scripts/test.sh and scripts/bench.sh from the repository root (REPO_ROOT set):
# installs the Debian packages the tests and benchmarks need (as root), sets a UTF-8
# locale, and creates .venv with govinfo and its test extras. Defines say, pg_bindir,
# have_dovecot, HAVE_POSTGRES, VENV and PY for the caller.

say() { printf '==> %s\n' "$*" >&2; }

# ---- 1. Debian packages --------------------------------------------------------------
APT_PACKAGES=(dovecot-imapd postgresql libreoffice-writer-nogui fonts-noto-cjk poppler-utils antiword catdoc chromium chromium-driver
              tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-chi-sim-vert)

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
    # adoption evidence is read with Tesseract's simplified Chinese models (daemon/parsing/ocr.py)
    command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
    [[ -f /usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata ]] || missing+=(tesseract-ocr-chi-sim)
    [[ -f /usr/share/tesseract-ocr/5/tessdata/chi_sim_vert.traineddata ]] || missing+=(tesseract-ocr-chi-sim-vert)
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
