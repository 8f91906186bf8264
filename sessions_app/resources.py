"""Import and export of a session's roster (django-import-export), with Vietnamese column names.

Import runs twice: a dry run for the preview (nothing written), then the confirmed run
inside one transaction that writes exactly the rows the preview found valid, or nothing.
"""

import hashlib
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from import_export import fields, resources, widgets
from simple_history.utils import bulk_create_with_history

from dialogue.exports import XlsxSheet, write_csv, write_xlsx
from dialogue.spreadsheets import HIDDEN_ROW, Columns, SpreadsheetError, header_key, match_columns, read_table
from dialogue.text import fold, legacy_message, nfc
from directory.models import Official

from .models import Participant, ParticipantGroup, PersonIndex, participant_key
from .participants import ParticipantError, duplicate_message, phone_clean, roster_fixed_error

COLUMNS = {
    "group": "Nhóm",
    "honorific": "Danh xưng",
    "full_name": "Họ và tên",
    "title": "Chức vụ",
    "village": "Thôn, ấp",
    "unit": "Đơn vị",
    "phone": "Điện thoại",
}
REQUIRED = ("honorific", "full_name")

#: The headers offices write for each column (matched by dialogue.spreadsheets.header_key:
#: case, accents, punctuation and spacing aside). "gender" (Nam/Nữ) stands in for the honorific.
SYNONYMS = {
    "group": ["Nhóm", "Nhóm đại biểu", "Thành phần", "Đối tượng"],
    "honorific": ["Danh xưng", "Danh xưng (Ông/Bà)", "Ông/Bà", "Xưng hô", "Ông, bà"],
    "gender": ["Giới tính", "Phái", "Nam/Nữ"],
    "full_name": ["Họ và tên", "Họ tên", "Tên", "Họ, tên", "Họ và tên đại biểu", "Họ tên chủ hộ", "Tên chủ hộ"],
    "title": ["Chức vụ", "Chức danh", "Chức vụ, chức danh"],
    "village": ["Thôn, ấp", "Ấp", "Thôn", "Tổ dân phố", "Khu phố", "Ấp, khu phố", "Thôn, tổ dân phố", "Địa bàn"],
    "unit": ["Đơn vị", "Cơ quan", "Cơ quan, đơn vị", "Đơn vị công tác"],
    "phone": ["Điện thoại", "Số điện thoại", "SĐT", "ĐT", "Điện thoại liên hệ", "Di động", "Số di động"],
}
#: Giới tính as offices type it, folded, to the honorific of the letter.
GENDERS = {"nam": "Ông", "nu": "Bà", "ong": "Ông", "ba": "Bà"}
TEMPLATE_EXAMPLE = ["Đại diện hộ gia đình", "Ông", "Nguyễn Văn An", "", "Ấp 1", "", "0912 345 678"]

_GROUPS = {}
for value, label in ParticipantGroup.choices:
    _GROUPS[fold(value)] = value
    _GROUPS[fold(label)] = value
_GROUPS.update(
    {
        "ho gia dinh": "households",
        "chu ho": "households",
        "dai bieu thon": "village_delegates",
        "dai bieu ap": "village_delegates",
        "dai bieu": "officials",
        "can bo xa": "officials",
    }
)


_GROUP_KEYS = {header_key(h) for h in SYNONYMS["group"]}


class ImportFailed(Exception):
    """The confirmed import could not write what the preview showed; nothing was written."""


class _GroupWidget(widgets.Widget):
    def __init__(self, default=ParticipantGroup.HOUSEHOLDS):
        super().__init__()
        self.default = default

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return self.default
        found = _GROUPS.get(fold(str(value)))
        if not found:
            raise ValueError(
                f"“{value}” không phải nhóm hợp lệ (Đại biểu xã, Đại biểu thôn, ấp, Đại diện hộ gia đình)."
            )
        return found

    def render(self, value, obj=None, **kwargs):
        return ParticipantGroup(value).label if value else ""


class _HonorificWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = nfc(str(value or "")).strip().capitalize()
        text = GENDERS.get(fold(text), text)
        if text not in Official.Honorific.values:
            raise ValueError("Danh xưng phải là “Ông” hoặc “Bà”." if text else "Thiếu danh xưng (Ông/Bà).")
        return text


class _TextWidget(widgets.Widget):
    def __init__(self, *, required=False, max_length=200, label=""):
        super().__init__()
        self.required, self.max_length, self.label = required, max_length, label

    def clean(self, value, row=None, **kwargs):
        text = " ".join(nfc(str(value)).split()) if value not in (None, "") else ""
        if self.required and not text:
            raise ValueError(f"Thiếu {self.label.lower()}.")
        if len(text) > self.max_length:
            raise ValueError(f"Dài quá {self.max_length} ký tự.")
        message = legacy_message(text)
        if message:
            raise ValueError(message)
        return text


