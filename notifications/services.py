"""The one entry point, notify(), and the doors of a user's notifications and choices."""

import logging
import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from dialogue.http import NotPermitted

from . import channels
from .enums import EmailStatus, Kind
from .models import Notification, NotificationSettings

logger = logging.getLogger(__name__)

#: Sending is tried this many times (with growing delays, sessions on the task queue) before
#: the notification stays "pending" with the last error, for the office to see.
EMAIL_RETRIES = 5


def settings_for(user):
    """USER's choices (unsaved defaults when they never chose: every kind by e-mail too)."""
    found = NotificationSettings.objects.filter(user=user).first()
    return found or NotificationSettings(user=user, email_kinds=list(Kind.values), email_paused=False)


def settings_save(*, user, email_kinds, email_paused, phone="", sms_opt_in=False):
    """Save USER's choices; unknown kinds or a phone that is not a mobile number are refused (nothing changed)."""
    unknown = set(email_kinds) - set(Kind.values)
    if unknown:
        raise ValueError(f"Loại thông báo không có: {', '.join(sorted(unknown))}")
    phone = (phone or "").strip()
    if phone and not channels.normalise_phone(phone):
        raise ValueError(f"Số điện thoại không hợp lệ: {phone}")
    if sms_opt_in and not phone:
        raise ValueError("Muốn nhận tin nhắn, hãy ghi số điện thoại")
    obj, _ = NotificationSettings.objects.update_or_create(
        user=user,
        defaults={
            "email_kinds": sorted(email_kinds),
            "email_paused": bool(email_paused),
            "phone": phone,
            "sms_opt_in": bool(sms_opt_in),
        },
    )
    return obj


def _channels(user, kind):
    """(by e-mail, by text message) for USER and KIND: the phone only if its owner opted in."""
    choice = settings_for(user)
    by_email = not choice.email_paused and kind in choice.email_kinds
    by_sms = (
        settings.MESSAGE_BACKEND != "off"
        and choice.sms_opt_in
        and bool(channels.normalise_phone(choice.phone))
        and kind in choice.email_kinds
    )
    return by_email, by_sms


def notify(*, users, kind, title, key, body="", url=""):
    """Tell each of USERS of one event (KIND, TITLE, BODY, a link URL), once per KEY.

    Writes one Notification per user who does not have this KEY yet (a repeated event tells
    nobody twice), in the caller's transaction. For those who chose e-mail for KIND (and did
    not pause it), the mail is queued on the task queue once the transaction commits.
    Returns the notifications written.
    """
    kind = Kind(kind)
    made = []
    for user in users:
        if Notification.objects.filter(user=user, key=key).exists():
            continue
        by_email, by_sms = _channels(user, kind)
        try:
            with transaction.atomic():
                n = Notification.objects.create(
                    user=user,
                    kind=kind,
                    title=title[:300],
                    body=body,
                    url=url,
                    key=key[:200],
                    email_status=EmailStatus.PENDING if by_email else EmailStatus.NONE,
                    sms_status=EmailStatus.PENDING if by_sms else EmailStatus.NONE,
                )
        except IntegrityError:  # the same event, told at the same moment by another process
            continue
        made.append(n)
    mails = [n.pk for n in made if n.email_status == EmailStatus.PENDING]
    texts = [n.pk for n in made if n.sms_status == EmailStatus.PENDING]
    if mails or texts:
        transaction.on_commit(lambda: _enqueue(mails, texts))
    return made


def _enqueue(mails, texts):
    # deferred: tasks.py imports this module (the task's body lives here)
    from .tasks import notification_email_task, notification_sms_task

    for pk in mails:
        notification_email_task(pk)
    for pk in texts:
        notification_sms_task(pk)


def notification_mark_read(*, user, pk):
    """Mark USER's notification PK read; another user's answers 404. Returns it."""
    n = Notification.objects.visible_to(user).filter(pk=pk).first()
    if n is None:
        raise NotPermitted
    if n.read_at is None:
        n.read_at = timezone.now()
        n.save(update_fields=["read_at"])
    return n


def notifications_mark_all_read(*, user):
    return Notification.objects.visible_to(user).unread().update(read_at=timezone.now())


class TemporaryMailError(Exception):
    """The mail server could not take the message now: try again later."""


