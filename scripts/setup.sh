#!/usr/bin/env bash
# Sets up everything a machine of this kind needs: Debian packages (PDF fonts,
# HarfBuzz subsetting, Chromium for browser tests, Redis for the task queue's tests
# on Redis), a virtual environment with
# the pinned requirements. Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
DEBS="fonts-liberation2 libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 chromium poppler-utils redis-server"

missing=""
for pkg in $DEBS; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
if [ -n "$missing" ]; then
  echo "Cài gói hệ thống:$missing"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.requirements.sha256
want=$(cat requirements.txt requirements-dev.txt requirements.lock build-constraints.txt | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/pip install -q --disable-pip-version-check --upgrade pip==25.3
  # xstatic-bootstrap builds with pkg_resources, which setuptools 81 dropped.
  # requirements.lock pins the transitive packages too, so a clean clone gets what CI ran.
  PIP_CONSTRAINT=build-constraints.txt .venv/bin/pip install -q --disable-pip-version-check \
    -r requirements-dev.txt -c requirements.lock
  echo "$want" > "$stamp"
fi
mkdir -p var
