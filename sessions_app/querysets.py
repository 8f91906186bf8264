from directory.querysets import CommuneScopedQuerySet, folded_search

from .enums import UPCOMING_STATES


class PlanQuerySet(CommuneScopedQuerySet):
    commune_lookup = "commune"

    def search(self, text):
        """Plans whose number and symbol, title, period or content hold every word, accents and case aside."""
        return folded_search(self, text)


class SessionQuerySet(CommuneScopedQuerySet):
    commune_lookup = "plan__commune"

    def upcoming(self):
        return self.filter(status__in=UPCOMING_STATES).order_by("period_start", "starts_at", "pk")

    def announced_publicly(self):
        """Sessions whose announcement the office published (services.session_announcement_publish)."""
        return self.filter(announcement_published_at__isnull=False)
