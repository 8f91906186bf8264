"""Batch printing of invitation letters: many letters per HTML document, or the shared letter stamped.

Routes (the benchmark and the command print which one they take):
- "single": the whole batch as ONE HTML document, one WeasyPrint render (small batches).
- "sequential": parts of PART_SIZE letters rendered one after the other in this process, so the
  progress bar moves on a one-core machine; the parts are joined with pypdf.
- "stamp" (the default above PART_SIZE letters, the fastest): what every letter shares rendered once,
  each person's addressee and QR code laid over it (stamp.py); letters whose addressee does not fit
  the room it leaves print whole, in place; if the shared letter cannot be measured, the batch
  takes the parallel or sequential route.
- "parallel": the same parts shared between this process and one helper process per extra core:
  whoever is free takes the next part; this process joins the parts in order as they arrive.
  The helpers start first so that a cold start (spawned from a web server's thread: WeasyPrint and
  fonts to load) overlaps building the letters here; this process never waits for them to start.

One batch renders at a time per machine (a file lock under DOCUMENTS_DIR): a second one waits
its turn, so two offices printing at once do not run four renderers on two cores.
"""

import contextlib
import datetime
import fcntl
import io
import logging
import multiprocessing
import os
import queue
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from pypdf import PdfWriter

from dialogue.pdf import layout_html

from .models import Participant, PrintJob, SessionDocument
from .pdf import checkin_urls, invitation_context, invitation_html, invitation_letters, invitations_filename
from .pdf_worker import helper_main, render_part
from .stamp import Unstampable, render_stamped

logger = logging.getLogger(__name__)

#: Letters per part: small enough that progress moves and both cores stay busy to the end,
#: big enough that the per-render cost (page setup, PDF writing) stays small.
PART_SIZE = 50
#: Seconds to wait for a helper's part before rendering it here instead.
PART_TIMEOUT = 300
#: A running or waiting job without a heartbeat for this long has lost its process.
STALE_AFTER = datetime.timedelta(minutes=5)
STALE_MESSAGE = "Lượt in bị gián đoạn (máy chủ đã dừng hoặc khởi động lại giữa chừng). Hãy bấm “In lại”."


def workers_available():
    """How many processes may render at once: the cores this process may use, at most 8."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


def choose_route(count, workers=None):
    """Small batches in one document; larger ones stamped (the fastest correct route, see bench/)."""
    if count <= PART_SIZE:
        return "single"
    return "stamp"


def _parts_route(workers):
    return "parallel" if workers > 1 else "sequential"


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


@contextlib.contextmanager
def batch_slot(waiting=None, poll=1.0):
    """Hold the machine's one batch-printing slot; call WAITING() every POLL seconds while another holds it."""
    folder = Path(settings.DOCUMENTS_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "print-batch.lock", "w") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if waiting:
                    waiting()
                time.sleep(poll)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def render_batch(
    session, participants, *, document, base_url=None, with_qr=True, route=None, workers=None, progress=None
):
    """Letters of PARTICIPANTS in one PDF -> (filename, bytes, route).

    PROGRESS, if given, is called with the number of letters done so far, after each part.
    The caller holds batch_slot() if it wants batches queued machine-wide.
    """
    participants = list(participants)
    workers = workers or workers_available()
    route = route or choose_route(len(participants), workers)
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
            route = _parts_route(workers)
        else:
            return filename, data, f"stamp ({full} full letters)" if full else route
    helpers = _start_helpers(workers - 1) if route == "parallel" else None
    try:
        if route == "single":
            letters = invitation_letters(participants, base_url=base_url, with_qr=with_qr)
            data = render_part(invitation_html(shared, letters))
            if progress:
                progress(len(letters))
            return filename, data, route
        chunks = [participants[i : i + PART_SIZE] for i in range(0, len(participants), PART_SIZE)]
        sizes = [len(chunk) for chunk in chunks]
        htmls = []
        for index, chunk in enumerate(chunks):
            # Part by part, QR codes included, so that a helper can start on the first one at once.
            htmls.append(invitation_html(shared, invitation_letters(chunk, base_url=base_url, with_qr=with_qr)))
            if helpers is not None:
                helpers.offer(index, htmls[-1], len(chunks))
        if helpers is None:
            return filename, _render_sequential(htmls, sizes, progress), route
        data, route = _render_parallel(htmls, sizes, progress, helpers)
        return filename, data, route
    finally:
        if helpers is not None:
            helpers.stop()


