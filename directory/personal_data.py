"""A citizen's personal data (Law 91/2025/QH15): find it, export it, anonymise it.

- `person_find` finds what the commune holds about one person (petitions, roster entries,
  personal-data requests), by name (accent-insensitive, whole words) and/or phone number,
  in the records and in their history tables.
- `person_export_xlsx` writes all of it, history included, into one workbook.
- `person_anonymise` erases a person's identity from chosen petitions and roster entries and
  from every history row of them; the event log keeps only the record ids.
"""

import datetime
import re
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from django.db import models, transaction
from django.utils import timezone

from dialogue.exports import safe_row
from dialogue.text import fold

from .audit import event_log_ids
from .history import display_value, related_names
from .models import DataRequest, Event

#: What a participant's name becomes. A petition's name is left blank: the app shows "ẩn danh".
ANONYMISED_NAME = "Ẩn danh"
#: What the person's name becomes where it was written inside a text (content, reasons, answers).
ANONYMISED_MENTION = "[ẩn danh]"


def phone_digits(value):
    digits = re.sub(r"\D", "", value or "")
    # +84 912... and 0912... are the same number.
    return "0" + digits[2:] if digits.startswith("84") and len(digits) >= 11 else digits


def name_matches(query, name):
    """True when the folded words of QUERY appear, whole and in order, in NAME."""
    q = fold(query)
    return bool(q) and f" {q} " in f" {fold(name)} "


class PersonalDataError(Exception):
    pass


@dataclass
class Kind:
    """One kind of record holding a person's data, and where its name and phone are."""

    key: str
    label: str
    model: object
    name_field: str
    phone_field: str
    commune_lookup: str


