# One entry point for the chores: run, test, lint, bench.
PY := .venv/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/dialogue
# The port `make run` serves on: `make run PORT=8080`.
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE = 1

.PHONY: setup run demo test test-sqlite test-pg lint format bench bench-pg bench-repeats bench-docx bench-wrk audit

setup:
	@bash scripts/setup.sh

# Sets everything up, loads the sample data into var/dialogue.sqlite3 and serves http://127.0.0.1:$(PORT)
# with the task queue's worker beside it (scripts/run.sh; Ctrl+C stops both).
run: setup
	DEBUG=1 $(PY) manage.py migrate --no-input -v0
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 PORT=$(PORT) bash scripts/run.sh

demo: setup
	DEBUG=1 $(PY) manage.py migrate --no-input -v0
	DEBUG=1 $(PY) manage.py load_demo

# Sets everything up and runs the whole suite (browser tests included) on SQLite.
test: setup test-sqlite

test-sqlite:
	REQUIRE_BROWSER=1 $(PY) -m pytest $(PYTEST_ARGS)

# The same suite on PostgreSQL (server at 127.0.0.1:5432).
test-pg: setup
	DATABASE_URL=$(PG_URL) REQUIRE_BROWSER=1 $(PY) -m pytest $(PYTEST_ARGS)

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: setup
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

bench: setup
	$(PY) bench/run.py $(BENCH_ARGS)

# The benchmarks at full size on PostgreSQL (BENCH_PG_URL names the server; each benchmark
# works in a database of its own, never the app's or the test suite's).
BENCH_PG_URL ?= postgres://postgres@127.0.0.1:5432/bench
bench-pg: setup
	DATABASE_URL=$(BENCH_PG_URL) $(PY) bench/run.py --max 1000000 $(BENCH_ARGS)

# Pages under wrk through gunicorn (2 workers) beside a bare 50-row page, on PostgreSQL (BENCH_PG_URL):
# `make bench-wrk BENCH_ARGS="--size 1000000 --keep"` (also part of `make bench-pg`).
bench-wrk: setup
	DATABASE_URL=$(BENCH_PG_URL) $(PY) bench/wrk.py $(BENCH_ARGS)

# Recall of the repeat suggestions on paraphrased repeats, SQLite beside PostgreSQL (BENCH_PG_URL).
bench-repeats: setup
	$(PY) bench/repeats.py --pg-url $(BENCH_PG_URL) $(BENCH_ARGS)

# A 500-letter invitation batch as .docx beside the PDF route, in the same run (also part of `make bench`).
bench-docx: setup
	$(PY) bench/invitations_docx.py $(BENCH_ARGS)

audit: setup
	$(PY) -m pip_audit --strict -r requirements.txt
