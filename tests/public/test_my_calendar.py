"""The private per-user calendar feed: secret address, revocable, no citizen's name."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from public.models import CalendarFeed
from sessions_app.services import session_change_status

pytestmark = pytest.mark.django_db


def summaries(response):
    return sorted(str(e["summary"]) for e in Calendar.from_ical(response.content).walk("VEVENT"))


def test_officer_gets_sessions_and_unit_deadlines_and_can_revoke(client, officer, upcoming, concluded, unit):
    client.force_login(officer)
    assert client.get(reverse("public:my_calendar")).status_code == 200
    client.post(reverse("public:my_calendar"), {"action": "tao"})
    feed = CalendarFeed.objects.get(user=officer, revoked_at__isnull=True)
    client.logout()
    url = reverse("public:my_calendar_feed", args=[feed.token])
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    titles = summaries(response)
    assert "Đối thoại về đường liên ấp" in titles
    answered = concluded["answered"]
    assert all(answered.citizen_name not in t for t in titles)
    assert "Nguyễn Văn Bí Mật" not in response.content.decode()
    # Revoked: the old address answers 404.
    client.force_login(officer)
    client.post(reverse("public:my_calendar"), {"action": "thu-hoi"})
    client.logout()
    assert client.get(url).status_code == 404


def test_unit_deadlines_are_in_the_feed(client, officer, clerk, unit, commune, roads):
    from petitions import services as ps

    p = ps.petition_create(commune=commune, by=clerk, content="Đèn đường hỏng", topic=roads)
    ps.petition_classify(petition=p, by=clerk, topic=roads, kind="kien_nghi", competence="commune")
    ps.petition_route(petition=p, by=clerk, unit=unit)
    p.refresh_from_db()
    feed = CalendarFeed.objects.create(user=officer)
    titles = summaries(client.get(reverse("public:my_calendar_feed", args=[feed.token])))
    assert titles == [f"Hạn xử lý ý kiến {p.code} ({p.topic.name})"]


def test_renewing_revokes_the_old_address(client, clerk):
    client.force_login(clerk)
    client.post(reverse("public:my_calendar"), {"action": "tao"})
    old = CalendarFeed.objects.get(user=clerk)
    client.post(reverse("public:my_calendar"), {"action": "tao"})
    assert CalendarFeed.objects.filter(user=clerk, revoked_at__isnull=True).count() == 1
    assert client.get(reverse("public:my_calendar_feed", args=[old.token])).status_code == 404


def test_unknown_token_and_inactive_user_are_404(client, clerk):
    assert client.get(reverse("public:my_calendar_feed", args=["khong-co"])).status_code == 404
    feed = CalendarFeed.objects.create(user=clerk)
    clerk.is_active = False
    clerk.save(update_fields=["is_active"])
    assert client.get(reverse("public:my_calendar_feed", args=[feed.token])).status_code == 404


def test_cancelled_session_stays_marked(client, clerk, upcoming):
    session_change_status(obj=upcoming, to="cancelled", by=clerk, note="Bão")
    feed = CalendarFeed.objects.create(user=clerk)
    cal = Calendar.from_ical(client.get(reverse("public:my_calendar_feed", args=[feed.token])).content)
    (event,) = cal.walk("VEVENT")
    assert str(event["status"]) == "CANCELLED"
