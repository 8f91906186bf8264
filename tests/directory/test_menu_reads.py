"""The active commune and the menu come from one read of the user's memberships."""

import pytest
from django.test import RequestFactory

from directory.context_processors import communes as communes_context
from directory.middleware import SESSION_KEY, _active_commune
from directory.models import Membership
from directory.permissions import may_report, may_use_two_factor, report_communes
from tests.factories import CommuneFactory, ProvinceFactory, UserFactory, member

R = Membership.Role
pytestmark = pytest.mark.django_db


def request_for(user, wanted=None):
    request = RequestFactory().get("/")
    request.user = user
    request.session = {SESSION_KEY: wanted} if wanted else {}
    return request


def test_active_commune_is_the_chosen_one_of_the_users_else_the_first_in_order():
    south, north = ProvinceFactory(name="B tỉnh"), ProvinceFactory(name="A tỉnh")
    late, early, other = CommuneFactory(province=south), CommuneFactory(province=north), CommuneFactory()
    user = member(member(UserFactory(), late), early, R.LEADER)
    assert _active_commune(request_for(user)) == early
    assert _active_commune(request_for(UserFactory._meta.model.objects.get(pk=user.pk), late.pk)) == late
    # A commune the user is not a member of is never made active.
    assert _active_commune(request_for(UserFactory._meta.model.objects.get(pk=user.pk), other.pk)) == early
    assert _active_commune(request_for(UserFactory())) is None


def test_menu_reads_no_more_after_the_middleware(django_assert_num_queries):
    a, b = CommuneFactory(), CommuneFactory()
    user = member(member(UserFactory(), a), b, R.LEADER)
    request = request_for(user)
    with django_assert_num_queries(1):
        request.commune = _active_commune(request)
    with django_assert_num_queries(0):
        context = communes_context(request)
        assert list(context["my_communes"]) == sorted([a, b], key=lambda c: c.name)
        assert bool(context["offer_two_factor"]) and bool(context["is_office"])
        assert bool(context["can_report"])


@pytest.mark.parametrize(
    "roles, superuser, active",
    [
        ((R.STATE_OFFICE,), False, True),
        ((R.UNIT_OFFICIAL,), False, True),
        ((R.PROVINCE,), False, False),
        ((), True, True),
        ((), True, False),
        ((R.PROVINCE,), True, False),
        ((), False, False),
    ],
)
def test_may_report_says_what_report_communes_finds(roles, superuser, active):
    commune = CommuneFactory()
    user = UserFactory(is_superuser=superuser)
    for role in roles:
        member(user, commune, role)
    active_commune = commune if active else None
    assert may_report(user, active_commune) == report_communes(user, active_commune).exists()
    assert may_use_two_factor(user) == superuser