def _render_sequential(htmls, sizes, progress):
    joiner = _Joiner(len(htmls))
    done = 0
    for index, html in enumerate(htmls):
        joiner.add(index, render_part(html))
        done += sizes[index]
        if progress:
            progress(done)
    return joiner.result()


class _Helpers:
    """Helper processes sharing this process's parts: a counter hands out part numbers."""

    def __init__(self, count):
        ctx = multiprocessing.get_context(_start_method())
        self.next_part = ctx.Value("i", 0)
        self.inboxes = [ctx.Queue() for _ in range(count)]
        self.results = ctx.Queue()
        self.processes = [
            ctx.Process(
                target=helper_main,
                args=(str(settings.BASE_DIR), inbox, self.next_part, self.results),
                daemon=True,
            )
            for inbox in self.inboxes
        ]
        for process in self.processes:
            process.start()

    def offer(self, index, html, count):
        """Part INDEX of COUNT, as soon as it is built (a helper takes parts by number, in order)."""
        for inbox in self.inboxes:
            inbox.put((index, html, count))

    def claim(self, count):
        with self.next_part.get_lock():
            index = self.next_part.value
            if index >= count:
                return None
            self.next_part.value = index + 1
            return index

    def alive(self):
        return any(p.is_alive() for p in self.processes)

    def stop(self):
        with self.next_part.get_lock():
            self.next_part.value = 1 << 30  # nothing more to take
        for inbox in self.inboxes:
            with contextlib.suppress(Exception):
                inbox.put(None)
        for process in self.processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)
        for inbox in self.inboxes:
            # Parts a helper never read must not keep this process from exiting.
            inbox.cancel_join_thread()
            inbox.close()


