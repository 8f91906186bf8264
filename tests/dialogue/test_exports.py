"""dialogue.exports: no exported cell is ever run as a formula, in CSV or XLSX; an export imports back."""

import csv
import io

import openpyxl
import pytest

from dialogue.exports import safe_cell, safe_row, write_csv
from dialogue.spreadsheets import read_table

DANGEROUS = ["=1+1", "+84912345678", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", '=HYPERLINK("http://x","y")']


@pytest.mark.parametrize("value", DANGEROUS)
def test_a_formula_prefix_gets_an_apostrophe(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Nguyễn Văn An", "0912345678", "", "'=1", " =1", 42, -5, 3.5, None])
def test_other_values_pass_unchanged(value):
    assert safe_cell(value) == value


def test_safe_row_escapes_each_cell():
    assert safe_row(["=1", "An", -1, "-1"]) == ["'=1", "An", -1, "'-1"]


def test_write_csv_escapes_every_cell_and_keeps_vietnamese_for_excel():
    data = write_csv([["Họ và tên", "Điện thoại"], *[[v, v] for v in DANGEROUS], ["Đỗ Thị Ánh", "0912345678"]])
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))
    assert rows[0] == ["Họ và tên", "Điện thoại"]
    assert [r[0] for r in rows[1:-1]] == ["'" + v for v in DANGEROUS]
    assert rows[-1] == ["Đỗ Thị Ánh", "0912345678"]
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)


def test_xlsx_written_through_safe_row_holds_text_not_formulas():
    book = openpyxl.Workbook()
    book.active.append(safe_row(DANGEROUS))
    out = io.BytesIO()
    book.save(out)
    cells = list(openpyxl.load_workbook(io.BytesIO(out.getvalue())).active.iter_rows())[0]
    assert [c.data_type for c in cells] == ["s"] * len(DANGEROUS)
    # openpyxl's XML parser reads a carriage return back as a line feed (with lxml installed, as
    # python-docx brings it, it stays a carriage return); the apostrophe stays in front either way.
    assert [c.value.replace("\r", "\n") for c in cells] == ["'" + v.replace("\r", "\n") for v in DANGEROUS]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_importer_drops_the_exports_apostrophe(fmt):
    rows = [["Họ và tên", "Điện thoại"], ["=HYPERLINK(1)", "+84912345678"], ["An", "-"]]
    if fmt == "csv":
        data = write_csv(rows)
    else:
        book = openpyxl.Workbook()
        for row in rows:
            book.active.append(safe_row(row))
        out = io.BytesIO()
        book.save(out)
        data = out.getvalue()
    sheet = read_table(f"ds.{fmt}", data)
    assert sheet.problems == []
    assert sheet.rows == [(2, ["=HYPERLINK(1)", "+84912345678"]), (3, ["An", "-"])]
