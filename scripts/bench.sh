#!/usr/bin/env bash
# One benchmark from a fresh clone: bash scripts/bench.sh NAME [ARGS...]
# NAME is ingest, latency, soak, parse, score or deps (bench/NAME.py); ARGS go to it, e.g.
#   bash scripts/bench.sh ingest --n 2000 --rounds 3
#   bash scripts/bench.sh soak --n 1000 --kills 30
# Installs what the tests install (Debian packages as root, .venv), then runs the script.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO_ROOT="$(pwd)"
name="${1:-}"
if [[ -z "$name" || ! -f "bench/$name.py" ]]; then
    printf '用法：bash scripts/bench.sh ingest|latency|soak|parse|score|deps [参数...]\n' >&2
    exit 2
fi
shift
# shellcheck source=scripts/setup.sh
source scripts/setup.sh
# the ingest floor reads PDFs with pypdf, as a bare script would (not a govinfo dependency)
"$PY" -c 'import pypdf' 2>/dev/null || "$PY" -m pip install --quiet -e '.[test,bench]'
exec "$PY" "bench/$name.py" "$@"
