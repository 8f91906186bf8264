"""Spreadsheet export and import of petitions.

Export goes through dialogue.exports.write_xlsx (no cell runs as a formula). Import reads an .xlsx
(read-only openpyxl; defusedxml is installed so the XML parser refuses entity tricks),
checks every row, and creates all petitions or none.
"""

import datetime
import itertools
import math
from array import array
from dataclasses import dataclass, field

from django.utils import timezone

from dialogue.exports import XlsxSheet, write_xlsx
from dialogue.spreadsheets import HIDDEN_ROW, SpreadsheetError, match_columns, read_table
from dialogue.text import fold, legacy_message, nfc

from .forms import CONTENT_MAX_LENGTH, topics_for
from .models import ANONYMOUS, Kind, Source
from .services import PetitionImportError, petitions_import

EXPORT_HEADERS = [
    "Mã tiếp nhận", "Ngày tiếp nhận", "Nguồn", "Buổi tiếp xúc", "Người nêu", "Thôn, ấp", "Lĩnh vực", "Loại",
    "Nội dung", "Trạng thái", "Đơn vị xử lý", "Hạn xử lý", "Quá hạn",
]  # fmt: skip
EXPORT_TITLE = "Ý kiến, kiến nghị"
#: Excel holds 1,048,576 rows a sheet: a bigger export goes on in further sheets, never cut.
SHEET_ROWS = 1_000_000
EXPORT_PROGRESS_EVERY = 2000

#: Import columns: key -> the headers offices write (dialogue.spreadsheets.match_columns:
#: case, accents, punctuation and spacing aside).
IMPORT_COLUMNS = {
    "received_on": ["Ngày tiếp nhận", "Ngày nhận", "Ngày"],
    "citizen_name": ["Người nêu", "Họ và tên", "Họ tên", "Người kiến nghị", "Tên người nêu", "Cử tri"],
    "citizen_phone": ["Điện thoại", "Số điện thoại", "SĐT", "ĐT"],
    "citizen_address": ["Địa chỉ", "Nơi ở"],
    "village": ["Thôn, ấp", "Ấp", "Thôn", "Tổ dân phố", "Khu phố", "Ấp, khu phố", "Thôn, tổ dân phố"],
    "topic": ["Lĩnh vực", "Nhóm lĩnh vực"],
    "kind": ["Loại", "Phân loại", "Loại ý kiến"],
    "content": ["Nội dung", "Nội dung ý kiến", "Nội dung kiến nghị", "Ý kiến, kiến nghị", "Ý kiến"],
}
TEMPLATE_HEADERS = [
    "Ngày tiếp nhận", "Người nêu", "Điện thoại", "Địa chỉ", "Thôn, ấp", "Lĩnh vực", "Loại", "Nội dung",
]  # fmt: skip
IMPORT_MAX_ROWS = 2000
#: A file of more rows than this is imported by the task queue, with a progress page (it is read
#: once in the request first, so a file refused as a whole is said at once).
IMPORT_INLINE_ROWS = 300


def _export_row(p, today, session_titles):
    if p.session_id and p.session_id not in session_titles:
        session_titles[p.session_id] = p.session.display_title  # one read of its villages per session
    return [
        p.code,
        p.received_on,
        p.get_source_display(),
        session_titles[p.session_id] if p.session_id else "",
        p.citizen_display,
        str(p.village or ""),
        str(p.topic),
        p.get_kind_display(),
        p.content,
        p.get_status_display(),
        str(p.unit or ""),
        p.deadline,
        "Quá hạn" if p.is_overdue(today) else "",
    ]


