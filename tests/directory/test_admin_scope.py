"""The staff admin is scoped by commune like the pages (directory/admin_scope.py)."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from directory.admin_scope import CommuneScopedAdminMixin
from directory.audit import event_log
from directory.models import Event, Membership, Official
from petitions.models import Petition
from sessions_app.enums import SessionStatus
from sessions_app.models import Plan, Session, SessionTransition
from tests.factories import (
    OfficialFactory,
    PlanFactory,
    SessionFactory,
    StateIssuerFactory,
    UserFactory,
    VillageFactory,
    member,
)

pytestmark = pytest.mark.django_db


def staff_admin(username, commune):
    """A staff user (not a superuser) holding every model permission, administrator of COMMUNE."""
    user = member(UserFactory(username=username, is_staff=True), commune, Membership.Role.ADMIN)
    user.user_permissions.set(Permission.objects.all())
    client = Client()
    client.force_login(user)
    return user, client


@pytest.fixture
def petition_a(commune, clerk):
    from petitions import services
    from tests.petitions.factories import topic

    return services.petition_create(
        commune=commune, by=clerk, content="Đèn đường thôn 1 hỏng", topic=topic("ha-tang"), citizen_name="Lê Văn Ba"
    )


def test_every_model_admin_is_scoped():
    unscoped = [
        f"{model._meta.label}: {type(model_admin).__name__}"
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, CommuneScopedAdminMixin)
    ]
    assert unscoped == []


def test_staff_of_another_commune_sees_nothing_of_this_one(commune, other_commune, petition_a, clerk):
    plan = PlanFactory(commune=commune)
    event_log(user=clerk, action=Event.Action.EXPORTED, commune=commune)
    _, client = staff_admin("quantri_b", other_commune)

    listing = client.get(reverse("admin:petitions_petition_changelist"))
    assert listing.status_code == 200
    assert list(listing.context["cl"].queryset) == []
    assert list(client.get(reverse("admin:sessions_app_plan_changelist")).context["cl"].queryset) == []
    assert list(client.get(reverse("admin:directory_event_changelist")).context["cl"].queryset) == []

    for url in (
        reverse("admin:petitions_petition_change", args=[petition_a.pk]),
        reverse("admin:petitions_petition_history", args=[petition_a.pk]),
        reverse("admin:sessions_app_plan_change", args=[plan.pk]),
    ):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, reverse("admin:index")), url
    # Deleting is refused before any lookup: nothing of the record shows.
    assert (
        client.post(reverse("admin:petitions_petition_delete", args=[petition_a.pk]), {"post": "yes"}).status_code
        == 403
    )
    search = client.get(reverse("admin:petitions_petition_changelist"), {"q": petition_a.code})
    assert list(search.context["cl"].queryset) == []
    assert Petition.objects.filter(pk=petition_a.pk).exists()


def test_people_and_structure_are_for_superusers_only(commune, other_commune, clerk):
    user, client = staff_admin("quantri_b", other_commune)
    for name in (
        "directory_membership",
        "directory_commune",
        "directory_province",
        "auth_user",
        "auth_group",
        "otp_totp_totpdevice",
    ):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 403, name
        assert client.get(reverse(f"admin:{name}_add")).status_code == 403, name
    response = client.post(
        reverse("admin:directory_membership_add"), {"user": user.pk, "commune": commune.pk, "role": "admin"}
    )
    assert response.status_code == 403
    assert Membership.objects.filter(user=user).count() == 1
    assert client.get(reverse("admin:auth_user_change", args=[clerk.pk])).status_code == 403


def test_choices_are_limited_to_the_staff_users_communes(commune, other_commune):
    village_a = VillageFactory(commune=commune, name="Tuyết Diêm 1")
    VillageFactory(commune=other_commune, name="Xuân Thạnh")
    _, client = staff_admin("quantri_b", other_commune)
    form = client.get(reverse("admin:directory_official_add")).context["adminform"].form
    assert list(form.fields["commune"].queryset) == [other_commune]
    assert [v.name for v in form.fields["village"].queryset] == ["Xuân Thạnh"]

    response = client.post(
        reverse("admin:directory_official_add"),
        {"commune": commune.pk, "honorific": "Ông", "full_name": "Trần Văn Lạ", "position": "Cán bộ", "role": "staff"},
    )
    assert response.status_code == 200
    assert "commune" in response.context["adminform"].form.errors
    response = client.post(
        reverse("admin:directory_official_add"),
        {
            "commune": other_commune.pk,
            "village": village_a.pk,
            "honorific": "Ông",
            "full_name": "Trần Văn Lạ",
            "position": "Cán bộ",
            "role": "staff",
        },
    )
    assert "village" in response.context["adminform"].form.errors
    assert Official.objects.filter(full_name="Trần Văn Lạ").count() == 0


def test_records_that_must_not_vanish_are_deleted_only_by_a_superuser(commune, petition_a):
    from tests.conclusions.factories import NoticeFactory
    from tests.sessions_app.factories import ParticipantFactory

    session = SessionFactory(plan=PlanFactory(commune=commune))
    participant = ParticipantFactory(session=session)
    notice = NoticeFactory(session=session)
    _, client = staff_admin("quantri_a", commune)
    assert client.get(reverse("admin:petitions_petition_change", args=[petition_a.pk])).status_code == 200
    for url in (
        reverse("admin:petitions_petition_delete", args=[petition_a.pk]),
        reverse("admin:sessions_app_plan_delete", args=[session.plan.pk]),
        reverse("admin:sessions_app_session_delete", args=[session.pk]),
        reverse("admin:sessions_app_participant_delete", args=[participant.pk]),
        reverse("admin:conclusions_conclusionnotice_delete", args=[notice.pk]),
    ):
        assert client.post(url, {"post": "yes"}).status_code == 403, url
    changelist = client.get(reverse("admin:petitions_petition_changelist"))
    assert "delete_selected" not in changelist.context["cl"].model_admin.get_actions(changelist.wsgi_request)
    assert (Petition.objects.count(), Plan.objects.count(), Session.objects.count()) == (1, 1, 1)
    assert (participant.__class__.objects.count(), notice.__class__.objects.count()) == (1, 1)


# --- sessions saved in the admin go through the one door ------------------------------------


@pytest.fixture
def superuser_client(db):
    client = Client()
    client.force_login(UserFactory(username="quantri", is_staff=True, is_superuser=True))
    return client


def session_post(plan, villages, **fields):
    data = {
        "plan": plan.pk,
        "title": "",
        "villages": [v.pk for v in villages],
        "year": "2025",
        "quarter": "",
        "month": "",
        "starts_at_0": "",
        "starts_at_1": "",
        "venue": "Hội trường UBND xã",
        "chair": "",
        "format": "in_person",
        "announcement_lead_days": "",
        "notes": "",
        "households_per_village": "5",
        "tasks-TOTAL_FORMS": "0",
        "tasks-INITIAL_FORMS": "0",
        "transitions-TOTAL_FORMS": "0",
        "transitions-INITIAL_FORMS": "0",
    }
    data.update(fields)
    return data


@pytest.fixture
def issued_plan(commune):
    return PlanFactory(commune=commune, issuer=StateIssuerFactory(commune=commune), issued_on=datetime.date(2025, 9, 1))


def test_admin_session_is_saved_through_the_service(superuser_client, issued_plan, commune):
    village = VillageFactory(commune=commune)
    response = superuser_client.post(
        reverse("admin:sessions_app_session_add"),
        session_post(issued_plan, [village], starts_at_0="20/11/2025", starts_at_1="08:00", year=""),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    session = Session.objects.get()
    assert (session.status, session.year, list(session.villages.all())) == (SessionStatus.DRAFT, 2025, [village])
    assert list(SessionTransition.objects.values_list("note", flat=True)) == ["Tạo buổi"]
    assert session.tasks.count() == 5


@pytest.mark.parametrize(
    "fields,field,message",
    [
        (
            {"quarter": "4", "starts_at_0": "20/11/2025", "starts_at_1": "08:00"},
            None,
            "Chọn đúng một cách ghi thời gian: quý, tháng, hoặc ngày giờ cụ thể.",
        ),
        (
            {"starts_at_0": "20/08/2025", "starts_at_1": "08:00"},
            "starts_at",
            "Ngày tổ chức không thể trước ngày ban hành kế hoạch (01/09/2025).",
        ),
    ],
)
def test_admin_refuses_what_the_session_page_refuses(superuser_client, issued_plan, commune, fields, field, message):
    village = VillageFactory(commune=commune)
    response = superuser_client.post(
        reverse("admin:sessions_app_session_add"), session_post(issued_plan, [village], **fields)
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors[field or "__all__"] == [message]
    assert Session.objects.count() == 0


def test_admin_refuses_a_village_of_another_commune(superuser_client, issued_plan, other_commune):
    foreign = VillageFactory(commune=other_commune, name="Xuân Thạnh")
    response = superuser_client.post(
        reverse("admin:sessions_app_session_add"), session_post(issued_plan, [foreign], quarter="4")
    )
    assert response.status_code == 200
    assert "villages" in response.context["adminform"].form.errors
    assert Session.objects.count() == 0


def test_admin_official_of_another_commune_cannot_chair(superuser_client, issued_plan, commune, other_commune):
    chair = OfficialFactory(commune=other_commune)
    response = superuser_client.post(
        reverse("admin:sessions_app_session_add"),
        session_post(issued_plan, [VillageFactory(commune=commune)], quarter="4", chair=chair.pk),
    )
    assert "chair" in response.context["adminform"].form.errors
    assert Session.objects.count() == 0


def test_shared_reference_data_is_read_only_to_staff(commune):
    from petitions.models import Topic
    from tests.factories import LegalBasisFactory
    from tests.petitions.factories import topic

    basis = LegalBasisFactory()
    shared = topic("ha-tang")
    own = Topic.objects.create(commune=commune, name="Chợ ấp", code="cho-ap")
    _, client = staff_admin("quantri_a", commune)
    assert client.get(reverse("admin:directory_legalbasis_changelist")).status_code == 200
    assert client.get(reverse("admin:directory_legalbasis_add")).status_code == 403
    assert (
        client.post(reverse("admin:directory_legalbasis_delete", args=[basis.pk]), {"post": "yes"}).status_code == 403
    )
    topics = client.get(reverse("admin:petitions_topic_changelist")).context["cl"].queryset
    assert shared in topics and own in topics
    assert client.post(reverse("admin:petitions_topic_delete", args=[shared.pk]), {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:petitions_topic_change", args=[own.pk])).status_code == 200
    assert Topic.objects.filter(pk=shared.pk).exists()


def test_admin_views_of_citizens_records_are_logged_by_id(commune, petition_a):
    _, client = staff_admin("quantri_a", commune)
    assert client.get(reverse("admin:petitions_petition_change", args=[petition_a.pk])).status_code == 200
    viewed = Event.objects.filter(action=Event.Action.VIEWED_PERSONAL_DATA)
    assert list(viewed.values_list("object_id", "detail")) == [(str(petition_a.pk), "admin")]
    assert petition_a.citizen_name not in " ".join(viewed.values_list("detail", flat=True))
    # A list page names no single record: nothing is logged for it.
    client.get(reverse("admin:petitions_petition_changelist"))
    assert viewed.count() == 1
