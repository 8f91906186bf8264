"""Opinions sent online before an announced session: off by default, flood-protected."""

import pytest
from django.test import override_settings
from django.urls import reverse

from petitions.models import Petition
from sessions_app.services import session_announcement_publish

pytestmark = pytest.mark.django_db


def url(session):
    return reverse("public:online_petition", args=[session.plan.commune_id, session.pk])


@pytest.fixture
def open_form(commune, upcoming, clerk):
    commune.online_petitions = True
    commune.save(update_fields=["online_petitions"])
    session_announcement_publish(session=upcoming, by=clerk)
    return upcoming


def data(upcoming, roads, **extra):
    return {"village": upcoming.villages.first().pk, "topic": roads.pk, "content": "Đèn đường ấp 1 hỏng", **extra}


def test_off_by_default(client, commune, upcoming, clerk, roads):
    session_announcement_publish(session=upcoming, by=clerk)
    assert client.get(url(upcoming)).status_code == 404
    assert client.post(url(upcoming), data(upcoming, roads)).status_code == 404
    assert Petition.objects.count() == 0


def test_a_session_not_announced_answers_404(client, commune, upcoming, roads):
    commune.online_petitions = True
    commune.save(update_fields=["online_petitions"])
    assert client.get(url(upcoming)).status_code == 404


def test_it_lands_in_intake_as_received_online(client, open_form, roads):
    response = client.post(url(open_form), data(open_form, roads, citizen_name="Lê Thị Gửi"))
    assert response.status_code == 200
    p = Petition.objects.get()
    assert (p.source, p.status, p.session, p.citizen_name, p.created_by) == (
        "online",
        "received",
        open_form,
        "Lê Thị Gửi",
        None,
    )
    assert p.lookup_code_display in response.content.decode()
    # Never public until handled: the commune page does not show it.
    page = client.get(reverse("public:commune", args=[open_form.plan.commune_id])).content.decode()
    assert "Đèn đường ấp 1 hỏng" not in page
    assert "Gửi ý kiến, kiến nghị trước buổi" in page


@pytest.mark.parametrize(
    "content,message",
    [
        ("x" * 2001, "dài quá 2000 ký tự"),
        ("Xem <a href='http://x.vn'>đây</a>", "không được chứa thẻ HTML hay đường liên kết"),
        ("Xem https://spam.example/", "không được chứa thẻ HTML hay đường liên kết"),
        ("   ", "Nội dung ý kiến không được để trống."),
    ],
)
def test_bad_input_is_refused_and_nothing_stored(client, open_form, roads, content, message):
    response = client.post(url(open_form), data(open_form, roads, content=content))
    assert message in response.content.decode()
    assert Petition.objects.count() == 0


def test_a_village_outside_the_session_is_refused(client, open_form, roads, villages):
    other = [v for v in villages if not open_form.villages.filter(pk=v.pk).exists()][0]
    client.post(url(open_form), data(open_form, roads, village=other.pk))
    assert Petition.objects.count() == 0


@override_settings(PUBLIC_ONLINE_LIMIT=2)
def test_flood_from_one_address_is_refused(client, open_form, roads):
    for i in range(2):
        client.post(url(open_form), data(open_form, roads, content=f"Ý kiến {i}"))
    response = client.post(url(open_form), data(open_form, roads, content="Ý kiến thứ ba"))
    assert response.status_code == 429
    assert Petition.objects.count() == 2


@override_settings(PUBLIC_ONLINE_PER_SESSION_DAY=1)
def test_flood_for_one_session_is_refused(client, open_form, roads):
    client.post(url(open_form), data(open_form, roads), REMOTE_ADDR="10.0.0.1")
    response = client.post(url(open_form), data(open_form, roads, content="Khác"), REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 429
    assert Petition.objects.count() == 1