class _PhoneWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = str(int(value))
        if isinstance(value, int):
            # Excel drops the leading zero of a phone typed as a number.
            value = "0" + str(value)
        try:
            return phone_clean(str(value or ""))
        except ParticipantError as exc:
            raise ValueError(str(exc)) from exc


class _LookupWidget(widgets.Widget):
    """A foreign key found by name in a preloaded dict {folded name: object}."""

    def __init__(self, choices, label):
        super().__init__()
        self.choices, self.label = choices, label

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        key = fold(str(value))
        found = self.choices.get(key)
        if found is None:
            raise ValueError(f"Không có {self.label} “{value}” trong buổi này.")
        return found

    def render(self, value, obj=None, **kwargs):
        return str(value.full_name if hasattr(value, "full_name") else value) if value else ""


class ParticipantResource(resources.ModelResource):
    """Roster rows of one session. Lookups are preloaded once, so 10,000 rows cost no query per row."""

    class Meta:
        model = Participant
        fields = tuple(COLUMNS)
        import_id_fields = ()
        force_init_instance = True
        clean_model_instances = False
        skip_diff = True
        use_bulk = True
        batch_size = 1000
        store_instance = False

    def __init__(self, session, default_group=ParticipantGroup.HOUSEHOLDS):
        self.session = session
        villages = {}
        for v in session.villages.all():
            for alias in (v.full_name, v.name, f"{v.kind} {v.name}"):
                villages[fold(alias)] = v
        units = {fold(u.name): u for u in session.plan.commune.units.all()}
        # Label None: already on the roster; a number: that row of the file.
        self.people = PersonIndex(session.participants.values_list("dedupe_key", flat=True))
        self.next_position = session.participants.count()
        super().__init__()
        self.fields["group"] = fields.Field("group", COLUMNS["group"], widget=_GroupWidget(default_group))
        self.fields["honorific"] = fields.Field("honorific", COLUMNS["honorific"], widget=_HonorificWidget())
        self.fields["full_name"] = fields.Field(
            "full_name", COLUMNS["full_name"], widget=_TextWidget(required=True, max_length=120, label="Họ và tên")
        )
        self.fields["title"] = fields.Field("title", COLUMNS["title"], widget=_TextWidget(label="Chức vụ"))
        self.fields["village"] = fields.Field("village", COLUMNS["village"], widget=_LookupWidget(villages, "thôn, ấp"))
        self.fields["unit"] = fields.Field("unit", COLUMNS["unit"], widget=_LookupWidget(units, "đơn vị"))
        self.fields["phone"] = fields.Field("phone", COLUMNS["phone"], widget=_PhoneWidget())

    def init_instance(self, row=None):
        return Participant(session=self.session)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if instance.group != ParticipantGroup.OFFICIALS and instance.village is None:
            raise ValidationError({"village": "Thiếu thôn, ấp (bắt buộc với đại biểu thôn, ấp và hộ gia đình)."})
        key = participant_key(instance.full_name, instance.village_id, instance.phone)
        found = self.people.find(key)
        if found:
            row, same_phone = found
            message = duplicate_message(instance.addressed_name, same_phone=same_phone, row=row)
            raise ValidationError({"full_name": message})
        self.people.add(key, kwargs.get("sheet_row") or kwargs.get("row_number"))
        self.next_position += 1
        instance.position = self.next_position
        instance.fill_keys()

    def import_row(self, row, instance_loader, **kwargs):
        kwargs["sheet_row"] = self.row_numbers[kwargs["row_number"] - 1]
        return super().import_row(row, instance_loader, **kwargs)

    #: A list to receive the values of every row about to be written (the preview keeps them,
    #: so that the confirm writes them without reading and checking the file again); None: not kept.
    captured = None

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """As django-import-export's, but through simple-history so each row gets its "created" history."""
        if self.captured is not None:
            self.captured.extend(_row_values(i) for i in self.create_instances)
        if self.create_instances and (using_transactions or not dry_run):
            try:
                bulk_create_with_history(self.create_instances, Participant, batch_size=batch_size)
            except Exception as e:
                self.handle_import_error(result, e, raise_errors)
            finally:
                self.create_instances.clear()

    def get_export_headers(self, selected_fields=None):
        return [COLUMNS[name] for name in COLUMNS]


#: The columns a confirmed row is written with (the session and the keys aside, set again).
_KEPT = ("group", "honorific", "full_name", "title", "village_id", "unit_id", "phone", "position", "official_id")


def _row_values(instance):
    return {name: getattr(instance, name) for name in _KEPT if hasattr(instance, name)}


