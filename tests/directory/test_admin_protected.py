"""Deleting a protected record in the admin (/quan-tri/): a Vietnamese page naming what protects it."""

import re
from html import unescape

import pytest
from django.urls import reverse

from directory.models import Village
from tests.directory.test_admin_scope import staff_admin
from tests.factories import UserFactory, VillageFactory
from tests.petitions.factories import PetitionFactory

pytestmark = pytest.mark.django_db


def text(response):
    body = re.search(r'<div id="content".*', response.content.decode(), re.S).group(0)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))


@pytest.fixture
def protected_village(commune):
    village = VillageFactory(commune=commune, name="Tuyết Diêm 1")
    petition = PetitionFactory(commune=commune, village=village, content="Đèn đường hỏng")
    return village, petition


@pytest.fixture(params=["commune_admin", "superuser"])
def admin_client(request, commune, client):
    if request.param == "superuser":
        client.force_login(UserFactory(username="qt", is_staff=True, is_superuser=True))
        return client
    return staff_admin("qt", commune)[1]


def test_the_delete_page_names_the_protecting_records_in_vietnamese(admin_client, protected_village):
    village, petition = protected_village
    response = admin_client.get(reverse("admin:directory_village_delete", args=[village.pk]))
    assert response.status_code == 200
    page = text(response)
    assert "Không xóa được thôn, ấp, tổ dân phố “Ấp Tuyết Diêm 1”: các bản ghi sau đang gắn với nó" in page
    assert str(petition) in page  # the protecting record itself, not only its kind
    assert "protected" not in page and "would require" not in page
    assert "Có, tôi chắc chắn" not in page  # no confirm button
    # Posting the confirmation anyway deletes nothing.
    admin_client.post(reverse("admin:directory_village_delete", args=[village.pk]), {"post": "yes"})
    assert Village.objects.filter(pk=village.pk).exists()


def test_the_bulk_delete_names_the_protecting_records_in_vietnamese(admin_client, protected_village):
    village, petition = protected_village
    url = reverse("admin:directory_village_changelist")
    response = admin_client.post(url, {"action": "delete_selected", "_selected_action": [village.pk]})
    assert response.status_code == 200
    page = text(response)
    assert "Không xóa được các thôn, ấp, tổ dân phố đã chọn: các bản ghi sau đang gắn với chúng" in page
    assert str(petition) in page
    admin_client.post(url, {"action": "delete_selected", "_selected_action": [village.pk], "post": "yes"})
    assert Village.objects.filter(pk=village.pk).exists()
