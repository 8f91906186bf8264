"""One helper for every spreadsheet export (CSV and XLSX).

A cell that starts with =, +, -, @, a tab or a carriage return would be run
as a formula by a spreadsheet program; it is written as text instead, with a
leading apostrophe. The libraries' own escaping is not relied upon.
dialogue.spreadsheets drops that apostrophe again on import, so an export imports back unchanged.
"""

import csv
import io

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