def export_write(qs, target, *, total, progress=None, every=EXPORT_PROGRESS_EVERY):
    """Write the petitions of QS (ordered) into TARGET (a path or binary file) as .xlsx, every one of them.

    Rows are read in chunks (a server-side cursor on PostgreSQL) and streamed into openpyxl's
    write-only workbook, so memory stays bounded at any size. TOTAL (the count taken before)
    says how many sheets of SHEET_ROWS are needed; the last takes whatever remains. PROGRESS
    (optional) is called with the rows written so far every EVERY rows. Returns the ids
    written, in an array (8 bytes each), for the event log.
    """
    today = timezone.localdate()
    ids = array("q")
    session_titles = {}
    written = 0

    def rows():
        nonlocal written
        for p in qs.iterator(chunk_size=2000):
            ids.append(p.pk)
            yield _export_row(p, today, session_titles)
            written += 1
            if progress is not None and written % every == 0:
                progress(written)

    source = rows()
    count = max(1, math.ceil(total / SHEET_ROWS))

    def sheets():
        for n in range(count):
            title = EXPORT_TITLE if n == 0 else f"{EXPORT_TITLE} ({n + 1})"
            part = source if n == count - 1 else itertools.islice(source, SHEET_ROWS)
            yield XlsxSheet(title, EXPORT_HEADERS, part, widths={8: 60})

    write_xlsx(sheets(), target=target)
    if progress is not None:
        progress(written)
    return ids


def export_filename(today=None):
    return f"y-kien-kien-nghi-{today or timezone.localdate():%Y%m%d}.xlsx"


def import_template(commune):
    """An empty petitions file to fill in: the import's columns and one example row (of COMMUNE's lists)."""
    village = commune.villages.first()
    topic = next(iter(topics_for(commune)), None)
    example = [timezone.localdate(), "Nguyễn Văn An", "0912 345 678", "", village.full_name if village else "",
               topic.name if topic else "", Kind.KIEN_NGHI.label,
               "Đề nghị sửa đoạn đường liên ấp bị sụt lún."]  # fmt: skip
    return write_xlsx([XlsxSheet("Ý kiến, kiến nghị", TEMPLATE_HEADERS, [example])])


def _parse_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError


def read_rows(upload):
    """The first sheet of UPLOAD (.xlsx or .csv) read by dialogue.spreadsheets; refusals become import errors."""
    upload.seek(0)
    try:
        sheet = read_table(upload.name, upload.read())
    except SpreadsheetError as e:
        raise PetitionImportError([(0, "", str(e))]) from e
    if len(sheet.rows) > IMPORT_MAX_ROWS:
        raise PetitionImportError([(0, "", f"Tệp có quá {IMPORT_MAX_ROWS} dòng; hãy chia nhỏ.")])
    problems = [(row or 0, "", message) for row, _column, message in sheet.problems]
    # An import is all or nothing: a hidden row is shown to the user rather than skipped.
    problems += [(row, "", HIDDEN_ROW) for row in sheet.hidden]
    return sheet.headers, sheet.rows, problems


#: What the preview calls each import column (the first header an office writes for it).
IMPORT_LABELS = {key: texts[0] for key, texts in IMPORT_COLUMNS.items()}


@dataclass
class ImportCheck:
    """What a petitions file holds, checked against a commune's lists, before anything is written.

    `rows`: the petitions to create (petition_create's keyword arguments), in file order, with
    `numbers` their row numbers; `columns`: [(header as the file writes it, column it fills)];
    `ignored_message`: "Bỏ qua cột: …" or ""; `errors`: [(row, column, reason)]. A file with
    any error imports nothing (the rows are then only those checked so far).
    """

    rows: list = field(default_factory=list)
    numbers: list = field(default_factory=list)
    columns: list = field(default_factory=list)
    ignored_message: str = ""
    errors: list = field(default_factory=list)


