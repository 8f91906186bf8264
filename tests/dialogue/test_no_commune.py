"""A signed-in user attached to no commune is told so, on every list that needs a commune."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from dialogue.views import NO_COMMUNE_MESSAGE
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    ["sessions_app:plan_list", "sessions_app:session_list", "petitions:list", "petitions:queue", "conclusions:list"],
)
def test_a_user_of_no_commune_is_sent_to_the_dashboard_with_a_message(client, name):
    client.force_login(UserFactory(username="chua_gan_xa"))
    response = client.get(reverse(name))
    assert (response.status_code, response["Location"]) == (302, reverse("dashboard"))
    assert [str(m) for m in get_messages(response.wsgi_request)] == [NO_COMMUNE_MESSAGE]
