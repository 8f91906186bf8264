"""The one entry point, notify(), and the doors of a user's notifications and choices."""

import datetime
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from dialogue.http import NotPermitted
from directory.permissions import can_manage

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


def _channels(choice, kind):
    """(by e-mail, by text message) for a user's CHOICE and KIND: the phone only if its owner opted in."""
    by_email = not choice.email_paused and kind in choice.email_kinds
    by_sms = (
        settings.MESSAGE_BACKEND != "off"
        and choice.sms_opt_in
        and bool(channels.normalise_phone(choice.phone))
        and kind in choice.email_kinds
    )
    return by_email, by_sms


def notify(*, users, kind, title, key, body="", url="", commune=None):
    """Tell each of USERS of one event (KIND, TITLE, BODY, a link URL) of COMMUNE, once per KEY.

    Writes one Notification per user who does not have this KEY yet (a repeated event tells
    nobody twice), in the caller's transaction, in a few queries whatever the number of users
    (a deadline sweep fans out to every official of a unit). For those who chose e-mail for
    KIND (and did not pause it), the mail is queued on the task queue once the transaction
    commits. Returns the notifications written.
    """
    return notify_many([Event(users=users, kind=kind, title=title, key=key, body=body, url=url)], commune=commune)


@dataclass
class Event:
    """One event to tell (notify_many): its KEY makes it told once per user."""

    users: list
    kind: str
    title: str
    key: str
    body: str = ""
    url: str = ""


def notify_many(events, *, commune=None):
    """`notify` for a batch of EVENTS (of COMMUNE) at once: the same rows and mails, in a fixed
    number of queries for the whole batch (who was told already, the users' choices, one bulk
    insert, the rows read back) rather than four per event. Returns the notifications written."""
    for e in events:
        e.users = list(e.users)
    events = [e for e in events if e.users]
    if not events:
        return []
    users = {u.pk: u for e in events for u in e.users}
    keys = {e.key[:200] for e in events}
    told = set(Notification.objects.filter(key__in=keys, user_id__in=users).values_list("user_id", "key"))
    chosen = {c.user_id: c for c in NotificationSettings.objects.filter(user_id__in=users)}
    rows, wanted = [], set()
    for e in events:
        kind, key = Kind(e.kind), e.key[:200]
        for user in {u.pk: u for u in e.users}.values():
            if (user.pk, key) in told or (user.pk, key) in wanted:
                continue
            wanted.add((user.pk, key))
            choice = chosen.get(user.pk) or NotificationSettings(user=user, email_kinds=list(Kind.values))
            by_email, by_sms = _channels(choice, kind)
            rows.append(
                Notification(
                    user=user,
                    commune=commune,
                    kind=kind,
                    title=e.title[:300],
                    body=e.body,
                    url=e.url,
                    key=key,
                    email_status=EmailStatus.PENDING if by_email else EmailStatus.NONE,
                    sms_status=EmailStatus.PENDING if by_sms else EmailStatus.NONE,
                )
            )
    if not rows:
        return []
    # The same event told at the same moment by another process: its row stands, ours is skipped.
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    fresh_keys = {key for _, key in wanted}
    fresh_users = {pk for pk, _ in wanted}
    made = [
        n
        for n in Notification.objects.filter(key__in=fresh_keys, user_id__in=fresh_users).order_by("pk")
        if (n.user_id, n.key) in wanted
    ]
    mails = [n.pk for n in made if n.email_status == EmailStatus.PENDING]
    texts = [n.pk for n in made if n.sms_status == EmailStatus.PENDING]
    if mails or texts:
        # Queued twice by two processes at once is harmless: each message is claimed once (_claim).
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


#: A message "sending" for longer than this had its worker killed (SMTP and the gateway time out sooner).
STALE_CLAIM = datetime.timedelta(minutes=10)