def notification_email_send(pk):
    """Send the e-mail of notification PK if it still waits (the task's body).

    Idempotent: a notification already sent, failed for good, or deleted is left alone.
    A user with no address or a malformed one: failed, with the reason, never retried.
    The server down or refusing for now: TemporaryMailError (the task retries with a delay);
    the notification stays pending with the error. Returns the new email status.
    """
    with transaction.atomic():
        n = Notification.objects.select_for_update().select_related("user").filter(pk=pk).first()
        if n is None or n.email_status != EmailStatus.PENDING:
            return n.email_status if n else None
        n.email_attempts += 1
        address = (n.user.email or "").strip()
        problem = "" if address else "Người dùng chưa có địa chỉ thư điện tử."
        if address:
            try:
                validate_email(address)
            except ValidationError:
                problem = f"Địa chỉ thư điện tử không hợp lệ: {address}"
        if problem:
            n.email_status = EmailStatus.FAILED
            n.email_error = problem[:500]
            n.save(update_fields=["email_status", "email_error", "email_attempts"])
            return n.email_status
        message = email_message(n, address)
        try:
            message.send()
        except smtplib.SMTPRecipientsRefused as exc:
            n.email_status = EmailStatus.FAILED
            n.email_error = f"Máy chủ thư từ chối địa chỉ {address}: {exc.recipients}"[:500]
            n.save(update_fields=["email_status", "email_error", "email_attempts"])
            return n.email_status
        except (smtplib.SMTPException, OSError) as exc:
            n.email_error = f"Chưa gửi được (sẽ thử lại): {type(exc).__name__}: {exc}"[:500]
            n.save(update_fields=["email_error", "email_attempts"])
            temporary = n.email_error
        else:
            n.email_status = EmailStatus.SENT
            n.email_error = ""
            n.save(update_fields=["email_status", "email_error", "email_attempts"])
            return n.email_status
    raise TemporaryMailError(temporary)


def email_message(n, address):
    """The e-mail of notification N: Vietnamese, plain text and HTML, with the link to its page."""
    link = f"{settings.SITE_URL}{n.url}" if n.url else settings.SITE_URL
    context = {"n": n, "link": link, "settings_link": f"{settings.SITE_URL}/thong-bao/cai-dat/"}
    text = render_to_string("notifications/email.txt", context)
    html = render_to_string("notifications/email.html", context)
    message = EmailMultiAlternatives(subject=f"[Đối thoại với Nhân dân] {n.title}"[:250], body=text, to=[address])
    message.attach_alternative(html, "text/html")
    return message


def notification_sms_send(pk):
    """Send the text message of notification PK if it still waits (the task's body).

    Idempotent like the e-mail. The gateway down or answering 5xx: TemporaryMailError (the
    task retries), the message stays pending with the error; refused (4xx) or the user no
    longer opted in: failed, with the reason. Returns the new status.
    """
    with transaction.atomic():
        n = Notification.objects.select_for_update().select_related("user").filter(pk=pk).first()
        if n is None or n.sms_status != EmailStatus.PENDING:
            return n.sms_status if n else None
        choice = settings_for(n.user)
        phone = channels.normalise_phone(choice.phone) if choice.sms_opt_in else ""
        if not phone:
            n.sms_status, n.sms_error = EmailStatus.FAILED, "Người dùng không (còn) đồng ý nhận tin nhắn."
            n.save(update_fields=["sms_status", "sms_error"])
            return n.sms_status
        link = f"{settings.SITE_URL}{n.url}" if n.url else settings.SITE_URL
        try:
            channels.send(n, phone, link)
        except channels.PermanentError as exc:
            n.sms_status, n.sms_error = EmailStatus.FAILED, str(exc)[:500]
            n.save(update_fields=["sms_status", "sms_error"])
            return n.sms_status
        except channels.TemporaryError as exc:
            n.sms_error = f"Chưa gửi được (sẽ thử lại): {exc}"[:500]
            n.save(update_fields=["sms_error"])
            temporary = n.sms_error
        else:
            n.sms_status, n.sms_error = EmailStatus.SENT, ""
            n.save(update_fields=["sms_status", "sms_error"])
            return n.sms_status
    raise TemporaryMailError(temporary)
