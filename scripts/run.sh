#!/usr/bin/env bash
# `make run`: the task queue's worker beside the web server, one command; Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
# -f: free the batch slot a worker killed earlier on this machine may still hold.
"$PY" manage.py run_huey --flush-locks &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT INT TERM
"$PY" manage.py runserver "127.0.0.1:${PORT:-8000}"