UNCERTAIN = (
    "Tiến trình gửi bị dừng khi đang truyền thư cho máy chủ: thư có thể đã đến người nhận. "
    "Không tự gửi lại để tránh gửi hai lần; hãy hỏi người nhận rồi bấm “Gửi lại” nếu cần."
)
STOPPED_TWICE = "Tiến trình gửi bị dừng giữa chừng hai lần; hãy kiểm tra rồi bấm “Gửi lại”."

_CHANNEL = {
    "email": ("email_status", "email_error", "email_claimed_at", "email_reclaimed", "email_attempts"),
    "sms": ("sms_status", "sms_error", "sms_claimed_at", "sms_reclaimed", "sms_attempts"),
}


def _claim(pk, channel, now=None):
    """Take notification PK's CHANNEL ("email" or "sms") for sending, in a committed transaction.

    Pending → sending (claimed now, one more attempt). A "sending" claim older than STALE_CLAIM
    was left by a killed worker: it is taken over once, if the check allows it (for e-mail: the
    message's data had not started to go, so the server cannot have delivered it; a text
    message carries its tracking id, which the provider de-duplicates on); otherwise it ends
    "failed" with the reason, for the office to decide. Anything else (sent, failed, a fresh
    claim of another worker, deleted): None, nothing is sent.
    """
    status_f, error_f, claimed_f, reclaimed_f, attempts_f = _CHANNEL[channel]
    now = now or timezone.now()
    with transaction.atomic():
        n = Notification.objects.select_for_update().select_related("user").filter(pk=pk).first()
        if n is None:
            return None
        status = getattr(n, status_f)
        if status == EmailStatus.SENDING:
            claimed = getattr(n, claimed_f)
            if claimed is not None and claimed > now - STALE_CLAIM:
                return None  # another worker is on it
            problem = ""
            if channel == "email" and n.email_data_at is not None:
                problem = UNCERTAIN
            elif getattr(n, reclaimed_f):
                problem = STOPPED_TWICE
            if problem:
                setattr(n, status_f, EmailStatus.FAILED)
                setattr(n, error_f, problem)
                n.save(update_fields=[status_f, error_f])
                return None
            setattr(n, reclaimed_f, True)
        elif status != EmailStatus.PENDING:
            return None
        setattr(n, status_f, EmailStatus.SENDING)
        setattr(n, claimed_f, now)
        setattr(n, attempts_f, getattr(n, attempts_f) + 1)
        fields = [status_f, claimed_f, attempts_f, reclaimed_f]
        if channel == "email":
            n.email_data_at = None
            fields.append("email_data_at")
        n.save(update_fields=fields)
    return n


def _status(pk, channel):
    """The CHANNEL status of notification PK as it stands (None if it was deleted)."""
    return Notification.objects.filter(pk=pk).values_list(_CHANNEL[channel][0], flat=True).first()


def _settle(n, channel, status, error=""):
    """End N's claim of CHANNEL: STATUS with ERROR, only if the claim is still this one."""
    status_f, error_f, claimed_f, *_ = _CHANNEL[channel]
    Notification.objects.filter(pk=n.pk, **{status_f: EmailStatus.SENDING, claimed_f: getattr(n, claimed_f)}).update(
        **{status_f: status, error_f: error[:500]}
    )
    setattr(n, status_f, status)
    setattr(n, error_f, error[:500])
    return status


def _smtp_send(n, message):
    """Send MESSAGE through Django's SMTP backend, noting (committed) when its data starts to go.

    The envelope (MAIL, RCPT) is spoken first; only then is `email_data_at` stamped and the
    data sent. A worker killed before the stamp cannot have delivered the message (a server
    drops a transaction whose data never came), so its claim may be taken over; one killed
    after it may have, and is never sent again by itself (_claim).
    """
    backend = get_connection()
    if not isinstance(backend, SMTPBackend):  # console, file, memory: nothing is half-sent
        message.connection = backend
        message.send()
        _mark_data(n)
        return
    backend.open()
    try:
        conn = backend.connection
        encoding = message.encoding or settings.DEFAULT_CHARSET
        sender = sanitize_address(message.from_email, encoding)
        recipients = [sanitize_address(a, encoding) for a in message.recipients()]
        conn.ehlo_or_helo_if_needed()
        code, reply = conn.mail(sender)
        if code != 250:
            conn.rset()
            raise smtplib.SMTPSenderRefused(code, reply, sender)
        refused = {}
        for address in recipients:
            code, reply = conn.rcpt(address)
            if code not in (250, 251):
                refused[address] = (code, reply)
        if len(refused) == len(recipients):
            conn.rset()
            raise smtplib.SMTPRecipientsRefused(refused)
        _mark_data(n)
        code, reply = conn.data(message.message().as_bytes(linesep="\r\n"))
        if code != 250:
            conn.rset()
            raise smtplib.SMTPDataError(code, reply)
    finally:
        backend.close()


