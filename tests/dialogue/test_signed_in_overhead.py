"""What every signed-in page pays before its own work: a fixed number of queries (issue 17).

The session, the user, the memberships with their communes, and the bell's count: four queries
for a page with the menu, whatever the number of communes, roles and notifications.
"""

import pytest
from django.shortcuts import render
from django.test import override_settings
from django.urls import include, path

from directory.models import Membership
from notifications.enums import Kind
from notifications.services import notify
from tests.factories import CommuneFactory, UserFactory, member

R = Membership.Role
pytestmark = pytest.mark.django_db


def layout(request):
    return render(request, "base.html", {})


urlpatterns = [path("chi-menu/", layout), path("", include("dialogue.urls"))]


def signed_in_queries(client, django_assert_num_queries, count):
    client.get("/chi-menu/")  # the CSRF cookie, the first-seen time: written once
    with django_assert_num_queries(count):
        page = client.get("/chi-menu/")
    assert page.status_code == 200
    return page.content.decode()


@override_settings(ROOT_URLCONF=__name__)
def test_a_layout_page_costs_four_queries_at_any_size(client, django_assert_num_queries):
    first = CommuneFactory()
    user = member(UserFactory(), first, R.LEADER)
    client.force_login(user)
    page = signed_in_queries(client, django_assert_num_queries, 4)
    assert 'id="nav-bell-count"' not in page and "Chờ duyệt" in page
    for i in range(6):
        member(user, CommuneFactory(), R.STATE_OFFICE if i % 2 else R.SUPERVISOR)
    notify(users=[user], kind=Kind.PETITION_ROUTED, title="Việc", key="o:1")
    notify(users=[user], kind=Kind.PETITION_ROUTED, title="Việc", key="o:2")
    page = signed_in_queries(client, django_assert_num_queries, 4)
    assert ">2</span>" in page and page.count("<option ") == 7


@override_settings(ROOT_URLCONF=__name__)
def test_an_anonymous_layout_page_runs_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/chi-menu/").status_code == 200
