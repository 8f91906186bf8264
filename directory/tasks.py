"""Tasks of the task queue for the directory: the daily clean-up of the jobs' files."""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .jobs import job_files_prune

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="2", minute="20"))
def job_files_prune_task():
    """Every night: delete the jobs' result files and kept uploads older than JOB_FILES_KEEP."""
    deleted = job_files_prune()
    if deleted:
        logger.info("Deleted %s old job files", deleted)
