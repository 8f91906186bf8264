"""A real SMTP server on localhost for the mail tests.

Written here rather than taken from aiosmtpd: that package imports a module named `public`,
which our own `public` app shadows. The server speaks just enough SMTP for Django's
backend (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) and keeps each message it accepts.
"""

import socket
import socketserver
import threading
from dataclasses import dataclass, field

import pytest


@dataclass
class Envelope:
    mail_from: str = ""
    rcpt_tos: list = field(default_factory=list)
    content: bytes = b""


class Inbox:
    """Every message the local SMTP server received."""

    def __init__(self):
        self.messages = []
        self.port = None


def free_port():
    """A port nothing listens on (bound then released at once)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _address(arg):
    return arg.split(":", 1)[1].strip().strip("<>") if ":" in arg else ""


class _SMTPHandler(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(line.encode("ascii") + b"\r\n")

    def handle(self):
        inbox = self.server.inbox
        envelope = Envelope()
        self.reply("220 localhost test SMTP")
        while line := self.rfile.readline():
            command, _, arg = line.decode("utf-8", "replace").rstrip("\r\n").partition(" ")
            command = command.upper()
            if command in ("EHLO", "HELO"):
                self.reply("250 localhost")
            elif command == "MAIL":
                envelope = Envelope(mail_from=_address(arg))
                self.reply("250 OK")
            elif command == "RCPT":
                envelope.rcpt_tos.append(_address(arg))
                self.reply("250 OK")
            elif command == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    lines.append(data[1:] if data.startswith(b"..") else data)
                envelope.content = b"".join(lines)
                inbox.messages.append(envelope)
                envelope = Envelope()
                self.reply("250 OK")
            elif command in ("RSET", "NOOP"):
                envelope = Envelope() if command == "RSET" else envelope
                self.reply("250 OK")
            elif command == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on localhost, with Django's SMTP backend pointed at it."""
    inbox = Inbox()
    server = _Server(("127.0.0.1", 0), _SMTPHandler)
    server.inbox = inbox
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    inbox.port = server.server_address[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", inbox.port
    settings.SITE_URL = "http://dialogue.test"
    yield inbox
    server.shutdown()
    server.server_close()
