"""Sample data of the citizen's side: Lộc Thành's sample conference issued and its results
published, and one coming session announced, so that the commune's public page shows both.

Loaded by `manage.py load_demo` after the conclusions' sample data; every change goes through
the owning app's services (the notice's moves and publication, the session's save and moves).
Idempotent: what is already issued, published or announced is kept.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from conclusions.enums import NoticeStatus
from conclusions.models import ConclusionNotice
from conclusions.services import notice_change_status, notice_publish_results
from sessions_app.enums import SessionStatus
from sessions_app.models import Session
from sessions_app.services import session_change_status, session_save

LEADER_USERNAME = "lanhdao"
COMING_TITLE = "Hội nghị đối thoại trực tiếp với Nhân dân sắp tổ chức (dữ liệu mẫu)"


def _publish_sample_results(commune, admin, leader):
    notice = (
        ConclusionNotice.objects.filter(session__plan__commune=commune, corrects__isnull=True).order_by("pk").first()
    )
    if notice is None:
        return None
    if notice.status == NoticeStatus.DRAFT:
        notice_change_status(obj=notice, to=NoticeStatus.PENDING_APPROVAL, by=admin, note="Dữ liệu mẫu")
    if notice.status == NoticeStatus.PENDING_APPROVAL:
        notice_change_status(obj=notice, to=NoticeStatus.ISSUED, by=leader, note="Dữ liệu mẫu")
    if notice.results_published_on is None and not notice.is_party:
        notice_publish_results(notice=notice, user=admin)
    return notice


def _announce_coming_session(notice, admin):
    plan = notice.session.plan
    session = Session.objects.filter(plan=plan, title=COMING_TITLE).first()
    if session is None:
        day = timezone.localdate() + datetime.timedelta(days=10)
        starts_at = timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 8, 0))
        session = session_save(
            session=Session(
                plan=plan,
                title=COMING_TITLE,
                starts_at=starts_at,
                year=day.year,
                venue=notice.session.venue,
                chair=notice.session.chair,
            ),
            villages=list(notice.session.villages.all()),
            user=admin,
            # Ten days ahead may fall in the next year, outside the sample plan's year.
            period_reason="Dữ liệu mẫu: buổi sắp tới của kế hoạch mẫu",
        )
    for to in (SessionStatus.SCHEDULED, SessionStatus.ANNOUNCED):
        if to in session.allowed_transitions():
            session_change_status(obj=session, to=to, by=admin, note="Dữ liệu mẫu")
    return session


def load(communes):
    loc_thanh = next((c for c in communes if c.name == "Lộc Thành"), None)
    User = get_user_model()
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    leader = User.objects.filter(username=LEADER_USERNAME).first()
    if loc_thanh is None or admin is None or leader is None:
        return
    notice = _publish_sample_results(loc_thanh, admin, leader)
    if notice is not None:
        _announce_coming_session(notice, admin)
