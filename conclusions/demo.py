"""Sample data: a draft conclusion notice of Lộc Thành's past (2024, sample) conference.

The seed sessions stay as the seeds give them; the notice belongs to the held
conference that `sessions_app.demo` adds and marks as sample data. Loaded by
`manage.py load_demo` after the petitions' sample data, and only if it made
petitions. Idempotent: an existing notice is kept. Also adds a leader login
(lanhdao / the demo password) who may approve notices.
"""

import datetime

from django.contrib.auth import get_user_model

from directory.demo import demo_user
from directory.models import Membership, Unit
from petitions.models import Petition
from sessions_app.enums import SessionStatus
from sessions_app.models import Session

from .models import Assignment, ConclusionNotice
from .services import assignment_save, notice_initial, notice_save

LEADER_USERNAME = "lanhdao"


def _leader(communes):
    user = demo_user(LEADER_USERNAME, first_name="Lãnh đạo", last_name="(mẫu)")
    for commune in communes:
        Membership.objects.get_or_create(user=user, commune=commune, role=Membership.Role.LEADER, unit=None)
    return user


def load(communes):
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    _leader(communes)
    loc_thanh = next((c for c in communes if c.name == "Lộc Thành"), None)
    if loc_thanh is None or not Petition.objects.filter(commune=loc_thanh).exists():
        return
    session = (
        Session.objects.filter(
            plan__commune=loc_thanh, plan__issuer__kind=Unit.Kind.PEOPLES_COMMITTEE, status=SessionStatus.HELD
        )
        .order_by("period_start", "pk")
        .first()
    )
    if session is None or ConclusionNotice.objects.filter(session=session).exists():
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
