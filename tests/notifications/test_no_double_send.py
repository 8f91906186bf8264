"""A message being sent when its worker is killed is never sent twice.

The sending process is a real one (`manage.py shell`, on a SQLite file of its own, as in
tests/test_task_worker.py) talking to a real SMTP server of the test; it is killed with SIGKILL
while the server holds the conversation, either before the message's data (the server cannot
have delivered it: the claim is taken over once and the mail goes once) or after the data
came (it may have arrived: never sent again by itself, the office sees why).
"""

import datetime
import os
import signal
import subprocess
import sys
import threading

import pytest
from django.utils import timezone

from notifications import services
from notifications.enums import EmailStatus, Kind
from notifications.models import Notification
from tests.test_task_worker import ROOT, _env, _manage

from .conftest import Envelope, _address


class HangingSMTP:
    """A local SMTP server that stops answering at HANG ("RCPT" or "DATA": after the data came)."""

    def __init__(self, hang):
        import socketserver

        self.hang, self.reached, self.messages = hang, threading.Event(), []
        outer = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                envelope = Envelope()
                self.wfile.write(b"220 localhost\r\n")
                while line := self.rfile.readline():
                    command, _, arg = line.decode("utf-8", "replace").rstrip("\r\n").partition(" ")
                    command = command.upper()
                    if command == "RCPT" and outer.hang == "RCPT" and not outer.reached.is_set():
                        outer.reached.set()
                        self.rfile.readline()  # until the client is killed: the line ends empty
                        return
                    if command in ("EHLO", "HELO", "MAIL", "RSET", "NOOP"):
                        envelope = Envelope(mail_from=_address(arg)) if command == "MAIL" else envelope
                        self.wfile.write(b"250 OK\r\n")
                    elif command == "RCPT":
                        envelope.rcpt_tos.append(_address(arg))
                        self.wfile.write(b"250 OK\r\n")
                    elif command == "DATA":
                        self.wfile.write(b"354 go on\r\n")
                        lines = []
                        while (data := self.rfile.readline()) not in (b".\r\n", b""):
                            lines.append(data)
                        envelope.content = b"".join(lines)
                        outer.messages.append(envelope)  # the data came: it may be delivered
                        if outer.hang == "DATA" and not outer.reached.is_set():
                            outer.reached.set()
                            self.rfile.readline()
                            return
                        self.wfile.write(b"250 OK\r\n")
                    elif command == "QUIT":
                        self.wfile.write(b"221 Bye\r\n")
                        return

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


SETUP = """
from notifications.services import notify
from tests.factories import CommuneFactory, UserFactory
user = UserFactory(username="kinhte", email="kinhte@xa.vn")
(n,) = notify(users=[user], kind="petition_routed", title="Ý kiến KN-1 được giao", key="kill:1",
              url="/kien-nghi/1/", commune=CommuneFactory(name="Lộc Thành"))
print(n.pk)
"""

SEND = "from notifications.services import notification_email_send; notification_email_send({pk})"

STATE = """
from notifications.models import Notification
n = Notification.objects.get(pk={pk})
print(n.email_status, n.email_attempts, n.email_data_at is not None, repr(n.email_error))
"""

# A worker started again later: the claim left by the dead one is now stale.
RECOVER = """
import datetime
from django.utils import timezone
from notifications import services
later = timezone.now() + services.STALE_CLAIM + datetime.timedelta(minutes=1)
for _ in range(2):  # two workers sweeping one after the other: one takes the claim over, at most
    services.notification_email_send({pk}, now=later)
"""


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("mail-var")
    _manage(_env(var_dir, ""), "migrate", "--no-input", "-v0")
    return var_dir / "dialogue.sqlite3"


def _state(env, pk):
    return _manage(env, "shell", code=STATE.format(pk=pk)).strip().splitlines()[-1]


