import datetime

import pytest
from django.urls import reverse
from freezegun import freeze_time

from sessions_app.models import Plan, Session

from ..factories import LegalBasisFactory, OfficialFactory, PlanFactory, SessionFactory, UnitFactory, VillageFactory


def plan_post(issuer, **overrides):
    """A numbered plan as the page posts it: with its signer and one recipient (plan_number_check)."""
    signer = OfficialFactory(commune=issuer.commune, full_name="Hồ Quang Khánh")
    data = {
        "signer": signer.pk,
        "kind": "state_conference",
        "issuer": issuer.pk,
        "number": "15",
        "place": "Lộc Thành",
        "issued_on": "2026-01-05",
        "title": "Tổ chức Hội nghị đối thoại năm 2026",
        "year": "2026",
        "period_label": "năm 2026",
        "announcement_lead_days": "7",
        "signer_title": "CHỦ TỊCH",
        "bases-TOTAL_FORMS": "0",
        "bases-INITIAL_FORMS": "0",
        "duties-TOTAL_FORMS": "0",
        "duties-INITIAL_FORMS": "0",
        "sections-TOTAL_FORMS": "0",
        "sections-INITIAL_FORMS": "0",
        "recipients-TOTAL_FORMS": "1",
        "recipients-INITIAL_FORMS": "0",
        "recipients-0-name": "Như trên",
        "recipients-0-position": "0",
    }
    data.update(overrides)
    return data


def test_clerk_creates_plan_with_bases_duties_and_recipients(clerk_client, commune, state_issuer):
    basis = LegalBasisFactory(short_name="Luật Dân chủ cơ sở")
    office = UnitFactory(commune=commune, name="Văn phòng HĐND và UBND xã")
    data = plan_post(
        state_issuer,
        **{
            "bases-TOTAL_FORMS": "1",
            "bases-0-legal_basis": basis.pk,
            "bases-0-position": "0",
            "duties-TOTAL_FORMS": "2",
            "duties-0-unit": office.pk,
            "duties-0-text": "Tham mưu kế hoạch.",
            "duties-0-position": "0",
            "duties-1-heading": "Các chi bộ ấp",
            "duties-1-text": "Phối hợp.",
            "duties-1-position": "1",
            "recipients-TOTAL_FORMS": "1",
            "recipients-0-name": "TT. Đảng uỷ xã",
            "recipients-0-for_report": "on",
            "recipients-0-position": "0",
        },
    )
    response = clerk_client.post(reverse("sessions_app:plan_create"), data)
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response.url == plan.get_absolute_url()
    assert plan.commune == commune
    assert plan.symbol == "15/KH-UBND"
    assert [b.legal_basis.short_name for b in plan.plan_legal_bases.all()] == ["Luật Dân chủ cơ sở"]
    assert [(d.unit_id, d.heading) for d in plan.duties.all()] == [(office.pk, ""), (None, "Các chi bộ ấp")]
    assert [str(r) for r in plan.recipients.all()] == ["TT. Đảng uỷ xã (b/c)"]


def test_duplicate_number_for_same_issuer_and_year_is_refused(clerk_client, commune, state_issuer):
    PlanFactory(commune=commune, issuer=state_issuer, number=15, issued_on=datetime.date(2026, 2, 1))
    response = clerk_client.post(reverse("sessions_app:plan_create"), plan_post(state_issuer))
    assert response.status_code == 200
    assert "Đã có kế hoạch cùng số, ký hiệu của cơ quan này trong năm." in response.content.decode()
    assert Plan.objects.count() == 1
    # The same number in another year is another document.
    clerk_client.post(reverse("sessions_app:plan_create"), plan_post(state_issuer, issued_on="2027-01-05", year="2027"))
    assert Plan.objects.count() == 2


def test_plan_with_short_lead_time_is_saved_with_a_warning(clerk_client, state_issuer):
    response = clerk_client.post(
        reverse("sessions_app:plan_create"), plan_post(state_issuer, announcement_lead_days="5"), follow=True
    )
    assert Plan.objects.get().announcement_lead_days == 5
    # Said once, on the plan's page, not again in a flash message beside it.
    assert response.content.decode().count("ít hơn 7 ngày") == 1


