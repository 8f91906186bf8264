"""Roles beyond status codes: the two offices keep to their side, crafted POSTs change nothing,
and pages show only the buttons the user may use (directory/permissions.py)."""

import pytest
from django.urls import reverse

from conclusions.enums import NoticeStatus
from dialogue.http import NotPermitted
from petitions import services as petition_services
from petitions.models import Petition, Status
from sessions_app.models import Plan, Session
from tests.conclusions.factories import NoticeFactory, held_session
from tests.factories import PlanFactory, SessionFactory
from tests.petitions.factories import topic
from tests.sessions_app.test_plan_views import plan_post, session_post

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


# --- the two offices keep to their side -----------------------------------------------------


def test_party_office_cannot_edit_a_state_plan_even_by_a_crafted_post(client, party_clerk, state_issuer):
    plan = PlanFactory(commune=state_issuer.commune, issuer=state_issuer, title="Kế hoạch của UBND")
    login(client, party_clerk)
    url = reverse("sessions_app:plan_update", args=[plan.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, plan_post(state_issuer, title="Đã bị sửa")).status_code == 404
    plan.refresh_from_db()
    assert plan.title == "Kế hoạch của UBND"
    response = client.post(reverse("sessions_app:session_create", args=[plan.pk]), session_post([], quarter="4"))
    assert response.status_code == 404
    assert Session.objects.count() == 0


def test_each_office_creates_plans_of_its_own_side_only(client, party_clerk, state_issuer, party_issuer):
    login(client, party_clerk)
    form = client.get(reverse("sessions_app:plan_create")).context["form"]
    assert list(form.fields["issuer"].queryset) == [party_issuer]
    response = client.post(reverse("sessions_app:plan_create"), plan_post(state_issuer))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["issuer"]
    assert Plan.objects.count() == 0
    response = client.post(reverse("sessions_app:plan_create"), plan_post(party_issuer, kind="party_secretary"))
    assert response.status_code == 302
    assert Plan.objects.get().issuer == party_issuer


def test_state_office_cannot_move_a_party_session(client, clerk, party_issuer):
    session = SessionFactory(plan=PlanFactory(commune=party_issuer.commune, issuer=party_issuer))
    login(client, clerk)
    url = reverse("sessions_app:session_status", args=[session.pk])
    assert client.post(url, {"to_status": "cancelled", "note": "Hủy"}).status_code == 404
    session.refresh_from_db()
    assert session.status == "draft"


def test_notices_are_drafted_by_the_office_of_the_sessions_side(clerk, party_clerk, commune, state_issuer, villages):
    from conclusions.services import notice_change_status

    state = NoticeFactory(session=held_session(commune, state_issuer, villages))
    with pytest.raises(NotPermitted, match="không có quyền soạn thông báo kết luận của buổi này"):
        notice_change_status(obj=state, to=NoticeStatus.PENDING_APPROVAL, by=party_clerk)
    notice_change_status(obj=state, to=NoticeStatus.PENDING_APPROVAL, by=clerk)
    state.refresh_from_db()
    assert state.status == NoticeStatus.PENDING_APPROVAL


# --- crafted POSTs of fields a role may not change --------------------------------------------


@pytest.fixture
def routed(commune, clerk, unit, villages):
    p = petition_services.petition_create(
        commune=commune, by=clerk, content="Đường liên ấp hỏng", topic=topic("ha-tang"), village=villages[0]
    )
    petition_services.petition_classify(petition=p, by=clerk, topic=p.topic, kind="kien_nghi", competence="commune")
    return petition_services.petition_route(petition=p, by=clerk, unit=unit)


def test_unit_official_cannot_change_a_petitions_unit_or_state_by_a_crafted_post(
    client, officer, routed, unit, other_unit
):
    login(client, officer)
    deadline = routed.deadline
    for action, data in (
        ("giao", {"unit": other_unit.pk, "deadline": "2030-01-01"}),
        ("chuyen", {"to_body": "UBND tỉnh", "reason": "x"}),
        ("ket-thuc", {"reason": "x"}),
        ("ket-thuc-chua-giai-quyet", {"reason": "x"}),
        ("phan-loai", {"topic": routed.topic_id, "kind": "khieu_nai", "competence": "commune"}),
        ("soan", {"body": "Trả lời", "unit": other_unit.pk, "status": "closed"}),
        ("duyet", {"status": "closed", "unit": other_unit.pk}),
    ):
        response = client.post(reverse("petitions:action", args=[routed.pk, action]), data)
        # Drafting is the unit's own job (a redirect back); every other move is refused as out of scope.
        assert response.status_code == (302 if action == "soan" else 404), action
    routed.refresh_from_db()
    assert (routed.unit_id, routed.deadline, routed.kind) == (unit.pk, deadline, "kien_nghi")
    # Drafting an answer is the unit's job and keeps the petition routed; the posted fields are ignored.
    assert routed.status == Status.ROUTED
    intake = client.post(
        reverse("petitions:create"),
        {"content": "Ý kiến giả", "topic": routed.topic_id, "unit": other_unit.pk, "status": "closed"},
    )
    assert intake.status_code == 404
    assert Petition.objects.count() == 1


def test_supervisor_posts_change_nothing_of_a_petition(client, supervisor, routed, unit, other_unit):
    before = routed.updated_at
    login(client, supervisor)
    for action in ("giao", "mo-lai", "ket-thuc", "soan", "duyet", "dong-tinh"):
        client.post(
            reverse("petitions:action", args=[routed.pk, action]),
            {"unit": other_unit.pk, "deadline": "2030-01-01", "reason": "x", "body": "Trả lời"},
        )
    routed.refresh_from_db()
    assert (routed.status, routed.unit_id, routed.updated_at) == (Status.ROUTED, unit.pk, before)
    assert routed.transitions.count() == 3  # created, classified, routed


# --- pages show only the buttons the user may use ---------------------------------------------


@pytest.mark.parametrize(
    "persona,edit,roster",
    [
        ("clerk", True, True),
        ("party_clerk", False, True),
        ("leader", False, True),
        ("supervisor", False, True),
        ("officer", False, False),
        ("province_user", False, False),
    ],
)
def test_plan_and_session_pages_show_edit_buttons_only_to_the_sides_office(
    request, client, persona, edit, roster, state_issuer, villages
):
    plan = PlanFactory(commune=state_issuer.commune, issuer=state_issuer, number=None)  # a draft is edited
    session = SessionFactory(plan=plan, villages=villages[:1], starts_at=None, quarter=4)
    login(client, request.getfixturevalue(persona))
    plan_html = client.get(reverse("sessions_app:plan_detail", args=[plan.pk])).content.decode()
    assert ("+ Thêm buổi" in plan_html, reverse("sessions_app:plan_update", args=[plan.pk]) in plan_html) == (
        edit,
        edit,
    )
    html = client.get(reverse("sessions_app:session_detail", args=[session.pk])).content.decode()
    assert (reverse("sessions_app:session_update", args=[session.pk]) in html) == edit
    assert ("Chuyển trạng thái" in html) == edit
    assert (reverse("sessions_app:roster", args=[session.pk]) in html) == roster


@pytest.mark.parametrize("persona,shown", [("clerk", True), ("party_clerk", True), ("leader", False)])
def test_directory_and_plan_list_offer_adding_to_office_staff_only(request, client, persona, shown, unit):
    login(client, request.getfixturevalue(persona))
    html = client.get(reverse("directory:unit_list")).content.decode()
    assert ("+ Thêm" in html, reverse("directory:unit_update", args=[unit.pk]) in html) == (shown, shown)
    html = client.get(reverse("sessions_app:plan_list")).content.decode()
    assert ("+ Kế hoạch mới" in html) == shown
