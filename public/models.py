"""The public app's own table: the private calendar feeds of signed-in users."""

import secrets

from django.conf import settings
from django.db import models


def new_feed_token():
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A secret address of one user's calendar (sessions and deadlines that concern them).

    The address is the only key (calendar apps cannot sign in), so it can be revoked: a revoked
    feed answers 404 and a new one gets a new token.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    token = models.CharField("mã", max_length=40, unique=True, default=new_feed_token, editable=False)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)

    class Meta:
        verbose_name = "lịch riêng"
        verbose_name_plural = "lịch riêng"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} ({'đã thu hồi' if self.revoked_at else 'đang dùng'})"


class ThrottleCount(models.Model):
    """How many requests one address made in one window of one bucket (public/throttle.py).

    The counter every web process shares when no Redis is configured: each process's own memory
    would let N workers take N times the limit. Rows of past windows are swept as new ones open.
    """

    key = models.CharField("khóa", max_length=120, unique=True)
    window = models.PositiveBigIntegerField("cửa sổ", db_index=True)
    count = models.PositiveIntegerField("số lần", default=0)

    class Meta:
        verbose_name = "bộ đếm giới hạn truy cập"
        verbose_name_plural = "bộ đếm giới hạn truy cập"

    def __str__(self):
        return f"{self.key}: {self.count}"