def roster_mark(session):
    """A fingerprint of SESSION's roster as an import checks it against: who is on it (their
    keys) and how many. Equal marks: the preview's verdicts still hold."""
    keys = session.participants.order_by("pk").values_list("pk", "dedupe_key")
    digest = hashlib.sha256()
    for pk, key in keys.iterator(chunk_size=5000):
        digest.update(f"{pk}:{key}\n".encode())
    return digest.hexdigest()


@dataclass
class Preview:
    digest: str
    total: int = 0
    valid_rows: list = field(default_factory=list)  # spreadsheet row numbers
    valid: list = field(default_factory=list)  # [(row_number, {column: value})] for the table
    errors: list = field(default_factory=list)  # [(row_number, column, message)]
    notes: list = field(default_factory=list)
    hidden_rows: list = field(default_factory=list)  # rows hidden in Excel: counted, left out
    ignored_columns: list = field(default_factory=list)  # headers of the file no column took
    group_column: bool = True  # the file has a group column; else every row gets default_group
    default_group: str = ParticipantGroup.HOUSEHOLDS
    #: The rows to write as checked (dicts of column values), and the roster's mark then.
    rows: list = field(default_factory=list)
    mark: str = ""

    def cache(self):
        """What the confirm needs to write the rows without the file: JSON-able."""
        return {
            "digest": self.digest,
            "mark": self.mark,
            "default_group": self.default_group,
            "valid_rows": self.valid_rows,
            "rows": self.rows,
        }

    @property
    def ignored_message(self):
        return Columns(index={}, ignored=self.ignored_columns).ignored_message

    @property
    def default_group_label(self):
        return ParticipantGroup(self.default_group).label

    @property
    def ok(self):
        return not self.errors and bool(self.valid_rows)

    @property
    def error_rows(self):
        """How many rows have at least one error (a row may have several)."""
        return len({row for row, _column, _message in self.errors})

    @property
    def hidden_message(self):
        return HIDDEN_ROW


def _dataset(sheet, default_group):
    """Map the file's headers to our columns (dialogue.spreadsheets.match_columns).

    Returns (dataset, row numbers, ignored headers). Every row gets a group: the file's,
    or DEFAULT_GROUP when the file has no group column. "Giới tính" (Nam/Nữ) fills the
    honorific when the file has no "Danh xưng" or leaves it blank.
    """
    columns = match_columns(sheet.headers, SYNONYMS)
    index = columns.index
    if "honorific" not in index and "gender" in index:
        index["honorific"] = index["gender"]
    missing = [COLUMNS[n] for n in REQUIRED if n not in index]
    if missing:
        raise SpreadsheetError(
            "Thiếu cột: "
            + ", ".join(f"“{m}”" for m in missing)
            + ". Các cột nhận: "
            + ", ".join(COLUMNS.values())
            + " (hoặc “Giới tính” Nam/Nữ thay cho danh xưng)."
        )
    headers = [COLUMNS[n] for n in COLUMNS if n in index or n == "group"]

    def cell(values, name):
        i = index.get(name)
        return values[i] if i is not None and i < len(values) else ""

    data = tablib.Dataset(headers=headers)
    numbers = []
    for number, values in sheet.rows:
        row = []
        for n in COLUMNS:
            if n == "group" and n not in index:
                row.append(ParticipantGroup(default_group).label)
            elif n == "honorific":
                row.append(cell(values, n) or cell(values, "gender"))
            elif n in index:
                row.append(cell(values, n))
        data.append(row)
        numbers.append(number)
    return data, numbers, columns.ignored


def _run(session, name, content, *, dry_run, default_group=ParticipantGroup.HOUSEHOLDS):
    if default_group not in ParticipantGroup.values:
        raise ImportFailed("Nhóm cho các dòng không ghi nhóm không hợp lệ.")
    sheet = read_table(name, content)
    data, numbers, ignored = _dataset(sheet, default_group)
    preview = Preview(
        digest=hashlib.sha256(content).hexdigest(),
        total=len(numbers) + len(sheet.hidden),
        notes=list(sheet.notes),
        hidden_rows=list(sheet.hidden),
        ignored_columns=ignored,
        group_column=any(header_key(h) in _GROUP_KEYS for h in sheet.headers),
        default_group=default_group,
    )
    bad = set()
    for number, index, message in sheet.problems:
        header = sheet.headers[index] if index is not None and index < len(sheet.headers) else ""
        preview.errors.append((number, header, message))
        bad.add(number)
    resource = ParticipantResource(session, default_group)
    resource.row_numbers = numbers
    if dry_run:
        preview.mark = roster_mark(session)
        resource.captured = preview.rows
    # Rows refused while reading (formulas, hidden rows) are not imported at all.
    keep = [i for i, number in enumerate(numbers) if number not in bad]
    if len(keep) != len(numbers):
        kept = tablib.Dataset(headers=data.headers)
        for i in keep:
            kept.append(data[i])
        data, numbers = kept, [numbers[i] for i in keep]
        resource.row_numbers = numbers
    result = resource.import_data(data, dry_run=dry_run, use_transactions=True, raise_errors=False)
    for invalid in result.invalid_rows:
        row = numbers[invalid.number - 1]
        bad.add(row)
        for fname, messages in invalid.error_dict.items():
            column = COLUMNS.get(fname, "")
            for message in messages:
                preview.errors.append((row, column, str(message)))
    for number, errors in result.row_errors():
        row = numbers[number - 1]
        bad.add(row)
        for err in errors:
            preview.errors.append((row, "", f"Lỗi không xác định: {err.error}"))
    if result.base_errors:
        raise ImportFailed("Không ghi được danh sách: " + "; ".join(str(e.error) for e in result.base_errors))
    headers = data.headers
    for i, number in enumerate(numbers):
        if number not in bad:
            preview.valid_rows.append(number)
            if len(preview.valid) < 200:
                preview.valid.append((number, dict(zip(headers, data[i], strict=False))))
    preview.errors.sort(key=lambda e: (e[0] or 0, e[1]))
    return preview


