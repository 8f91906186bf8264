"""Safe reading of uploaded spreadsheets (.xlsx, .csv) for every import.

Refuses, with a message in Vietnamese: oversized files, anything that is not a real
.xlsx (zip) or a text CSV, macro-enabled workbooks, zip bombs, XML with DTDs or
entities, more than MAX_ROWS rows (found while streaming: a workbook is never loaded
whole), formulas. Reports hidden rows and blank lines. Normalises text to NFC, drops
the apostrophe our exports put before formula-like text (so an export imports back
unchanged) and recognises names typed in the legacy TCVN3 (.VnTime) and VNI encodings.
openpyxl parses through defusedxml when it is installed (it is pinned).
"""

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml import DEFUSEDXML
from openpyxl.xml.constants import SHARED_STRINGS
from openpyxl.xml.functions import iterparse

from .exports import FORMULA_PREFIXES
from .text import fold, legacy_encoding, legacy_message  # noqa: F401 - the importers' one place to find them

MAX_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED = 60 * 1024 * 1024
MAX_RATIO = 100
MAX_ROWS = 20_000
MAX_COLUMNS = 100
#: Distinct texts in one workbook: far above a 20,000-row list of a few columns.
MAX_SHARED_STRINGS = 200_000
XML_DECLARATION = "Tệp Excel chứa khai báo XML không được phép (DOCTYPE, ENTITY): không nhận."


class SpreadsheetError(ValueError):
    """The file cannot be read; the message says why, in Vietnamese."""


@dataclass
class Sheet:
    headers: list
    rows: list  # [(row_number, [values])], row numbers as the spreadsheet shows them
    notes: list = field(default_factory=list)  # what was skipped and why (blank lines)
    problems: list = field(default_factory=list)  # [(row_number, column index or None, message)]
    hidden: list = field(default_factory=list)  # row numbers hidden in Excel: left out of `rows`


HIDDEN_ROW = "Dòng đang bị ẩn trong Excel: hãy hiện dòng để kiểm tra."


def _clean(value):
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value).strip()
        return value
    return value


def _column_letter(index):
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def read_table(name, data):
    """Read the first sheet of an uploaded file NAME with bytes DATA into a Sheet.

    The first non-blank line is the header row. Raises SpreadsheetError.
    """
    if not data:
        raise SpreadsheetError("Tệp rỗng.")
    if len(data) > MAX_BYTES:
        raise SpreadsheetError(f"Tệp quá lớn ({len(data) // 1024} KB); tối đa {MAX_BYTES // (1024 * 1024)} MB.")
    lower = (name or "").lower()
    if lower.endswith((".xlsm", ".xltm", ".xlsb")):
        raise SpreadsheetError("Không nhận tệp Excel có macro (.xlsm, .xlsb). Hãy lưu lại thành .xlsx.")
    if lower.endswith(".xls"):
        raise SpreadsheetError("Không nhận định dạng Excel cũ (.xls). Hãy mở tệp và lưu lại thành .xlsx.")
    if lower.endswith(".xlsx"):
        return _read_xlsx(data)
    if lower.endswith((".csv", ".txt")):
        return _read_csv(data)
    raise SpreadsheetError("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).")


