"""One helper for every spreadsheet export (CSV and XLSX).

A cell that starts with =, +, -, @, a tab or a carriage return would be run
as a formula by a spreadsheet program. In .xlsx (write_xlsx) it is stored as a text cell
(explicit string type, with the quote-prefix style Excel and LibreOffice give a text typed
with a leading apostrophe), so it shows exactly as typed and never runs. CSV has no cell
types: there it is written with a leading apostrophe (safe_cell), which
dialogue.spreadsheets drops again on import, so either export imports back unchanged.
The libraries' own escaping is not relied upon.

write_xlsx gives every export the same face: Vietnamese sheet names and headers, a bold
frozen header row repeated on every printed page, column widths fitted to the content,
dates as real date cells, numbers as numbers, A4 (landscape when the sheet is wide).
"""

import csv
import datetime
import decimal
import io
from dataclasses import dataclass, field

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """VALUE made safe to write into a spreadsheet cell."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_row(values):
    return [safe_cell(v) for v in values]


def write_csv(rows):
    """ROWS (header first) as CSV bytes that Excel opens with Vietnamese intact, every cell through safe_cell.

    UTF-8 with a byte-order mark: without it Excel on Windows reads the file as cp1258 and garbles it.
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow(safe_row(row))
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
#: Rows looked at to fit the column widths; the rest are streamed.
WIDTH_SAMPLE = 1000
MIN_WIDTH, MAX_WIDTH = 6, 60
#: Wider than this (in characters) prints landscape; A4 portrait holds about 90.
PORTRAIT_WIDTH = 95


@dataclass
class XlsxSheet:
    """One sheet of an export. ROWS may be any iterable (a generator streams)."""

    title: str  # Vietnamese, at most 31 characters (Excel's limit)
    headers: list
    rows: object = ()
    #: Lines above the header row (a report's title), merged over nothing, plain bold.
    title_rows: list = field(default_factory=list)
    widths: dict = field(default_factory=dict)  # {column index: width} to override the fit


def _cell_value(value):
    """VALUE as openpyxl should store it: aware datetimes in local time without tzinfo."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def _text_width(value):
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def _write_cell(ws, value, *, bold=False):
    value = _cell_value(value)
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        # Text, not a formula: explicit string type, shown as typed (no visible apostrophe).
        cell.data_type = "s"
        cell.quotePrefix = True
    elif isinstance(value, datetime.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    if isinstance(value, str) and "\n" in value:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    if bold:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    return cell


def write_xlsx(sheets, target=None):
    """SHEETS (XlsxSheet) as .xlsx bytes, every sheet with the house face (see the module doc).

    With TARGET (a path or a binary file) the workbook is saved there and nothing is returned:
    openpyxl's write-only mode keeps the rows in a temporary file, never all in memory, so an
    export of any size runs in bounded memory. SHEETS may be a generator: a sheet's rows may
    be read while the sheets before it are being written.
    """
    wb = Workbook(write_only=True)
    for spec in sheets:
        ws = wb.create_sheet(spec.title[:31])
        rows = iter(spec.rows)
        sample = []
        for row in rows:
            sample.append(list(row))
            if len(sample) >= WIDTH_SAMPLE:
                break
        widths = [_text_width(h) for h in spec.headers]
        for row in sample:
            for i, value in enumerate(row):
                if i >= len(widths):
                    widths.append(0)
                widths[i] = max(widths[i], _text_width(value))
        widths = [min(MAX_WIDTH, max(MIN_WIDTH, w + 2)) for w in widths]
        for i, w in spec.widths.items():
            widths[i] = w
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = w
        header_row = len(spec.title_rows) + 1
        ws.freeze_panes = f"A{header_row + 1}"
        ws.print_title_rows = f"{header_row}:{header_row}"
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if sum(widths) > PORTRAIT_WIDTH else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        for line in spec.title_rows:
            ws.append([_write_cell(ws, v, bold=True) for v in line])
        ws.append([_write_cell(ws, h, bold=True) for h in spec.headers])
        for row in sample:
            ws.append([_write_cell(ws, v) for v in row])
        for row in rows:
            ws.append([_write_cell(ws, v) for v in row])
    if target is not None:
        wb.save(target)
        return None
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
