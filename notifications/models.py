"""A notification to one user (the bell and its page), and each user's choices of e-mail."""

from django.conf import settings
from django.db import models

from .enums import EmailStatus, Kind


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A user sees their own notifications only."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name="người nhận"
    )
    # The commune the event belongs to: the office of that commune sees the messages that failed.
    commune = models.ForeignKey(
        "directory.Commune", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="xã"
    )
    kind = models.CharField("loại", max_length=30, choices=Kind.choices)
    title = models.CharField("tiêu đề", max_length=300)
    body = models.TextField("nội dung", blank=True)
    url = models.CharField("đường dẫn", max_length=300, blank=True)
    # One event tells a user once: a retried task or a repeated signal finds the row and stops.
    key = models.CharField("khóa sự kiện", max_length=200)
    created_at = models.DateTimeField("lúc", auto_now_add=True)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)
    email_status = models.CharField(
        "thư điện tử", max_length=10, choices=EmailStatus.choices, default=EmailStatus.NONE, blank=True
    )
    email_error = models.CharField("lỗi gửi thư", max_length=500, blank=True)
    email_attempts = models.PositiveSmallIntegerField("số lần gửi", default=0)
    # The sending claimed before the mail server is spoken to (committed first, so a killed worker
    # leaves a trace): when, whether the message's data had started to go ("sending" past this
    # point may have arrived, so it is never sent again by itself), and whether a claim left by a
    # dead worker was already taken over once (services._claim).
    email_claimed_at = models.DateTimeField("nhận gửi thư lúc", null=True, blank=True)
    email_data_at = models.DateTimeField("bắt đầu truyền thư lúc", null=True, blank=True)
    email_reclaimed = models.BooleanField("đã gửi lại sau khi bị dừng", default=False)
    # The text message (SMS or Zalo) through the HTTP gateway, for users who opted in.
    sms_status = models.CharField(
        "tin nhắn", max_length=10, choices=EmailStatus.choices, default=EmailStatus.NONE, blank=True
    )
    sms_error = models.CharField("lỗi gửi tin nhắn", max_length=500, blank=True)
    sms_attempts = models.PositiveSmallIntegerField("số lần gửi tin nhắn", default=0)
    sms_claimed_at = models.DateTimeField("nhận gửi tin nhắn lúc", null=True, blank=True)
    sms_reclaimed = models.BooleanField("đã gửi lại tin nhắn sau khi bị dừng", default=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "thông báo cho người dùng"
        verbose_name_plural = "thông báo cho người dùng"
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_event")]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread"),
            # The office's page of messages not sent, and the sweep of claims left by dead workers.
            models.Index(fields=["commune", "email_status"], name="notification_email_state"),
            models.Index(fields=["commune", "sms_status"], name="notification_sms_state"),
        ]

    def __str__(self):
        return self.title


class NotificationSettings(models.Model):
    """A user's choices: the kinds that also come by e-mail, and a pause of every e-mail."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_settings",
        verbose_name="người dùng",
    )
    email_kinds = models.JSONField("loại gửi cả thư điện tử", default=list, blank=True)
    email_paused = models.BooleanField("tạm dừng thư điện tử", default=False)
    # A phone is used only if its owner opted in (SMS or Zalo, as the office's gateway sends).
    phone = models.CharField("số điện thoại nhận tin", max_length=20, blank=True)
    sms_opt_in = models.BooleanField("đồng ý nhận tin nhắn (SMS/Zalo)", default=False)

    class Meta:
        verbose_name = "cài đặt thông báo"
        verbose_name_plural = "cài đặt thông báo"

    def __str__(self):
        return f"Cài đặt thông báo của {self.user}"
