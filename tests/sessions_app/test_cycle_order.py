"""The order of the cycle (issue 10): no announcing a draft plan, the announcement's lead time,
a session outside its plan's period."""

import datetime

import pytest
from django.urls import reverse
from freezegun import freeze_time

from sessions_app.enums import SessionStatus
from sessions_app.models import Session, SessionDocument, SessionTransition
from sessions_app.participants import ParticipantError, session_document_take
from sessions_app.services import SessionError, session_change_status, session_save

from ..factories import PlanFactory, SessionFactory, VillageFactory, aware

DRAFT_PLAN = "còn là dự thảo"


def numbered_plan(commune, **fields):
    fields.setdefault("number", 7)
    fields.setdefault("issued_on", datetime.date(2025, 1, 10))
    return PlanFactory(commune=commune, **fields)


def test_a_session_of_a_draft_plan_is_not_announced(clerk, commune):
    session = SessionFactory(
        plan=PlanFactory(commune=commune, number=None), quarter=None, starts_at=aware(2025, 11, 20)
    )
    session_change_status(obj=session, to="scheduled", by=clerk)
    with pytest.raises(SessionError, match=DRAFT_PLAN):
        session_change_status(obj=session, to="announced", by=clerk)
    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED
    assert not SessionTransition.objects.filter(session=session, to_status="announced").exists()


def test_the_announcement_of_a_draft_plan_gets_no_number(clerk, commune):
    session = SessionFactory(
        plan=PlanFactory(commune=commune, number=None), quarter=None, starts_at=aware(2025, 11, 20)
    )
    with pytest.raises(ParticipantError, match=DRAFT_PLAN):
        session_document_take(session=session, kind="TB", user=clerk)
    assert not SessionDocument.objects.exists()
    # The invitation goes to delegates, not to the public: it may be numbered from a draft plan.
    assert session_document_take(session=session, kind="GM", user=clerk).number == 1


def test_the_page_says_why_a_scheduled_session_of_a_draft_plan_cannot_be_announced(clerk_client, clerk, commune):
    session = SessionFactory(
        plan=PlanFactory(commune=commune, number=None), quarter=None, starts_at=aware(2025, 11, 20)
    )
    session_change_status(obj=session, to="scheduled", by=clerk)
    page = clerk_client.get(session.get_absolute_url()).content.decode()
    assert 'id="plan-draft-warning"' in page
    response = clerk_client.post(
        reverse("sessions_app:session_status", args=[session.pk]), {"to_status": "announced"}, follow=True
    )
    assert DRAFT_PLAN in response.content.decode()
    assert Session.objects.get(pk=session.pk).status == SessionStatus.SCHEDULED


def _announced(commune, clerk, *, on, starts_at, **plan_fields):
    session = SessionFactory(plan=numbered_plan(commune, **plan_fields), quarter=None, starts_at=starts_at)
    with freeze_time(on):
        session_change_status(obj=session, to="scheduled", by=clerk)
        session_change_status(obj=session, to="announced", by=clerk)
    return session


def test_held_before_the_lead_time_needs_a_reason_kept_in_the_history(clerk, clerk_client, commune):
    # Announced on 15/11 for the 20/11: five days, the plan asks seven.
    session = _announced(commune, clerk, on="2025-11-15 09:00", starts_at=aware(2025, 11, 20))
    with freeze_time("2025-11-20 12:00"):
        with pytest.raises(SessionError, match="chưa đủ 7 ngày trước ngày tổ chức"):
            session_change_status(obj=session, to="held", by=clerk, note="  ")
        session.refresh_from_db()
        assert session.status == SessionStatus.ANNOUNCED
        page = clerk_client.get(session.get_absolute_url()).content.decode()
        assert 'id="lead-time-short"' in page
        clerk_client.post(
            reverse("sessions_app:session_status", args=[session.pk]),
            {"to_status": "held", "note": "Lịch của huyện dời sớm"},
        )
    session.refresh_from_db()
    assert session.status == SessionStatus.HELD
    move = SessionTransition.objects.get(session=session, to_status="held")
    assert move.note == "Tổ chức khi chưa đủ thời gian thông báo trước (7 ngày): Lịch của huyện dời sớm"
    clerk_client.force_login(clerk)  # the sign-in of the frozen day has expired
    assert "Lịch của huyện dời sớm" in clerk_client.get(session.get_absolute_url()).content.decode()


