"""The task queue with a real worker process (`manage.py run_huey`), on SQLite and on Redis.

Each run works in a database of its own (a SQLite file under a temporary VAR_DIR, migrated
once): the worker is another process, and the test suite's in-memory database is invisible
to it. A batch print is queued from the web side; the worker is killed in the middle of it
(SIGKILL: no cleanup at all); a new worker finds the job of its dead predecessor, renders it
again from the start and finishes it: one file, status done, no second job.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: A Redis database of its own, so that nothing of another user of the server is touched.
REDIS_URL = os.environ.get("TEST_TASK_QUEUE_REDIS_URL", "redis://127.0.0.1:6379/12")

SETUP = """
from django.db import transaction
from tests.factories import CommuneFactory, PlanFactory, SessionFactory, StateIssuerFactory, VillageFactory, aware
from tests.sessions_app.factories import ParticipantFactory
from sessions_app.participants import session_document_take
from sessions_app.printing import print_job_start
commune = CommuneFactory(name="Lộc Thành")
village = VillageFactory(commune=commune, name="1")
plan = PlanFactory(commune=commune, issuer=StateIssuerFactory(commune=commune), signer_title="CHỦ TỊCH")
session = SessionFactory(plan=plan, villages=[village], starts_at=aware(2025, 11, 20, 8, 0), venue="Hội trường")
ParticipantFactory.create_batch(400, session=session, village=village)
doc = session_document_take(session=session, kind="GM")
with transaction.atomic():
    job = print_job_start(session=session, document=doc, filters={}, with_qr=True)
print(job.pk)
"""

STATE = """
import json
from sessions_app.models import PrintJob
print(json.dumps([{"status": j.status, "done": j.done, "attempts": j.attempts, "path": j.path, "worker": j.worker}
                  for j in PrintJob.objects.order_by("pk")]))
"""


def _env(var_dir, queue_url):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TASK_QUEUE_IMMEDIATE")}
    env.update(DEBUG="1", VAR_DIR=str(var_dir), TASK_QUEUE_URL=queue_url, DJANGO_SETTINGS_MODULE="dialogue.settings")
    env["TASK_QUEUE_NAME"] = f"dialogue-test-{os.getpid()}"
    return env


def _manage(env, *args, code=None):
    command = [sys.executable, "manage.py", *args] + (["-c", code] if code else [])
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _worker(env):
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_huey", "--workers", "1", "--flush-locks"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _jobs(env):
    return json.loads(_manage(env, "shell", code=STATE).strip().splitlines()[-1])


def _wait(env, condition, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        jobs = _jobs(env)
        if condition(jobs):
            return jobs
        time.sleep(0.3)
    raise AssertionError(f"timed out: {jobs}")


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """One migrated database, copied for each run."""
    var_dir = tmp_path_factory.mktemp("worker-var")
    _manage(_env(var_dir, ""), "migrate", "--no-input", "-v0")
    return var_dir / "dialogue.sqlite3"


def _redis_up():
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
        return True
    except Exception:
        return False


@pytest.mark.parametrize("queue", ["sqlite", "redis"])
def test_a_killed_worker_leaves_a_batch_that_the_next_worker_finishes(queue, migrated, tmp_path):
    if queue == "redis" and not _redis_up():
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {REDIS_URL} (.ci/run starts it)")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    shutil.copy(migrated, tmp_path / "dialogue.sqlite3")
    env = _env(tmp_path, REDIS_URL if queue == "redis" else "")
    if queue == "redis":
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"huey.*{env['TASK_QUEUE_NAME']}*"):
            client.delete(key)
    _manage(env, "shell", code=SETUP)
    assert [j["status"] for j in _jobs(env)] == ["pending"]  # queued, nothing runs in the web process

    first = _worker(env)
    try:
        _wait(env, lambda jobs: jobs[0]["status"] in ("running", "done"))
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(10)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
    killed = _jobs(env)[0]
    if killed["status"] == "done":
        pytest.skip("the batch finished before the worker could be killed (machine too fast)")
    assert killed["status"] == "running" and killed["worker"].endswith(f":{first.pid}")

    second = _worker(env)
    try:
        (job,) = _wait(env, lambda jobs: jobs[0]["status"] in ("done", "failed"))
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(20)
    assert (job["status"], job["done"], job["attempts"]) == ("done", 400, 2)
    assert Path(job["path"]).read_bytes().startswith(b"%PDF")
    assert list(Path(job["path"]).parent.glob("*.part")) == []
