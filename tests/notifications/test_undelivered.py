"""The office's page of e-mails and text messages that did not go: scoped to the commune, retry one or all."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from notifications.enums import EmailStatus, Kind
from notifications.models import Notification

PAGE = reverse("notifications:undelivered")


def _n(user, commune, key, **fields):
    return Notification.objects.create(
        user=user, commune=commune, kind=Kind.PETITION_ROUTED, title=f"Thông báo {key}", key=key, **fields
    )


@pytest.fixture
def messages_(commune, other_commune, officer, leader, outsider):
    officer.email = "kinhte@xa.vn"
    officer.save()
    return {
        "bounced": _n(
            officer, commune, "a", email_status=EmailStatus.FAILED, email_error="Máy chủ thư từ chối", email_attempts=1
        ),
        "stuck": _n(
            leader, commune, "b", email_status=EmailStatus.PENDING, email_error="Chưa gửi được", email_attempts=5
        ),
        "sms": _n(officer, commune, "c", sms_status=EmailStatus.FAILED, sms_error="Cổng tin nhắn từ chối (400)"),
        "sent": _n(officer, commune, "d", email_status=EmailStatus.SENT),
        "waiting": _n(officer, commune, "e", email_status=EmailStatus.PENDING),  # not tried yet: not a problem
        "theirs": _n(outsider, other_commune, "f", email_status=EmailStatus.FAILED, email_error="x"),
    }


def test_the_office_sees_the_failures_of_its_commune_with_error_and_attempts(client, clerk, messages_):
    client.force_login(clerk)
    response = client.get(PAGE)
    shown = {n.key for n in response.context["page"].object_list}
    assert shown == {"a", "b", "c"}
    html = response.content.decode()
    assert "Máy chủ thư từ chối" in html and "5 lần gửi" in html and "Cổng tin nhắn từ chối (400)" in html


def test_retry_one_sends_it_again(client, clerk, messages_, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(clerk)
    bounced = messages_["bounced"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notifications:undelivered_retry", args=[bounced.pk]), {"kenh": "email"})
    assert response.status_code == 302
    bounced.refresh_from_db()
    assert (bounced.email_status, bounced.email_error, bounced.email_attempts) == (EmailStatus.SENT, "", 1)
    assert [m.to for m in mailoutbox] == [["kinhte@xa.vn"]]


def test_retry_all_queues_every_failure_of_the_commune_only(
    client, clerk, messages_, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notifications:undelivered_retry_all"))
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Đã xếp lại 3 thư, tin nhắn vào hàng đợi gửi."]
    statuses = dict(Notification.objects.values_list("key", "email_status"))
    # The leader has no address: the retry fails again, with the reason; the other commune's is untouched.
    assert statuses == {"a": "sent", "b": "failed", "c": "", "d": "sent", "e": "pending", "f": "failed"}
    assert Notification.objects.get(key="b").email_error == "Người dùng chưa có địa chỉ thư điện tử."


def test_another_communes_message_answers_404(client, clerk, messages_):
    client.force_login(clerk)
    url = reverse("notifications:undelivered_retry", args=[messages_["theirs"].pk])
    assert client.post(url, {"kenh": "email"}).status_code == 404
    assert Notification.objects.get(key="f").email_status == EmailStatus.FAILED


@pytest.mark.parametrize("persona", ["leader", "officer", "supervisor"])
def test_only_the_office_opens_the_page(request, client, messages_, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(PAGE).status_code == 404
    assert client.post(reverse("notifications:undelivered_retry_all")).status_code == 404
