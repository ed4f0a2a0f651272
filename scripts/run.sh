#!/usr/bin/env bash
# Set up (idempotent) and start vanthu on its embedded defaults:
# SQLite in ./instance, files in ./instance/files, background work inline.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
export VANTHU_INSTANCE_DIR="${VANTHU_INSTANCE_DIR:-$PWD/instance}"
# A fresh database gets the demo office; either way, print how to log in.
vanthu demo --if-empty
exec vanthu serve "$@"
