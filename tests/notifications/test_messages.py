"""Text messages (SMS or Zalo) through the HTTP gateway, against a local fake gateway."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from notifications import channels
from notifications.enums import EmailStatus, Kind
from notifications.models import Notification, NotificationSettings
from notifications.services import TemporaryMailError, notification_sms_send, notify, settings_save


class FakeGateway(ThreadingHTTPServer):
    """Answers each POST with the next status in `answers` (200 once they run out), and keeps what it got."""

    def __init__(self):
        self.received, self.answers = [], []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(handler):  # noqa: N805
                body = handler.rfile.read(int(handler.headers["Content-Length"]))
                self.received.append((handler.headers["Authorization"], json.loads(body)))
                status = self.answers.pop(0) if self.answers else 200
                handler.send_response(status)
                handler.end_headers()
                handler.wfile.write(b'{"ok": true}' if status == 200 else b'{"error": "bad number"}')

            def log_message(handler, *args):  # noqa: N805
                pass

        super().__init__(("127.0.0.1", 0), Handler)


@pytest.fixture
def gateway(settings):
    server = FakeGateway()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.MESSAGE_BACKEND = "gateway"
    settings.MESSAGE_GATEWAY_URL = f"http://127.0.0.1:{server.server_address[1]}/send"
    settings.MESSAGE_GATEWAY_TOKEN = "bi-mat"
    settings.SITE_URL = "http://dialogue.test"
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def opted_in(officer):
    settings_save(user=officer, email_kinds=list(Kind.values), email_paused=True, phone="0912 345 678", sms_opt_in=True)
    return officer


def test_an_opted_in_user_gets_an_sms_through_the_gateway_once(
    gateway, opted_in, leader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            users=[opted_in, leader],
            kind=Kind.PETITION_ROUTED,
            title="Ý kiến KN-1 được giao",
            url="/kien-nghi/1/",
            key="s:1",
        )
    ((auth, body),) = gateway.received  # the leader did not opt in: no message
    assert auth == "Bearer bi-mat"
    assert body == {
        "to": "84912345678",
        "text": "Ý kiến KN-1 được giao. Xem: http://dialogue.test/kien-nghi/1/",
        "tracking_id": "s:1",
    }
    n = Notification.objects.get(user=opted_in)
    assert (n.sms_status, n.email_status) == (EmailStatus.SENT, EmailStatus.NONE)  # e-mail paused
    assert notification_sms_send(n.pk) == EmailStatus.SENT and len(gateway.received) == 1


def test_zalo_template_messages(gateway, opted_in, settings):
    settings.MESSAGE_GATEWAY_KIND, settings.ZALO_TEMPLATE_ID = "zalo", "248123"
    (n,) = notify(users=[opted_in], kind=Kind.DEADLINE_SOON, title="Sắp đến hạn", url="/kien-nghi/2/", key="s:2")
    assert notification_sms_send(n.pk) == EmailStatus.SENT
    assert gateway.received[0][1] == {
        "phone": "84912345678",
        "template_id": "248123",
        "template_data": {"title": "Sắp đến hạn", "link": "http://dialogue.test/kien-nghi/2/"},
        "tracking_id": "s:2",
    }


def test_a_gateway_answering_500_leaves_the_message_pending_then_it_goes(gateway, opted_in):
    gateway.answers = [500]
    (n,) = notify(users=[opted_in], kind=Kind.PETITION_ROUTED, title="Việc mới", key="s:3")
    with pytest.raises(TemporaryMailError):
        notification_sms_send(n.pk)
    n.refresh_from_db()
    assert n.sms_status == EmailStatus.PENDING and "500" in n.sms_error
    assert notification_sms_send(n.pk) == EmailStatus.SENT
    assert len(gateway.received) == 2


def test_a_refused_number_fails_with_the_reason_and_is_not_retried(gateway, opted_in):
    gateway.answers = [400]
    (n,) = notify(users=[opted_in], kind=Kind.PETITION_ROUTED, title="Việc mới", key="s:4")
    assert notification_sms_send(n.pk) == EmailStatus.FAILED
    n.refresh_from_db()
    assert n.sms_error.startswith("Cổng tin nhắn từ chối (400)")
    assert notification_sms_send(n.pk) == EmailStatus.FAILED and len(gateway.received) == 1


def test_a_gateway_that_cannot_be_reached_is_temporary(settings, opted_in):
    settings.MESSAGE_BACKEND, settings.MESSAGE_GATEWAY_URL = "gateway", "http://127.0.0.1:9/send"
    (n,) = notify(users=[opted_in], kind=Kind.PETITION_ROUTED, title="Việc mới", key="s:5")
    with pytest.raises(TemporaryMailError):
        notification_sms_send(n.pk)


def test_the_phone_is_used_only_with_consent(gateway, officer):
    settings_save(user=officer, email_kinds=list(Kind.values), email_paused=False, phone="0912345678")
    (n,) = notify(users=[officer], kind=Kind.PETITION_ROUTED, title="Việc mới", key="s:6")
    assert n.sms_status == EmailStatus.NONE
    settings_save(user=officer, email_kinds=list(Kind.values), email_paused=False, phone="0912345678", sms_opt_in=True)
    (n,) = notify(users=[officer], kind=Kind.PETITION_ROUTED, title="Việc mới", key="s:7")
    settings_save(user=officer, email_kinds=list(Kind.values), email_paused=False, phone="0912345678")
    assert notification_sms_send(n.pk) == EmailStatus.FAILED  # consent withdrawn before it went
    assert gateway.received == []


def test_the_file_backend_writes_the_message_log(settings, opted_in, tmp_path):
    settings.MESSAGE_BACKEND, settings.VAR_DIR = "file", tmp_path
    (n,) = notify(users=[opted_in], kind=Kind.PETITION_ROUTED, title="Việc mới", url="/x/", key="s:8")
    assert notification_sms_send(n.pk) == EmailStatus.SENT
    assert "84912345678 Việc mới. Xem: " in (tmp_path / "messages.log").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("phone", "expected"), [("0912 345 678", "84912345678"), ("+84 912-345-678", "84912345678"), ("12345", "")]
)
def test_phone_numbers_are_normalised(phone, expected):
    assert channels.normalise_phone(phone) == expected


def test_the_settings_page_refuses_a_bad_phone_or_consent_without_one(client, officer):
    client.force_login(officer)
    url = reverse("notifications:settings")
    page = client.post(url, {"phone": "12345", "sms_opt_in": "on"}).content.decode()
    assert "Số điện thoại không hợp lệ: 12345; chưa lưu gì." in page
    page = client.post(url, {"sms_opt_in": "on"}).content.decode()
    assert "Muốn nhận tin nhắn, hãy ghi số điện thoại; chưa lưu gì." in page
    assert not NotificationSettings.objects.filter(user=officer).exists()  # nothing saved
    client.post(url, {"phone": "0912345678", "sms_opt_in": "on"})
    officer.refresh_from_db()
    assert officer.notification_settings.sms_opt_in is True