def import_check(upload, *, commune):
    """Read UPLOAD (.xlsx or .csv) and check every row against COMMUNE's topics and villages -> ImportCheck.

    Writes nothing; a file refused as a whole (unreadable, too long, required columns missing,
    no data) comes back as an error of row 0 or 1 or 2, never as an exception.
    """
    check = ImportCheck()
    try:
        headers, rows, problems = read_rows(upload)
    except PetitionImportError as e:
        check.errors = e.errors
        return check
    headers = [nfc(str(h or "")) for h in headers]
    found = match_columns(headers, IMPORT_COLUMNS)
    columns = found.index
    check.ignored_message = found.ignored_message
    check.columns = [(headers[i], IMPORT_LABELS[key]) for key, i in sorted(columns.items(), key=lambda c: c[1])]
    if "content" not in columns or "topic" not in columns:
        check.errors = [(1, "", "Thiếu cột bắt buộc: “Nội dung” và “Lĩnh vực”.")]
        return check
    topics = {fold(t.name): t for t in topics_for(commune)} | {t.code: t for t in topics_for(commune)}
    villages = {}
    for v in commune.villages.all():
        villages[fold(v.full_name)] = v
        villages[fold(v.name)] = v
    kinds = {fold(label): value for value, label in Kind.choices}
    errors = list(problems)
    parsed = check.rows
    today = timezone.localdate()
    for number, row in rows:
        cell = {key: row[i] if i < len(row) else None for key, i in columns.items()}
        if all(v in (None, "") for v in cell.values()):
            continue
        text = {
            k: nfc(str(v).strip()) if v is not None and not isinstance(v, datetime.date) else v for k, v in cell.items()
        }
        # Imported lists are gathered before a session (village Party cells, the Front).
        data = {"source": Source.BEFORE_SESSION}
        legacy = [
            (number, label, legacy_message(text.get(key)))
            for key, label in (("content", "Nội dung"), ("citizen_name", "Người nêu"))
            if legacy_message(text.get(key))
        ]
        if legacy:
            errors.extend(legacy)
            continue
        too_long = [
            (number, label, f"Dài {len(text[key])} ký tự; tối đa {limit} ký tự.")
            for key, label, limit in (
                ("content", "Nội dung", CONTENT_MAX_LENGTH),
                ("citizen_name", "Người nêu", 120),
                ("citizen_phone", "Điện thoại", 20),
                ("citizen_address", "Địa chỉ", 200),
            )
            if isinstance(text.get(key), str) and len(text[key]) > limit
        ]
        if too_long:
            errors.extend(too_long)
            continue
        if not text.get("content"):
            errors.append((number, "Nội dung", "Nội dung ý kiến không được để trống."))
        else:
            data["content"] = text["content"]
        topic = topics.get(fold(text.get("topic") or ""))
        if topic is None:
            errors.append((number, "Lĩnh vực", f"Lĩnh vực “{text.get('topic') or ''}” không có trong danh mục."))
        data["topic"] = topic
        if text.get("village"):
            village = villages.get(fold(text["village"]))
            if village is None:
                errors.append((number, "Thôn, ấp", f"Thôn, ấp “{text['village']}” không thuộc xã này."))
            data["village"] = village
        if text.get("kind"):
            kind = kinds.get(fold(text["kind"]))
            if kind is None:
                errors.append((number, "Loại", f"Loại “{text['kind']}” không hợp lệ."))
            data["kind"] = kind
        if cell.get("received_on") not in (None, ""):
            try:
                received = _parse_date(cell["received_on"])
            except ValueError:
                errors.append((number, "Ngày tiếp nhận", "Ngày không đúng dạng dd/mm/yyyy."))
            else:
                if received > today:
                    errors.append((number, "Ngày tiếp nhận", "Ngày tiếp nhận không được sau hôm nay."))
                data["received_on"] = received
        name = text.get("citizen_name") or ""
        data["citizen_name"] = "" if fold(name) == fold(ANONYMOUS) else name
        data["citizen_phone"] = text.get("citizen_phone") or ""
        data["citizen_address"] = text.get("citizen_address") or ""
        parsed.append(data)
        check.numbers.append(number)
    if not errors and not parsed:
        errors = [(2, "", "Tệp không có dòng dữ liệu nào.")]
    check.errors = sorted(errors, key=lambda e: e[0])
    return check


def import_xlsx(upload, *, commune, by, session=None, notes=None):
    """Create the petitions listed in UPLOAD, all or none; raises PetitionImportError naming bad rows.

    NOTES, a list, receives what the user should read besides (the columns left out).
    """
    check = import_check(upload, commune=commune)
    if check.ignored_message and notes is not None:
        notes.append(check.ignored_message)
    if check.errors:
        raise PetitionImportError(check.errors)
    return petitions_import(commune=commune, by=by, rows=check.rows, session=session)
