#!/usr/bin/env bash
# Install everything the tests need (apt + pip, idempotent) and run the whole suite:
# every store test on SQLite and on a real PostgreSQL server started for the run,
# background jobs inline and through a real Redis + Celery worker, browser tests in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
export OMP_THREAD_LIMIT=1
export HOME="$(mktemp -d)"   # LibreOffice, playwright and others write under $HOME
exec python3 -m pytest -n 2 --dist loadgroup "$@"
