"""dialogue.exports.write_xlsx: the face of every export, real dates and numbers, formulas kept as text."""

import datetime
import io
import zoneinfo

import openpyxl
import pytest

from dialogue.exports import XlsxSheet, write_xlsx
from dialogue.spreadsheets import read_table
from tests.spreadsheet_files import assert_house_face

DANGEROUS = ["=1+1", "+84 912 345 678", "- Đường hỏng", "-2+3", "@SUM(A1)", '=HYPERLINK("http://x","y")']


def load(data):
    return openpyxl.load_workbook(io.BytesIO(data))


def test_header_bold_frozen_repeated_on_print_and_widths_fitted():
    data = write_xlsx([XlsxSheet("Danh sách", ["Mã", "Nội dung"], [["A1", "Đề nghị sửa đường liên ấp số 3"]])])
    book = load(data)
    assert_house_face(book)
    ws = book.active
    assert ws.title == "Danh sách"
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width >= 6
    assert ws.page_setup.orientation == "portrait"


def test_a_wide_sheet_prints_landscape_and_long_text_is_capped():
    data = write_xlsx([XlsxSheet("Rộng", ["A", "B", "C"], [["x" * 200, "y" * 50, "z" * 50]])])
    ws = load(data).active
    assert ws.page_setup.orientation == "landscape"
    assert ws.column_dimensions["A"].width == 60


def test_dates_times_and_numbers_are_real_cells(settings):
    aware = datetime.datetime(2025, 11, 20, 1, 30, tzinfo=datetime.UTC)  # 08:30 in Hà Nội
    data = write_xlsx(
        [XlsxSheet("Số liệu", ["Ngày", "Lúc", "Số", "Tỉ lệ"], [[datetime.date(2025, 12, 2), aware, 7, 0.5]])]
    )
    day, moment, number, ratio = load(data).active[2]
    assert day.is_date and day.value == datetime.datetime(2025, 12, 2) and day.number_format == "DD/MM/YYYY"
    local = aware.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).replace(tzinfo=None)
    assert moment.is_date and moment.value == local and moment.number_format == "DD/MM/YYYY HH:MM"
    assert (number.data_type, number.value, ratio.value) == ("n", 7, 0.5)


@pytest.mark.parametrize("value", DANGEROUS)
def test_formula_like_text_reads_as_typed_and_never_runs(value):
    data = write_xlsx([XlsxSheet("Danh sách", ["Nội dung"], [[value]])])
    cell = load(data).active["A2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (value, "s", True)
    sheet = read_table("ds.xlsx", data)
    assert (sheet.problems, sheet.rows) == ([], [(2, [value])])


def test_title_rows_sit_above_the_frozen_header():
    data = write_xlsx([XlsxSheet("Tổng hợp", ["Chỉ tiêu", "Số lượng"], [["Số buổi", 2]], title_rows=[["Báo cáo"], []])])
    book = load(data)
    assert_house_face(book, header_row=3)
    assert book.active["A1"].value == "Báo cáo"


def test_a_generator_of_rows_is_streamed_past_the_width_sample():
    rows = ([i, f"Dòng {i}"] for i in range(2500))
    ws = load(write_xlsx([XlsxSheet("Dài", ["Số", "Tên"], rows)])).active
    assert ws.max_row == 2501 and ws["A2501"].value == 2499
