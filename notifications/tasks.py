"""Tasks of the task queue for notifications: each e-mail, the reminder sweep and the weekly digest."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task
from huey.exceptions import RetryTask

from . import reminders, services


@db_task(context=True)
def notification_email_task(pk, task=None):
    """Send notification PK's e-mail; the server down: try again after 1, 2, 4, 8, 16 minutes."""
    try:
        services.notification_email_send(pk)
    except services.TemporaryMailError:
        attempt = services.Notification.objects.filter(pk=pk).values_list("email_attempts", flat=True).first() or 1
        if attempt >= services.EMAIL_RETRIES:
            return  # stays "pending" with its error, shown to the office
        raise RetryTask(delay=60 * 2 ** (attempt - 1)) from None


@db_task(retries=5, retry_delay=120)
def notification_sms_task(pk):
    """Send notification PK's text message; the gateway down: try again (5 times, 2 minutes apart)."""
    services.notification_sms_send(pk)


# The schedule is kept by the worker itself (huey's periodic tasks, times in UTC); each run is
# idempotent, so it runs hourly and a run missed while the worker was down is made up.
@db_periodic_task(crontab(minute="5"))
def reminders_sweep_task():
    """Every hour: deadlines in 3 working days and deadlines passed."""
    reminders.reminders_sweep()


@db_periodic_task(crontab(day_of_week="1", minute="30"))
def weekly_digest_task():
    """Every hour of Monday (UTC; from 7:30 in Việt Nam): the week's digest, once a week."""
    reminders.weekly_digest()


@db_periodic_task(crontab(minute="*/10"))
def notifications_recover_task():
    """Every 10 minutes: queue again the messages whose worker was killed (never one twice)."""
    services.notifications_recover()