def test_held_after_the_lead_time_needs_no_reason(clerk, commune):
    session = _announced(commune, clerk, on="2025-11-10 09:00", starts_at=aware(2025, 11, 20))
    with freeze_time("2025-11-20 12:00"):
        session_change_status(obj=session, to="held", by=clerk)
    assert SessionTransition.objects.get(session=session, to_status="held").note == ""


def test_the_plans_own_lead_time_counts(clerk, commune):
    # The plan asks 10 days; announced 8 days ahead: a reason is needed.
    session = _announced(
        commune, clerk, on="2025-11-12 09:00", starts_at=aware(2025, 11, 20), announcement_lead_days=10
    )
    with freeze_time("2025-11-20 12:00"), pytest.raises(SessionError, match="chưa đủ 10 ngày"):
        session_change_status(obj=session, to="held", by=clerk)


@freeze_time("2025-06-01")
def test_a_date_outside_the_plans_year_is_refused_without_a_reason(clerk, commune):
    plan = numbered_plan(commune, year=2025, period_label="năm 2025")
    village = VillageFactory(commune=commune)
    draft = SessionFactory.build(plan=plan, quarter=None, starts_at=aware(2026, 2, 10))
    with pytest.raises(SessionError, match="ngoài thời kỳ của kế hoạch"):
        session_save(session=draft, villages=[village], user=clerk)
    assert not Session.objects.exists()
    saved = session_save(session=draft, villages=[village], user=clerk, period_reason="Dời theo chỉ đạo của tỉnh")
    note = SessionTransition.objects.filter(session=saved).exclude(note="Tạo buổi").get().note
    assert note == "Ngoài thời kỳ của kế hoạch (năm 2025, buổi năm 2026): Dời theo chỉ đạo của tỉnh"
    # Saved again in the same year: not asked again.
    saved.venue = "Nhà văn hóa ấp 1"
    session_save(session=saved, villages=[village], user=clerk)


@freeze_time("2025-06-01")
def test_the_page_asks_for_the_reason_beside_the_form(clerk_client, commune):
    plan = numbered_plan(commune, year=2025)
    village = VillageFactory(commune=commune)
    url = reverse("sessions_app:session_create", args=[plan.pk])
    data = {"villages": [village.pk], "starts_at": "10/02/2026 08:00", "venue": "Hội trường", "format": "in_person"}
    response = clerk_client.post(url, data)
    assert response.status_code == 200
    assert "ngoài thời kỳ của kế hoạch" in response.content.decode()
    assert not Session.objects.exists()
    response = clerk_client.post(url, {**data, "period_reason": "Dời theo chỉ đạo"})
    assert response.status_code == 302
    session = Session.objects.get()
    assert "Dời theo chỉ đạo" in clerk_client.get(session.get_absolute_url()).content.decode()


def test_the_report_shows_why_a_session_was_held_early(clerk, clerk_client, commune):
    session = _announced(commune, clerk, on="2025-11-15 09:00", starts_at=aware(2025, 11, 20))
    with freeze_time("2025-11-20 12:00"):
        session_change_status(obj=session, to="held", by=clerk, note="Lịch của huyện dời sớm")
    page = clerk_client.get(reverse("office:report"), {"nam": 2025, "ky": "h2"}).content.decode()
    assert 'id="held-early"' in page
    assert "Tổ chức khi chưa đủ thời gian thông báo trước (7 ngày): Lịch của huyện dời sớm" in page
