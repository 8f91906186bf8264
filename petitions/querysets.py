"""Reads of petitions: one scope decides what each user may see."""

from django.db.models import Q
from django.utils import timezone

from directory.models import Membership
from directory.permissions import COMMUNE_READ_ROLES, unit_ids_of
from directory.querysets import CommuneScopedQuerySet


def _scope_q(user, prefix=""):
    """Q for the petitions USER may see: the commune's for office, leaders, supervisors; a unit's for its officials."""
    if not user or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Q()
    rows = Membership.objects.filter(user=user).values_list("commune_id", "role", "unit_id")
    whole = {c for c, role, _ in rows if role in COMMUNE_READ_ROLES}
    units = {u for c, role, u in rows if role == Membership.Role.UNIT_OFFICIAL and u is not None and c not in whole}
    q = Q(**{f"{prefix}pk__in": []})
    if whole:
        q |= Q(**{f"{prefix}commune_id__in": whole})
    if units:
        q |= Q(**{f"{prefix}unit_id__in": units})
    return q


class PetitionQuerySet(CommuneScopedQuerySet):
    commune_lookup = "commune"

    def visible_to(self, user):
        q = _scope_q(user)
        return self.none() if q is None else self.filter(q)

    def open(self):
        from .models import OPEN_STATES

        return self.filter(status__in=OPEN_STATES)

    def overdue(self, today=None):
        from .models import OPEN_STATES

        today = today or timezone.localdate()
        return self.filter(status__in=OPEN_STATES, deadline__lt=today)

    def unit_queue(self, units):
        """Open petitions of UNITS, most urgent (nearest deadline) then newest first."""
        from .models import Status

        return self.filter(unit__in=units, status=Status.ASSIGNED).order_by("deadline", "-received_on", "-id")

    def repeated_unresolved(self):
        """Petitions raised two or more times and still not settled (seed 000: "nêu nhiều lần")."""
        from django.db.models import Count

        from .models import UNRESOLVED_STATES

        # Repeats always point at the first petition of their chain (services.petition_link_repeat).
        return (
            self.filter(repeat_of__isnull=True)
            .annotate(
                times=Count("repeats", distinct=True) + 1,
                open_repeats=Count("repeats", filter=Q(repeats__status__in=UNRESOLVED_STATES), distinct=True),
            )
            .filter(times__gte=2)
            .filter(Q(status__in=UNRESOLVED_STATES) | Q(open_repeats__gt=0))
            .order_by("-times", "-received_on", "-id")
        )


class PetitionScopedQuerySet(CommuneScopedQuerySet):
    """Rows that belong to a petition (moves, answers, attachments): the petition's scope."""

    commune_lookup = "petition__commune"

    def visible_to(self, user):
        q = _scope_q(user, prefix="petition__")
        return self.none() if q is None else self.filter(q)


__all__ = ["PetitionQuerySet", "PetitionScopedQuerySet", "unit_ids_of"]
