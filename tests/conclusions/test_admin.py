"""Notices and assignments are read-only in the admin, for superusers too: their pages carry the
workflow (conclusions.services.notice_save, assignment_save, the transitions), so the admin links there."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from conclusions.models import Assignment, ConclusionNotice
from conclusions.services import assignment_save
from directory.models import Membership
from tests.factories import UserFactory, member

from .factories import AssignmentFactory


@pytest.fixture
def draft_assignment(notice, clerk, unit):
    return assignment_save(assignment=AssignmentFactory.build(notice=notice, unit=unit), user=clerk)


@pytest.fixture
def superuser_client(db):
    client = Client()
    client.force_login(UserFactory(username="quantri", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def commune_admin_client(commune):
    """Staff administrator of `commune` holding every model permission."""
    user = member(UserFactory(username="quantri_xa", is_staff=True), commune, Membership.Role.ADMIN)
    user.user_permissions.set(Permission.objects.all())
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["superuser_client", "commune_admin_client"])
def test_a_draft_notice_is_shown_read_only_with_a_link_to_its_page(request, who, notice, draft_assignment):
    client = request.getfixturevalue(who)
    response = client.get(reverse("admin:conclusions_conclusionnotice_change", args=[notice.pk]))
    assert response.status_code == 200
    assert (response.context["has_change_permission"], response.context["has_delete_permission"]) == (False, False)
    html = response.content.decode()
    link = f'<a href="{notice.get_absolute_url()}">Mở trang thông báo để sửa, trình duyệt, ban hành</a>'
    assert link in html
    assert 'name="_save"' not in html
    assert draft_assignment.task in html  # the assignments inline, read-only


@pytest.mark.parametrize("who", ["superuser_client", "commune_admin_client"])
def test_a_draft_notice_cannot_be_added_changed_or_deleted_in_the_admin(request, who, notice, session):
    client = request.getfixturevalue(who)
    subject = notice.subject
    change = reverse("admin:conclusions_conclusionnotice_change", args=[notice.pk])
    assert client.post(change, {"subject": "Sửa trong trang quản trị", "session": session.pk}).status_code == 403
    add = reverse("admin:conclusions_conclusionnotice_add")
    assert client.post(add, {"subject": "Thêm trong trang quản trị", "session": session.pk}).status_code == 403
    delete = reverse("admin:conclusions_conclusionnotice_delete", args=[notice.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    notice.refresh_from_db()
    assert (ConclusionNotice.objects.count(), notice.subject) == (1, subject)
    changelist = client.get(reverse("admin:conclusions_conclusionnotice_changelist"))
    assert "delete_selected" not in changelist.context["cl"].model_admin.get_actions(changelist.wsgi_request)


def test_an_assignment_of_a_draft_is_read_only_in_the_admin(superuser_client, draft_assignment, unit):
    change = reverse("admin:conclusions_assignment_change", args=[draft_assignment.pk])
    html = superuser_client.get(change).content.decode()
    assert f'<a href="{draft_assignment.get_absolute_url()}">Mở trang nhiệm vụ để sửa, báo cáo tiến độ</a>' in html
    response = superuser_client.post(change, {"task": "Sửa trong trang quản trị", "unit": unit.pk})
    assert response.status_code == 403
    delete = reverse("admin:conclusions_assignment_delete", args=[draft_assignment.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    assert list(Assignment.objects.values_list("task", flat=True)) == [draft_assignment.task]
