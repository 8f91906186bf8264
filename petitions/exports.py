"""The petition export as a background job: the filtered list written to .xlsx by the task queue.

`petition_export_start` records the request (who, which commune, which filters, how many rows)
and queues `petitions.tasks.petition_export_task` once the transaction commits; the task calls
`petition_export_run`, which streams every matching petition into a file under
settings.DOCUMENTS_DIR/exports (resources.export_write: bounded memory, no row cap, more
sheets past Excel's million rows), moving the job's progress as it goes. The page
(`/kien-nghi/xuat-excel/<pk>/`) shows the progress and the download when done.

The event log (Law 91/2025) gets the ids actually written (compact ranges, directory.audit),
on the export job, whose record says the count and the filters.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dialogue.http import NotPermitted
from directory.audit import event_log_ids
from directory.models import Event
from directory.permissions import can_read_all, unit_ids_of

from .models import Petition, PetitionExport
from .querysets import apply_filters
from .resources import export_filename, export_write

logger = logging.getLogger(__name__)

#: The list's parameters an export keeps (querysets.apply_filters reads them).
FILTER_KEYS = ("q", "buoi", "thon", "linh_vuc", "don_vi", "trang_thai", "qua_han")
#: Filter names as the job's page shows them.
FILTER_LABELS = {
    "q": "Tìm",
    "buoi": "Buổi tiếp xúc",
    "thon": "Thôn, ấp",
    "linh_vuc": "Lĩnh vực",
    "don_vi": "Đơn vị",
    "trang_thai": "Trạng thái",
    "qua_han": "Quá hạn",
}


def has_petition_scope(user, commune):
    """Whether USER reads any petition of COMMUNE (commune-wide, or a unit's)."""
    return can_read_all(user, commune) or bool(unit_ids_of(user, commune))


def export_filters(params):
    """The filters of the list's parameters PARAMS (a QueryDict or dict), empty ones left out."""
    return {k: str(params.get(k)).strip()[:200] for k in FILTER_KEYS if (params.get(k) or "").strip()}


def _queryset(job):
    qs = Petition.objects.visible_to(job.requested_by).in_commune(job.commune)
    qs = apply_filters(qs, job.filters).select_related("village", "topic", "unit", "session")
    return qs.order_by("-received_on", "-id")


def petition_export_start(*, user, commune, params, enqueue=True):
    """Record USER's export of COMMUNE's petitions matching PARAMS and queue it; returns the job.

    A user with no petition scope in the commune is refused (NotPermitted: 404), not given an
    empty file that would read as "no petitions". Side effects: inserts a PetitionExport with
    the count of rows it will write; once the transaction commits, the task is queued. No row
    matching: the job is returned unsaved (total 0) and nothing is queued.
    """
    if commune is None or not has_petition_scope(user, commune):
        raise NotPermitted
    job = PetitionExport(commune=commune, requested_by=user, filters=export_filters(params))
    job.total = _queryset(job).count()
    if job.total == 0:
        return job  # nothing to write: not saved, not queued (the page says so)
    job.save()
    if enqueue:
        transaction.on_commit(lambda: petition_export_enqueue(job))
    return job


def petition_export_enqueue(job):
    # deferred: tasks.py imports this module (the task's body lives here)
    from .tasks import petition_export_task

    result = petition_export_task(job.pk)
    PetitionExport.objects.filter(pk=job.pk).update(task_id=getattr(result, "id", "") or "")


def petition_export_run(job_pk):
    """Write export JOB_PK's file (the task's body; callable directly). Idempotent: a job done,
    failed or gone is left alone (returns None). Side effects: the file under DOCUMENTS_DIR,
    the job's progress and end, one event log entry (or more: the ids in ranges)."""
    job = PetitionExport.objects.select_related("commune", "requested_by").filter(pk=job_pk).first()
    if job is None or job.status in (PetitionExport.Status.DONE, PetitionExport.Status.FAILED):
        return None
    qs = _queryset(job)
    folder = Path(settings.DOCUMENTS_DIR) / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    filename = export_filename()
    path = folder / f"export-{job.pk}-{filename}"
    partial = path.with_suffix(".part")
    try:
        total = qs.count()
        PetitionExport.objects.filter(pk=job.pk).update(status=PetitionExport.Status.RUNNING, total=total, done=0)

        def progress(done):
            PetitionExport.objects.filter(pk=job.pk).update(done=done)

        with partial.open("wb") as out:
            ids = export_write(qs, out, total=total, progress=progress)
        partial.replace(path)  # a reader never sees half a file
        with transaction.atomic():
            PetitionExport.objects.filter(pk=job.pk).update(
                status=PetitionExport.Status.DONE,
                total=len(ids),
                done=len(ids),
                filename=filename,
                path=str(path),
                finished_at=timezone.now(),
            )
            # Law 91/2025: who exported citizens' data is logged, by the ids written (never the data).
            event_log_ids(
                user=job.requested_by,
                action=Event.Action.EXPORTED,
                obj=job,
                commune=job.commune,
                label="petitions",
                ids=ids,
            )
    except Exception as exc:  # the page must say it failed rather than spin forever
        partial.unlink(missing_ok=True)
        PetitionExport.objects.filter(pk=job.pk).update(
            status=PetitionExport.Status.FAILED,
            error=f"Không tạo được tệp Excel: {type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        logger.exception("Petition export %s failed", job.pk)
        raise
    job.refresh_from_db()
    return job


def export_file_path(job):
    """The finished file of JOB, or None (not done, gone, or outside DOCUMENTS_DIR)."""
    if job.status != PetitionExport.Status.DONE or not job.path:
        return None
    path = Path(job.path)
    if not path.is_file() or not path.resolve().is_relative_to(Path(settings.DOCUMENTS_DIR).resolve()):
        return None
    return path
