"""Writes of the public app: its own calendar feeds only."""

from django.db import transaction
from django.utils import timezone

from .models import CalendarFeed


def calendar_feed_renew(*, user):
    """Revoke USER's feeds and give them a new one. Returns it."""
    with transaction.atomic():
        calendar_feed_revoke(user=user)
        return CalendarFeed.objects.create(user=user)


def calendar_feed_revoke(*, user):
    """Revoke every feed of USER: their old address answers 404 from now on."""
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
