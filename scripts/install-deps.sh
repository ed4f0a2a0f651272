#!/usr/bin/env bash
# Install what vanthu needs on Debian (root): system packages and the Python package.
# Idempotent: packages already present are not fetched again.
#   scripts/install-deps.sh          runtime (LibreOffice for PDF, Tesseract for OCR, fonts)
#   scripts/install-deps.sh --test   + PostgreSQL, Redis, Chromium and the test extras
set -euo pipefail
cd "$(dirname "$0")/.."

APT_RUNTIME="libreoffice-writer-nogui fonts-liberation2 tesseract-ocr tesseract-ocr-vie poppler-utils"
APT_TEST="postgresql redis-server chromium chromium-driver"
PIP_EXTRA=""
want="$APT_RUNTIME"
if [ "${1:-}" = "--test" ]; then want="$want $APT_TEST"; PIP_EXTRA="[test]"; fi

missing=""
for p in $want; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi
  echo "Cài gói hệ thống:$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

python3 -m pip install -q --disable-pip-version-check -e ".${PIP_EXTRA}" 2>&1 | grep -v -e "Running pip as the 'root' user" -e "is ignored: it is neither" || true
