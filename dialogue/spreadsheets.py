"""Safe reading of uploaded spreadsheets (.xlsx, .csv) for every import.

Refuses, with a message in Vietnamese: oversized files, anything that is not a real
.xlsx (zip) or a text CSV, macro-enabled workbooks, zip bombs, XML with DTDs or
entities, formulas. Reports hidden rows and blank lines. Normalises text to NFC and
recognises names typed in the legacy TCVN3 (.VnTime) and VNI encodings.
openpyxl parses through defusedxml when it is installed (it is pinned).
"""

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

MAX_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED = 60 * 1024 * 1024
MAX_RATIO = 100
MAX_ROWS = 20_000


class SpreadsheetError(ValueError):
    """The file cannot be read; the message says why, in Vietnamese."""


@dataclass
class Sheet:
    headers: list
    rows: list  # [(row_number, [values])], row numbers as the spreadsheet shows them
    notes: list = field(default_factory=list)  # what was skipped and why (blank lines)
    problems: list = field(default_factory=list)  # [(row_number, column index or None, message)]


# Latin-1 letters that Vietnamese in Unicode uses; any other letter of U+00A0–U+00FF in a
# name means the text was typed in a legacy 8-bit encoding and read as if it were Latin-1/cp1252.
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
# Characters typical of TCVN3 (.VnTime): e.g. "NguyÔn V¨n" for "Nguyễn Văn".
# These symbols never occur in VNI text read as cp1252, only in TCVN3.
_TCVN3_MARKS = set("¸µ¶·¹¨©ª«¬®¦§¤¥¡¢£½¾¼ÆÇ×Þß÷þ")
# VNI writes a base letter followed by a mark character: "Nguyeãn Vaên".
_VNI_PATTERN = re.compile(r"[A-Za-z][øùûõïòóôöñäåæëîÿ]")


def legacy_encoding(text):
    """'TCVN3', 'VNI' or None: whether TEXT looks typed in a legacy Vietnamese encoding."""
    if not isinstance(text, str):
        return None
    odd = [ch for ch in text if "\u00a0" < ch <= "\u00ff" and ch not in _VIETNAMESE_LATIN1]
    if not odd:
        return None
    if any(ch in _TCVN3_MARKS for ch in odd):
        return "TCVN3"
    if _VNI_PATTERN.search(text):
        return "VNI"
    return "TCVN3"


def legacy_message(text, where):
    kind = legacy_encoding(text)
    if not kind:
        return None
    font = "TCVN3 (.VnTime)" if kind == "TCVN3" else "VNI (VNI-Times)"
    return (
        f"{where}: “{text}” được gõ bằng bảng mã cũ {font}, không phải Unicode. "
        "Hãy chuyển mã sang Unicode (ví dụ Unikey: Công cụ chuyển mã) rồi tải lại tệp."
    )


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
                    raise SpreadsheetError("Tệp Excel chứa khai báo XML không được phép: không nhận.")
        content_types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise SpreadsheetError("Tệp Excel bị hỏng hoặc không đầy đủ.") from exc
    if b"macroEnabled" in content_types:
        raise SpreadsheetError("Tệp có macro: không nhận. Hãy lưu lại thành .xlsx.")


def _read_xlsx(data):
    import openpyxl
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:  # pragma: no cover - defusedxml is pinned in requirements.txt
        raise SpreadsheetError("Máy chủ thiếu thư viện defusedxml: không đọc tệp Excel.")
    _check_zip(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=False, keep_links=False)
    except Exception as exc:
        raise SpreadsheetError("Không đọc được tệp Excel (tệp hỏng hoặc không đúng định dạng).") from exc
    sheet = book.worksheets[0]
    result = Sheet(headers=[], rows=[])
    if sheet.max_row > MAX_ROWS + 1:
        raise SpreadsheetError(f"Tệp có quá nhiều dòng ({sheet.max_row}); tối đa {MAX_ROWS}.")
    hidden = {r for r, dim in sheet.row_dimensions.items() if dim.hidden}
    for row in sheet.iter_rows():
        number = row[0].row if row else None
        values = []
        for cell in row:
            if cell.data_type == "f":
                result.problems.append(
                    (number, cell.column - 1, f"Ô {cell.coordinate} chứa công thức: hãy thay bằng giá trị.")
                )
                values.append("")
            else:
                values.append(_clean(cell.value))
        _add_row(result, number, values, hidden=number in hidden)
    book.close()
    _finish(result)
    return result


def _decode_csv(data):
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise SpreadsheetError("Tệp không phải tệp CSV dạng văn bản.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Windows' Vietnamese code page, as Excel saves "CSV" on a Vietnamese Windows.
        return data.decode("cp1258", errors="strict")


def _read_csv(data):
    try:
        text = _decode_csv(data)
    except UnicodeError as exc:
        raise SpreadsheetError("Không đọc được bảng mã của tệp CSV: hãy lưu lại dạng “CSV UTF-8”.") from exc
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    result = Sheet(headers=[], rows=[])
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), start=1):
            if number > MAX_ROWS + 1:
                raise SpreadsheetError(f"Tệp có quá nhiều dòng; tối đa {MAX_ROWS}.")
            values = [_clean(v) for v in values]
            for index, v in enumerate(values):
                if isinstance(v, str) and v[:1] in ("=",) and len(v) > 1:
                    result.problems.append(
                        (number, index, f"Ô {_column_letter(index)}{number} chứa công thức: hãy thay bằng giá trị.")
                    )
                    values[index] = ""
            _add_row(result, number, values, hidden=False)
    except csv.Error as exc:
        raise SpreadsheetError(f"Tệp CSV sai định dạng: {exc}") from exc
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
        result.problems.append((number, None, f"Dòng {number} đang bị ẩn trong Excel: hãy hiện dòng để kiểm tra."))
        return
    result.rows.append((number, values))


def _finish(result):
    if not result.headers:
        raise SpreadsheetError("Tệp không có dòng tiêu đề (tên cột) và dữ liệu.")
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
