"""Batch printing of invitation letters: many letters per HTML document, or the shared letter stamped.

Routes (the benchmark and the command print which one they take):
- "single": the whole batch as ONE HTML document, one WeasyPrint render (small batches).
- "stamp" (the default above PART_SIZE letters, the fastest): what every letter shares rendered once,
  each person's addressee and QR code laid over it (stamp.py); letters whose addressee does not fit
  the room it leaves print whole, in place; if the shared letter cannot be measured, the batch
  takes the sequential route.
- "sequential": parts of PART_SIZE letters rendered one after the other, so the progress bar
  moves; the parts are joined with pypdf.

The Word (.docx) batch, for the office to edit before signing, runs on the same queue and the
same progress page (filters["format"] == "docx"): the letters are built PART_SIZE at a time (the
progress), then written as one .docx, each letter in a section of its own.

A batch of the web page runs as a task of the task queue (sessions_app/tasks.py, `manage.py
run_huey`), never in the web process. One batch renders at a time: the slot is a lock in the task
queue's storage (SQLite or Redis), so it holds across the workers of every machine; a batch that
finds it taken waits in the queue ("Đang chờ") and is tried again a few seconds later.
"""

import contextlib
import dataclasses
import io
import logging
import os
import socket
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from huey.contrib.djhuey import HUEY
from huey.exceptions import TaskLockedException
from pypdf import PdfWriter

from dialogue.documents.docx import render_document_docx
from dialogue.pdf import layout_html

from .documents import invitation_document
from .models import Participant, PrintJob, SessionDocument
from .pdf import checkin_urls, invitation_context, invitation_html, invitation_letters, invitations_filename
from .pdf_worker import render_part
from .stamp import Unstampable, render_stamped

logger = logging.getLogger(__name__)

#: Letters per part: small enough that progress moves, big enough that the per-render cost
#: (page setup, PDF writing) stays small.
PART_SIZE = 50
#: Up to this many letters, the Word batch is answered at once (a GET); beyond, it is a job.
DOCX_DIRECT_MAX = PART_SIZE
#: The batch slot frees itself after this long even if its holder died without releasing it.
SLOT_TTL = 15 * 60
#: Seconds before a batch that found the slot taken is tried again.
SLOT_RETRY_DELAY = 3
#: Times a job whose worker died is put back in the queue before it is given up.
MAX_ATTEMPTS = 3
STALE_MESSAGE = "Lượt in bị gián đoạn nhiều lần (máy chủ đã dừng giữa chừng). Hãy bấm “In lại”."


class SlotTaken(Exception):
    """Another batch holds the batch slot."""


def choose_route(count):
    """Small batches in one document; larger ones stamped (the fastest correct route, see bench/)."""
    if count <= PART_SIZE:
        return "single"
    return "stamp"


def batch_filter(session, filters):
    """The participants of SESSION a batch prints: all, or one group, one village, or given ids."""
    qs = Participant.objects.filter(session=session).select_related("village")
    if filters.get("group"):
        qs = qs.filter(group=filters["group"])
    if filters.get("village"):
        qs = qs.filter(village_id=filters["village"])
    if filters.get("ids"):
        qs = qs.filter(pk__in=filters["ids"])
    return qs.ordered()


def _slot_lock():
    """The lock of the batch slot. On Redis it frees itself after SLOT_TTL if its holder died;
    SQLite's storage has no expiry, so there a worker started with --flush-locks (make run) frees it."""
    lock = HUEY.lock_task("print-batch", ttl=SLOT_TTL)
    try:
        HUEY.storage.put_if_empty("print-batch-ttl-probe", "1", 1)
    except NotImplementedError:
        lock = HUEY.lock_task("print-batch")
    return lock


#: Made at import, so that `run_huey --flush-locks` knows it (run_huey imports the tasks first).
SLOT = _slot_lock()


@contextlib.contextmanager
def batch_slot(waiting=None, poll=1.0, *, wait=True):
    """Hold the one batch-printing slot (a lock in the task queue's storage, shared by every machine).

    WAIT false: raise SlotTaken at once if another batch holds it; otherwise call WAITING() every
    POLL seconds until it is free.
    """
    while True:
        try:
            SLOT.acquire()
            break
        except TaskLockedException:
            if not wait:
                raise SlotTaken from None
            if waiting:
                waiting()
            time.sleep(poll)
    try:
        yield
    finally:
        SLOT.release()


