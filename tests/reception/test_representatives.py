"""A group visit's representatives as rows: typed on the register's pages, kept with their
history, split from the old text by the migration, and found, exported and erased as personal data."""

import datetime
import importlib
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from office.personal_data import person_anonymise, person_export_xlsx, person_find
from reception.models import Representative, Visit
from reception.services import ReceptionError, reception_day_create, visit_record, visit_update
from tests.factories import OfficialFactory
from tests.petitions.factories import topic
from tests.reception.test_register import representative_rows

pytestmark = pytest.mark.django_db
split_representatives = importlib.import_module("reception.migrations.0004_split_representatives").split_representatives

HOA = {"name": "Nguyễn Thị Hoa", "address": "Thôn Tuyết Diêm 1", "phone": "0912345678"}
NAM = {"name": "Lê Văn Nam", "address": "", "phone": ""}


@pytest.fixture
def day(commune, clerk):
    leader = OfficialFactory(commune=commune, full_name="Lê Văn Chủ")
    return reception_day_create(commune=commune, by=clerk, day=datetime.date(2025, 11, 5), leader=leader, place="UBND")


def _group(day, clerk, **kw):
    return visit_record(
        day=day,
        by=clerk,
        content=kw.pop("content", "Đoàn 8 hộ phản ánh ngập úng."),
        outcome=kw.pop("outcome", "answered"),
        citizen_name="Trần Văn Cường",
        people_count=kw.pop("people_count", 8),
        representatives=kw.pop("representatives", [HOA, NAM]),
        **kw,
    )


def test_the_migration_splits_the_old_text_one_person_a_line_or_between_semicolons():
    assert split_representatives("Nguyễn Văn An, thôn 3, 0912 345 678\nBà Lê Thị Bình; ông Hùng") == [
        ("Nguyễn Văn An", "thôn 3", "0912345678"),
        ("Bà Lê Thị Bình", "", ""),
        ("ông Hùng", "", ""),
    ]
    assert split_representatives("Bà Dân, ông Hùng") == [("Bà Dân", "", ""), ("ông Hùng", "", "")]
    assert split_representatives(" ; \n") == []


def test_a_group_visit_keeps_its_representatives_in_order_and_the_petition_names_them(day, clerk):
    visit = _group(day, clerk, outcome="recorded", topic=topic("ha-tang"))
    assert [(r.name, r.address, r.phone, r.position) for r in visit.representatives.all()] == [
        ("Nguyễn Thị Hoa", "Thôn Tuyết Diêm 1", "0912345678", 0),
        ("Lê Văn Nam", "", "", 1),
    ]
    assert visit.petition.representatives == "Nguyễn Thị Hoa, Thôn Tuyết Diêm 1, 0912345678; Lê Văn Nam"


@pytest.mark.parametrize(
    ("people_count", "rows", "message"),
    [
        (8, [{"name": "", "address": "Thôn 2", "phone": ""}], "Ghi họ tên người đại diện"),
        (1, [HOA], "Chỉ ghi người đại diện khi có từ 2 người cùng đến."),
        (2, [HOA, NAM, {"name": "Phạm Văn C"}], "không được nhiều hơn số người đến"),
    ],
)
def test_bad_representatives_are_refused_and_nothing_is_saved(day, clerk, people_count, rows, message):
    with pytest.raises(ReceptionError, match=message):
        _group(day, clerk, people_count=people_count, representatives=rows, outcome="recorded", topic=topic("ha-tang"))
    assert (Visit.objects.count(), Representative.objects.count()) == (0, 0)


