"""Reads of notices and assignments: one scope per model, and the overdue rule."""

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from directory.models import Membership
from directory.permissions import COMMUNE_READ_ROLES
from directory.querysets import CommuneScopedQuerySet

from .enums import MUTABLE_AFTER_ISSUE, OPEN_ASSIGNMENT_STATES, NoticeStatus
from .errors import FROZEN_MESSAGE, ConclusionError


class NoticeQuerySet(CommuneScopedQuerySet):
    commune_lookup = "session__plan__commune"

    def issued(self):
        return self.filter(status=NoticeStatus.ISSUED)

    def results_published(self):
        """Issued notices whose results the office made public (services.notice_publish_results)."""
        return self.filter(status=NoticeStatus.ISSUED, results_published_on__isnull=False)

    def _refuse_if_issued(self, message):
        if self.issued().exists():
            raise ConclusionError(message)

    def delete(self):
        """Bulk deletion keeps the rule of ConclusionNotice.delete(): issued notices stay."""
        self._refuse_if_issued("Thông báo đã ban hành không được xóa.")
        return super().delete()

    delete.alters_data = True
    delete.queryset_only = True

    def update(self, **kwargs):
        """Bulk updates keep the freeze of ConclusionNotice.save() on issued notices."""
        if set(kwargs) - MUTABLE_AFTER_ISSUE:
            self._refuse_if_issued(FROZEN_MESSAGE)
        return super().update(**kwargs)

    update.alters_data = True


class AssignmentQuerySet(CommuneScopedQuerySet):
    """Office, leaders and supervisors see every assignment of their commune; unit officials their unit's."""

    commune_lookup = "notice__session__plan__commune"

    def visible_to(self, user):
        if not user or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        rows = Membership.objects.filter(user=user).values_list("commune_id", "role", "unit_id")
        whole = {c for c, role, _ in rows if role in COMMUNE_READ_ROLES}
        units = {u for c, role, u in rows if role == Membership.Role.UNIT_OFFICIAL and u and c not in whole}
        return self.filter(Q(notice__session__plan__commune_id__in=whole) | Q(unit_id__in=units))

    def followed(self):
        """Assignments of issued notices: the ones units must carry out."""
        return self.filter(notice__status=NoticeStatus.ISSUED)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status__in=OPEN_ASSIGNMENT_STATES, deadline__lt=today)

    def board_order(self, today=None):
        """Overdue first (the latest first), then by deadline."""
        today = today or timezone.localdate()
        return self.annotate(
            overdue_rank=Case(
                When(status__in=OPEN_ASSIGNMENT_STATES, deadline__lt=today, then=Value(0)),
                When(status__in=OPEN_ASSIGNMENT_STATES, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        ).order_by("overdue_rank", "deadline", "pk")
