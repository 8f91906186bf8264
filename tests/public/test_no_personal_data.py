"""A crawl of every public page, for every commune and every lookup code in the database: no
citizen's name, phone or address of any record appears on any of them."""

import re

import pytest
from django.urls import reverse

from conclusions.services import notice_publish_results
from directory.models import Commune, DataRequest
from petitions.models import Petition
from sessions_app.models import Participant
from sessions_app.services import session_announcement_publish

pytestmark = pytest.mark.django_db


def personal_values():
    values = set()
    for row in Petition.objects.values("citizen_name", "citizen_phone", "citizen_address"):
        values.update(row.values())
    for row in Participant.objects.filter(group=Participant.Group.HOUSEHOLDS).values("full_name", "phone"):
        values.update(row.values())
    values.update(DataRequest.objects.values_list("person_name", flat=True))
    return {v for v in values if v and len(v) >= 4}


def crawl(client):
    """Every public page reachable: each commune's page, the links on it, and each petition's lookup."""
    pages = {}
    for pk in Commune.objects.values_list("pk", flat=True):
        url = reverse("public:commune", args=[pk])
        pages[url] = client.get(url)
        for link in re.findall(r'href="(/[^"]+)"', pages[url].content.decode()):
            if link.startswith("/static/"):
                continue
            pages[link] = client.get(link)
    pages[reverse("public:lookup")] = client.get(reverse("public:lookup"))
    for code in Petition.objects.values_list("lookup_code", flat=True):
        pages[f"lookup {code}"] = client.post(
            reverse("public:lookup"), {"ma": code}, REMOTE_ADDR=f"10.1.{len(pages) % 250}.1"
        )
    return pages


def test_no_public_page_shows_personal_data(client, commune, upcoming, concluded, clerk):
    session_announcement_publish(session=upcoming, by=clerk)
    notice_publish_results(notice=concluded["notice"], user=clerk)
    Participant.objects.create(
        session=upcoming,
        group=Participant.Group.HOUSEHOLDS,
        honorific="Bà",
        full_name="Phạm Thị Hộ Dân",
        phone="0977111222",
        village=upcoming.villages.first(),
    )
    DataRequest.objects.create(
        commune=commune, person_name="Trần Thị Yêu Cầu", kind=DataRequest.Kind.SEE, received_on="2025-11-03"
    )
    secrets = personal_values()
    assert {"Nguyễn Văn Bí Mật", "0912345678", "Số 7 hẻm Kín", "Phạm Thị Hộ Dân", "0977111222"} <= secrets
    pages = crawl(client)
    assert len(pages) >= 6
    # The crawl did reach the published content (so an empty page cannot pass).
    assert "Nội dung answered" in pages[reverse("public:commune", args=[commune.pk])].content.decode()
    for url, response in pages.items():
        assert response.status_code in (200, 404), url
        body = response.content.decode("utf-8", errors="replace")
        leaked = sorted(v for v in secrets if v in body)
        assert not leaked, f"{url} shows {leaked}"
