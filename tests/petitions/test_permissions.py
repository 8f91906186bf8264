"""Every petition URL answers the outsider (a clerk of another commune) with 404 or an empty page."""

import pytest
from django.urls import reverse

from petitions import urls
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db

EMPTY_PAGES = {"list", "queue", "repeated"}
NO_ACCESS_FOR_UNIT_OFFICIALS = {"create", "session_intake", "suggest", "import"}


def test_every_url_is_in_the_matrix():
    names = {p.name for p in urls.urlpatterns}
    assert names == EMPTY_PAGES | NO_ACCESS_FOR_UNIT_OFFICIALS | {"export", "attachment", "detail", "action"}


def test_outsider_sees_nothing(client, outsider, assigned, commune):
    session = SessionFactory(plan__commune=commune)
    client.force_login(outsider)
    for name in EMPTY_PAGES:
        assert list(client.get(reverse(f"petitions:{name}")).context["rows"]) == []
    assert client.get(reverse("petitions:detail", args=[assigned.pk])).status_code == 404
    assert client.post(reverse("petitions:action", args=[assigned.pk, "mo-lai"])).status_code == 404
    assert client.get(reverse("petitions:attachment", args=[1])).status_code == 404
    assert client.get(reverse("petitions:session_intake", args=[session.pk])).status_code == 404


def test_unit_official_cannot_enter_or_import(client, officer, commune):
    session = SessionFactory(plan__commune=commune)
    client.force_login(officer)
    for name, args in (("create", []), ("session_intake", [session.pk]), ("suggest", []), ("import", [])):
        assert client.get(reverse(f"petitions:{name}", args=args)).status_code == 404