def test_duty_without_unit_or_heading_is_refused(clerk_client, state_issuer):
    data = plan_post(
        state_issuer, **{"duties-TOTAL_FORMS": "1", "duties-0-text": "Việc gì đó", "duties-0-position": "0"}
    )
    response = clerk_client.post(reverse("sessions_app:plan_create"), data)
    assert response.status_code == 200
    assert "Chọn đơn vị hoặc ghi tiêu đề cho nhiệm vụ." in response.content.decode()
    assert Plan.objects.count() == 0


def test_combining_accents_are_stored_as_nfc(clerk_client, state_issuer):
    import unicodedata

    title = unicodedata.normalize("NFD", "Đối thoại với Nhân dân ấp Hồng")
    clerk_client.post(reverse("sessions_app:plan_create"), plan_post(state_issuer, title=title))
    assert Plan.objects.get().title == "Đối thoại với Nhân dân ấp Hồng"


def session_post(chosen, **overrides):
    data = {"villages": [v.pk for v in chosen], "year": "2026", "venue": "Hội trường", "format": "in_person"}
    data.update(overrides)
    return data


def test_session_over_two_villages_is_created(clerk_client, commune, villages):
    plan = PlanFactory(commune=commune, issued_on=datetime.date(2026, 1, 5), number=1, year=2026)
    response = clerk_client.post(
        reverse("sessions_app:session_create", args=[plan.pk]),
        session_post(villages[:2], starts_at="2026-03-10T08:00"),
    )
    session = Session.objects.get()
    assert response.status_code == 302
    assert sorted(v.pk for v in session.villages.all()) == [villages[0].pk, villages[1].pk]
    assert session.year == 2026
    assert session.tasks.count() == 5


