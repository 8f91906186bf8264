"""Reading the change history (django-simple-history) for an object's page, in Vietnamese.

`history_entries(obj)` returns the changes of OBJ and of the rows that belong to it (a plan's
duties, recipients and legal bases; a petition's answer; a notice's assignments), newest first:
who, when, what (field label: old → new). It costs one query per history table plus one per
kind of related record named in the changes, whatever the number of entries.
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

ACTIONS = {"+": "Tạo mới", "~": "Sửa", "-": "Xóa"}
EMPTY = "—"
MAX_TEXT = 300
#: Bookkeeping columns that change with every save and say nothing to a reader.
SKIPPED = {"id", "created_at", "updated_at", "period_start", "drafted_at"}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    at: datetime.datetime
    user: str
    action: str
    subject: str = ""
    changes: list = field(default_factory=list)


def _part(app_model, lookup, describe=None):
    """One history table shown on a page: the model, how it points at the page's object, its label."""
    return (app_model, lookup, describe)


def _duty(r):
    return r.heading or (r.text or "")[:80]


#: What each page shows: the object's own history and that of the rows that belong to it.
#: DESCRIBE names the row in the list (None: the object itself, no name needed).
PARTS = {
    "sessions_app.plan": [
        _part("sessions_app.Plan", "id"),
        _part("sessions_app.PlanLegalBasis", "plan_id", lambda r: "Căn cứ"),
        _part("sessions_app.PlanDuty", "plan_id", lambda r: f"Nhiệm vụ: {_duty(r)}"),
        _part("sessions_app.PlanRecipient", "plan_id", lambda r: f"Nơi nhận: {r.name}"),
    ],
    "sessions_app.session": [_part("sessions_app.Session", "id")],
    # The roster page: every participant of the session, those removed included.
    "sessions_app.session/participants": [
        _part("sessions_app.Participant", "session_id", lambda r: f"{r.honorific} {r.full_name}"),
    ],
    "petitions.petition": [
        _part("petitions.Petition", "id"),
        _part("petitions.Answer", "petition_id", lambda r: "Văn bản trả lời"),
    ],
    "conclusions.conclusionnotice": [
        _part("conclusions.ConclusionNotice", "id"),
        _part("conclusions.Assignment", "notice_id", lambda r: f"Nhiệm vụ: {(r.task or '')[:80]}"),
    ],
    "conclusions.assignment": [_part("conclusions.Assignment", "id")],
    "directory.datarequest": [_part("directory.DataRequest", "id")],
    "proceedings.minutes": [_part("proceedings.Minutes", "id")],
}


def _history_model(label):
    return apps.get_model(label).history.model


def _user_name(user):
    if user is None:
        return "Hệ thống"
    return user.get_full_name() or user.get_username()


def _fields(record):
    return [f for f in record.tracked_fields if f.name not in SKIPPED]


class Entries(list):
    """The entries of a page; `truncated` when older history rows were left out (see LIMIT)."""

    truncated = False


#: History rows read per table for one page: a roster of a thousand people must not load
#: ten thousand rows. A change among them whose previous version is older is still compared
#: with it (one more query fetches those versions).
LIMIT = 500


def history_records(obj, part=None):
    """Rows of OBJ's page: ([(record, describe)] oldest first, {previous versions}, truncated).

    Two queries per history table: the latest LIMIT rows, each with the id of the version
    before it, and the previous versions that were not among them.
    """
    key = obj._meta.label_lower + (f"/{part}" if part else "")
    found, before, truncated = [], {}, False
    for label, lookup, describe in PARTS[key]:
        model = _history_model(label)
        previous = (
            model.objects.filter(id=OuterRef("id"))
            .filter(
                Q(history_date__lt=OuterRef("history_date"))
                | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
            )
            .order_by("-history_date", "-history_id")
            .values("history_id")[:1]
        )
        qs = model.objects.filter(**{lookup: obj.pk}).select_related("history_user")
        rows = list(qs.annotate(previous_id=Subquery(previous)).order_by("-history_date", "-history_id")[:LIMIT])
        truncated |= len(rows) == LIMIT
        read = {r.history_id for r in rows}
        missing = {r.previous_id for r in rows if r.history_type == "~" and r.previous_id and r.previous_id not in read}
        if missing:
            before.update({(model, r.history_id): r for r in model.objects.filter(history_id__in=missing)})
        found.extend((r, describe) for r in reversed(rows))
    return found, before, truncated


