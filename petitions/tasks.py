"""Tasks of the task queue for petitions: the Excel export of a filtered list, bulk actions on a
large selection, large imports."""

from django.contrib.auth import get_user_model
from huey.contrib.djhuey import db_task

from directory.jobs import JobError, job_run, job_upload_delete, job_upload_open
from sessions_app.models import Session

from . import bulk, exports
from .resources import import_xlsx
from .services import PetitionImportError


@db_task()
def petitions_bulk_task(job_pk):
    """Run the bulk action of job JOB_PK, one petition at a time; resumed after a killed worker."""

    def work(job, step):
        by = get_user_model().objects.filter(pk=job.owner_id).first()
        p = job.params
        result = bulk.petitions_bulk_apply(
            by=by,
            action=p["action"],
            ids=p["ids"],
            params=p["params"],
            reason=p.get("reason", ""),
            result=job.result or None,
            step=step,
        )
        job.result = result
        job.message = bulk.summary(result, len(p["ids"]))

    return job_run(job_pk, work)


@db_task()
def petitions_import_task(job_pk):
    """Import the file kept for job JOB_PK, all rows or none; the refused rows are listed on its page."""

    def work(job, step):
        by = get_user_model().objects.filter(pk=job.owner_id).first()
        p = job.params
        session = Session.objects.visible_to(by).in_commune(job.commune).filter(pk=p.get("session") or 0).first()
        if p.get("session") and session is None:  # deleted or out of the user's reach since the upload
            job_upload_delete(p["upload"])
            raise JobError("Buổi tiếp xúc đã chọn không còn: chưa nhập ý kiến nào. Hãy tải tệp lên lại.")
        upload = job_upload_open(p["upload"], p["name"])
        notes = []
        try:
            with upload:
                created = import_xlsx(upload, commune=job.commune, by=by, session=session, notes=notes)
        except PetitionImportError as e:
            job_upload_delete(p["upload"])
            lines = [
                (f"Dòng {row}" + (f", cột “{column}”" if column else "") + ": " if row else "") + reason
                for row, column, reason in e.errors[:100]
            ]
            more = [f"… và {len(e.errors) - 100} lỗi khác."] if len(e.errors) > 100 else []
            raise JobError("\n".join(["Không nhập được, chưa dòng nào được lưu:", *lines, *more])) from e
        job_upload_delete(p["upload"])
        step(done=len(created), total=len(created), result={"created": len(created)})
        job.message = "\n".join([f"Đã nhập {len(created)} ý kiến.", *notes])

    return job_run(job_pk, work)


@db_task()
def petition_export_task(job_pk):
    """Write the file of petition export job JOB_PK (exports.petition_export_work)."""
    return job_run(job_pk, exports.petition_export_work)