def test_session_with_short_lead_time_is_warned_about_once(clerk_client, commune, villages):
    plan = PlanFactory(
        commune=commune, issued_on=datetime.date(2026, 1, 5), number=1, year=2026, announcement_lead_days=5
    )
    response = clerk_client.post(
        reverse("sessions_app:session_create", args=[plan.pk]),
        session_post(villages[:1], starts_at="2026-03-10T08:00"),
        follow=True,
    )
    assert response.content.decode().count("ít hơn 7 ngày") == 1


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"villages": []}, "Chọn ít nhất một thôn, ấp."),
        ({"starts_at": "2025-12-31T08:00"}, "Ngày tổ chức không thể trước ngày ban hành kế hoạch (05/01/2026)."),
        ({"quarter": "1", "starts_at": "2026-03-10T08:00"}, "Chọn đúng một cách ghi thời gian"),
        ({}, "Chọn đúng một cách ghi thời gian"),
    ],
)
def test_bad_session_input_is_refused_with_a_message(clerk_client, commune, villages, overrides, message):
    plan = PlanFactory(commune=commune, issued_on=datetime.date(2026, 1, 5), number=1, year=2026)
    response = clerk_client.post(
        reverse("sessions_app:session_create", args=[plan.pk]), session_post(villages, **overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Session.objects.count() == 0


def test_status_move_not_allowed_shows_message_and_changes_nothing(clerk_client, commune):
    session = SessionFactory(plan=PlanFactory(commune=commune))
    response = clerk_client.post(
        reverse("sessions_app:session_status", args=[session.pk]), {"to_status": "closed"}, follow=True
    )
    assert "Không thể chuyển buổi từ “Dự kiến” sang “Đã hoàn thành”." in response.content.decode()
    session.refresh_from_db()
    assert session.status == "draft"


def test_outsider_gets_404_for_another_communes_plan_and_session(client, outsider, commune):
    session = SessionFactory(plan=PlanFactory(commune=commune))
    client.force_login(outsider)
    for url in (
        reverse("sessions_app:plan_detail", args=[session.plan.pk]),
        reverse("sessions_app:plan_update", args=[session.plan.pk]),
        reverse("sessions_app:plan_pdf", args=[session.plan.pk]),
        reverse("sessions_app:session_detail", args=[session.pk]),
        reverse("sessions_app:session_update", args=[session.pk]),
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(reverse("sessions_app:session_status", args=[session.pk]), {"to_status": "cancelled"}).status_code
        == 404
    )
    assert client.get(reverse("sessions_app:plan_list")).context["plans"].count() == 0


def test_session_cannot_take_a_village_of_another_commune(clerk_client, commune, other_commune):
    plan = PlanFactory(commune=commune)
    foreign = VillageFactory(commune=other_commune)
    response = clerk_client.post(
        reverse("sessions_app:session_create", args=[plan.pk]), session_post([foreign], quarter="2")
    )
    assert response.status_code == 200
    assert Session.objects.count() == 0


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("sessions_app:plan_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_dashboard_shows_upcoming_sessions_and_plans_of_the_year(clerk_client, commune):
    plan = PlanFactory(commune=commune, year=2025, title="Kế hoạch đối thoại năm 2025")
    SessionFactory(plan=plan, venue="Trụ sở ấp 1")
    response = clerk_client.get(reverse("dashboard"))
    body = response.content.decode()
    assert response.context["year"] == 2025
    assert "Trụ sở ấp 1" in body
    assert "Kế hoạch đối thoại năm 2025" in body


def test_plan_issue_date_cannot_move_past_its_sessions(clerk_client, commune, state_issuer):
    # A draft with its planned issue date (a numbered plan is no longer edited).
    plan = PlanFactory(
        commune=commune, issuer=state_issuer, number=None, issued_on=datetime.date(2026, 1, 5), year=2026
    )
    SessionFactory(plan=plan, quarter=1, year=2026)
    response = clerk_client.post(
        reverse("sessions_app:plan_update", args=[plan.pk]),
        plan_post(state_issuer, number="", issued_on="2026-04-02"),
    )
    assert response.status_code == 200
    assert "Ngày ban hành không thể sau thời gian tổ chức của buổi" in response.content.decode()
    plan.refresh_from_db()
    assert plan.issued_on == datetime.date(2026, 1, 5)
    response = clerk_client.post(
        reverse("sessions_app:plan_update", args=[plan.pk]), plan_post(state_issuer, number="", issued_on="2026-03-31")
    )
    assert response.status_code == 302


def test_announced_session_page_keeps_the_date_and_saves_the_venue(clerk_client, clerk, commune, villages):
    from sessions_app.services import session_change_status

    from ..factories import aware

    plan = PlanFactory(commune=commune, issued_on=datetime.date(2026, 1, 5), number=1, year=2026)
    session = SessionFactory(plan=plan, quarter=None, year=2026, starts_at=aware(2026, 3, 10), villages=villages[:1])
    for status in ("scheduled", "announced"):
        session_change_status(obj=session, to=status, by=clerk)
    url = reverse("sessions_app:session_update", args=[session.pk])
    assert "Buổi đã thông báo cho Nhân dân" in clerk_client.get(url).content.decode()
    # The time fields are shown but not taken: the posted quarter is ignored.
    response = clerk_client.post(url, session_post(villages, quarter="1", venue="Nhà văn hóa ấp 2"))
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.starts_at, session.quarter, session.venue) == (aware(2026, 3, 10), None, "Nhà văn hóa ấp 2")
    assert [v.pk for v in session.villages.all()] == [villages[0].pk]


def test_cancelled_session_page_offers_no_save(clerk_client, clerk, commune):
    from sessions_app.services import session_change_status

    session = SessionFactory(plan=PlanFactory(commune=commune))
    session_change_status(obj=session, to="cancelled", by=clerk, note="Mưa bão")
    url = reverse("sessions_app:session_update", args=[session.pk])
    body = clerk_client.get(url).content.decode()
    assert "Buổi đã ở trạng thái “Đã hủy”, không sửa được nữa." in body
    assert "Lưu buổi" not in body
    response = clerk_client.post(url, session_post(session.villages.all(), quarter="2", venue="Khác"))
    assert response.status_code == 200
    session.refresh_from_db()
    assert session.venue == "Hội trường UBND xã"


@freeze_time("2025-10-20")
def test_dashboard_counts_an_undated_session_to_the_end_of_its_quarter(clerk_client, commune):
    from ..factories import aware

    plan = PlanFactory(commune=commune, year=2025, number=None)
    SessionFactory(plan=plan, quarter=4, year=2025, venue="Trụ sở ấp 1")
    SessionFactory(plan=plan, quarter=None, year=2025, starts_at=aware(2025, 10, 30), venue="Trụ sở ấp 2")
    body = clerk_client.get(reverse("dashboard")).content.decode()
    assert "còn 72 ngày đến hết Quý IV/2025" in body
    assert "còn 10 ngày" in body
    # A plan without a number shows no dangling symbol.
    assert "-KH/" not in body
    assert body.count("Kế hoạch chưa có số") == 2


@pytest.mark.parametrize(
    ("overrides", "missing"),
    [
        ({"recipients-TOTAL_FORMS": "0"}, "nơi nhận (thêm ít nhất một dòng ở mục “Nơi nhận”)"),
        ({"signer": ""}, "người ký (chọn ở ô “Người ký”)"),
        (
            {"recipients-TOTAL_FORMS": "0", "signer": ""},
            "nơi nhận (thêm ít nhất một dòng ở mục “Nơi nhận”) và người ký (chọn ở ô “Người ký”)",
        ),
    ],
)
def test_a_plan_is_not_numbered_without_a_recipient_and_a_signer(clerk_client, state_issuer, overrides, missing):
    response = clerk_client.post(reverse("sessions_app:plan_create"), plan_post(state_issuer, **overrides))
    assert response.status_code == 200
    assert f"Chưa ghi số được kế hoạch: còn thiếu {missing}." in response.content.decode()
    assert Plan.objects.count() == 0
    # A draft (no number yet) is saved without them.
    response = clerk_client.post(reverse("sessions_app:plan_create"), plan_post(state_issuer, number="", **overrides))
    assert (response.status_code, Plan.objects.get().number) == (302, None)


def test_removing_the_last_recipient_of_a_numbered_plan_is_refused(clerk_client, state_issuer):
    clerk_client.post(reverse("sessions_app:plan_create"), plan_post(state_issuer))
    plan = Plan.objects.get()
    [recipient] = plan.recipients.all()
    data = plan_post(
        state_issuer,
        signer=plan.signer_id,
        **{"recipients-INITIAL_FORMS": "1", "recipients-0-id": recipient.pk, "recipients-0-DELETE": "on"},
    )
    response = clerk_client.post(reverse("sessions_app:plan_update", args=[plan.pk]), data, follow=True)
    assert "Kế hoạch số 15/KH-UBND đã ban hành: không sửa được" in response.content.decode()
    assert list(plan.recipients.values_list("name", flat=True)) == ["Như trên"]


def test_a_numbered_plan_is_frozen_and_downloaded_byte_for_byte(clerk_client, state_issuer, commune, villages):
    import hashlib

    from sessions_app.models import PlanIssuedCopy

    clerk_client.post(reverse("sessions_app:plan_create"), plan_post(state_issuer))
    plan = Plan.objects.get()
    copy = PlanIssuedCopy.objects.get(plan=plan)
    url = reverse("sessions_app:plan_pdf", args=[plan.pk])
    first = clerk_client.get(url).getvalue()
    assert (hashlib.sha256(first).hexdigest(), copy.number) == (copy.sha256, 15)
    # An edit after numbering is refused; a session added does not change the issued plan.
    data = plan_post(state_issuer, signer=plan.signer_id, title="Trích yếu đã sửa")
    [recipient] = plan.recipients.all()
    data.update({"recipients-INITIAL_FORMS": "1", "recipients-0-id": recipient.pk})
    assert clerk_client.post(reverse("sessions_app:plan_update", args=[plan.pk]), data).status_code == 302
    SessionFactory(plan=plan, villages=villages[:1], quarter=2, year=2026)
    assert Plan.objects.get().title == "Tổ chức Hội nghị đối thoại năm 2026"
    assert clerk_client.get(url).getvalue() == first
    body = clerk_client.get(plan.get_absolute_url()).content.decode()
    assert "Kế hoạch đã ban hành: bản in đã cố định khi ghi số" in body


def test_the_number_of_an_issued_plan_does_not_change(clerk_client, state_issuer):
    from sessions_app.services import SessionError, plan_number_check

    clerk_client.post(reverse("sessions_app:plan_create"), plan_post(state_issuer))
    plan = Plan.objects.get()
    # The edit page of a numbered plan is closed (plan_frozen_error); the service refuses a new number too.
    assert clerk_client.get(reverse("sessions_app:plan_update", args=[plan.pk])).url == plan.get_absolute_url()
    plan.number = 16
    with pytest.raises(SessionError, match="Kế hoạch đã mang số 15: một số là một văn bản"):
        plan_number_check(plan=plan, number_before=15)


def test_a_draft_plan_prints_its_current_text(clerk_client, state_issuer):
    from sessions_app.models import PlanIssuedCopy

    clerk_client.post(reverse("sessions_app:plan_create"), plan_post(state_issuer, number=""))
    plan = Plan.objects.get()
    assert PlanIssuedCopy.objects.count() == 0
    response = clerk_client.get(reverse("sessions_app:plan_pdf", args=[plan.pk]))
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
