"""Tasks of the task queue (huey) for petitions: the Excel export of a filtered list."""

from huey.contrib.djhuey import db_task

from . import exports


@db_task()
def petition_export_task(job_pk):
    """Write petition export JOB_PK's file (exports.petition_export_run)."""
    exports.petition_export_run(job_pk)