def _mark_data(n):
    n.email_data_at = timezone.now()
    Notification.objects.filter(pk=n.pk).update(email_data_at=n.email_data_at)


def notification_email_send(pk, *, now=None):
    """Send the e-mail of notification PK if it still waits (the task's body).

    Idempotent: the notification is claimed (pending → sending) in a committed transaction
    before the mail server is spoken to, so a retried task, a second worker or a worker
    restarted after a kill never sends it twice (see _claim for a claim left by a killed
    worker). A user with no address or a malformed one: failed, with the reason, never retried.
    The server down or refusing for now: back to pending with the error and TemporaryMailError
    (the task retries with a delay). Returns the email status (None if the notification is gone).
    """
    n = _claim(pk, "email", now=now)
    if n is None:
        return _status(pk, "email")
    address = (n.user.email or "").strip()
    problem = "" if address else "Người dùng chưa có địa chỉ thư điện tử."
    if address:
        try:
            validate_email(address)
        except ValidationError:
            problem = f"Địa chỉ thư điện tử không hợp lệ: {address}"
    if problem:
        return _settle(n, "email", EmailStatus.FAILED, problem)
    message = email_message(n, address)
    try:
        _smtp_send(n, message)
    except smtplib.SMTPRecipientsRefused as exc:
        return _settle(n, "email", EmailStatus.FAILED, f"Máy chủ thư từ chối địa chỉ {address}: {exc.recipients}")
    except (smtplib.SMTPException, OSError) as exc:
        error = f"Chưa gửi được (sẽ thử lại): {type(exc).__name__}: {exc}"
        _settle(n, "email", EmailStatus.PENDING, error)
        raise TemporaryMailError(error) from exc
    return _settle(n, "email", EmailStatus.SENT)


def message_id(n):
    """The same Message-ID every time notification N is sent: a copy is recognisable as one."""
    domain = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "localhost"
    return f"<notification-{n.pk}-{n.created_at:%Y%m%d%H%M%S}@{domain}>"


def email_message(n, address):
    """The e-mail of notification N: Vietnamese, plain text and HTML, with the link to its page."""
    link = f"{settings.SITE_URL}{n.url}" if n.url else settings.SITE_URL
    context = {"n": n, "link": link, "settings_link": f"{settings.SITE_URL}/thong-bao/cai-dat/"}
    text = render_to_string("notifications/email.txt", context)
    html = render_to_string("notifications/email.html", context)
    message = EmailMultiAlternatives(
        subject=f"[Đối thoại với Nhân dân] {n.title}"[:250],
        body=text,
        to=[address],
        headers={"Message-ID": message_id(n)},
    )
    message.attach_alternative(html, "text/html")
    return message