def test_correcting_a_visit_changes_its_rows_in_place_and_keeps_their_history(day, clerk):
    visit = _group(day, clerk)
    hoa, nam = visit.representatives.all()
    visit_update(
        obj=visit,
        by=clerk,
        content=visit.content,
        outcome="answered",
        people_count=8,
        representatives=[{**HOA, "phone": "0912000000"}, {"name": "", "address": "", "phone": ""}],
    )
    assert [(r.pk, r.phone) for r in visit.representatives.all()] == [(hoa.pk, "0912000000")]
    assert sorted(Representative.history.filter(id=hoa.pk).values_list("history_type", "phone")) == [
        ("+", "0912345678"),
        ("~", "0912000000"),
    ]
    assert list(Representative.history.filter(id=nam.pk).values_list("history_type", flat=True).order_by("pk")) == [
        "+",
        "-",
    ]


def test_the_register_pages_add_and_correct_representatives_as_rows(client, clerk, day):
    client.force_login(clerk)
    visit_data = {"citizen_name": "Trần Văn Cường", "people_count": 6, "matter": "new", "content": "Ngập úng",
                  "outcome": "answered"}  # fmt: skip
    bad = client.post(day.get_absolute_url(), {**visit_data, **representative_rows(("", "Thôn 2", ""))})
    assert "Ghi họ tên người đại diện" in bad.content.decode() and Visit.objects.count() == 0
    response = client.post(
        day.get_absolute_url(),
        {**visit_data, **representative_rows(("Nguyễn Thị Hoa", "Thôn 1", ""), ("", "", ""), ("Lê Văn Nam", "", ""))},
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert [r.name for r in visit.representatives.all()] == ["Nguyễn Thị Hoa", "Lê Văn Nam"]
    page = client.get(day.get_absolute_url()).content.decode()
    assert "Đại diện: Nguyễn Thị Hoa, Thôn 1; Lê Văn Nam" in page and 'name="dd-TOTAL_FORMS"' in page
    edit = reverse("reception:visit_edit", args=[visit.pk])
    form = client.get(edit).content.decode()
    # The two recorded and two empty rows.
    assert 'value="Nguyễn Thị Hoa"' in form and 'name="dd-3-name"' in form and 'name="dd-4-name"' not in form
    response = client.post(
        edit, {**visit_data, **representative_rows(("Nguyễn Thị Hoa", "Thôn 1", "0912345678"), ("", "", ""), initial=2)}
    )
    assert response.status_code == 302
    assert [(r.name, r.phone) for r in visit.representatives.all()] == [("Nguyễn Thị Hoa", "0912345678")]


def test_a_representative_is_found_exported_and_erased_without_touching_the_visits_citizen(day, clerk, commune):
    visit = _group(day, clerk, content="Bà Nguyễn Thị Hoa dẫn đoàn, phản ánh ngập úng.")
    hoa, nam = visit.representatives.all()
    found = person_find(commune=commune, name="nguyen thi hoa", phone="0912 345 678")
    assert (found.ids["representatives"], found.ids["visits"]) == ([hoa.pk], [])
    _, content = person_export_xlsx(found=found, commune=commune, user=clerk)
    book = load_workbook(BytesIO(content))
    rows = list(book["Người đại diện đoàn"].iter_rows(min_row=2, values_only=True))
    assert [row[2:5] for row in rows] == [("Nguyễn Thị Hoa", "Thôn Tuyết Diêm 1", "0912345678")]
    assert len(list(book["Lịch sử - Người đại diện đoàn"].iter_rows(min_row=2))) == 1
    done = person_anonymise(commune=commune, user=clerk, representative_ids=[hoa.pk])
    assert done["representatives"] == 1
    hoa.refresh_from_db()
    nam.refresh_from_db()
    visit.refresh_from_db()
    assert (hoa.name, hoa.address, hoa.phone) == ("", "", "")
    assert set(Representative.history.filter(id=hoa.pk).values_list("name", "phone")) == {("", "")}
    assert (nam.name, visit.citizen_name, visit.content) == (
        "Lê Văn Nam",
        "Trần Văn Cường",
        "Bà [ẩn danh] dẫn đoàn, phản ánh ngập úng.",
    )
    assert person_find(commune=commune, name="Nguyễn Thị Hoa").ids["representatives"] == []
