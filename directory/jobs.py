"""Background jobs with visible progress (the shared `Job` model), for every app's long work.

An app starts long work with `job_start(...)`, naming its own huey task (a function taking the
job's pk), and the task's body calls `job_run(pk, work)`. WORK(job, step) does the work and calls
`step(done=..., total=..., result=...)` as it goes; it returns nothing, or a `JobFile` for the
page to offer for download (its bytes, or, for a large file streamed to disk, the path that
`job_file_target` gave). `job_run` claims the job in a transaction before working, so a job
already done is never run again, and a job whose worker was killed (running, untouched for
STALE_AFTER) is taken up again by a retry: its `result` is kept, so the work skips what it did.
"""

import datetime
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from dialogue.http import NotPermitted

from .models import Job

logger = logging.getLogger(__name__)

#: A running job whose progress was not touched for this long had its worker killed.
STALE_AFTER = datetime.timedelta(minutes=10)

#: A job's result file (an export may hold citizens' names and phones) and an upload a job never
#: took are deleted this long after the job ended (job_files_prune, daily).
JOB_FILES_KEEP = datetime.timedelta(days=7)

#: Where the jobs' result files are kept (outside MEDIA: they are served only to their owner).
JOBS_DIR = Path(settings.VAR_DIR) / "jobs"


class JobError(Exception):
    """The work cannot be done; the message (Vietnamese) is shown on the job's page."""


@dataclass
class JobFile:
    """A job's result file: its bytes (CONTENT), or a file the work already wrote at PATH (one
    given by `job_file_target`, so a large file never sits in memory)."""

    name: str
    content: bytes = b""
    content_type: str = "application/octet-stream"
    path: Path | None = None


def job_file_target(job, name):
    """Where job JOB's work may stream its result file NAME (returned as JobFile(path=...))."""
    JOBS_DIR.mkdir(parents=True, exist_ok=True)
    return JOBS_DIR / f"job-{job.pk}-{Path(name).name}"


def job_start(*, owner, kind, label, task, params=None, commune=None, total=0, back_url=""):
    """Record a job and queue TASK (the dotted path of a huey task taking the job's pk) once the
    transaction commits. Returns the job (queued; with an immediate queue, already run)."""
    job = Job.objects.create(
        owner=owner,
        kind=kind,
        label=label[:200],
        task=task,
        params=params or {},
        commune=commune,
        total=total,
        back_url=back_url,
    )
    transaction.on_commit(lambda: import_string(task)(job.pk))
    return job


def job_is_stale(job, now=None):
    now = now or timezone.now()
    return job.status == Job.Status.RUNNING and (job.touched_at or job.created_at) < now - STALE_AFTER


def _claim(pk):
    """Take job PK for this worker: queued, failed (a retry) or stale. None if not to run."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=pk).first()
        if job is None or job.status == Job.Status.DONE:
            return None
        if job.status == Job.Status.RUNNING and not job_is_stale(job):
            return None  # another worker is on it
        now = timezone.now()
        job.status = Job.Status.RUNNING
        job.attempts += 1
        job.started_at = job.started_at or now
        job.touched_at = now
        job.message = ""
        job.save(update_fields=["status", "attempts", "started_at", "touched_at", "message"])
        return job


def job_run(pk, work):
    """Run WORK for job PK (the body of an app's task); see the module's docstring.

    A JobError or any other failure ends the job "failed" with a Vietnamese message, never
    raising into the worker. Returns the job's final status (None when not run).
    """
    job = _claim(pk)
    if job is None:
        return None

    def step(*, done=None, total=None, result=None):
        if done is not None:
            job.done = done
        if total is not None:
            job.total = total
        if result is not None:
            job.result = result
        job.touched_at = timezone.now()
        Job.objects.filter(pk=job.pk).update(
            done=job.done, total=job.total, result=job.result, touched_at=job.touched_at
        )

    try:
        produced = work(job, step)
    except JobError as exc:
        return _finish(job, Job.Status.FAILED, str(exc))
    except Exception as exc:  # the worker must go on; the page says what failed
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        return _finish(job, Job.Status.FAILED, f"Có lỗi khi thực hiện ({type(exc).__name__}); hãy thử lại.")
    if isinstance(produced, JobFile):
        path = produced.path or job_file_target(job, produced.name)
        if produced.path is None:
            path.write_bytes(produced.content)
        job.file_path, job.file_name, job.content_type = str(path), produced.name, produced.content_type
    return _finish(job, Job.Status.DONE, job.message)


def _finish(job, status, message):
    job.status = status
    job.message = message or ""
    job.finished_at = timezone.now()
    if status == Job.Status.DONE and job.total and job.done < job.total:
        job.done = job.total
    job.save(
        update_fields=[
            "status", "message", "finished_at", "done", "total", "result", "file_path", "file_name", "content_type"
        ]
    )  # fmt: skip
    return status


def job_retry(*, job, by):
    """Queue a failed job (or one whose worker was killed) again; only its owner may."""
    if job.owner_id != getattr(by, "pk", None):
        raise NotPermitted
    if job.status != Job.Status.FAILED and not job_is_stale(job):
        raise JobError("Chỉ chạy lại được việc bị lỗi hoặc bị dừng giữa chừng.")
    transaction.on_commit(lambda: import_string(job.task)(job.pk))
    return job


def job_upload_save(upload):
    """Keep an uploaded file for a job's task (the worker may be another machine's process on the
    same storage); returns its name, for `job_upload_open` and `job_upload_delete`."""
    JOBS_DIR.mkdir(parents=True, exist_ok=True)
    name = f"upload-{uuid.uuid4().hex}{Path(upload.name).suffix.lower()[:10]}"
    with (JOBS_DIR / name).open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return name


def job_upload_open(name, original_name):
    """The kept upload NAME as a Django File named ORIGINAL_NAME; JobError if it is gone."""
    path = JOBS_DIR / Path(name).name
    if not path.is_file():
        raise JobError("Không còn tệp đã tải lên; hãy tải tệp lên lại.")
    return File(path.open("rb"), name=original_name)


def job_upload_delete(name):
    (JOBS_DIR / Path(name).name).unlink(missing_ok=True)


def job_file_path(job):
    """The result file of a done JOB, or None if there is none (or it is outside JOBS_DIR)."""
    if job.status != Job.Status.DONE or not job.file_path:
        return None
    path = Path(job.file_path)
    if not path.is_file() or not path.resolve().is_relative_to(JOBS_DIR.resolve()):
        return None
    return path


def job_files_prune(now=None):
    """Delete the result files of jobs that ended more than JOB_FILES_KEEP ago, and the uploads
    kept for a job that are as old (a job that failed before it could delete its own).

    The job stays, with its message and counts; its page says the file was deleted and offers
    to make it again. Returns the number of files deleted.
    """
    cutoff = (now or timezone.now()) - JOB_FILES_KEEP
    deleted = 0
    old = Job.objects.filter(finished_at__lt=cutoff).exclude(file_path="")
    for pk, file_path in old.values_list("pk", "file_path"):
        path = Path(file_path)
        if path.resolve().is_relative_to(JOBS_DIR.resolve()) and path.is_file():
            path.unlink()
            deleted += 1
        Job.objects.filter(pk=pk).update(file_path="")
    if JOBS_DIR.is_dir():
        for path in JOBS_DIR.glob("upload-*"):
            if datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC) < cutoff:
                path.unlink(missing_ok=True)
                deleted += 1
    return deleted