def _killed_while_sending(tmp_path, migrated, hang):
    import shutil

    shutil.copy(migrated, tmp_path / "dialogue.sqlite3")
    smtp = HangingSMTP(hang)
    env = _env(tmp_path, "")
    env.update(
        TASK_QUEUE_IMMEDIATE="0",  # notify() queues its task on the file queue: nobody runs it
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp.port),
        SITE_URL="http://dialogue.test",
    )
    pk = int(_manage(env, "shell", code=SETUP).strip().splitlines()[-1])
    sender = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "-c", SEND.format(pk=pk)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        assert smtp.reached.wait(60), "the sender never reached the server"
        os.killpg(sender.pid, signal.SIGKILL)
        sender.wait(10)
    finally:
        if sender.poll() is None:
            os.killpg(sender.pid, signal.SIGKILL)
    return smtp, env, pk


def test_killed_before_the_data_the_mail_goes_once_after_recovery(tmp_path, migrated):
    smtp, env, pk = _killed_while_sending(tmp_path, migrated, "RCPT")
    try:
        assert _state(env, pk) == "sending 1 False ''"  # claimed, nothing delivered
        # A second worker at once: the claim is fresh (the first might still be sending): nothing.
        _manage(env, "shell", code=SEND.format(pk=pk))
        assert smtp.messages == []
        _manage(env, "shell", code=RECOVER.format(pk=pk))
        assert _state(env, pk) == "sent 2 True ''"
        (mail,) = smtp.messages  # once, not twice
        assert mail.rcpt_tos == ["kinhte@xa.vn"]
    finally:
        smtp.close()


def test_killed_after_the_data_came_it_is_never_sent_again_by_itself(tmp_path, migrated):
    smtp, env, pk = _killed_while_sending(tmp_path, migrated, "DATA")
    try:
        assert len(smtp.messages) == 1
        assert _state(env, pk) == "sending 1 True ''"
        _manage(env, "shell", code=RECOVER.format(pk=pk))
        state = _state(env, pk)
        assert state.startswith("failed 1 True 'Tiến trình gửi bị dừng khi đang truyền thư")
        assert len(smtp.messages) == 1  # the office decides; no second copy
    finally:
        smtp.close()


# --- the claim itself, in the test's database ------------------------------------------------


@pytest.fixture
def waiting(officer, commune):
    officer.email = "kinhte@xa.vn"
    officer.save()
    return Notification.objects.create(
        user=officer,
        commune=commune,
        kind=Kind.PETITION_ROUTED,
        title="Ý kiến KN-1 được giao",
        key="claim:1",
        email_status=EmailStatus.PENDING,
    )


def test_a_fresh_claim_of_another_worker_is_left_alone(waiting, mailoutbox):
    assert services._claim(waiting.pk, "email") is not None  # a worker took it and died, just now
    assert services.notification_email_send(waiting.pk) == EmailStatus.SENDING
    assert mailoutbox == []


def test_a_stale_claim_is_taken_over_once_only(waiting, mailoutbox):
    later = timezone.now() + services.STALE_CLAIM + datetime.timedelta(minutes=1)
    assert services._claim(waiting.pk, "email") is not None  # the first worker, killed before the data
    taken = services._claim(waiting.pk, "email", now=later)
    assert taken is not None and taken.email_reclaimed
    # That one was killed too: the third worker does not try a third time.
    assert services._claim(waiting.pk, "email", now=later + services.STALE_CLAIM * 2) is None
    waiting.refresh_from_db()
    assert (waiting.email_status, waiting.email_error) == (EmailStatus.FAILED, services.STOPPED_TWICE)
    assert mailoutbox == []


def test_the_recovery_sweep_queues_stale_claims_and_lost_tasks(waiting, mailoutbox):
    services._claim(waiting.pk, "email")
    assert services.notifications_recover() == 0  # a fresh claim: not touched
    # Eleven minutes on: the worker that claimed it is dead.
    earlier = timezone.now() - services.STALE_CLAIM - datetime.timedelta(minutes=1)
    Notification.objects.filter(pk=waiting.pk).update(email_claimed_at=earlier)
    assert services.notifications_recover() == 1  # queued: the immediate queue runs it
    waiting.refresh_from_db()
    assert (waiting.email_status, waiting.email_attempts, waiting.email_reclaimed) == (EmailStatus.SENT, 2, True)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].extra_headers["Message-ID"] == services.message_id(waiting)