def roster_import_preview(*, session, name, content, default_group=ParticipantGroup.HOUSEHOLDS):
    """Dry run of an uploaded roster file: which rows are valid, and each bad row's number, column and reason.

    Side effects: none (the dry run's writes are rolled back). Raises SpreadsheetError.
    """
    return _run(session, name, content, dry_run=True, default_group=default_group)


def roster_import_confirm(
    *, session, name, content, digest, valid_rows, user=None, default_group=ParticipantGroup.HOUSEHOLDS, cached=None
):
    """Write the rows the preview showed valid, all in one transaction, or nothing.

    CACHED (optional, Preview.cache() of the preview): when the file, the valid rows, the group
    and the roster are all as they were at the preview, its checked rows are written as they
    are, without reading and checking the file again; otherwise the file is imported anew.

    Side effects: inserts Participant rows. Raises ImportFailed (nothing written) when the
    file differs from the previewed one or the set of valid rows changed since the preview.
    """
    fixed = roster_fixed_error(session)
    if fixed:
        raise ImportFailed(fixed)
    if hashlib.sha256(content).hexdigest() != digest:
        raise ImportFailed("Tệp đã thay đổi so với lúc xem trước. Hãy tải lại tệp.")
    with transaction.atomic():
        if cached is not None and _cache_holds(session, cached, digest, valid_rows, default_group):
            return _write_cached(session, cached)
        preview = _run(session, name, content, dry_run=False, default_group=default_group)
        if preview.valid_rows != list(valid_rows):
            transaction.set_rollback(True)
            raise ImportFailed(
                "Danh sách của buổi đã thay đổi từ lúc xem trước nên các dòng hợp lệ không còn như cũ; "
                "chưa ghi dòng nào. Hãy xem trước lại."
            )
    return preview


def _cache_holds(session, cached, digest, valid_rows, default_group):
    return (
        isinstance(cached, dict)
        and cached.get("digest") == digest
        and cached.get("valid_rows") == list(valid_rows)
        and cached.get("default_group") == default_group
        and len(cached.get("rows") or ()) == len(valid_rows)
        and cached.get("mark") == roster_mark(session)
    )


def _write_cached(session, cached):
    """Write the preview's checked rows (in the caller's transaction); returns a Preview of them."""
    instances = []
    for values in cached["rows"]:
        p = Participant(session=session, **{k: v for k, v in values.items() if k in _KEPT})
        p.fill_keys()
        instances.append(p)
    bulk_create_with_history(instances, Participant, batch_size=ParticipantResource._meta.batch_size)
    return Preview(digest=cached["digest"], total=len(instances), valid_rows=list(cached["valid_rows"]))


def roster_export(session, *, fmt="xlsx"):
    """The roster of SESSION as .xlsx (or, FMT "csv", CSV) bytes (dialogue.exports: no cell runs as a formula).

    The columns are the import's, so the file imports back unchanged.
    """
    resource = ParticipantResource(session)
    queryset = session.participants.select_related("village", "unit").ordered()
    dataset = resource.export(queryset=queryset)
    if fmt == "csv":
        return write_csv([dataset.headers, *dataset])
    return write_xlsx([XlsxSheet("Danh sách đại biểu", list(dataset.headers), list(dataset))])


def roster_import_template(session):
    """An empty roster file to fill in: the import's columns and one example row (a village of SESSION)."""
    example = list(TEMPLATE_EXAMPLE)
    village = session.villages.first()
    if village is not None:
        example[4] = village.full_name
    return write_xlsx([XlsxSheet("Danh sách đại biểu", list(COLUMNS.values()), [example])])
