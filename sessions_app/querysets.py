from directory.querysets import CommuneScopedQuerySet

from .enums import UPCOMING_STATES


class PlanQuerySet(CommuneScopedQuerySet):
    commune_lookup = "commune"


class SessionQuerySet(CommuneScopedQuerySet):
    commune_lookup = "plan__commune"

    def upcoming(self):
        return self.filter(status__in=UPCOMING_STATES).order_by("period_start", "starts_at", "pk")
