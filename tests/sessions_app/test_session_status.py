import datetime

import pytest
from django.utils import timezone
from freezegun import freeze_time

from sessions_app.enums import SessionStatus
from sessions_app.models import SessionTask, SessionTransition
from sessions_app.services import SessionError, session_change_status, session_save, session_tasks_refresh

from ..factories import PlanFactory, SessionFactory, VillageFactory, aware


def test_session_walks_to_held_and_records_every_move(clerk, commune):
    session = SessionFactory(plan=PlanFactory(commune=commune), quarter=None, starts_at=aware(2025, 11, 20))
    for status in ("scheduled", "announced", "held"):
        session_change_status(session=session, to_status=status, user=clerk)
    session.refresh_from_db()
    assert session.status == SessionStatus.HELD
    moves = list(SessionTransition.objects.filter(session=session).values_list("from_status", "to_status", "by"))
    assert moves == [
        ("draft", "scheduled", clerk.pk),
        ("scheduled", "announced", clerk.pk),
        ("announced", "held", clerk.pk),
    ]


def test_held_session_is_concluded_only_by_issuing_its_notice(clerk, commune):
    session = SessionFactory(plan=PlanFactory(commune=commune), quarter=None, starts_at=aware(2025, 11, 20))
    for status in ("scheduled", "announced", "held"):
        session_change_status(session=session, to_status=status, user=clerk)
    with pytest.raises(SessionError, match="chưa có thông báo kết luận đã ban hành"):
        session_change_status(session=session, to_status="concluded", user=clerk)
    session.refresh_from_db()
    assert session.status == SessionStatus.HELD


def test_a_move_that_is_not_allowed_is_refused_and_changes_nothing(clerk, commune):
    session = SessionFactory(plan=PlanFactory(commune=commune))
    with pytest.raises(SessionError, match="Không thể chuyển buổi từ “Dự kiến” sang “Đã tổ chức”"):
        session_change_status(session=session, to_status="held", user=clerk)
    session.refresh_from_db()
    assert session.status == SessionStatus.DRAFT
    assert SessionTransition.objects.filter(session=session).count() == 0


def test_scheduling_needs_an_exact_date(clerk, commune):
    session = SessionFactory(plan=PlanFactory(commune=commune), quarter=3)
    with pytest.raises(SessionError, match="ngày giờ cụ thể"):
        session_change_status(session=session, to_status="scheduled", user=clerk)


def test_cancelling_needs_a_reason_and_is_final(clerk, commune):
    session = SessionFactory(plan=PlanFactory(commune=commune))
    with pytest.raises(SessionError):
        session_change_status(session=session, to_status="cancelled", user=clerk, note="  ")
    session_change_status(session=session, to_status="cancelled", user=clerk, note="Mưa bão")
    with pytest.raises(SessionError):
        session_change_status(session=session, to_status="scheduled", user=clerk)
    assert SessionTransition.objects.get(session=session).note == "Mưa bão"


def test_held_and_later_sessions_cannot_be_cancelled(clerk, commune):
    session = SessionFactory(plan=PlanFactory(commune=commune), quarter=None, starts_at=aware(2025, 11, 20))
    for status in ("scheduled", "announced", "held"):
        session_change_status(session=session, to_status=status, user=clerk)
    with pytest.raises(SessionError):
        session_change_status(session=session, to_status="cancelled", user=clerk, note="muộn")


@freeze_time("2026-03-01")
def test_preparation_duties_get_deadlines_from_the_date_and_lead_time(clerk, commune):
    plan = PlanFactory(commune=commune, announcement_lead_days=5)
    village = VillageFactory(commune=commune)
    session = session_save(
        session=SessionFactory.build(plan=plan, quarter=None, year=2026, starts_at=aware(2026, 3, 20)),
        villages=[village],
        user=clerk,
    )
    due = dict(session.tasks.values_list("kind", "due_on"))
    assert due[SessionTask.Kind.ANNOUNCEMENT] == datetime.date(2026, 3, 15)
    assert due[SessionTask.Kind.INVITATIONS] == datetime.date(2026, 3, 15)
    assert due[SessionTask.Kind.SECURITY] == datetime.date(2026, 3, 20)
    assert session.lead_time_below_law is True

    session.starts_at = aware(2026, 3, 25)
    session_save(session=session, villages=[village], user=clerk)
    assert session.tasks.get(kind=SessionTask.Kind.ANNOUNCEMENT).due_on == datetime.date(2026, 3, 20)


@freeze_time("2026-03-10")
def test_announcement_deadline_passed_without_announcing_is_flagged(clerk, commune):
    session = SessionFactory(plan=PlanFactory(commune=commune), quarter=None, year=2026, starts_at=aware(2026, 3, 15))
    session_tasks_refresh(session=session)
    assert session.announce_by == datetime.date(2026, 3, 8)
    assert session.announcement_overdue is True
    session_change_status(session=session, to_status="scheduled", user=clerk)
    session_change_status(session=session, to_status="announced", user=clerk)
    assert session.tasks.get(kind=SessionTask.Kind.ANNOUNCEMENT).done_at == timezone.now()
    session.refresh_from_db()
    assert session.announcement_overdue is False


def test_a_session_needs_a_village_of_its_own_commune(clerk, commune, other_commune):
    plan = PlanFactory(commune=commune)
    with pytest.raises(SessionError, match="ít nhất một thôn"):
        session_save(session=SessionFactory.build(plan=plan), villages=[], user=clerk)
    with pytest.raises(SessionError, match="không thuộc xã"):
        session_save(
            session=SessionFactory.build(plan=plan), villages=[VillageFactory(commune=other_commune)], user=clerk
        )


def test_when_is_printed_as_offices_write_it(commune):
    plan = PlanFactory(commune=commune)
    assert SessionFactory(plan=plan, quarter=3, year=2025).when == "Quý III/2025"
    assert SessionFactory(plan=plan, quarter=None, month=11, year=2025).when == "Tháng 11/2025"
    assert SessionFactory(plan=plan, quarter=None, starts_at=aware(2025, 11, 20, 7, 30)).when == (
        "07 giờ 30, ngày 20/11/2025"
    )