def _check_zip(data):
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise SpreadsheetError("Tệp không phải bảng tính Excel (.xlsx) hợp lệ, hoặc đã bị hỏng, không đầy đủ.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise SpreadsheetError("Tệp Excel bị hỏng hoặc không đầy đủ.") from exc
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise SpreadsheetError("Tệp không phải bảng tính Excel (.xlsx) hợp lệ.")
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise SpreadsheetError("Tệp có macro (VBA): không nhận. Hãy lưu lại thành .xlsx không có macro.")
    total = sum(i.file_size for i in infos)
    compressed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNCOMPRESSED or total / compressed > MAX_RATIO:
        raise SpreadsheetError("Tệp giải nén ra quá lớn so với kích thước (nghi tệp độc hại): không nhận.")
    try:
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                with archive.open(info) as fh:
                    head = fh.read(4096)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise SpreadsheetError(XML_DECLARATION)
        content_types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise SpreadsheetError("Tệp Excel bị hỏng hoặc không đầy đủ.") from exc
    if b"macroEnabled" in content_types:
        raise SpreadsheetError("Tệp có macro: không nhận. Hãy lưu lại thành .xlsx.")


def _first_sheet_rows(data):
    """Yield (row number, cells, row attributes) of the first worksheet, streaming.

    openpyxl's `load_workbook(read_only=True)` is not enough: it sizes every sheet when
    it opens the book, and a sheet without a <dimension> is then parsed whole (800,000 rows:
    a minute and most of a gigabyte). So the book's parts are read with openpyxl's own
    ExcelReader steps, skipping the worksheets, and the first sheet goes through openpyxl's
    streaming WorkSheetParser, whose `row_dimensions` carries each row's attributes
    (`hidden`) as the row is read. openpyxl is pinned (requirements.txt); the tests cover
    dates, formulas and hidden rows, so a change of these internals shows.
    """
    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    try:
        reader.read_manifest()
        reader.shared_strings = _shared_strings(reader)
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        path = next(
            (
                rel.target
                for _sheet, rel in reader.parser.find_sheets()
                if rel.target in reader.valid_files and "chartsheet" not in rel.Type
            ),
            None,
        )
        if path is None:
            raise SpreadsheetError("Tệp Excel không có trang tính nào.")
        book = reader.wb
        with reader.archive.open(path) as source:
            parser = WorkSheetParser(
                source,
                reader.shared_strings,
                data_only=False,
                epoch=book.epoch,
                date_formats=book._date_formats,
                timedelta_formats=book._timedelta_formats,
            )
            for number, cells in parser.parse():
                yield number, cells, parser.row_dimensions.get(str(number), {})
    finally:
        reader.archive.close()


_SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _shared_strings(reader):
    """The workbook's shared strings, streamed, refusing more than MAX_SHARED_STRINGS.

    openpyxl's own reader builds an object per string: 1.8 million short strings in a 4.7 MB
    file took 39 s and 360 MB before a single row was read.
    """
    part = reader.package.find(SHARED_STRINGS)
    if part is None:
        return []
    strings = []
    with reader.archive.open(part.PartName[1:]) as source:
        for _event, element in iterparse(source):
            if element.tag != _SHEET_NS + "si":
                continue
            if len(strings) >= MAX_SHARED_STRINGS:
                raise SpreadsheetError(
                    f"Tệp có quá nhiều ô chữ khác nhau (hơn {_thousands(MAX_SHARED_STRINGS)}): hãy chia nhỏ tệp."
                )
            # Plain text is <si><t>; rich text is runs <si><r><t>; phonetic hints (<rPh>) are left out.
            parts = [child.text or "" for child in element if child.tag == _SHEET_NS + "t"]
            parts += [run.findtext(_SHEET_NS + "t") or "" for run in element if run.tag == _SHEET_NS + "r"]
            strings.append("".join(parts))
            element.clear()
    return strings


def _read_xlsx(data):
    """Stream the first sheet row by row and stop as soon as it passes MAX_ROWS.

    Memory stays bounded by one row plus the rows kept: the sheet is never loaded whole.
    """
    if not DEFUSEDXML:  # pragma: no cover - defusedxml is pinned in requirements.txt
        raise SpreadsheetError("Máy chủ thiếu thư viện defusedxml: không đọc tệp Excel.")
    _check_zip(data)
    result = Sheet(headers=[], rows=[])
    rows = _first_sheet_rows(data)
    try:
        previous = 0
        for number, cells, attrs in rows:
            if number > MAX_ROWS + 1:
                raise SpreadsheetError(_too_many_rows())
            for blank in range(previous + 1, number):
                _add_row(result, blank, [], hidden=False)
            previous = number
            values = _xlsx_values(result, number, cells)
            _add_row(result, number, values, hidden=attrs.get("hidden") in ("1", "true"))
    except SpreadsheetError:
        raise
    except DefusedXmlException as exc:
        # A DTD or entity further in than _check_zip looks: defusedxml refuses it.
        raise SpreadsheetError(XML_DECLARATION) from exc
    except Exception as exc:
        raise SpreadsheetError("Không đọc được tệp Excel (tệp hỏng hoặc không đúng định dạng).") from exc
    finally:
        rows.close()
    _finish(result)
    return result


def _xlsx_values(result, number, cells):
    values = []
    for cell in cells:
        column = cell["column"]
        value = cell["value"]
        if column > MAX_COLUMNS:
            if value not in (None, ""):
                raise SpreadsheetError(_too_many_columns())
            continue
        values.extend([None] * (column - 1 - len(values)))
        if cell["data_type"] == "f":
            coordinate = f"{_column_letter(column - 1)}{number}"
            result.problems.append((number, column - 1, f"Ô {coordinate} chứa công thức: hãy thay bằng giá trị."))
            values.append("")
        else:
            values.append(_unescape(_clean(value)))
    return values


def _too_many_rows():
    return f"Tệp có hơn {_thousands(MAX_ROWS)} dòng; tối đa {_thousands(MAX_ROWS)} dòng mỗi lần nhập: hãy chia nhỏ tệp."


def _too_many_columns():
    return f"Tệp có dữ liệu ở quá {MAX_COLUMNS} cột: hãy chỉ giữ các cột của danh sách."


def _thousands(n):
    return f"{n:,}".replace(",", ".")


def _decode_csv(data):
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    head = data[:4096]
    if b"\x00" in head:
        # UTF-16 saved without its byte-order mark: every other byte of ASCII text is zero.
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > len(head) // 4 and even * 8 < odd:
            return data.decode("utf-16-le")
        if even > len(head) // 4 and odd * 8 < even:
            return data.decode("utf-16-be")
        raise SpreadsheetError("Tệp không phải tệp CSV dạng văn bản.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Windows' Vietnamese code page, as Excel saves "CSV" on a Vietnamese Windows.
        return data.decode("cp1258", errors="strict")


# A cell that a spreadsheet would run: "=…", "@…", or a sign followed by more than a number
# ("+SUM(A1)", "-cmd|' /C calc'!A0"). A plain number or phone ("-5", "+84 912 345 678") and a
# sign followed by a space (a bullet such as "- Đường hỏng") are ordinary text.
_NUMBER = re.compile(r"[+-][\d\s.,()-]*")


def csv_formula(value):
    """True when VALUE, read from a CSV cell, would run as a formula in a spreadsheet."""
    if not isinstance(value, str) or len(value) < 2:
        return False
    if value[0] in "=@":
        return True
    if value[0] in "+-":
        return not value[1].isspace() and not _NUMBER.fullmatch(value)
    return False


def _unescape(value):
    """Drop the apostrophe dialogue.exports.safe_cell puts before a formula-like value."""
    if isinstance(value, str) and value[:1] == "'" and value[1:2] in FORMULA_PREFIXES:
        return value[1:]
    return value


def _read_csv(data):
    try:
        text = _decode_csv(data)
    except UnicodeError as exc:
        raise SpreadsheetError("Không đọc được bảng mã của tệp CSV: hãy lưu lại dạng “CSV UTF-8”.") from exc
    sample = text[:4096]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    # Only the delimiter is guessed: the sniffer takes the apostrophe our exports put before
    # "=…" for a quote character.
    dialect = type("Dialect", (csv.excel,), {"delimiter": delimiter})
    result = Sheet(headers=[], rows=[])
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    number = 0
    try:
        for number, values in enumerate(reader, start=1):
            if number > MAX_ROWS + 1:
                raise SpreadsheetError(_too_many_rows())
            if len(values) > MAX_COLUMNS:
                if any(v.strip() for v in values[MAX_COLUMNS:]):
                    raise SpreadsheetError(_too_many_columns())
                values = values[:MAX_COLUMNS]
            values = [_clean(v) for v in values]
            for index, v in enumerate(values):
                if csv_formula(v):
                    result.problems.append(
                        (number, index, f"Ô {_column_letter(index)}{number} chứa công thức: hãy thay bằng giá trị.")
                    )
                    values[index] = ""
                else:
                    values[index] = _unescape(v)
            _add_row(result, number, values, hidden=False)
    except csv.Error as exc:
        line = reader.line_num or number + 1
        if "field larger than field limit" in str(exc):
            raise SpreadsheetError(
                f"Dòng {line} của tệp CSV có một ô dài quá {_thousands(csv.field_size_limit())} ký tự: "
                "hãy kiểm tra lại tệp (có thể thiếu dấu ngoặc kép đóng)."
            ) from exc
        raise SpreadsheetError(
            f"Tệp CSV sai định dạng ở dòng {line} (thường do dấu ngoặc kép không đóng): hãy lưu lại từ Excel."
        ) from exc
    _finish(result)
    return result


def _add_row(result, number, values, *, hidden):
    blank = all(v in (None, "") for v in values)
    if not result.headers:
        if not blank:
            result.headers = [str(v or "").strip() for v in values]
        return
    if blank:
        result.notes.append(f"Dòng {number} trống: đã bỏ qua.")
        return
    if hidden:
        result.hidden.append(number)
        return
    result.rows.append((number, values))


def _finish(result):
    if not result.headers:
        raise SpreadsheetError("Tệp không có dòng tiêu đề (tên cột) và dữ liệu.")
    # A file typed wholly in TCVN3/VNI: say so, rather than "missing column".
    for header in result.headers:
        message = legacy_message(header, "Tiêu đề cột")
        if message:
            raise SpreadsheetError(message)
    # Trailing blank lines at the very end are not worth a note each.
    while (
        result.notes
        and result.rows
        and result.notes[-1].startswith("Dòng")
        and _note_row(result.notes[-1]) > result.rows[-1][0]
    ):
        result.notes.pop()


def _note_row(note):
    return int(note.split()[1].rstrip(":"))


def header_key(text):
    """The comparable form of a column header: accents, case, punctuation and spacing aside.

    "Họ và tên", "HỌ VÀ TÊN ", "Thôn, ấp", "Thôn/Ấp" and "Danh xưng (Ông/Bà)" become
    "ho va ten", "ho va ten", "thon ap", "thon ap" and "danh xung ong ba"; a required mark "*"
    goes too.
    """
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(str(text or ""))).split())


@dataclass
class Columns:
    index: dict  # {column name: position in the file}
    ignored: list  # headers of the file no column took, as the file writes them

    @property
    def ignored_message(self):
        if not self.ignored:
            return ""
        return "Bỏ qua cột: " + ", ".join(f"“{h}”" for h in self.ignored) + " (không thuộc danh sách cột nhận)."


def match_columns(headers, synonyms):
    """Find each column of SYNONYMS ({name: [header texts]}) among HEADERS, tolerantly (header_key).

    A header no column recognises, or a second header for a column already found, is listed
    in `ignored` (the preview shows it) rather than dropped in silence. Blank headers of
    empty columns are not listed.
    """
    wanted = {}
    for name, texts in synonyms.items():
        for text in texts:
            wanted.setdefault(header_key(text), name)
    index, ignored = {}, []
    for i, header in enumerate(headers):
        name = wanted.get(header_key(header))
        if name and name not in index:
            index[name] = i
        elif str(header or "").strip():
            ignored.append(str(header).strip())
    return Columns(index=index, ignored=ignored)
