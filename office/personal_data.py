"""A citizen's personal data (Law 91/2025/QH15): find it, export it, anonymise it.

- `person_find` finds what the commune holds about one person (petitions, roster entries,
  personal-data requests), by name (accent-insensitive, whole words) and/or phone number,
  in the records and in their history tables.
- `person_export_xlsx` writes all of it, history included, into one workbook.
- `person_anonymise` erases a person's identity from chosen petitions and roster entries and
  from every history row of them; the event log keeps only the record ids.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from dialogue.exports import XlsxSheet, write_xlsx
from dialogue.text import fold
from directory import personal_data as directory_data
from directory.audit import event_log_ids
from directory.history import display_value, related_names
from directory.models import Event
from directory.personal_data import ANONYMISED_NAME, mentions_of, name_matches, phone_digits
from petitions import personal_data as petitions_data
from proceedings import personal_data as proceedings_data
from reception import personal_data as reception_data
from sessions_app import personal_data as sessions_data

#: Every app's hook, in the order their records are shown and exported.
HOOKS = (petitions_data, reception_data, sessions_data, proceedings_data, directory_data)

#: The kinds of record the office may choose to anonymise, with how the message names them.
ERASABLE = {
    "petitions": "ý kiến, kiến nghị",
    "visits": "lượt tiếp công dân",
    "representatives": "người đại diện đoàn (sổ tiếp công dân)",
    "participants": "người trong danh sách mời",
}


class PersonalDataError(Exception):
    pass


def _kinds():
    return [kind for hook in HOOKS for kind in hook.KINDS]


@dataclass
class Found:
    """The records of each kind that hold the person's data: {kind key: [pk, ...]}."""

    name: str
    phone: str
    ids: dict = field(default_factory=dict)

    @property
    def total(self):
        return sum(len(v) for v in self.ids.values())


def _match(kind, rows, name, phone):
    """Ids of ROWS (pk, name, phone) that are the person's.

    Name and phone: the name must match, and the phone too unless the record has none.
    Name only: the name matches. Phone only: the phone matches.
    """
    digits = phone_digits(phone)
    found = set()
    for pk, row_name, row_phone in rows:
        row_digits = phone_digits(row_phone)
        phone_ok = bool(digits) and digits in row_digits if kind.key == "data_requests" else row_digits == digits
        if name and digits:
            if name_matches(name, row_name) and (phone_ok or not row_digits):
                found.add(pk)
        elif name:
            if name_matches(name, row_name):
                found.add(pk)
        elif phone_ok:
            found.add(pk)
    return found


def person_find(*, commune, name="", phone=""):
    """What COMMUNE holds about the person called NAME and/or reachable at PHONE.

    Looks at the current records and at every version in their history tables (a record whose
    name was corrected since is still found). Raises PersonalDataError when both are empty.
    Costs two queries per kind of record, whatever their number.
    """
    name, phone = (name or "").strip(), (phone or "").strip()
    if not fold(name) and not phone_digits(phone):
        raise PersonalDataError("Nhập họ tên hoặc số điện thoại của người cần tra cứu.")
    found = Found(name=name, phone=phone)
    for kind in _kinds():
        columns = ("id", kind.name_field, kind.phone_field)
        scope = {kind.commune_lookup: commune}
        rows = kind.model.objects.filter(**scope).values_list(*columns)
        history = kind.model.history.filter(**scope).values_list(*columns)
        ids = _match(kind, rows, name, phone) | _match(kind, history, name, phone)
        found.ids[kind.key] = sorted(ids)
    return found


def found_records(found, commune):
    """{kind key: [records]} of FOUND, still in COMMUNE (records deleted since are left out)."""
    records = {}
    for kind in _kinds():
        qs = kind.model.objects.filter(pk__in=found.ids.get(kind.key, []), **{kind.commune_lookup: commune})
        records[kind.key] = list(qs.select_related(*_fk_names(kind.model)).order_by("pk"))
    return records


def _fk_names(model):
    return [f.name for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey)]


# --- the export -------------------------------------------------------------------------------

#: Columns that are derived from others or internal: not part of "the data held".
_SKIP = {"search_text", "dedupe_key", "search_name", "checkin_token"}


def _columns(model):
    return [f for f in model._meta.concrete_fields if f.name not in _SKIP]


def _cell(f, value, names):
    # Dates and times stay dates (real, sortable date cells); a choice or a name is shown as read.
    if isinstance(value, datetime.date) and not f.choices:
        return value
    return display_value(f, value, names, empty="", missing="{}", limit=None)


#: Headers of the fields whose verbose name is not Vietnamese (Django's defaults).
FIELD_LABELS = {"id": "Mã số", "session": "Buổi tiếp xúc", "created_by": "Người tạo"}


