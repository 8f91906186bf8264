"""Sample data: the Lộc Thành conference (seed 003) held, with a draft conclusion notice.

Loaded by `manage.py load_demo` after the petitions' sample data, and only if it made
petitions. Idempotent: a held session is not moved again, an existing notice is kept.
Also adds a leader login (lanhdao / the demo password) who may approve notices.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from directory.demo import DEMO_PASSWORD
from directory.models import Membership, Unit
from petitions.models import Petition
from sessions_app.enums import SessionStatus
from sessions_app.models import Session
from sessions_app.services import session_change_status, session_tasks_refresh

from .models import Assignment, ConclusionNotice
from .services import assignment_save, notice_initial, notice_save

LEADER_USERNAME = "lanhdao"
CONFERENCE_AT = datetime.datetime(2025, 11, 20, 8, 0)


def _leader(communes):
    user, created = get_user_model().objects.get_or_create(
        username=LEADER_USERNAME, defaults={"first_name": "Lãnh đạo", "last_name": "(mẫu)"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    for commune in communes:
        Membership.objects.get_or_create(user=user, commune=commune, role=Membership.Role.LEADER, unit=None)
    return user


def _hold(session, user):
    """Walk the conference from draft to held, fixing its date (the seed announced it for 11/2025)."""
    if session.status != SessionStatus.DRAFT:
        return
    if not session.starts_at:
        session.starts_at = timezone.make_aware(CONFERENCE_AT)
        session.save(update_fields=["starts_at"])
        session_tasks_refresh(session=session)
    for status in (SessionStatus.SCHEDULED, SessionStatus.ANNOUNCED, SessionStatus.HELD):
        session_change_status(session=session, to_status=status, user=user, note="Dữ liệu mẫu")


def load(communes):
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    _leader(communes)
    loc_thanh = next((c for c in communes if c.name == "Lộc Thành"), None)
    if loc_thanh is None or not Petition.objects.filter(commune=loc_thanh).exists():
        return
    session = (
        Session.objects.filter(plan__commune=loc_thanh, plan__issuer__kind=Unit.Kind.PEOPLES_COMMITTEE)
        .order_by("period_start", "pk")
        .first()
    )
    if session is None or ConclusionNotice.objects.filter(session=session).exists():
        return
    _hold(session, admin)
    session.refresh_from_db()
    if session.status != SessionStatus.HELD:
        return
    notice = ConclusionNotice(session=session, **notice_initial(session))
    notice.assessment = (
        "Hội nghị diễn ra dân chủ, thẳng thắn; Nhân dân đồng tình với phần lớn nội dung trả lời tại hội nghị."
    )
    notice.conclusions = (
        "Các cơ quan, đơn vị được giao nhiệm vụ khẩn trương xem xét, giải quyết dứt điểm các kiến nghị của "
        "Nhân dân; trả lời bằng văn bản cho người dân và báo cáo kết quả về Văn phòng HĐND và UBND xã."
    )
    notice_save(notice=notice, user=admin)
    open_petitions = list(Petition.objects.filter(session=session, answered_on_spot=False).select_related("topic"))
    units = {u.name: u for u in Unit.objects.filter(commune=loc_thanh)}
    plan = [
        ("Phòng Kinh tế", "Khảo sát, lập phương án sửa chữa tuyến đường liên ấp; báo cáo UBND xã.", 30, "ha-tang"),
        ("Phòng Kinh tế", "Rà soát hồ sơ cấp giấy chứng nhận quyền sử dụng đất còn tồn đọng.", 45, "dat-dai"),
        ("Phòng Văn hóa - Xã hội", "Phối hợp tổ chức thu gom rác thải sinh hoạt tại các ấp.", 20, "moi-truong"),
    ]
    for position, (unit_name, task, days, topic_code) in enumerate(plan, start=1):
        unit = units.get(unit_name)
        if unit is None:
            continue
        assignment = Assignment(
            notice=notice,
            unit=unit,
            task=task,
            position=position,
            deadline=session.session_date + datetime.timedelta(days=days),
        )
        petitions = [p for p in open_petitions if p.topic.code == topic_code]
        assignment_save(assignment=assignment, user=admin, petitions=petitions)