def _kinds():
    from petitions.models import Petition
    from sessions_app.models import Participant

    return [
        Kind("petitions", "Ý kiến, kiến nghị", Petition, "citizen_name", "citizen_phone", "commune"),
        Kind("participants", "Người được mời", Participant, "full_name", "phone", "session__plan__commune"),
        Kind("data_requests", "Yêu cầu dữ liệu", DataRequest, "person_name", "contact", "commune"),
    ]


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
    return display_value(f, value, names, empty="", missing="{}", limit=None)


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

    Every cell goes through dialogue.exports.safe_row. Side effect: writes "exported" events
    naming the records by id. Returns (filename, bytes).
    """
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for kind in _kinds():
        ids = found.ids.get(kind.key, [])
        fields = _columns(kind.model)
        current = list(kind.model.objects.filter(pk__in=ids, **{kind.commune_lookup: commune}).order_by("pk"))
        sheet = wb.create_sheet(kind.label[:31])
        sheet.append(safe_row([str(f.verbose_name).capitalize() for f in fields]))
        names = _names(current, fields)
        for obj in current:
            sheet.append(safe_row([_cell(f, getattr(obj, f.attname), names) for f in fields]))
        history = list(
            kind.model.history.filter(id__in=ids, **{kind.commune_lookup: commune})
            .select_related("history_user")
            .order_by("id", "history_date")
        )
        sheet = wb.create_sheet(f"Lịch sử - {kind.label}"[:31])
        sheet.append(
            safe_row(["Lúc", "Người thực hiện", "Thao tác"] + [str(f.verbose_name).capitalize() for f in fields])
        )
        names = _names(history, fields)
        for h in history:
            who = h.history_user.get_username() if h.history_user else "Hệ thống"
            when = timezone.localtime(h.history_date).strftime("%d/%m/%Y %H:%M")
            values = [_cell(f, getattr(h, f.attname), names) for f in fields]
            sheet.append(safe_row([when, who, HISTORY_ACTIONS.get(h.history_type, "")] + values))
    for kind in _kinds():
        ids = found.ids.get(kind.key, [])
        if ids:
            event_log_ids(user=user, action=Event.Action.EXPORTED, commune=commune, label=f"person {kind.key}", ids=ids)
    out = BytesIO()
    wb.save(out)
    return f"du-lieu-ca-nhan-{timezone.localdate():%Y%m%d}.xlsx", out.getvalue()


# --- anonymisation ------------------------------------------------------------------------------


def _mentions(names):
    """The names worth replacing inside free text: two words or more (a lone "An" is not a name)."""
    return sorted({n for n in names if n and len(n.split()) >= 2}, key=len, reverse=True)


def _scrub(text, mentions):
    for name in mentions:
        text = text.replace(name, ANONYMISED_MENTION)
    return text


def _scrub_rows(qs, fields, mentions):
    """Rewrite FIELDS of the rows of QS that mention one of MENTIONS; one UPDATE per changed row."""
    if not mentions:
        return
    cond = models.Q()
    for f in fields:
        for name in mentions:
            cond |= models.Q(**{f"{f}__contains": name})
    pk_name = qs.model._meta.pk.attname
    for row in qs.filter(cond).values(pk_name, *fields):
        changed = {f: _scrub(row[f], mentions) for f in fields if row[f] and _scrub(row[f], mentions) != row[f]}
        if changed:
            qs.model.objects.filter(**{pk_name: row[pk_name]}).update(**changed)


PETITION_TEXTS = ("content", "spot_answer", "close_reason")


def person_anonymise(*, commune, user, petition_ids=(), participant_ids=(), data_request=None, reason="request"):
    """Erase the identity of a person from the chosen petitions and roster entries of COMMUNE.

    Petitions: name, phone and address blanked (the app shows "ẩn danh"); the person's name,
    where written in the content, the spot answer, the closing reason, the transition reasons and
    the answer, becomes "[ẩn danh]"; attachments (scans of letters) are deleted with their files.
    Roster entries: name becomes "Ẩn danh", phone blanked, the link to the directory removed;
    the printed batches of letters of their sessions (PDF files) are deleted.
    The same is done to every row of the history tables of those records, so no version keeps
    the name. The petition keeps its content, state and deadlines: only the identity goes.
    Side effects: all in one transaction; files are deleted once it commits; writes
    "changed_personal_data" events naming the records by id (on DATA_REQUEST if given).
    Returns {"petitions": n, "participants": n, "attachments": n}.
    """
    from petitions.models import Answer, Attachment, Petition, PetitionTransition
    from sessions_app.models import Participant, PrintJob

    with transaction.atomic():
        petitions = Petition.objects.filter(pk__in=petition_ids, commune=commune)
        participants = Participant.objects.filter(pk__in=participant_ids, session__plan__commune=commune)
        p_ids = list(petitions.values_list("pk", flat=True))
        r_ids = list(participants.values_list("pk", flat=True))
        names = set(petitions.values_list("citizen_name", flat=True))
        names |= set(Petition.history.filter(id__in=p_ids).values_list("citizen_name", flat=True))
        names |= set(participants.values_list("full_name", flat=True))
        names |= set(Participant.history.filter(id__in=r_ids).values_list("full_name", flat=True))
        names.discard(ANONYMISED_NAME)
        mentions = _mentions(names)

        identity = {"citizen_name": "", "citizen_phone": "", "citizen_address": ""}
        # queryset.update: the anonymisation itself must not write a new history row with a name in it.
        Petition.objects.filter(pk__in=p_ids).update(**identity)
        Petition.history.filter(id__in=p_ids).update(**identity)
        _scrub_rows(Petition.objects.filter(pk__in=p_ids), PETITION_TEXTS, mentions)
        _scrub_rows(Petition.history.filter(id__in=p_ids), PETITION_TEXTS, mentions)
        for p in Petition.objects.filter(pk__in=p_ids).only("pk", "content", "citizen_name", "code"):
            Petition.objects.filter(pk=p.pk).update(search_text=p.build_search_text())
        _scrub_rows(PetitionTransition.objects.filter(petition_id__in=p_ids), ("reason",), mentions)
        _scrub_rows(Answer.objects.filter(petition_id__in=p_ids), ("body",), mentions)
        _scrub_rows(Answer.history.filter(petition_id__in=p_ids), ("body",), mentions)
        attachments = list(Attachment.objects.filter(petition_id__in=p_ids))
        files = [a.file for a in attachments if a.file]
        Attachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()
        transaction.on_commit(lambda: [f.storage.delete(f.name) for f in files])

        for pk in r_ids:
            Participant.objects.filter(pk=pk).update(
                full_name=ANONYMISED_NAME,
                phone="",
                official=None,
                search_name=fold(ANONYMISED_NAME),
                # Unique per session: two anonymised people of one session must not collide.
                dedupe_key=f"anonymised|{pk}",
            )
        Participant.history.filter(id__in=r_ids).update(full_name=ANONYMISED_NAME, phone="", official=None)
        # Printed batches of letters of those sessions hold the names: delete them (they can be printed again).
        jobs = PrintJob.objects.filter(session__participants__pk__in=r_ids).exclude(path="").distinct()
        job_files = [Path(path) for path in jobs.values_list("path", flat=True)]
        PrintJob.objects.filter(pk__in=list(jobs.values_list("pk", flat=True))).update(path="")
        transaction.on_commit(lambda: [path.unlink(missing_ok=True) for path in job_files])

        obj = data_request
        for label, ids in (("petitions", p_ids), ("participants", r_ids)):
            if ids:
                event_log_ids(
                    user=user,
                    action=Event.Action.CHANGED_PERSONAL_DATA,
                    obj=obj,
                    commune=commune,
                    label=f"anonymised {label} ({reason})",
                    ids=ids,
                )
    return {"petitions": len(p_ids), "participants": len(r_ids), "attachments": len(attachments)}


def retention_cutoff(days=None):
    """The moment before which a closed petition is kept no longer (PERSONAL_DATA_RETENTION_DAYS)."""
    from django.conf import settings

    days = settings.PERSONAL_DATA_RETENTION_DAYS if days is None else days
    return timezone.now() - datetime.timedelta(days=days)


def petitions_past_retention(*, cutoff):
    """Petitions closed (any final state) before CUTOFF that still hold a name, phone, address or file."""
    from petitions.models import FINAL_STATES, Petition

    holds = (
        ~models.Q(citizen_name="")
        | ~models.Q(citizen_phone="")
        | ~models.Q(citizen_address="")
        | models.Q(attachments__isnull=False)
    )
    return Petition.objects.filter(status__in=FINAL_STATES, closed_at__lt=cutoff).filter(holds).distinct()