def _label(f):
    return FIELD_LABELS.get(f.name) or str(f.verbose_name).capitalize()


def _names(rows, fields):
    """Names of the foreign keys in ROWS; records of other people (a petition's "repeat of") by id only."""
    personal = {k.model for k in _kinds()}
    wanted = {}
    for f in fields:
        if isinstance(f, models.ForeignKey) and f.related_model not in personal:
            wanted.setdefault(f.related_model, set()).update(
                getattr(r, f.attname) for r in rows if getattr(r, f.attname) is not None
            )
    return related_names(wanted)


HISTORY_ACTIONS = {"+": "Tạo mới", "~": "Sửa", "-": "Xóa"}


def person_export_xlsx(*, found, commune, user):
    """One .xlsx of everything FOUND in COMMUNE: a sheet per kind of record and one per history table.

    Written by dialogue.exports.write_xlsx (no cell runs as a formula). Side effect: writes "exported" events
    naming the records by id. Returns (filename, bytes).
    """
    sheets = []
    for kind in _kinds():
        ids = found.ids.get(kind.key, [])
        fields = _columns(kind.model)
        current = list(kind.model.objects.filter(pk__in=ids, **{kind.commune_lookup: commune}).order_by("pk"))
        names = _names(current, fields)
        sheets.append(
            XlsxSheet(
                kind.label,
                [_label(f) for f in fields],
                [[_cell(f, getattr(obj, f.attname), names) for f in fields] for obj in current],
            )
        )
        history = list(
            kind.model.history.filter(id__in=ids, **{kind.commune_lookup: commune})
            .select_related("history_user")
            .order_by("id", "history_date")
        )
        names = _names(history, fields)
        rows = []
        for h in history:
            who = h.history_user.get_username() if h.history_user else "Hệ thống"
            values = [_cell(f, getattr(h, f.attname), names) for f in fields]
            rows.append([h.history_date, who, HISTORY_ACTIONS.get(h.history_type, "")] + values)
        sheets.append(
            XlsxSheet(
                f"Lịch sử - {kind.label}", ["Lúc", "Người thực hiện", "Thao tác"] + [_label(f) for f in fields], rows
            )
        )
    for kind in _kinds():
        ids = found.ids.get(kind.key, [])
        if ids:
            event_log_ids(user=user, action=Event.Action.EXPORTED, commune=commune, label=f"person {kind.key}", ids=ids)
    return f"du-lieu-ca-nhan-{timezone.localdate():%Y%m%d}.xlsx", write_xlsx(sheets)


# --- anonymisation ------------------------------------------------------------------------------


def person_anonymise(
    *,
    commune,
    user,
    petition_ids=(),
    participant_ids=(),
    visit_ids=(),
    representative_ids=(),
    data_request=None,
    reason="request",
):
    """Erase the identity of a person from the chosen petitions, reception visits and roster entries of COMMUNE.

    Each app erases its own rows through its hook (`<app>/personal_data.py::erase`): see there what
    each blanks, scrubs and deletes. The names the records held, in any version, are collected first
    from every hook, so that a name written in a petition's text is replaced by "[ẩn danh]" even when
    it came from a roster entry. Side effects: all in one transaction; files are deleted once it
    commits; writes "changed_personal_data" events naming the records by id (on DATA_REQUEST if
    given). Returns {"petitions": n, "visits": n, "representatives": n, "participants": n, "attachments": n}.
    """
    ids = {
        "petitions": list(petition_ids),
        "participants": list(participant_ids),
        "visits": list(visit_ids),
        "representatives": list(representative_ids),
    }
    with transaction.atomic():
        names = set()
        for hook in HOOKS:
            names |= hook.names_held(commune=commune, ids=ids)
        names.discard(ANONYMISED_NAME)
        mentions = mentions_of(names)
        erased = {}
        for hook in HOOKS:
            erased.update(hook.erase(commune=commune, ids=ids, mentions=mentions))
        for label in ERASABLE:
            if erased.get(label):
                event_log_ids(
                    user=user,
                    action=Event.Action.CHANGED_PERSONAL_DATA,
                    obj=data_request,
                    commune=commune,
                    label=f"anonymised {label} ({reason})",
                    ids=erased[label],
                )
    return {**{label: len(erased.get(label, [])) for label in ERASABLE}, "attachments": erased.get("attachments", 0)}


def retention_cutoff(days=None):
    """The moment before which a closed petition is kept no longer (PERSONAL_DATA_RETENTION_DAYS)."""
    days = settings.PERSONAL_DATA_RETENTION_DAYS if days is None else days
    return timezone.now() - datetime.timedelta(days=days)


def petitions_past_retention(*, cutoff):
    """Petitions closed (any final state) before CUTOFF that still hold a name, phone, address or file."""
    return petitions_data.past_retention(cutoff=cutoff)
