"""Tasks of the task queue (huey) for sessions: the batch print of invitation letters."""

import logging

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task
from huey.exceptions import RetryTask

from . import printing

logger = logging.getLogger(__name__)


@db_task()
def print_job_task(job_pk):
    """Render print job JOB_PK; if another batch holds the slot, wait in the queue and try again."""
    try:
        printing.print_job_run(job_pk, wait=False)
    except printing.SlotTaken:
        raise RetryTask(delay=printing.SLOT_RETRY_DELAY) from None


@db_periodic_task(crontab(minute="*"))
def print_jobs_recover_task():
    """Every minute: put back in the queue the jobs of this machine whose worker died."""
    requeued, failed = printing.print_jobs_recover()
    if requeued or failed:
        logger.warning("Print jobs of dead workers: %s queued again, %s given up", requeued, failed)


@HUEY.on_startup()
def _recover_at_start():
    """A worker starting again finds at once the jobs its dead predecessor left running."""
    if not HUEY.immediate:
        try:
            printing.print_jobs_recover()
        except Exception:  # a worker must start even if the database is not ready yet
            logger.exception("Could not recover print jobs at start")
