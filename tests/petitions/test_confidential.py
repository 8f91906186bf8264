"""Group petitions (how many people, their representatives) and protected authors: a
denunciation's (tố cáo) or a confidential petition's author is seen by the office and the
leader only, every showing logged; unit officials read the content alone."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from directory.models import Event
from petitions import services
from petitions.models import Petition
from tests.matrix import ADMIN, CLERK, LEADER, OFFICER, OUTSIDER, PARTY, PROVINCE, SUPERVISOR

pytestmark = pytest.mark.django_db

AUTHOR = "Nguyễn Văn Tố"

#: Who sees the author of a protected petition routed to the officer's unit (the detail page):
#: True: name, phone, address; False: the content only; 404: not the petition at all.
IDENTITY_MATRIX = {
    CLERK: True,
    PARTY: True,
    ADMIN: True,
    LEADER: True,
    OFFICER: False,
    SUPERVISOR: False,
    PROVINCE: 404,
    OUTSIDER: 404,
}


def _protected(make_petition, clerk, unit, roads, **fields):
    p = make_petition(
        content="Tố cáo cán bộ địa chính thu tiền trái quy định",
        citizen_name=AUTHOR,
        citizen_phone="0912345678",
        citizen_address="Thôn 1",
        **fields,
    )
    services.petition_classify(petition=p, by=clerk, topic=roads, kind=p.kind, competence="commune")
    services.petition_route(petition=p, by=clerk, unit=unit)
    return Petition.objects.get(pk=p.pk)


@pytest.fixture
def denunciation(make_petition, clerk, unit, roads):
    return _protected(make_petition, clerk, unit, roads, kind="to_cao")


@pytest.fixture
def confidential(make_petition, clerk, unit, roads):
    return _protected(make_petition, clerk, unit, roads, kind="kien_nghi", is_confidential=True)


def _views_logged(petition):
    return Event.objects.filter(action=Event.Action.VIEWED_PERSONAL_DATA, object_id=str(petition.pk)).count()


@pytest.mark.parametrize("which", ["denunciation", "confidential"])
@pytest.mark.parametrize(("persona", "sees"), IDENTITY_MATRIX.items())
def test_who_sees_a_protected_author(request, client, which, persona, sees):
    petition = request.getfixturevalue(which)
    client.force_login(request.getfixturevalue(persona))
    before = _views_logged(petition)
    response = client.get(reverse("petitions:detail", args=[petition.pk]))
    if sees == 404:
        assert response.status_code == 404
        return
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tố cáo cán bộ địa chính thu tiền trái quy định" in html  # the content, always
    assert (AUTHOR in html, "0912345678" in html, "Thôn 1 " in html or "· Thôn 1" in html) == (sees, sees, sees)
    assert ("Giữ bí mật (chỉ văn phòng và lãnh đạo xem được người nêu)" in html) is not sees
    assert _views_logged(petition) - before == (1 if sees else 0)


def test_a_plain_petitions_author_is_seen_by_its_unit_official(client, routed, officer):
    routed.citizen_name = "Trần Thị Công"
    routed.save(update_fields=["citizen_name"])
    client.force_login(officer)
    assert "Trần Thị Công" in client.get(reverse("petitions:detail", args=[routed.pk])).content.decode()


def test_lists_exports_and_searches_never_show_a_protected_author(client, denunciation, clerk, officer, export):
    for user in (clerk, officer):
        client.force_login(user)
        listing = client.get(reverse("petitions:list")).content.decode()
        assert denunciation.code in listing and AUTHOR not in listing
        assert "giữ bí mật" in listing
        found = client.get(reverse("petitions:list"), {"q": "Nguyen Van To"}).content.decode()
        assert denunciation.code not in found
    client.force_login(clerk)
    sheet = load_workbook(io.BytesIO(export(client))).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert AUTHOR not in values and "giữ bí mật" in values


def test_reclassifying_as_a_denunciation_drops_the_name_from_search(make_petition, clerk, roads):
    p = make_petition(citizen_name=AUTHOR)
    assert "nguyen van to" in Petition.objects.get(pk=p.pk).search_text
    services.petition_classify(petition=p, by=clerk, topic=roads, kind="to_cao", competence="commune")
    assert "nguyen van to" not in Petition.objects.get(pk=p.pk).search_text


def test_intake_of_a_group_petition_with_representatives(client, clerk, roads):
    client.force_login(clerk)
    data = {"source": "letter", "topic": roads.pk, "kind": "kien_nghi", "content": "Đề nghị làm đường"}
    response = client.post(reverse("petitions:create"), {**data, "people_count": 12, "representatives": "Ông A, bà B"})
    assert response.status_code == 302
    p = Petition.objects.get()
    assert (p.people_count, p.representatives, p.is_group) == (12, "Ông A, bà B", True)
    page = client.get(p.get_absolute_url()).content.decode()
    assert "Đoàn đông người" in page and "Đại diện: Ông A, bà B" in page
    client.post(reverse("petitions:create"), data)
    assert Petition.objects.order_by("-pk").first().people_count == 1  # blank: one person


def test_representatives_of_one_person_are_refused_and_nothing_saved(client, clerk, roads):
    client.force_login(clerk)
    data = {"source": "letter", "topic": roads.pk, "kind": "kien_nghi", "content": "Đề nghị làm đường"}
    response = client.post(reverse("petitions:create"), {**data, "people_count": 1, "representatives": "Ông A"})
    assert response.context["form"].errors["people_count"] == [
        "Có người đại diện thì số người cùng nêu phải từ 2 trở lên."
    ]
    response = client.post(reverse("petitions:create"), {**data, "people_count": 0})
    assert response.context["form"].errors["people_count"] == ["Số người cùng nêu ít nhất là 1."]
    assert Petition.objects.count() == 0


def test_the_service_refuses_a_count_below_one(commune, clerk, roads):
    with pytest.raises(services.PetitionError, match="Số người cùng nêu ít nhất là 1."):
        services.petition_create(commune=commune, by=clerk, content="Nội dung", topic=roads, people_count=0)
    assert Petition.objects.count() == 0


def test_the_history_and_corrections_never_show_a_protected_author_to_a_unit_official(
    client, confidential, clerk, officer
):
    services.petition_correct(
        petition=confidential, by=clerk, reason="Ghi nhầm tên", citizen_name="Nguyễn Văn Tốt", citizen_phone="0988"
    )
    url = reverse("petitions:detail", args=[confidential.pk])
    client.force_login(clerk)
    page = client.get(url).content.decode()
    assert f"{AUTHOR} → Nguyễn Văn Tốt" in page  # the office reads the correction as made
    client.force_login(officer)
    page = client.get(url).content.decode()
    assert "Ghi nhầm tên" in page and "(được bảo vệ) → (được bảo vệ)" in page  # that it was corrected, and why
    for told in (AUTHOR, "Nguyễn Văn Tốt", "0912345678", "0988"):
        assert told not in page, told
