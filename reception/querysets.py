"""Reads of the reception register: the commune's office, leaders and supervisor (citizens' data)."""

from django.db import models

from directory.models import Membership
from directory.permissions import COMMUNE_READ_ROLES


def _reader_communes(user):
    if not user or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, role__in=COMMUNE_READ_ROLES).values("commune_id")


class ReceptionDayQuerySet(models.QuerySet):
    def held_between(self, commune, start, end):
        """The reception days of COMMUNE from START to END (inclusive), with their leaders."""
        return self.filter(commune=commune, day__range=(start, end)).select_related("leader").order_by("day", "id")

    def visible_to(self, user):
        communes = _reader_communes(user)
        if communes is None:
            return self.none()
        return self if communes is True else self.filter(commune_id__in=communes)


class VisitQuerySet(models.QuerySet):
    def visible_to(self, user):
        communes = _reader_communes(user)
        if communes is None:
            return self.none()
        return self if communes is True else self.filter(day__commune_id__in=communes)
