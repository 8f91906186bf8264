import datetime

import pytest
from django.urls import reverse

from directory.models import Official, Unit, Village
from sessions_app.models import Plan

from ..factories import OfficialFactory, PlanFactory, UnitFactory, VillageFactory


def test_plan_search_finds_number_and_symbol_and_ignores_accents_and_case(clerk_client, commune, state_issuer):
    numbered = PlanFactory(
        commune=commune, issuer=state_issuer, number=15, issued_on=datetime.date(2025, 10, 1), title="Đối thoại"
    )
    other = PlanFactory(commune=commune, issuer=state_issuer, title="Tiếp xúc cử tri ẤP TÂN LẬP ĐÔNG")
    url = reverse("sessions_app:plan_list")
    for q, expected in [
        ("15/KH", [numbered]),
        ("15/kh-ubnd", [numbered]),
        ("ấp tân lập", [other]),
        ("tan lap dong", [other]),
        ("ĐỐI THOẠI", [numbered]),
    ]:
        assert list(clerk_client.get(url, {"q": q}).context["plans"]) == expected, q


def test_plan_search_text_follows_edits(commune, state_issuer):
    plan = PlanFactory(commune=commune, issuer=state_issuer, title="Kế hoạch cũ")
    plan.title = "Hội nghị Đường làng"
    plan.save(update_fields=["title"])
    assert list(Plan.objects.search("duong lang")) == [plan]


def test_directory_lists_search_without_accents(clerk_client, commune):
    VillageFactory(commune=commune, kind="Ấp", name="Tân Lập Đông")
    VillageFactory(commune=commune, kind="Ấp", name="Hòa Bình")
    OfficialFactory(commune=commune, full_name="Đặng Thị Ánh", position="Kế toán")
    UnitFactory(commune=commune, name="Phòng Văn hóa - Xã hội", short_name="VHXH")
    village_rows = clerk_client.get(reverse("directory:village_list"), {"q": "TAN LAP"}).context["rows"]
    assert [obj.name for obj, _ in village_rows] == ["Tân Lập Đông"]
    official_rows = clerk_client.get(reverse("directory:official_list"), {"q": "dang thi anh"}).context["rows"]
    assert [obj.full_name for obj, _ in official_rows] == ["Đặng Thị Ánh"]
    # The old tone placement "hoá" finds "hóa"; the short name is searched too.
    for q in ("văn hoá", "vhxh"):
        unit_rows = clerk_client.get(reverse("directory:unit_list"), {"q": q}).context["rows"]
        assert [obj.name for obj, _ in unit_rows] == ["Phòng Văn hóa - Xã hội"]


def test_village_differing_only_in_case_is_a_duplicate(clerk_client, commune):
    VillageFactory(commune=commune, kind="Ấp", name="Tân Lập Đông")
    response = clerk_client.post(
        reverse("directory:village_create"), {"kind": "ẤP", "name": "TÂN LẬP  ĐÔNG", "position": "2", "is_active": "on"}
    )
    assert response.status_code == 200
    assert "Xã đã có Ấp Tân Lập Đông." in response.content.decode()
    assert Village.objects.filter(commune=commune).count() == 1
    # Another tone is another village.
    response = clerk_client.post(
        reverse("directory:village_create"), {"kind": "Ấp", "name": "Tân Lập Đồng", "position": "3"}
    )
    assert response.status_code == 302
    assert Village.objects.filter(commune=commune).count() == 2


def test_unit_differing_only_in_case_is_a_duplicate(clerk_client, commune):
    UnitFactory(commune=commune, name="Phòng Kinh tế")
    response = clerk_client.post(
        reverse("directory:unit_create"), {"kind": "state_office", "name": "PHÒNG KINH TẾ", "position": "1"}
    )
    assert response.status_code == 200
    assert "Xã đã có cơ quan, đơn vị cùng tên: Phòng Kinh tế." in response.content.decode()
    assert Unit.objects.filter(commune=commune).count() == 1


def test_unit_cannot_be_made_its_own_ancestor(clerk_client, commune):
    a = UnitFactory(commune=commune, name="Đơn vị A")
    b = UnitFactory(commune=commune, name="Đơn vị B", parent=a)
    c = UnitFactory(commune=commune, name="Đơn vị C", parent=b)
    url = reverse("directory:unit_update", args=[a.pk])
    response = clerk_client.post(url, {"kind": "state_office", "name": "Đơn vị A", "parent": c.pk, "position": "0"})
    assert response.status_code == 200
    assert "Không thể trực thuộc Đơn vị C: Đơn vị C đang trực thuộc đơn vị này." in response.content.decode()
    response = clerk_client.post(url, {"kind": "state_office", "name": "Đơn vị A", "parent": a.pk, "position": "0"})
    assert "Một đơn vị không thể trực thuộc chính nó." in response.content.decode()
    a.refresh_from_db()
    assert a.parent is None


def test_officials_are_listed_by_given_name_then_the_rest(clerk_client, commune):
    for name in ["Nguyễn Văn Hải", "Trần Thị Ánh", "Lê Văn Hải", "Đỗ Minh Bình", "Phạm Thị Ân"]:
        OfficialFactory(commune=commune, full_name=name)
    rows = clerk_client.get(reverse("directory:official_list")).context["rows"]
    # Vietnamese order: a before â, whatever the tone.
    assert [obj.full_name for obj, _ in rows] == [
        "Trần Thị Ánh",
        "Phạm Thị Ân",
        "Đỗ Minh Bình",
        "Lê Văn Hải",
        "Nguyễn Văn Hải",
    ]
    assert list(Official.objects.filter(commune=commune).by_given_name().values_list("full_name", flat=True))[0] == (
        "Trần Thị Ánh"
    )


@pytest.mark.parametrize(
    "persona, shown",
    [("clerk", True), ("leader", True), ("supervisor", True), ("province_user", True), ("officer", False)],
)
def test_report_link_is_shown_only_to_who_may_read_reports(request, db, client, persona, shown):
    client.force_login(request.getfixturevalue(persona))
    body = client.get(reverse("dashboard")).content.decode()
    assert (f'href="{reverse("office:report")}"' in body) is shown
    assert client.get(reverse("office:report")).status_code == (200 if shown else 404)
