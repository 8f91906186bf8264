"""Sample petitions raised at the held sessions (the 2024 sample conference of Lộc Thành): a handful each,
one routed and answered, one repeat pair. The seed sessions are not held yet, so they get none."""

import datetime

from django.contrib.auth import get_user_model

from directory.models import Holiday, Unit
from sessions_app.enums import SessionStatus
from sessions_app.models import Session

from . import services
from .models import Petition, Source, Topic

SAMPLES = [
    # (topic code, citizen, content, answered on the spot by)
    (
        "dat-dai",
        "Nguyễn Văn Hùng",
        "Đề nghị đẩy nhanh việc cấp giấy chứng nhận quyền sử dụng đất cho các hộ đã nộp hồ sơ từ năm 2023.",
        "",
    ),
    ("ha-tang", "", "Đường liên thôn đoạn qua nhà văn hóa bị hư hỏng nặng, mùa mưa lầy lội, đề nghị sửa chữa.", ""),
    (
        "an-sinh",
        "Trần Thị Lan",
        "Hỏi về chế độ trợ cấp cho người cao tuổi trên 75 tuổi chưa được hưởng.",
        "Chủ tịch UBND xã",
    ),
    ("moi-truong", "Lê Văn Tám", "Rác thải sinh hoạt chưa được thu gom thường xuyên, gây ô nhiễm môi trường.", ""),
]


HELD_OR_LATER = (SessionStatus.HELD, SessionStatus.CONCLUDED, SessionStatus.CLOSED)


def _days(start, end):
    day = start
    while day <= end:
        yield day
        day += datetime.timedelta(days=1)


D = datetime.date
#: Vietnam's national days off for 2025–2026 (Labour Code 2019, art. 112), shared by every
#: commune. Tết Nguyên đán as the Government announced it for public servants (weekends
#: inside the break included; they are no working days anyway). Swapped working Saturdays
#: are not kept, and for 2/9/2026 the adjacent day is left to the office (the Government
#: names it each year): a missing day off only makes a deadline earlier, never later.
HOLIDAYS = [
    (D(2025, 1, 1), "Tết Dương lịch"),
    *((day, "Tết Nguyên đán") for day in _days(D(2025, 1, 25), D(2025, 2, 2))),
    (D(2025, 4, 7), "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    (D(2025, 4, 30), "Ngày Chiến thắng"),
    (D(2025, 5, 1), "Ngày Quốc tế Lao động"),
    (D(2025, 9, 1), "Quốc khánh (ngày liền kề)"),
    (D(2025, 9, 2), "Quốc khánh"),
    (D(2026, 1, 1), "Tết Dương lịch"),
    *((day, "Tết Nguyên đán") for day in _days(D(2026, 2, 14), D(2026, 2, 22))),
    (D(2026, 4, 26), "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    (D(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương (26/4 là Chủ nhật)"),
    (D(2026, 4, 30), "Ngày Chiến thắng"),
    (D(2026, 5, 1), "Ngày Quốc tế Lao động"),
    (D(2026, 9, 2), "Quốc khánh"),
]


def load_holidays():
    """The shared national days off (idempotent: a day already in the calendar is left as it is)."""
    for day, name in HOLIDAYS:
        Holiday.objects.get_or_create(commune=None, day=day, defaults={"name": name})


def _admin():
    return get_user_model().objects.filter(is_superuser=True).order_by("pk").first()


def load(communes):
    load_holidays()
    by = _admin()
    topics = {t.code: t for t in Topic.objects.filter(commune__isnull=True)}
    if not topics:
        return
    for commune in communes:
        handler = (
            Unit.objects.filter(commune=commune, kind__in=[Unit.Kind.STATE_OFFICE, Unit.Kind.STATE_CENTRE])
            .order_by("position", "pk")
            .first()
        )
        held = Session.objects.filter(plan__commune=commune, status__in=HELD_OR_LATER)
        for session in held.order_by("period_start", "pk"):
            if Petition.objects.filter(session=session).exists():
                continue
            village = session.villages.order_by("position", "pk").first()
            received_on = session.session_date or session.period_start
            if received_on > datetime.date.today():
                received_on = datetime.date.today()
            earlier = None
            if village is not None:
                # Raised a year before by letter: the session's road petition repeats it.
                earlier = services.petition_create(
                    commune=commune,
                    by=None,
                    content="Đường liên thôn đoạn qua nhà văn hóa xuống cấp, hư hỏng, đề nghị sửa chữa.",
                    topic=topics["ha-tang"],
                    received_on=received_on - datetime.timedelta(days=365),
                    source=Source.LETTER,
                    village=village,
                    citizen_name="Phạm Văn Bình",
                )
            for i, (topic_code, citizen, content, spot_by) in enumerate(SAMPLES):
                petition = services.petition_create(
                    commune=commune,
                    by=None,
                    content=content,
                    topic=topics[topic_code],
                    received_on=received_on,
                    session=session,
                    village=village,
                    citizen_name=citizen,
                    answered_on_spot=bool(spot_by),
                    spot_answer_by=spot_by,
                    spot_answer="Xã sẽ rà soát danh sách và bổ sung trong tháng tới." if spot_by else "",
                    repeat_of=earlier if topic_code == "ha-tang" else None,
                )
                if i == 0 and handler is not None and by is not None:
                    services.petition_classify(
                        petition=petition, by=by, topic=petition.topic, kind=petition.kind, competence="commune"
                    )
                    services.petition_route(petition=petition, by=by, unit=handler)
                    services.petition_answer_draft(
                        petition=petition,
                        by=by,
                        body="UBND xã đã rà soát hồ sơ; các hộ đủ điều kiện sẽ được cấp giấy chứng nhận trong quý tới.",
                    )
