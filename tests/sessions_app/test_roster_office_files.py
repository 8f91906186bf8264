"""Roster files as offices type them (issue 11): tolerant headers, Giới tính, a chosen group, the template."""

import io
from importlib import import_module

import openpyxl
import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dialogue.spreadsheets import header_key, match_columns
from sessions_app.attendance import attendance_counts
from sessions_app.models import Participant
from sessions_app.participants import roster_places
from sessions_app.resources import roster_import_confirm, roster_import_preview

from .factories import ParticipantFactory


def book(headers, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách hộ"
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def imported(session, data, **kwargs):
    preview = roster_import_preview(session=session, name="ds.xlsx", content=data, **kwargs)
    roster_import_confirm(
        session=session,
        name="ds.xlsx",
        content=data,
        digest=preview.digest,
        valid_rows=preview.valid_rows,
        **kwargs,
    )
    return preview


#: A list typed in a village office: its own header words, a numbering column and a remark.
OFFICE = book(
    ["STT", "HỌ VÀ TÊN", "Giới tính", "Ấp", "SĐT", "Ghi chú"],
    [
        [1, "Nguyễn Văn An", "Nam", "Ấp 1", "0912 345 678", "chủ hộ"],
        [2, "Trần Thị Bích", "Nữ", "1", "", ""],
        [3, "Lê Văn Cường", "nam", "ấp 2", 987654321, ""],
    ],
)


def test_header_key_ignores_case_accents_punctuation_and_spacing():
    assert header_key("  HỌ VÀ  TÊN ") == header_key("Ho va ten") == "ho va ten"
    assert header_key("Thôn/Ấp") == header_key("Thôn, ấp") == "thon ap"
    assert header_key("Danh xưng (Ông/Bà)") == "danh xung ong ba"
    assert header_key("Số điện thoại *") == "so dien thoai"


def test_synonyms_are_matched_and_the_rest_is_listed():
    columns = match_columns(
        ["Họ tên", "SĐT", "Tổ dân phố", "Chức danh", "Danh xưng (Ông/Bà)", "Ngày sinh", ""],
        {
            "full_name": ["Họ và tên", "Họ tên"],
            "phone": ["Điện thoại", "SĐT"],
            "village": ["Ấp", "Tổ dân phố"],
            "title": ["Chức danh"],
            "honorific": ["Danh xưng (Ông/Bà)"],
        },
    )
    assert columns.index == {"full_name": 0, "phone": 1, "village": 2, "title": 3, "honorific": 4}
    assert columns.ignored == ["Ngày sinh"]
    assert columns.ignored_message == "Bỏ qua cột: “Ngày sinh” (không thuộc danh sách cột nhận)."


def test_an_office_file_imports_fully_with_gender_as_honorific(state_session):
    preview = imported(state_session, OFFICE)
    assert preview.errors == []
    assert preview.ignored_columns == ["STT", "Ghi chú"]
    assert preview.group_column is False
    rows = Participant.objects.order_by("position").values_list("honorific", "full_name", "village__name", "phone")
    assert list(rows) == [
        ("Ông", "Nguyễn Văn An", "1", "0912345678"),
        ("Bà", "Trần Thị Bích", "1", ""),
        ("Ông", "Lê Văn Cường", "2", "0987654321"),
    ]


@pytest.mark.parametrize(
    "headers",
    [
        ["Họ tên", "Danh xưng (Ông/Bà)", "Số điện thoại", "Thôn", "Chức vụ"],
        ["Tên", "Ông/Bà", "Điện thoại", "Tổ dân phố", "Chức danh"],
        ["ho va ten", "DANH XƯNG", "sdt", "Khu phố", "chuc vu"],
    ],
)
def test_every_usual_spelling_of_the_headers_is_recognised(state_session, headers):
    data = book(headers, [["Phạm Thị Dung", "Bà", "0912000111", "Ấp 3", "Tổ trưởng"]])
    preview = imported(state_session, data)
    assert (preview.errors, preview.ignored_columns) == ([], [])
    person = Participant.objects.get()
    assert (person.full_name, person.honorific, person.phone, person.village.name, person.title) == (
        "Phạm Thị Dung",
        "Bà",
        "0912000111",
        "3",
        "Tổ trưởng",
    )


def test_a_gender_the_importer_cannot_read_is_a_row_error(state_session):
    data = book(["Họ và tên", "Giới tính", "Ấp"], [["Võ Văn Em", "Khác", "Ấp 1"]])
    preview = roster_import_preview(session=state_session, name="ds.xlsx", content=data)
    assert preview.errors == [(2, "Danh xưng", "Danh xưng phải là “Ông” hoặc “Bà”.")]


def test_a_file_without_group_takes_the_chosen_group_and_never_an_empty_one(state_session, villages):
    imported(state_session, OFFICE, default_group="village_delegates")
    assert set(Participant.objects.values_list("group", flat=True)) == {"village_delegates"}
    Participant.objects.all().delete()
    imported(state_session, OFFICE)
    assert set(Participant.objects.values_list("group", flat=True)) == {"households"}


def test_imported_people_count_in_totals_quota_attendance_and_filters(client, clerk, state_session, villages):
    imported(state_session, OFFICE)
    places = {p["village"].name: p["households"] for p in roster_places(state_session)}
    assert places == {"1": 2, "2": 1, "3": 0}
    assert attendance_counts(state_session)["households"]["invited"] == 3
    assert attendance_counts(state_session)["total"]["invited"] == 3
    client.force_login(clerk)
    page = client.get(reverse("sessions_app:roster", args=[state_session.pk]), {"nhom": "households"})
    assert list(page.context["participants"]) and all(p.group == "households" for p in page.context["participants"])
    assert {p.full_name for p in page.context["participants"]} == {"Nguyễn Văn An", "Trần Thị Bích", "Lê Văn Cường"}


def test_the_preview_page_lists_skipped_columns_and_asks_for_the_group(client, clerk, state_session):
    client.force_login(clerk)
    url = reverse("sessions_app:roster_import", args=[state_session.pk])
    response = client.post(url, {"file": SimpleUploadedFile("ds.xlsx", OFFICE), "group": "village_delegates"})
    page = response.content.decode()
    assert "Bỏ qua cột: “STT”, “Ghi chú” (không thuộc danh sách cột nhận)." in page
    assert "mọi người trong tệp được nhập vào nhóm “Đại biểu thôn, ấp”" in page
    assert 'name="group" value="village_delegates"' in page
    preview = response.context["preview"]
    response = client.post(
        reverse("sessions_app:roster_import_save", args=[state_session.pk]),
        {"digest": preview.digest, "name": "ds.xlsx", "valid_rows": "2,3,4", "group": "village_delegates"},
    )
    assert response.status_code == 302
    assert set(Participant.objects.values_list("group", flat=True)) == {"village_delegates"}


def test_namesakes_of_one_village_with_different_phones_are_two_people(state_session):
    data = book(
        ["Họ và tên", "Giới tính", "Ấp", "Số điện thoại"],
        [["Nguyễn Văn Thành", "Nam", "Ấp 1", "0912345678"], ["Nguyễn Văn Thành", "Nam", "Ấp 1", "0987654321"]],
    )
    preview = imported(state_session, data)
    assert preview.errors == []
    assert Participant.objects.filter(full_name="Nguyễn Văn Thành").count() == 2


def test_the_template_has_the_columns_and_one_example_that_imports(client, clerk, state_session):
    client.force_login(clerk)
    page = client.get(reverse("sessions_app:roster_import", args=[state_session.pk])).content.decode()
    url = reverse("sessions_app:roster_import_template", args=[state_session.pk])
    assert url in page
    response = client.get(url)
    assert response["Content-Disposition"] == 'attachment; filename="mau-danh-sach-dai-bieu.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Nhóm", "Danh xưng", "Họ và tên", "Chức vụ", "Thôn, ấp", "Đơn vị", "Điện thoại")
    assert len(rows) == 2
    preview = imported(state_session, response.content)
    assert (preview.errors, len(preview.valid_rows)) == ([], 1)


def test_the_migration_repairs_rows_stored_without_a_group(state_session, villages):
    household = ParticipantFactory(session=state_session, village=villages[0])
    official = ParticipantFactory(session=state_session, village=None, group="officials")
    Participant.objects.filter(pk__in=[household.pk, official.pk]).update(group="")
    import_module("sessions_app.migrations.0008_participant_group_repair").repair(apps, None)
    assert Participant.objects.get(pk=household.pk).group == "households"
    assert Participant.objects.get(pk=official.pk).group == "officials"
