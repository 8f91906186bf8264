"""Batch printing of invitation letters: one HTML document per part, parts rendered in parallel, joined.

Routes (the benchmark prints which one it takes):
- "single": the whole batch as ONE HTML document, one WeasyPrint render.
- "parallel": the batch cut into a few parts (still many letters per HTML document), the parts
  rendered at the same time in worker processes (one per core), the PDFs joined with pypdf.
Small batches and one-core machines take the single route.
"""

import logging
import multiprocessing
import os
import threading
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models_participants import Participant, PrintJob
from .pdf import invitation_context, invitation_html, invitation_letters, invitations_filename
from .pdf_worker import init_worker, join_pdfs, render_indexed, render_part

logger = logging.getLogger(__name__)

#: Below this many letters a single render is as fast as starting workers.
PARALLEL_MIN_LETTERS = 60
#: Letters per part; small enough that the progress bar moves, big enough to batch.
PART_SIZE = 50


#: Seconds to wait for one part before giving up on the workers and rendering in-process.
PART_TIMEOUT = 300


def workers_available():
    return max(1, min(os.cpu_count() or 1, 8))


def choose_route(count, workers=None):
    workers = workers_available() if workers is None else workers
    return "parallel" if workers > 1 and count >= PARALLEL_MIN_LETTERS else "single"


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


def render_batch(session, participants, *, document, base_url=None, route=None, workers=None, progress=None):
    """Letters of PARTICIPANTS in one PDF -> (filename, bytes, route).

    PROGRESS, if given, is called with the number of letters done so far.
    """
    participants = list(participants)
    workers = workers or workers_available()
    route = route or choose_route(len(participants), workers)
    shared = invitation_context(session, document)
    letters = invitation_letters(participants, base_url=base_url)
    filename = invitations_filename(session, document)
    if route == "single":
        data = render_part(invitation_html(shared, letters))
        if progress:
            progress(len(letters))
        return filename, data, route
    # Parts of about PART_SIZE letters, at least one per worker.
    size = max(1, min(PART_SIZE, -(-len(letters) // workers)))
    chunks = [letters[i : i + size] for i in range(0, len(letters), size)]
    htmls = [invitation_html(shared, chunk) for chunk in chunks]
    results = [None] * len(htmls)
    done = 0
    # spawn: safe from a threaded web server (fork would copy held locks).
    try:
        with multiprocessing.get_context("spawn").Pool(
            workers, initializer=init_worker, initargs=(str(settings.BASE_DIR),)
        ) as pool:
            iterator = pool.imap_unordered(render_indexed, list(enumerate(htmls)))
            for _ in htmls:
                index, data = iterator.next(timeout=PART_TIMEOUT)
                results[index] = data
                done += len(chunks[index])
                if progress:
                    progress(done)
    except (multiprocessing.TimeoutError, OSError) as exc:
        # Workers could not start or hung: render what is missing here, slower but certain.
        logger.warning("Parallel rendering failed (%s); rendering in-process", exc)
        route = "single (fallback)"
        for index, html in enumerate(htmls):
            if results[index] is None:
                results[index] = render_part(html)
                done += len(chunks[index])
                if progress:
                    progress(done)
    return filename, join_pdfs(results), route


# --- Background jobs for the web page --------------------------------------------------------


def print_job_start(*, session, document, filters, user=None, base_url=None, run_in_thread=True):
    """Create a PrintJob for SESSION's letters matching FILTERS and render it in a background thread.

    Side effects: inserts a PrintJob; the thread writes the PDF under settings.DOCUMENTS_DIR and
    updates the job's progress, status, path and finish time.
    """
    total = batch_filter(session, filters).count()
    job = PrintJob.objects.create(session=session, filters=filters, total=total, created_by=user)
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
    from django.db import connection

    return connection.vendor == "sqlite" and connection.is_in_memory_db()


def _print_job_thread(job_pk, document_pk, base_url=None):
    """The background thread's body: its own database connection, closed at the end."""
    from django.db import connection

    try:
        print_job_run(job_pk, document_pk, base_url)
    except Exception:
        logger.exception("Print job %s failed", job_pk)
    finally:
        connection.close()


def print_job_run(job_pk, document_pk, base_url=None):
    """Render the letters of print job JOB_PK (the thread's body; also callable directly in tests)."""
    from .models_participants import SessionDocument

    job = PrintJob.objects.select_related("session__plan__issuer", "session__plan__signer", "session__chair").get(
        pk=job_pk
    )
    try:
        document = SessionDocument.objects.select_related("issuer").get(pk=document_pk)
        job.status = PrintJob.Status.RUNNING
        job.save(update_fields=["status"])

        def progress(done):
            PrintJob.objects.filter(pk=job.pk).update(done=done)

        participants = batch_filter(job.session, job.filters)
        filename, data, route = render_batch(
            job.session, participants, document=document, base_url=base_url, progress=progress
        )
        folder = Path(settings.DOCUMENTS_DIR) / "invitations"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"job-{job.pk}-{filename}"
        path.write_bytes(data)
        job.status = PrintJob.Status.DONE
        job.filename = filename
        job.path = str(path)
        job.done = job.total
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "filename", "path", "done", "finished_at"])
    except Exception as exc:  # the page must say it failed rather than spin forever
        job.status = PrintJob.Status.FAILED
        job.error = f"{type(exc).__name__}: {exc}"[:2000]
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        raise
    return job