def _start_method():
    """fork when this process runs one thread (the command, the benchmark): the helpers start at
    once, with this process's fonts already loaded. spawn otherwise (a web server's job thread):
    forking a process that has other threads can copy a lock another thread holds."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


def _start_helpers(count):
    try:
        return _Helpers(count)
    except OSError as exc:
        logger.warning("Could not start helper processes (%s); rendering in this process", exc)
        return None


def _render_parallel(htmls, sizes, progress, helpers):
    """Parts taken in turn by this process and the helpers; joined here, in order, as they arrive."""
    count = len(htmls)
    joiner = _Joiner(count)
    done = 0
    route = "parallel"

    def absorb(block):
        nonlocal done
        try:
            index, data = helpers.results.get(timeout=PART_TIMEOUT if block else 0.001)
        except queue.Empty:
            return False
        if isinstance(data, str):  # the helper could not render it: say so, do it here
            logger.warning("Helper failed on part %s: %s", index, data)
            data = render_part(htmls[index])
        joiner.add(index, data)
        done += sizes[index]
        if progress:
            progress(done)
        return True

    while (index := helpers.claim(count)) is not None:
        joiner.add(index, render_part(htmls[index]))
        done += sizes[index]
        if progress:
            progress(done)
        while absorb(block=False):
            pass
    while not joiner.complete():
        if absorb(block=False):
            continue
        if not helpers.alive() or not absorb(block=True):
            # A helper died or hung with parts claimed: render what is missing here.
            route = "parallel (finished here)"
            for index in joiner.missing():
                joiner.add(index, render_part(htmls[index]))
                done += sizes[index]
                if progress:
                    progress(done)
    return joiner.result(), route


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


# --- Background jobs for the web page --------------------------------------------------------


def print_job_start(*, session, document, filters, user=None, base_url=None, with_qr=True, run_in_thread=True):
    """Create a PrintJob for SESSION's letters matching FILTERS and render it in a background thread.

    Side effects: inserts a PrintJob (filters keep "no_qr" when the letters go without QR code);
    the thread waits for the machine's batch slot, writes the PDF under settings.DOCUMENTS_DIR and
    updates the job's heartbeat, progress, status, path and finish time.
    """
    filters = {**filters, **({} if with_qr else {"no_qr": True})}
    total = batch_filter(session, filters).count()
    job = PrintJob.objects.create(
        session=session, filters=filters, total=total, created_by=user, heartbeat_at=timezone.now()
    )
    if run_in_thread and _in_memory_database():
        # An in-memory SQLite database (the test suite's) is invisible to another thread's
        # connection: render in the request instead.
        transaction.on_commit(lambda: print_job_run(job.pk, document.pk, base_url))
    elif run_in_thread:
        transaction.on_commit(
            lambda: threading.Thread(
                target=_print_job_thread, args=(job.pk, document.pk, base_url), daemon=True
            ).start()
        )
    return job


def _in_memory_database():
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


def _print_job_thread(job_pk, document_pk, base_url=None):
    """The background thread's body: its own database connection, closed at the end."""
    try:
        print_job_run(job_pk, document_pk, base_url)
    except Exception:
        logger.exception("Print job %s failed", job_pk)
    finally:
        connection.close()


def _beat(job_pk, **fields):
    PrintJob.objects.filter(pk=job_pk).update(heartbeat_at=timezone.now(), **fields)


def print_job_run(job_pk, document_pk, base_url=None):
    """Render the letters of print job JOB_PK (the thread's body; also callable directly in tests).

    Side effects: waits for the batch slot (heartbeat every few seconds, status "pending"), then
    sets the job running, updates done and heartbeat after each part, writes the PDF, and sets
    the job done (or failed, with the error).
    """
    job = PrintJob.objects.select_related("session__plan__issuer", "session__plan__signer", "session__chair").get(
        pk=job_pk
    )
    last_beat = [time.monotonic()]

    def waiting():
        if time.monotonic() - last_beat[0] > 30:
            _beat(job.pk)
            last_beat[0] = time.monotonic()

    try:
        document = SessionDocument.objects.select_related("issuer").get(pk=document_pk)
        with batch_slot(waiting):
            _beat(job.pk, status=PrintJob.Status.RUNNING)

            def progress(done):
                _beat(job.pk, done=done)

            participants = batch_filter(job.session, job.filters)
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
        path.write_bytes(data)
        job.status = PrintJob.Status.DONE
        job.filename = filename
        job.path = str(path)
        job.done = job.total
        job.finished_at = job.heartbeat_at = timezone.now()
        job.save(update_fields=["status", "filename", "path", "done", "finished_at", "heartbeat_at"])
    except Exception as exc:  # the page must say it failed rather than spin forever
        job.status = PrintJob.Status.FAILED
        job.error = f"{type(exc).__name__}: {exc}"[:2000]
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        raise
    return job


def print_jobs_fail_stale(*, now=None):
    """Mark as failed every waiting or running job whose process stopped beating (died, restarted).

    Side effects: sets status FAILED, a Vietnamese error and finished_at on those jobs; returns how many.
    Called when a job or the documents page is looked at, so nothing spins forever.
    """
    now = now or timezone.now()
    return PrintJob.objects.filter(
        status__in=[PrintJob.Status.PENDING, PrintJob.Status.RUNNING], heartbeat_at__lt=now - STALE_AFTER
    ).update(status=PrintJob.Status.FAILED, error=STALE_MESSAGE, finished_at=now)