def notification_sms_send(pk):
    """Send the text message of notification PK if it still waits (the task's body).

    Claimed like the e-mail (a killed worker's claim is taken over once: the gateway gets the
    same tracking id, on which the provider de-duplicates). The gateway down or answering 5xx:
    back to pending and TemporaryMailError (the task retries); refused (4xx) or the user no
    longer opted in: failed, with the reason. Returns the status (None if the notification is gone).
    """
    n = _claim(pk, "sms")
    if n is None:
        return _status(pk, "sms")
    choice = settings_for(n.user)
    phone = channels.normalise_phone(choice.phone) if choice.sms_opt_in else ""
    if not phone:
        return _settle(n, "sms", EmailStatus.FAILED, "Người dùng không (còn) đồng ý nhận tin nhắn.")
    link = f"{settings.SITE_URL}{n.url}" if n.url else settings.SITE_URL
    try:
        channels.send(n, phone, link)
    except channels.PermanentError as exc:
        return _settle(n, "sms", EmailStatus.FAILED, str(exc))
    except channels.TemporaryError as exc:
        error = f"Chưa gửi được (sẽ thử lại): {exc}"
        _settle(n, "sms", EmailStatus.PENDING, error)
        raise TemporaryMailError(error) from exc
    return _settle(n, "sms", EmailStatus.SENT)


def notifications_recover(*, now=None):
    """Queue again the messages a killed worker left: claims older than STALE_CLAIM (the claim
    decides whether they may go again) and pending ones not tried for as long (their task was
    lost with its worker). A periodic task runs it. Returns how many were queued."""
    now = now or timezone.now()
    old = now - STALE_CLAIM
    stale = Q(email_status=EmailStatus.SENDING, email_claimed_at__lt=old)
    waiting = Q(email_status=EmailStatus.PENDING, email_attempts__lt=EMAIL_RETRIES) & (
        Q(email_claimed_at__lt=old) | Q(email_claimed_at__isnull=True, created_at__lt=old)
    )
    mails = list(Notification.objects.filter(stale | waiting).values_list("pk", flat=True)[:1000])
    sms_stale = Q(sms_status=EmailStatus.SENDING, sms_claimed_at__lt=old)
    sms_waiting = Q(sms_status=EmailStatus.PENDING) & (
        Q(sms_claimed_at__lt=old) | Q(sms_claimed_at__isnull=True, created_at__lt=old)
    )
    texts = list(Notification.objects.filter(sms_stale | sms_waiting).values_list("pk", flat=True)[:1000])
    _enqueue(mails, texts)
    return len(mails) + len(texts)


def notification_retry(*, notification, by, channel):
    """The office sends a message that failed (or stayed pending) again: back to pending, queued.

    Only office staff of the notification's commune; the attempts start again from zero.
    Returns whether it was queued (False: it was not failed or pending).
    """
    if notification.commune_id is None or not can_manage(by, notification.commune_id):
        raise NotPermitted
    if channel not in _CHANNEL:
        raise ValueError(channel)
    status_f, error_f, claimed_f, reclaimed_f, attempts_f = _CHANNEL[channel]
    updated = Notification.objects.filter(
        pk=notification.pk, **{f"{status_f}__in": (EmailStatus.FAILED, EmailStatus.PENDING)}
    ).update(**{status_f: EmailStatus.PENDING, error_f: "", attempts_f: 0, reclaimed_f: False, claimed_f: None})
    if updated:
        mails, texts = ([notification.pk], []) if channel == "email" else ([], [notification.pk])
        transaction.on_commit(lambda: _enqueue(mails, texts))
    return bool(updated)


def undelivered(commune):
    """The notifications of COMMUNE whose e-mail or text message did not go: failed, or still
    pending after an error (the server down through the retries), oldest problem first."""
    email_q = Q(email_status=EmailStatus.FAILED) | (Q(email_status=EmailStatus.PENDING) & ~Q(email_error=""))
    sms_q = Q(sms_status=EmailStatus.FAILED) | (Q(sms_status=EmailStatus.PENDING) & ~Q(sms_error=""))
    return Notification.objects.filter(commune=commune).filter(email_q | sms_q).select_related("user")


def undelivered_retry_all(*, commune, by):
    """Send again every message of COMMUNE that did not go (office staff only). Returns how many."""
    if not can_manage(by, commune):
        raise NotPermitted
    count = 0
    for n in undelivered(commune):
        for channel in ("email", "sms"):
            status_f, error_f = _CHANNEL[channel][:2]
            if getattr(n, status_f) == EmailStatus.FAILED or getattr(n, error_f):
                count += notification_retry(notification=n, by=by, channel=channel)
    return count
