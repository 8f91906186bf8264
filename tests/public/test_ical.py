"""The commune's public iCal feed: its announced sessions only."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from sessions_app.services import session_announcement_publish, session_change_status

pytestmark = pytest.mark.django_db


def feed(client, commune):
    response = client.get(reverse("public:commune_ical", args=[commune.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "public" in response["Cache-Control"]
    return Calendar.from_ical(response.content)


def test_unpublished_session_is_not_in_the_feed(client, commune, upcoming):
    assert [c for c in feed(client, commune).walk("VEVENT")] == []


def test_published_session_is_an_event(client, commune, upcoming, clerk):
    session_announcement_publish(session=upcoming, by=clerk)
    (event,) = feed(client, commune).walk("VEVENT")
    assert str(event["summary"]) == "Đối thoại về đường liên ấp"
    assert str(event["location"]) == "Nhà văn hóa ấp 1"
    assert event.decoded("dtstart") == upcoming.starts_at
    assert str(event["uid"]) == f"session-{upcoming.pk}@127.0.0.1:8000"
    assert str(event["status"]) == "CONFIRMED"
    description = str(event["description"])
    assert f"Chủ trì: {upcoming.chair.honorific} Lê Văn Chủ, Chủ tịch UBND xã" in description
    assert description.startswith("Thôn, ấp: ")
    assert "0988000111" not in str(event["description"])


def test_cancelled_session_is_marked_cancelled(client, commune, upcoming, clerk):
    session_announcement_publish(session=upcoming, by=clerk)
    session_change_status(obj=upcoming, to="cancelled", by=clerk, note="Mưa bão")
    (event,) = feed(client, commune).walk("VEVENT")
    assert str(event["status"]) == "CANCELLED"


def test_another_communes_feed_is_empty(client, other_commune, upcoming, clerk):
    session_announcement_publish(session=upcoming, by=clerk)
    assert list(feed(client, other_commune).walk("VEVENT")) == []
