"""The citizen's receipt slip, printed at intake."""

import datetime

import pytest
from django.urls import reverse
from pypdf import PdfReader

from directory.models import Event
from petitions.models import format_lookup_code

pytestmark = pytest.mark.django_db


def _text(content):
    import io

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_receipt_slip_carries_commune_date_codes_summary_expected_date(client, clerk, make_petition):
    p = make_petition("Đường liên thôn bị hư hỏng nặng", received_on=datetime.date(2025, 10, 1))
    client.force_login(clerk)
    response = client.get(reverse("petitions:receipt", args=[p.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "PHIẾU TIẾP NHẬN Ý KIẾN" in text
    assert p.commune.full_name.upper() in text.upper()
    assert "01/10/2025" in text
    assert p.code in text
    assert "Đường liên thôn bị hư hỏng nặng" in text
    assert format_lookup_code(p.lookup_code) in text
    assert "Ngày dự kiến trả lời" in text
    assert "/tra-cuu/" in text
    assert Event.objects.filter(action=Event.Action.PRINTED, detail="receipt", object_id=str(p.pk)).count() == 1


def test_only_the_office_prints_the_slip(client, officer, routed):
    client.force_login(officer)  # the unit's official sees the petition, but not its lookup code
    assert client.get(reverse("petitions:detail", args=[routed.pk])).status_code == 200
    assert client.get(reverse("petitions:receipt", args=[routed.pk])).status_code == 404


def test_intake_page_offers_the_slip_of_the_petition_just_entered(client, clerk, commune, villages, roads):
    from tests.factories import PlanFactory, SessionFactory

    session = SessionFactory(plan=PlanFactory(commune=commune), villages=villages[:1])
    client.force_login(clerk)
    url = reverse("petitions:session_intake", args=[session.pk])
    response = client.post(
        url,
        {"village": villages[0].pk, "topic": roads.pk, "kind": "kien_nghi", "content": "Xin lắp đèn đường"},
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    from petitions.models import Petition

    p = Petition.objects.get(content="Xin lắp đèn đường")
    assert f'href="{reverse("petitions:receipt", args=[p.pk])}"' in html
    assert 'id="last-receipt"' in html
