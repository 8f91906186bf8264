"""Importing a roster from .xlsx/.csv: preview, row-level Vietnamese errors, all-or-nothing confirm; export."""

import io
import unicodedata
import zipfile

import openpyxl
import pytest

from dialogue.spreadsheets import MAX_BYTES, SpreadsheetError, legacy_encoding, read_table
from sessions_app.models_participants import Participant
from sessions_app.resources import ImportFailed, roster_export, roster_import_confirm, roster_import_preview

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


def cp1258(text):
    """Encode as Windows-1258 does: letters with their own code, tone marks as combining characters."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            marks = unicodedata.normalize("NFD", ch)
            tone = "".join(m for m in marks[1:] if m in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(m for m in marks if m not in tone))
            out += base.encode("cp1258") + tone.encode("cp1258")
    return out


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
    assert names == {'\'=HYPERLINK("http://x")', "Nguyễn Văn An"}
    assert "'+84912345678" in phones
    assert all(c.data_type != "f" for row in book.active.iter_rows() for c in row)
