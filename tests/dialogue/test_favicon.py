"""The favicon is served at the site's root (browsers and the admin ask for /favicon.ico) and linked by every page."""

import pytest
from django.test import Client
from django.urls import reverse


def test_favicon_ico_is_served_at_the_root():
    response = Client().get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file


@pytest.mark.django_db
def test_pages_link_the_icon_and_the_svg_icon_is_served(client):
    page = client.get(reverse("login")).content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in page
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    assert client.get("/static/favicon.svg").status_code == 200
