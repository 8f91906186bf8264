"""Tasks of the task queue for petitions: bulk actions on a large selection, large imports."""

from django.contrib.auth import get_user_model
from huey.contrib.djhuey import db_task

from directory.jobs import job_run

from . import bulk


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