def render_batch(session, participants, *, document, base_url=None, with_qr=True, route=None, progress=None):
    """Letters of PARTICIPANTS in one PDF -> (filename, bytes, route).

    PROGRESS, if given, is called with the number of letters done so far, after each part.
    The caller holds batch_slot() if it wants batches to take turns.
    """
    participants = list(participants)
    route = route or choose_route(len(participants))
    shared = invitation_context(session, document)
    filename = invitations_filename(session, document)
    if route == "stamp":
        letters = invitation_letters(participants, with_qr=False)
        urls = checkin_urls(participants, base_url=base_url) if with_qr else None
        try:
            data, full = render_stamped(
                shared,
                letters,
                qr_urls=urls,
                full_letters=lambda some: layout_html(invitation_html(shared, some)),
                progress=progress,
            )
        except Unstampable as exc:
            logger.warning("Stamp route not possible (%s); printing full letters", exc)
            route = "sequential"
        else:
            return filename, data, f"stamp ({full} full letters)" if full else route
    if route == "single":
        letters = invitation_letters(participants, base_url=base_url, with_qr=with_qr)
        data = render_part(invitation_html(shared, letters))
        if progress:
            progress(len(letters))
        return filename, data, route
    chunks = [participants[i : i + PART_SIZE] for i in range(0, len(participants), PART_SIZE)]
    joiner = _Joiner(len(chunks))
    done = 0
    for index, chunk in enumerate(chunks):
        html = invitation_html(shared, invitation_letters(chunk, base_url=base_url, with_qr=with_qr))
        joiner.add(index, render_part(html))
        done += len(chunk)
        if progress:
            progress(done)
    return filename, joiner.result(), "sequential"


class _Joiner:
    """Appends part PDFs to one writer in order, as soon as the next one in line is there."""

    def __init__(self, count):
        self.writer = PdfWriter()
        self.pending = {}
        self.count = count
        self.next = 0

    def add(self, index, data):
        if index < self.next or index in self.pending:
            return
        self.pending[index] = data
        while self.next in self.pending:
            self.writer.append(io.BytesIO(self.pending.pop(self.next)), import_outline=False)
            self.next += 1

    def complete(self):
        return self.next == self.count

    def missing(self):
        return [i for i in range(self.next, self.count) if i not in self.pending]

    def result(self):
        out = io.BytesIO()
        self.writer.write(out)
        return out.getvalue()


# --- Print jobs of the web page, run as tasks ------------------------------------------------


def worker_name():
    """This process as the record of a running job names it: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def render_batch_docx(session, participants, *, document, base_url=None, with_qr=True, progress=None):
    """Letters of PARTICIPANTS in one .docx -> (filename, bytes); PROGRESS(done) after each part built."""
    participants = list(participants)
    doc, parts = None, []
    for start in range(0, len(participants), PART_SIZE):
        chunk = invitation_document(
            session, participants[start : start + PART_SIZE], document=document, base_url=base_url, with_qr=with_qr
        )
        doc = doc or chunk
        parts.extend(chunk.parts)
        if progress:
            progress(start + len(chunk.parts))
    return render_document_docx(dataclasses.replace(doc, parts=parts))


def print_job_start(*, session, document, filters, user=None, base_url=None, with_qr=True, enqueue=True, fmt="pdf"):
    """Create a PrintJob for SESSION's letters matching FILTERS and queue its rendering.

    FMT "docx": one Word file to edit instead of the PDF to print.
    Side effects: inserts a PrintJob (filters keep "no_qr" when the letters go without QR code,
    "format" when they go as Word);
    once the transaction commits, the task sessions_app.tasks.print_job_task is queued (ENQUEUE
    false: not queued, the caller runs print_job_run itself).
    """
    filters = {**filters, **({} if with_qr else {"no_qr": True}), **({"format": "docx"} if fmt == "docx" else {})}
    total = batch_filter(session, filters).count()
    job = PrintJob.objects.create(
        session=session, document=document, filters=filters, total=total, created_by=user, base_url=base_url or ""
    )
    if enqueue and total:
        transaction.on_commit(lambda: print_job_enqueue(job))
    return job


def print_job_enqueue(job):
    """Put JOB in the task queue (again); remember the task's id on the job."""
    # deferred: tasks.py imports this module (the task's body lives here)
    from .tasks import print_job_task

    result = print_job_task(job.pk)
    PrintJob.objects.filter(pk=job.pk).update(task_id=getattr(result, "id", "") or "")


