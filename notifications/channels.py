"""Text messages (SMS or Zalo) of notifications: one small interface, a backend per setting.

- "off": nothing is sent;
- "file": each message is appended to VAR_DIR/messages.log (development);
- "gateway": a JSON POST to MESSAGE_GATEWAY_URL with a bearer token: an SMS provider's
  {"to", "text", "tracking_id"}, or Zalo ZNS {"phone", "template_id", "template_data", "tracking_id"}.
  tracking_id is the notification's key, so a provider that de-duplicates sends one message even
  if a retried task posts twice.
E-mail stays with Django's mail backends (services.notification_email_send).
"""

import json
import re
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.utils import timezone


class TemporaryError(Exception):
    """The gateway could not take the message now (down, 5xx): try again later."""


class PermanentError(Exception):
    """The gateway refused the message for good (4xx, a bad number): do not retry."""


def normalise_phone(phone):
    """A Vietnamese mobile number as 84xxxxxxxxx, or "" if it is not one."""
    digits = re.sub(r"[\s.\-()]", "", phone or "")
    if digits.startswith("+"):
        digits = digits[1:]
    if digits.startswith("0"):
        digits = "84" + digits[1:]
    return digits if re.fullmatch(r"84\d{9}", digits) else ""


def message_text(notification, link):
    return f"{notification.title}. Xem: {link}"[:300]


def payload(notification, phone, link):
    if settings.MESSAGE_GATEWAY_KIND == "zalo":
        return {
            "phone": phone,
            "template_id": settings.ZALO_TEMPLATE_ID,
            "template_data": {"title": notification.title[:100], "link": link},
            "tracking_id": notification.key,
        }
    return {"to": phone, "text": message_text(notification, link), "tracking_id": notification.key}


def send(notification, phone, link):
    """Send one message by the configured backend; raises TemporaryError or PermanentError."""
    backend = settings.MESSAGE_BACKEND
    if backend == "off":
        return
    if backend == "file":
        path = Path(settings.VAR_DIR) / "messages.log"
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"{timezone.now():%Y-%m-%d %H:%M:%S} {phone} {message_text(notification, link)}\n")
        return
    if not settings.MESSAGE_GATEWAY_URL:
        raise PermanentError("Chưa cấu hình địa chỉ cổng gửi tin nhắn (MESSAGE_GATEWAY_URL).")
    request = urllib.request.Request(
        settings.MESSAGE_GATEWAY_URL,
        data=json.dumps(payload(notification, phone, link), ensure_ascii=False).encode("utf-8"),
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Authorization": f"Bearer {settings.MESSAGE_GATEWAY_TOKEN}",
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.MESSAGE_GATEWAY_TIMEOUT) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        if exc.code >= 500 or exc.code == 429:
            raise TemporaryError(f"Cổng tin nhắn trả lời {exc.code}") from exc
        raise PermanentError(
            f"Cổng tin nhắn từ chối ({exc.code}): {exc.read()[:200].decode('utf-8', 'replace')}"
        ) from exc
    except (urllib.error.URLError, OSError) as exc:
        raise TemporaryError(f"Không kết nối được cổng tin nhắn: {exc}") from exc