#: What a hidden field's old and new values read as.
HIDDEN_VALUE = "(được bảo vệ)"


def history_entries(obj, part=None, hidden=()):
    """The change history of OBJ's page, newest first (see the module docstring); the values of
    the fields named in HIDDEN (a protected author's name, say) are not shown, only that they changed."""
    records, older, truncated = history_records(obj, part)
    previous = {}
    raw = []  # (record, describe, [(field, old, new)])
    for record, describe in records:
        key = (type(record), record.id)
        before = previous.get(key) or older.get((type(record), record.previous_id))
        previous[key] = record
        changes = []
        if record.history_type == "~" and before is not None:
            changes = _diff(record, before)
        raw.append((record, describe, changes))
    names = _related_names(raw)
    entries = Entries()
    entries.truncated = truncated
    for record, describe, changes in raw:
        if record.history_type == "~" and not changes:
            continue  # a save that changed nothing a reader sees
        entries.append(
            Entry(
                at=timezone.localtime(record.history_date),
                user=_user_name(record.history_user),
                action=ACTIONS.get(record.history_type, record.history_type),
                subject=describe(record) if describe else "",
                changes=[
                    Change(str(f.verbose_name).capitalize(), HIDDEN_VALUE, HIDDEN_VALUE)
                    if f.name in hidden
                    else Change(
                        str(f.verbose_name).capitalize(), display_value(f, old, names), display_value(f, new, names)
                    )
                    for f, old, new in changes
                ],
            )
        )
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


def _diff(record, before):
    """[(field, old, new)] between two history rows of one object, in the model's field order.

    diff_against compares the editable fields; the state fields a form may not touch
    (status, number, issue date...) are not editable, and diff_against's model_to_dict skips
    them, so they are compared here directly.
    """
    fields = _fields(record)
    editable = [f.name for f in fields if f.editable]
    changed = {c.field: (c.old, c.new) for c in record.diff_against(before, included_fields=editable).changes}
    for f in fields:
        if not f.editable and getattr(before, f.attname) != getattr(record, f.attname):
            changed[f.name] = (getattr(before, f.attname), getattr(record, f.attname))
    return [(f, *changed[f.name]) for f in fields if f.name in changed]


def _related_names(raw):
    """Names of every foreign key value in the changes."""
    wanted = {}
    for _, _, changes in raw:
        for f, old, new in changes:
            if isinstance(f, models.ForeignKey):
                wanted.setdefault(f.related_model, set()).update(v for v in (old, new) if v is not None)
    return related_names(wanted)


def related_names(wanted):
    """{(model, pk): text} for WANTED {model: {pk, ...}}: one query per model.

    Users are named by login, petitions by receipt code (never by what a citizen wrote).
    """
    names = {}
    for model, pks in wanted.items():
        for obj in model._base_manager.filter(pk__in=pks):
            if hasattr(obj, "get_username"):
                text = obj.get_username()
            elif model._meta.label == "petitions.Petition":
                text = obj.code
            else:
                text = str(obj)
            names[(model, obj.pk)] = text
    return names


def display_value(f, value, names, *, empty=EMPTY, missing="(đã xóa, mã {})", limit=MAX_TEXT):
    """VALUE of field F as a reader sees it: choice labels, names for foreign keys, dd/mm/yyyy dates."""
    if value is None or value == "":
        return empty
    if isinstance(f, models.ForeignKey):
        return names.get((f.related_model, value), missing.format(value))
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if not isinstance(value, str):
        return value
    return value if limit is None or len(value) <= limit else value[:limit] + "…"
