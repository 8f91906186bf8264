"""One helper for every spreadsheet export (CSV and XLSX).

A cell that starts with =, +, -, @, a tab or a carriage return would be run
as a formula by a spreadsheet program; it is written as text instead, with a
leading apostrophe. The libraries' own escaping is not relied upon.
"""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """VALUE made safe to write into a spreadsheet cell."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_row(values):
    return [safe_cell(v) for v in values]
