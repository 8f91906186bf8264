"""Tasks of the task queue for notifications: the e-mail of each notification."""

from huey.contrib.djhuey import db_task
from huey.exceptions import RetryTask

from . import services


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
