"""What waits for a user among the petitions: the counts of "Việc của tôi", each with the list it opens.

Each count is the same query as the list it links to (petitions/views/lists.py), so the two
agree (tests/office/test_todo.py checks each).
"""

from urllib.parse import urlencode

from django.urls import reverse

from directory.permissions import can_approve, unit_ids_of

from .enums import Status
from .models import Petition
from .querysets import apply_filters
from .services import can_intake


def _list(params):
    return f"{reverse('petitions:list')}?{urlencode(params)}"


def petition_todo(user, commune):
    """[(key, label, queryset, url)] of what waits for USER in COMMUNE, by role."""
    scoped = Petition.objects.visible_to(user).in_commune(commune)
    items = []
    if can_intake(user, commune):
        for key, label, params in (
            ("to_classify", "Ý kiến mới chờ phân loại", {"trang_thai": Status.RECEIVED}),
            ("to_route", "Đã phân loại, chờ giao đơn vị xử lý", {"trang_thai": Status.CLASSIFIED}),
            ("overdue", "Ý kiến quá hạn xử lý", {"qua_han": "1"}),
        ):
            items.append((key, label, apply_filters(scoped, params), _list(params)))
    units = unit_ids_of(user, commune)
    if units and not can_intake(user, commune) and not can_approve(user, commune):
        queue = scoped.filter(status=Status.ROUTED, deadline__isnull=False, unit_id__in=units)
        items.append(("to_answer", "Ý kiến của đơn vị cần trả lời", queue, reverse("petitions:queue")))
        params = {"trang_thai": Status.ROUTED, "qua_han": "1"}
        items.append(("unit_overdue", "Ý kiến của đơn vị đã quá hạn", apply_filters(scoped, params), _list(params)))
    if can_approve(user, commune):
        items.append(
            ("to_approve", "Văn bản trả lời chờ duyệt", scoped.awaiting_approval(), reverse("petitions:approvals"))
        )
    return items
