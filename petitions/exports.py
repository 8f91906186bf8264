"""The petition export as a background job: the filtered list written to .xlsx by the task queue.

`petition_export_start` counts what the user may read under the list's filters and, when there
is something to write, records a shared `directory.Job` (kind "petitions.export") whose task,
`petitions.tasks.petition_export_task`, runs `petition_export_work`: every matching petition is
streamed into the job's result file (resources.export_write: bounded memory, no row cap, more
sheets past Excel's million rows), moving the job's progress as it goes. The job's page
(`/viec-nen/<pk>/`) shows the progress, the download when done and a retry when it failed, as
for every other long work.

The event log (Law 91/2025) gets the ids actually written (compact ranges, directory.audit),
on the job, whose record says the count and the filters.
"""

from django.db import transaction

from dialogue.http import NotPermitted
from directory.audit import event_log_ids
from directory.jobs import JobFile, job_file_target, job_start
from directory.models import Event
from directory.permissions import can_read_all, unit_ids_of

from .models import Petition
from .querysets import apply_filters
from .resources import export_filename, export_write

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


KIND = "petitions.export"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _queryset(user, commune, filters):
    qs = Petition.objects.visible_to(user).in_commune(commune)
    qs = apply_filters(qs, filters).select_related("village", "topic", "unit", "session")
    return qs.order_by("-received_on", "-id")


def petition_export_start(*, user, commune, params, label="Xuất Excel ý kiến, kiến nghị", back_url=""):
    """Queue USER's export of COMMUNE's petitions matching PARAMS (the list's parameters).

    Returns the job (a `directory.Job`, queued once the transaction commits), or None when no
    petition matches (nothing is recorded or queued; the page says so). A user with no petition
    scope in the commune is refused (NotPermitted: 404), not given an empty file that would read
    as "no petitions".
    """
    if commune is None or not has_petition_scope(user, commune):
        raise NotPermitted
    filters = export_filters(params)
    total = _queryset(user, commune, filters).count()
    if total == 0:
        return None
    return job_start(
        owner=user,
        kind=KIND,
        label=label,
        task="petitions.tasks.petition_export_task",
        params={"filters": filters},
        commune=commune,
        total=total,
        back_url=back_url,
    )


def petition_export_work(job, step):
    """Write export JOB's file (the work of its task, run by directory.jobs.job_run, which ends
    the job done or failed). The file is written aside and moved into place whole, so a reader
    never sees half of it; one event log entry (or more: the ids in ranges) names what went out."""
    qs = _queryset(job.owner, job.commune, job.params.get("filters") or {})
    total = qs.count()
    step(done=0, total=total)
    filename = export_filename()
    path = job_file_target(job, filename)
    partial = path.with_suffix(".part")
    try:
        with partial.open("wb") as out:
            ids = export_write(qs, out, total=total, progress=lambda done: step(done=done))
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    step(done=len(ids), total=len(ids))
    with transaction.atomic():
        # Law 91/2025: who exported citizens' data is logged, by the ids written (never the data).
        event_log_ids(
            user=job.owner, action=Event.Action.EXPORTED, obj=job, commune=job.commune, label="petitions", ids=ids
        )
    job.message = f"Đã ghi {len(ids)} ý kiến vào tệp Excel."
    return JobFile(filename, content_type=XLSX, path=path)