def print_job_run(job_pk, document_pk=None, base_url=None, *, wait=True):
    """Render the letters of print job JOB_PK (the task's body; also callable directly in tests).

    Idempotent: a job already done, or deleted meanwhile, is left alone (returns None); a job
    started again after its worker died renders from the start and overwrites its file.
    WAIT false: raise SlotTaken at once if another batch holds the slot (the task then waits in
    the queue and is tried again).
    Side effects: sets the job running (with this worker's name), updates done after each part,
    writes the PDF under settings.DOCUMENTS_DIR, and sets the job done (or failed, with the error).
    """
    job = (
        PrintJob.objects.select_related("session__plan__issuer", "session__plan__signer", "session__chair")
        .filter(pk=job_pk)
        .first()
    )
    if job is None or job.status in (PrintJob.Status.DONE, PrintJob.Status.FAILED):
        return None
    base_url = base_url or job.base_url or None
    try:
        document = SessionDocument.objects.select_related("issuer").get(pk=document_pk or job.document_id)
        with batch_slot(wait=wait):
            PrintJob.objects.filter(pk=job.pk).update(
                status=PrintJob.Status.RUNNING, worker=worker_name(), attempts=job.attempts + 1, done=0
            )

            def progress(done):
                PrintJob.objects.filter(pk=job.pk).update(done=done)

            participants = batch_filter(job.session, job.filters)
            if job.filters.get("format") == "docx":
                filename, data = render_batch_docx(
                    job.session,
                    participants,
                    document=document,
                    base_url=base_url,
                    with_qr=not job.filters.get("no_qr"),
                    progress=progress,
                )
            else:
                filename, data, route = render_batch(
                    job.session,
                    participants,
                    document=document,
                    base_url=base_url,
                    with_qr=not job.filters.get("no_qr"),
                    progress=progress,
                )
        folder = Path(settings.DOCUMENTS_DIR) / "invitations"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"job-{job.pk}-{filename}"
        partial = path.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(path)  # a reader never sees half a file
        job.refresh_from_db()
        job.status = PrintJob.Status.DONE
        job.filename = filename
        job.path = str(path)
        job.done = job.total
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "filename", "path", "done", "finished_at"])
    except SlotTaken:
        raise
    except Exception as exc:  # the page must say it failed rather than spin forever
        PrintJob.objects.filter(pk=job.pk).update(
            status=PrintJob.Status.FAILED,
            error=f"Không tạo được tệp giấy mời: {type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        raise
    return job


def _process_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def print_jobs_recover():
    """Put back in the queue every running job whose worker process on this machine has died.

    A worker killed in the middle of a batch leaves its job "running"; the workers of the same
    machine find it at their start and every minute (sessions_app.tasks). After MAX_ATTEMPTS the
    job fails with a Vietnamese message and an "In lại" button. Jobs run by another machine are
    that machine's to recover. Returns (requeued, failed).
    """
    host = socket.gethostname()
    requeued = failed = 0
    for job in PrintJob.objects.filter(status=PrintJob.Status.RUNNING, worker__startswith=f"{host}:"):
        pid = job.worker.rsplit(":", 1)[1]
        if pid.isdigit() and _process_alive(int(pid)):
            continue
        if job.attempts >= MAX_ATTEMPTS:
            failed += PrintJob.objects.filter(pk=job.pk, status=PrintJob.Status.RUNNING, worker=job.worker).update(
                status=PrintJob.Status.FAILED, error=STALE_MESSAGE, finished_at=timezone.now()
            )
            continue
        moved = PrintJob.objects.filter(pk=job.pk, status=PrintJob.Status.RUNNING, worker=job.worker).update(
            status=PrintJob.Status.PENDING, worker="", done=0
        )
        if moved:
            print_job_enqueue(job)
            requeued += 1
    return requeued, failed
