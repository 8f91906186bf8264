"""Importing a roster from .xlsx/.csv: preview, row-level Vietnamese errors, all-or-nothing confirm; export."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dialogue.spreadsheets import MAX_BYTES, SpreadsheetError, legacy_encoding, read_table
from sessions_app.models import Participant
from sessions_app.resources import ImportFailed, roster_export, roster_import_confirm, roster_import_preview
from tests.spreadsheet_files import cp1258

from .factories import ParticipantFactory

HEADERS = ["Nhóm", "Danh xưng", "Họ và tên", "Chức vụ", "Thôn, ấp", "Điện thoại"]


def xlsx(rows, *, headers=HEADERS, hidden=(), formula_at=None):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    for number in hidden:
        sheet.row_dimensions[number].hidden = True
    if formula_at:
        sheet[formula_at] = "=1+1"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GOOD = [
    ["Đại diện hộ gia đình", "Ông", "Nguyễn Văn An", "", "Ấp 1", "0912 345 678"],
    ["", "Bà", "Trần Thị Bích", "", "2", ""],
    ["Đại biểu thôn, ấp", "Ông", "Lê Văn Cường", "Trưởng ấp 3", "ấp 3", "0987654321"],
]


def test_preview_writes_nothing_and_confirm_writes_every_row(state_session):
    data = xlsx(GOOD)
    preview = roster_import_preview(session=state_session, name="ds.xlsx", content=data)
    assert (preview.valid_rows, preview.errors) == ([2, 3, 4], [])
    assert Participant.objects.count() == 0
    roster_import_confirm(
        session=state_session, name="ds.xlsx", content=data, digest=preview.digest, valid_rows=preview.valid_rows
    )
    rows = list(Participant.objects.order_by("position").values_list("full_name", "group", "village__name", "phone"))
    assert rows == [
        ("Nguyễn Văn An", "households", "1", "0912345678"),
        ("Trần Thị Bích", "households", "2", ""),
        ("Lê Văn Cường", "village_delegates", "3", "0987654321"),
    ]


def test_each_bad_row_is_named_with_row_column_and_reason(state_session):
    rows = GOOD + [
        ["", "Ông", "Phạm Văn Dũng", "", "Ấp 1", "12345"],  # row 5: bad phone
        ["", "Cô", "Võ Thị Em", "", "Ấp 1", ""],  # row 6: bad honorific
        ["", "Ông", "NguyÔn V¨n Hïng", "", "Ấp 2", ""],  # row 7: TCVN3
        ["", "Ông", "Nguyễn Văn An", "", "Ấp 1", "0912345678"],  # row 8: same as row 2
        ["", "Bà", "Lý Thị Gấm", "", "Ấp 9", ""],  # row 9: not a village of the session
        ["Khách mời", "Bà", "Hà Thị Hạnh", "", "Ấp 1", ""],  # row 10: unknown group
    ]
    preview = roster_import_preview(session=state_session, name="ds.xlsx", content=xlsx(rows))
    assert preview.valid_rows == [2, 3, 4]
    assert [(r, c) for r, c, _ in preview.errors] == [
        (5, "Điện thoại"),
        (6, "Danh xưng"),
        (7, "Họ và tên"),
        (8, "Họ và tên"),
        (9, "Thôn, ấp"),
        (10, "Nhóm"),
    ]
    messages = [m for _, _, m in preview.errors]
    assert messages[0] == "“12345” không phải số điện thoại (ví dụ đúng: 0912 345 678)."
    assert messages[1] == "Danh xưng phải là “Ông” hoặc “Bà”."
    assert "bảng mã cũ TCVN3" in messages[2]
    assert messages[3] == "Trùng với dòng 2 của tệp."
    assert messages[4] == "Không có thôn, ấp “Ấp 9” trong buổi này."
    assert Participant.objects.count() == 0


def test_confirm_writes_nothing_when_the_roster_changed_since_the_preview(state_session, villages):
    data = xlsx(GOOD)
    preview = roster_import_preview(session=state_session, name="ds.xlsx", content=data)
    # Meanwhile someone adds the person of row 3 by hand.
    ParticipantFactory(session=state_session, full_name="Trần Thị Bích", honorific="Bà", village=villages[1])
    with pytest.raises(ImportFailed, match="đã thay đổi"):
        roster_import_confirm(
            session=state_session,
            name="ds.xlsx",
            content=data,
            digest=preview.digest,
            valid_rows=preview.valid_rows,
        )
    assert list(Participant.objects.values_list("full_name", flat=True)) == ["Trần Thị Bích"]


def test_confirm_refuses_another_file_than_the_previewed_one(state_session):
    preview = roster_import_preview(session=state_session, name="ds.xlsx", content=xlsx(GOOD))
    with pytest.raises(ImportFailed, match="Tệp đã thay đổi"):
        roster_import_confirm(
            session=state_session,
            name="ds.xlsx",
            content=xlsx(GOOD[:1]),
            digest=preview.digest,
            valid_rows=preview.valid_rows,
        )
    assert Participant.objects.count() == 0


def test_formulas_and_hidden_rows_are_refused_and_blank_lines_reported(state_session):
    rows = GOOD[:2] + [[None] * 6] + [GOOD[2], ["", "Bà", "Ẩn Thị Dòng", "", "Ấp 1", ""]]
    data = xlsx(rows, hidden=(6,), formula_at="D3")
    preview = roster_import_preview(session=state_session, name="ds.xlsx", content=data)
    assert preview.valid_rows == [2, 5]
    assert preview.errors == [(3, "Chức vụ", "Ô D3 chứa công thức: hãy thay bằng giá trị.")]
    assert preview.hidden_rows == [6]
    assert (preview.total, preview.error_rows) == (4, 1)
    assert preview.notes == ["Dòng 4 trống: đã bỏ qua."]


def test_names_typed_with_combining_accents_are_stored_in_nfc(state_session):
    data = xlsx([["", "Ông", "Nguye\u0302\u0303n Văn Hải", "", "Ấp 1", ""]])
    preview = roster_import_preview(session=state_session, name="ds.xlsx", content=data)
    roster_import_confirm(
        session=state_session, name="ds.xlsx", content=data, digest=preview.digest, valid_rows=preview.valid_rows
    )
    assert Participant.objects.get().full_name == "Nguyễn Văn Hải"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1258"])
def test_csv_in_every_usual_encoding(state_session, encoding):
    text = "Danh xưng;Họ và tên;Thôn, ấp\nBà;Đỗ Thị Ngọc Ánh;Ấp 2\n"
    content = cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    preview = roster_import_preview(session=state_session, name="ds.csv", content=content)
    assert preview.errors == []
    assert preview.valid[0][1]["Họ và tên"] == "Đỗ Thị Ngọc Ánh"


def test_missing_required_columns_are_named(state_session):
    with pytest.raises(SpreadsheetError, match="Thiếu cột: “Danh xưng”"):
        roster_import_preview(session=state_session, name="ds.xlsx", content=xlsx([["A"]], headers=["Họ và tên"]))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ds.xlsx", b"PK\x03\x04 not really a zip", "không phải bảng tính Excel"),
        ("ds.xlsx", b"hello, world", "không phải bảng tính Excel"),
        ("ds.xlsm", b"PK", "macro"),
        ("ds.xls", b"\xd0\xcf\x11\xe0", "Excel cũ"),
        ("ds.pdf", b"%PDF-1.7", "Chỉ nhận tệp Excel"),
        ("ds.csv", b"", "Tệp rỗng"),
        ("ds.csv", b"\x00\x01\x02binary", "không phải tệp CSV"),
        ("ds.xlsx", b"x" * (MAX_BYTES + 1), "quá lớn"),
    ],
)
def test_files_that_are_not_spreadsheets_are_refused(name, content, message):
    with pytest.raises(SpreadsheetError, match=message):
        read_table(name, content)


def test_truncated_xlsx_is_refused():
    data = xlsx(GOOD)
    with pytest.raises(SpreadsheetError, match="hỏng|không phải bảng tính"):
        read_table("ds.xlsx", data[: len(data) // 2])


def test_workbook_with_macros_or_zip_bomb_is_refused():
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/vbaProject.bin", b"\x00" * 10)
    with pytest.raises(SpreadsheetError, match="macro"):
        read_table("ds.xlsx", data.getvalue())
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b" " * (20 * 1024 * 1024))
    with pytest.raises(SpreadsheetError, match="giải nén ra quá lớn"):
        read_table("ds.xlsx", bomb.getvalue())


def test_legacy_encodings_are_recognised():
    assert legacy_encoding("NguyÔn V¨n Hïng") == "TCVN3"
    assert legacy_encoding("Nguyeãn Vaên Huøng") == "VNI"
    assert legacy_encoding("Nguyễn Văn Hùng") is None
    assert legacy_encoding("Hà Thị Ánh Tuyết") is None


def test_export_never_writes_a_formula(state_session, villages):
    ParticipantFactory(session=state_session, full_name='=HYPERLINK("http://x")', village=villages[0])
    ParticipantFactory(session=state_session, full_name="Nguyễn Văn An", phone="+84912345678", village=villages[0])
    book = openpyxl.load_workbook(io.BytesIO(roster_export(state_session)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0] == ("Nhóm", "Danh xưng", "Họ và tên", "Chức vụ", "Thôn, ấp", "Đơn vị", "Điện thoại")
    names = {r[2] for r in rows[1:]}
    phones = {r[6] for r in rows[1:]}
    # Stored as text cells, shown as typed: no visible apostrophe, never a formula.
    assert names == {'=HYPERLINK("http://x")', "Nguyễn Văn An"}
    assert "+84912345678" in phones
    assert all(c.data_type != "f" for row in book.active.iter_rows() for c in row)
    formula_like = [
        c for row in book.active.iter_rows(min_row=2) for c in row if str(c.value or "").startswith(("=", "+"))
    ]
    assert formula_like and all(c.data_type == "s" and c.quotePrefix for c in formula_like)


# --- round trip, duplicates without a phone, preview wording, abandoned files --------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_exported_roster_imports_back_unchanged(state_session, villages, unit, fmt):
    from sessions_app.models import Session
    from tests.factories import SessionFactory

    ParticipantFactory(session=state_session, full_name='=HYPERLINK("http://x")', village=villages[0])
    ParticipantFactory(session=state_session, full_name="-Lê Văn Tư", phone="+84912345678", village=villages[1])
    ParticipantFactory(
        session=state_session, group="officials", full_name="Trần Thị Bích", honorific="Bà", title="Chủ tịch", unit=unit
    )
    data = roster_export(state_session, fmt=fmt)
    other = SessionFactory(plan=state_session.plan, villages=villages)
    preview = roster_import_preview(session=other, name=f"ds.{fmt}", content=data)
    assert preview.errors == []
    assert preview.valid_rows == [2, 3, 4]
    roster_import_confirm(
        session=other, name=f"ds.{fmt}", content=data, digest=preview.digest, valid_rows=preview.valid_rows
    )
    fields = ("group", "honorific", "full_name", "title", "village", "unit", "phone")
    assert sorted(Participant.objects.filter(session=other).values_list(*fields)) == sorted(
        Participant.objects.filter(session=state_session).values_list(*fields)
    )
    assert Session.objects.count() == 2


def test_the_same_person_without_a_phone_is_a_duplicate(state_session, villages):
    ParticipantFactory(session=state_session, full_name="Nguyễn Văn Thành", village=villages[0], phone="0912345678")
    rows = [
        ["", "Ông", "Nguyễn Văn Thành", "", "Ấp 1", ""],  # row 2: same person, no phone
        ["", "Ông", "Nguyen Van Thanh", "", "Ấp 1", "+84 912 345 678"],  # row 3: same phone, other spelling
        ["", "Ông", "Nguyễn Văn Thành", "", "Ấp 1", "0987654321"],  # row 4: a namesake with his own phone
        ["", "Ông", "Nguyễn Văn Thành", "", "Ấp 2", ""],  # row 5: another village
        ["", "Ông", "Nguyễn Văn Thành", "", "Ấp 2", "0987000111"],  # row 6: same as row 5, one phone missing
    ]
    preview = roster_import_preview(session=state_session, name="ds.xlsx", content=xlsx(rows))
    assert preview.valid_rows == [4, 5]
    assert preview.errors == [
        (
            2,
            "Họ và tên",
            "Ông Nguyễn Văn Thành đã có trong danh sách của buổi (cùng họ tên và thôn, ấp; một bên không có "
            "số điện thoại). Nếu là hai người khác nhau, hãy ghi số điện thoại của cả hai.",
        ),
        (3, "Họ và tên", "Ông Nguyen Van Thanh đã có trong danh sách của buổi."),
        (
            6,
            "Họ và tên",
            "Trùng với dòng 5 của tệp (cùng họ tên và thôn, ấp; một bên không có số điện thoại). "
            "Nếu là hai người khác nhau, hãy ghi số điện thoại của cả hai.",
        ),
    ]


def test_the_add_form_applies_the_same_duplicate_rule(client, clerk, state_session, villages):
    ParticipantFactory(session=state_session, full_name="Nguyễn Văn Thành", village=villages[0], phone="0912345678")
    client.force_login(clerk)
    url = reverse("sessions_app:participant_create", args=[state_session.pk])
    data = {"group": "households", "honorific": "Ông", "full_name": "Nguyễn Văn Thành", "village": villages[0].pk}
    response = client.post(url, data)
    assert response.context["form"].non_field_errors() == [
        "Ông Nguyễn Văn Thành đã có trong danh sách của buổi (cùng họ tên và thôn, ấp; một bên không có "
        "số điện thoại). Nếu là hai người khác nhau, hãy ghi số điện thoại của cả hai."
    ]
    assert Participant.objects.count() == 1
    response = client.post(url, {**data, "phone": "0987 654 321"})
    assert response.status_code == 302
    assert Participant.objects.count() == 2


def test_the_add_form_refuses_legacy_encodings_in_name_and_title(client, clerk, state_session, villages):
    client.force_login(clerk)
    url = reverse("sessions_app:participant_create", args=[state_session.pk])
    response = client.post(
        url,
        {
            "group": "village_delegates",
            "honorific": "Ông",
            "full_name": "Nguyeãn Vaên Huøng",
            "title": "Tr­ëng Êp",
            "village": villages[0].pk,
        },
    )
    errors = response.context["form"].errors
    assert errors["full_name"] == [
        "“Nguyeãn Vaên Huøng” được gõ bằng bảng mã cũ VNI (VNI-Times), không phải Unicode. "
        "Hãy chuyển mã sang Unicode (ví dụ Unikey: Công cụ chuyển mã) rồi nhập lại."
    ]
    assert errors["title"][0].startswith("“Tr­ëng Êp” được gõ bằng bảng mã cũ TCVN3 (.VnTime)")
    assert Participant.objects.count() == 0


def test_preview_page_counts_hidden_rows_apart_and_names_each_place_once(client, clerk, state_session):
    rows = GOOD + [
        ["", "Bà", "Ẩn Thị Dòng", "", "Ấp 1", ""],  # row 5: hidden
        ["", "Ông", "NguyÔn V¨n Hïng", "", "Ấp 2", ""],  # row 6: TCVN3
        ["", "Ông", "Phạm Văn Dũng", "", "Ấp 9", "12345"],  # row 7: two errors
    ]
    client.force_login(clerk)
    upload = SimpleUploadedFile("ds.xlsx", xlsx(rows, hidden=(5,)))
    response = client.post(reverse("sessions_app:roster_import", args=[state_session.pk]), {"file": upload})
    page = response.content.decode()
    assert "Xem trước: 6 dòng (1 dòng ẩn bị bỏ qua), 3 hợp lệ, 2 lỗi" in page
    assert "Dòng 5: Dòng đang bị ẩn trong Excel: hãy hiện dòng để kiểm tra. Các dòng này không được nhập." in page
    assert (
        "<li>Dòng 6, cột “Họ và tên”: “NguyÔn V¨n Hïng” được gõ bằng bảng mã cũ TCVN3 (.VnTime), không phải Unicode."
        in page
    )
    assert "Họ và tên: “" not in page
    assert Participant.objects.count() == 0


def test_import_files_are_deleted_after_confirm_and_pruned_after_a_day(client, clerk, state_session):
    import os
    import time

    from sessions_app.views.rosters import IMPORT_DIR

    IMPORT_DIR.mkdir(parents=True, exist_ok=True)
    old, recent = IMPORT_DIR / "1-old.xlsx", IMPORT_DIR / "1-recent.xlsx"
    old.write_bytes(b"x")
    recent.write_bytes(b"x")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    client.force_login(clerk)
    url = reverse("sessions_app:roster_import", args=[state_session.pk])
    response = client.post(url, {"file": SimpleUploadedFile("ds.xlsx", xlsx(GOOD))})
    preview = response.context["preview"]
    stored = IMPORT_DIR / f"{state_session.pk}-{preview.digest}.xlsx"
    assert (old.exists(), recent.exists(), stored.exists()) == (False, True, True)
    response = client.post(
        reverse("sessions_app:roster_import_save", args=[state_session.pk]),
        {"digest": preview.digest, "name": "ds.xlsx", "valid_rows": "2,3,4"},
    )
    assert response.status_code == 302
    assert Participant.objects.count() == 3
    assert stored.exists() is False
    recent.unlink()


def test_an_upload_over_the_cap_is_refused_before_reading(client, clerk, state_session):
    client.force_login(clerk)
    upload = SimpleUploadedFile("ds.csv", b"x" * (MAX_BYTES + 512 * 1024))
    response = client.post(reverse("sessions_app:roster_import", args=[state_session.pk]), {"file": upload})
    assert response.context["form"].errors["file"] == ["Tệp quá lớn (5,5 MB); tối đa 5 MB."]
    assert response.context["preview"] is None


def test_the_roster_export_has_the_house_face(state_session, villages):
    from tests.spreadsheet_files import assert_house_face

    ParticipantFactory(session=state_session, full_name="Nguyễn Văn An", village=villages[0])
    book = openpyxl.load_workbook(io.BytesIO(roster_export(state_session)))
    assert_house_face(book)
    assert book.sheetnames == ["Danh sách đại biểu"]


def test_confirm_writes_the_previewed_rows_without_reading_the_file_again(state_session, villages, monkeypatch):
    from sessions_app import resources

    data = xlsx(GOOD)
    preview = roster_import_preview(session=state_session, name="ds.xlsx", content=data)
    cached = preview.cache()
    monkeypatch.setattr(resources, "read_table", lambda *a, **k: pytest.fail("the file was read again"))
    roster_import_confirm(
        session=state_session,
        name="ds.xlsx",
        content=data,
        digest=preview.digest,
        valid_rows=preview.valid_rows,
        cached=cached,
    )
    rows = list(
        Participant.objects.order_by("position").values_list(
            "full_name", "group", "village__name", "phone", "position", "search_name"
        )
    )
    assert rows == [
        ("Nguyễn Văn An", "households", "1", "0912345678", 1, "nguyen van an"),
        ("Trần Thị Bích", "households", "2", "", 2, "tran thi bich"),
        ("Lê Văn Cường", "village_delegates", "3", "0987654321", 3, "le van cuong"),
    ]
    assert all(p.history.count() == 1 for p in Participant.objects.all())


def test_a_cached_preview_is_not_used_once_the_roster_changed(state_session, villages):
    data = xlsx(GOOD)
    preview = roster_import_preview(session=state_session, name="ds.xlsx", content=data)
    ParticipantFactory(session=state_session, full_name="Trần Thị Bích", honorific="Bà", village=villages[1])
    with pytest.raises(ImportFailed, match="đã thay đổi"):
        roster_import_confirm(
            session=state_session,
            name="ds.xlsx",
            content=data,
            digest=preview.digest,
            valid_rows=preview.valid_rows,
            cached=preview.cache(),
        )
    assert list(Participant.objects.values_list("full_name", flat=True)) == ["Trần Thị Bích"]
