#!/usr/bin/env bash
# A production install from requirements.txt alone (no dev requirements), checked: a fresh virtual
# environment, the same pins and build constraints as scripts/setup.sh, then scripts/production_smoke.py
# with its interpreter (DEBUG=0: import every module, print a batch of 60 letters on the default route).
# Fails when production code imports a package that requirements.txt does not pin.
#   PROD_VENV  where the environment is built (default: a temporary folder, removed afterwards)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
venv=${PROD_VENV:-}
if [ -z "$venv" ]; then
  venv=$(mktemp -d -t dialogue-prod-venv-XXXXXX)
  trap 'rm -rf "$venv"' EXIT
fi
rm -rf "$venv"
"$PYTHON" -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check --upgrade pip==25.3
PIP_CONSTRAINT=build-constraints.txt "$venv/bin/pip" install -q --disable-pip-version-check \
  -r requirements.txt -c requirements.lock
# Nothing of the development environment may leak in.
unset PYTHONPATH DJANGO_SETTINGS_MODULE DATABASE_URL
"$venv/bin/python" scripts/production_smoke.py
