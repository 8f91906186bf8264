"""Permission-matrix rows of the notification pages (merged into tests/test_permission_matrix.py).

Every signed-in user has a page of their own notifications and their own choices; a
notification opens for its addressee only (here the unit official), anyone else gets 404.
"""

from tests.matrix import OFFICER, OFFICES, OUTSIDER


def _notification(o):
    """A notification addressed to the unit official persona; made once."""
    if not hasattr(o, "notification"):
        from django.contrib.auth import get_user_model

        from notifications.enums import Kind
        from notifications.models import Notification

        officer = get_user_model().objects.get(username="officer")
        o.notification = Notification.objects.create(
            user=officer, kind=Kind.PETITION_ROUTED, title="Ý kiến mới", url="/kien-nghi/", key="matrix"
        )
    return o.notification


def _failed(o):
    """A notification of the matrix's commune whose e-mail failed; made once."""
    if not hasattr(o, "failed"):
        from django.contrib.auth import get_user_model

        from notifications.enums import EmailStatus, Kind
        from notifications.models import Notification

        officer = get_user_model().objects.get(username="officer")
        o.failed = Notification.objects.create(
            user=officer,
            commune=o.plan.commune,
            kind=Kind.PETITION_ROUTED,
            title="Ý kiến mới",
            key="matrix-failed",
            email_status=EmailStatus.FAILED,
            email_error="Địa chỉ thư điện tử không hợp lệ",
        )
    return o.failed


def rows(row, in_commune, only, signed_in):
    return {
        "notifications:list": row(get=signed_in(200)),
        "notifications:settings": row(get=signed_in(200), post=signed_in(302)),
        "notifications:read_all": row(get=signed_in(405), post=signed_in(302)),
        "notifications:open": row(lambda o: [_notification(o).pk], get=signed_in(405), post=only({OFFICER}, 302)),
        # The office's page of messages that did not go (the outsider sees that of their own commune).
        "notifications:undelivered": row(get=only(OFFICES | {OUTSIDER}, 200)),
        "notifications:undelivered_retry": row(
            lambda o: [_failed(o).pk], get=signed_in(405), post=only(OFFICES, 302), data={"kenh": "email"}
        ),
        "notifications:undelivered_retry_all": row(get=signed_in(405), post=only(OFFICES | {OUTSIDER}, 302)),
    }
