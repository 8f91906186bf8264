from django.urls import reverse

from directory.models import Commune, Membership

from ..factories import CommuneFactory, UserFactory, member

URL = reverse("directory:commune_settings")


def form_data(commune, **overrides):
    data = {
        "kind": "xa",
        "name": commune.name,
        "province": commune.province_id,
        "place_name": "",
        "address": "",
        "phone": "",
        "email": "",
    }
    data.update(overrides)
    return data


def test_commune_administrator_edits_name_place_and_address(client, commune):
    admin = member(UserFactory(username="qtxa"), commune, Membership.Role.ADMIN)
    client.force_login(admin)
    assert client.get(URL).status_code == 200
    response = client.post(
        URL, form_data(commune, kind="phuong", place_name="Lộc Thành", address="Thôn 1, phường Lộc Thành")
    )
    assert response.status_code == 302
    commune.refresh_from_db()
    assert (commune.full_name, commune.date_place, commune.address) == (
        "Phường Lộc Thành",
        "Lộc Thành",
        "Thôn 1, phường Lộc Thành",
    )
    # A new plan's date line starts from the commune's place name.
    assert client.get(reverse("sessions_app:plan_create")).context["form"]["place"].initial == "Lộc Thành"
    assert "Thông tin xã" in client.get(reverse("dashboard")).content.decode()


def test_commune_name_taken_in_the_province_is_refused(client, commune):
    CommuneFactory(name="Lộc Nam", province=commune.province)
    admin = member(UserFactory(username="qtxa"), commune, Membership.Role.ADMIN)
    client.force_login(admin)
    response = client.post(URL, form_data(commune, name="LỘC NAM"))
    assert response.status_code == 200
    assert "Lâm Đồng đã có Xã Lộc Nam." in response.content.decode()
    commune.refresh_from_db()
    assert commune.name == "Lộc Thành"


def test_office_staff_do_not_see_the_commune_settings(clerk_client, commune):
    assert clerk_client.get(URL).status_code == 404
    assert clerk_client.post(URL, form_data(commune, name="Khác")).status_code == 404
    assert "Thông tin xã" not in clerk_client.get(reverse("dashboard")).content.decode()
    assert Commune.objects.get(pk=commune.pk).name == "Lộc Thành"
