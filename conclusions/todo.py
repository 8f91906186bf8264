"""What waits for a user among conclusion notices and assignments ("Việc của tôi").

Each count is the same query as the list it links to (conclusions/views.py notice_list, board).
"""

from urllib.parse import urlencode

from django.urls import reverse

from directory.permissions import can_approve, can_manage, unit_ids_of

from .enums import NoticeStatus
from .models import Assignment, ConclusionNotice


def conclusion_todo(user, commune):
    """[(key, label, queryset, url)] of what waits for USER in COMMUNE, by role."""
    items = []
    if can_approve(user, commune):
        pending = (
            ConclusionNotice.objects.visible_to(user).in_commune(commune).filter(status=NoticeStatus.PENDING_APPROVAL)
        )
        url = f"{reverse('conclusions:list')}?{urlencode({'trang_thai': NoticeStatus.PENDING_APPROVAL})}"
        items.append(("notices_to_approve", "Thông báo kết luận chờ duyệt", pending, url))
    if can_manage(user, commune) or can_approve(user, commune) or unit_ids_of(user, commune):
        followed = Assignment.objects.visible_to(user).followed().filter(notice__session__plan__commune=commune)
        url = f"{reverse('conclusions:board')}?{urlencode({'trang_thai': 'qua_han'})}"
        items.append(("assignments_overdue", "Nhiệm vụ được giao đã quá hạn", followed.overdue(), url))
    return items
