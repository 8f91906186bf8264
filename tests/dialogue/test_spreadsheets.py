"""dialogue.spreadsheets reading .xlsx by streaming: what the whole-workbook reader did, kept."""

import datetime
import io

import openpyxl
import pytest

from dialogue.spreadsheets import MAX_COLUMNS, SpreadsheetError, csv_formula, read_table
from tests.spreadsheet_files import SHEET_OPEN, raw_xlsx


def xlsx(build):
    book = openpyxl.Workbook()
    build(book.active)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_streamed_sheet_keeps_dates_numbers_gaps_and_columns():
    def build(ws):
        ws.append(["Ngày tiếp nhận", "Số", "Người nêu", "Ghi chú"])
        ws["A2"] = datetime.date(2025, 10, 1)
        ws["B2"] = 7
        ws["D2"] = "chỉ cột D"  # C2 left empty
        ws["C5"] = "sau hai dòng trống"
        ws.row_dimensions[6].hidden = True
        ws["C6"] = "ẩn"
        ws["C7"] = "=1+1"
        ws["D7"] = "có công thức"

    sheet = read_table("ds.xlsx", xlsx(build))
    assert sheet.headers == ["Ngày tiếp nhận", "Số", "Người nêu", "Ghi chú"]
    assert sheet.rows == [
        (2, [datetime.datetime(2025, 10, 1), 7, None, "chỉ cột D"]),
        (5, [None, None, "sau hai dòng trống"]),
        (7, [None, None, "", "có công thức"]),
    ]
    assert sheet.notes == ["Dòng 3 trống: đã bỏ qua.", "Dòng 4 trống: đã bỏ qua."]
    assert sheet.hidden == [6]
    assert sheet.problems == [(7, 2, "Ô C7 chứa công thức: hãy thay bằng giá trị.")]


def test_only_the_first_sheet_is_read():
    def build(ws):
        ws.append(["Họ và tên"])
        ws.append(["Nguyễn Văn An"])
        other = ws.parent.create_sheet("Khác")
        other.append(["Không đọc"])

    assert read_table("ds.xlsx", xlsx(build)).rows == [(2, ["Nguyễn Văn An"])]


def test_data_beyond_the_column_cap_is_refused_and_empty_styled_cells_are_ignored():
    def far(value):
        def build(ws):
            ws.append(["Họ và tên"])
            ws.append(["Nguyễn Văn An"])
            ws.cell(row=2, column=MAX_COLUMNS + 5000, value=value)

        return xlsx(build)

    with pytest.raises(SpreadsheetError, match="^Tệp có dữ liệu ở quá 100 cột: hãy chỉ giữ các cột của danh sách.$"):
        read_table("ds.xlsx", far("x"))
    assert read_table("ds.xlsx", far(None)).rows == [(2, ["Nguyễn Văn An"])]


def test_utf16_without_its_byte_order_mark_is_read():
    text = "Họ và tên,Thôn, ấp\nĐỗ Thị Ánh,Ấp 2\n"
    for encoding in ("utf-16-le", "utf-16-be"):
        sheet = read_table("ds.csv", text.encode(encoding))
        assert sheet.rows == [(2, ["Đỗ Thị Ánh", "Ấp 2"])]


def test_a_broken_csv_quote_is_named_in_vietnamese():
    data = b'H\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan\n"An' + b"x" * 140_000 + b"\n"
    with pytest.raises(SpreadsheetError) as refused:
        read_table("ds.csv", data)
    assert str(refused.value) == (
        "Dòng 2 của tệp CSV có một ô dài quá 131.072 ký tự: hãy kiểm tra lại tệp (có thể thiếu dấu ngoặc kép đóng)."
    )


@pytest.mark.parametrize(
    ("value", "formula"),
    [
        ("=1+1", True),
        ("@SUM(A1)", True),
        ("+SUM(A1)", True),
        ("-2+3", True),
        ("+A1", True),
        ("-cmd|' /C calc'!A0", True),
        ("+84 912 345 678", False),
        ("-5", False),
        ("-1.500,5", False),
        ("(028) 3823-4567", False),
        ("-", False),
        ("+", False),
        ("- Đường ấp 1 hỏng", False),
        ("Nguyễn Văn An", False),
        ("", False),
        (None, False),
    ],
)
def test_what_counts_as_a_formula_in_a_csv_cell(value, formula):
    assert csv_formula(value) is formula


def shared_strings_sheet(strings, rows):
    """A workbook whose cells point into a shared-strings part (as Excel writes them)."""
    cells = b"".join(
        b'<row r="%d">' % r + b"".join(b'<c t="s"><v>%d</v></c>' % v for v in row) + b"</row>"
        for r, row in enumerate(rows, start=1)
    )
    return raw_xlsx([SHEET_OPEN, b"<sheetData>", cells, b"</sheetData></worksheet>"], shared_strings=b"".join(strings))


def test_shared_strings_are_read_plain_rich_and_without_phonetic_hints():
    strings = [
        "<si><t>Họ và tên</t></si>".encode(),
        '<si><t xml:space="preserve">Nguyễn Văn An</t></si>'.encode(),
        "<si><r><t>Trần </t></r><r><rPr><b/></rPr><t>Thị</t></r><r><t> Bích</t></r></si>".encode(),
        '<si><t>Lê Văn Cường</t><rPh sb="0" eb="1"><t>ふりがな</t></rPh></si>'.encode(),
    ]
    sheet = read_table("ds.xlsx", shared_strings_sheet(strings, [[0], [1], [2], [3]]))
    assert sheet.rows == [(2, ["Nguyễn Văn An"]), (3, ["Trần Thị Bích"]), (4, ["Lê Văn Cường"])]


def test_too_many_distinct_texts_are_refused_before_any_row_is_read(monkeypatch):
    from dialogue import spreadsheets

    monkeypatch.setattr(spreadsheets, "MAX_SHARED_STRINGS", 3)
    strings = [f"<si><t>{name}</t></si>".encode() for name in ("Họ và tên", "An", "Bình", "Chi")]
    data = shared_strings_sheet(strings, [[0], [1]])
    with pytest.raises(SpreadsheetError) as refused:
        read_table("ds.xlsx", data)
    assert str(refused.value) == "Tệp có quá nhiều ô chữ khác nhau (hơn 3): hãy chia nhỏ tệp."
    monkeypatch.setattr(spreadsheets, "MAX_SHARED_STRINGS", 4)
    assert read_table("ds.xlsx", data).rows == [(2, ["An"])]
