"""Writes for the roster of a session: composition, one person, answers, attendance, numbered documents."""

import hashlib
import re

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from directory.audit import event_log
from directory.models import Event, Official
from directory.numbering import NumberingError, number_register_external, number_take
from directory.permissions import require_manager

from .enums import SessionStatus
from .models import (
    NumberSource,
    Participant,
    ParticipantChange,
    ParticipantGroup,
    PersonIndex,
    ResponseState,
    Session,
    SessionDocument,
    participant_key,
)
from .pdf import announcement_snapshot, invitation_snapshot, render_announcement
from .services import UNPUBLISHABLE_STATES, plan_draft_error, session_announcement_publish


class ParticipantError(Exception):
    """A domain error about the roster, shown to the user as it is (in Vietnamese)."""


#: Once the conclusion notice is issued (or the session cancelled) the roster and the attendance
#: are a record: nothing of them changes. A held session's attendance may still be completed.
ROSTER_FIXED_STATES = (SessionStatus.CONCLUDED, SessionStatus.CLOSED, SessionStatus.CANCELLED)


def roster_fixed_error(session):
    """Why SESSION's roster, answers and attendance may no longer change (its status as stored), or None."""
    status = SessionStatus(Session.objects.filter(pk=session.pk).values_list("status", flat=True).first())
    if status in ROSTER_FIXED_STATES:
        return f"Buổi đã ở trạng thái “{status.label}”: danh sách người dự và điểm danh đã chốt, không sửa được nữa."
    return None


def _require_roster_open(session):
    error = roster_fixed_error(session)
    if error:
        raise ParticipantError(error)


def session_households_set(*, session, households, user=None):
    """Set how many household heads per village SESSION invites (while its roster is open)."""
    require_manager(user, session, "sửa danh sách người dự của buổi này")
    _require_roster_open(session)
    session.households_per_village = households
    session.save(update_fields=["households_per_village"])
    return session


#: Commune delegates by role, in the order the plan of seed 003 lists them.
COMMUNE_ROLES = (
    Official.Role.PARTY_SECRETARY,
    Official.Role.PARTY_DEPUTY,
    Official.Role.PARTY_STANDING,
    Official.Role.COUNCIL_STANDING,
    Official.Role.COMMITTEE_CHAIR,
    Official.Role.COMMITTEE_VICE,
    Official.Role.PARTY_BODY_HEAD,
    Official.Role.FRONT_HEAD,
    Official.Role.MASS_ORG_HEAD,
    Official.Role.POLICE_CHIEF,
    Official.Role.MILITARY_COMMANDER,
    Official.Role.OFFICE_HEAD,
    Official.Role.SCHOOL_HEAD,
)
#: Per target village: its Party cell secretary, its head and its Front board head.
VILLAGE_ROLES = (
    Official.Role.CELL_SECRETARY,
    Official.Role.VILLAGE_HEAD,
    Official.Role.FRONT_BOARD_HEAD,
)

PHONE_RE = re.compile(r"^(0|\+?84)(3|5|7|8|9|2\d)\d{7,8}$")


def phone_clean(value):
    """A Vietnamese phone number without spaces, dots or dashes; '' when empty; ParticipantError when not one."""
    value = (value or "").strip()
    if not value:
        return ""
    compact = re.sub(r"[\s.\-()]", "", value)
    if not PHONE_RE.match(compact):
        raise ParticipantError(f"“{value}” không phải số điện thoại (ví dụ đúng: 0912 345 678).")
    return compact


def roster_fill_from_composition(*, session, user=None):
    """Add to SESSION's roster every active official its composition calls for; return how many were added.

    Side effects: inserts Participant rows for the commune delegates by role and,
    per village of the session, its Bí thư chi bộ, head and Ban CTMT head. People
    already on the roster (same official, or same name, village and phone) are skipped,
    so running it twice adds nothing. The session's chair and the plan's signer host the
    session and sign its letters: they are not invited.
    """
    require_manager(user, session, "sửa danh sách người dự của buổi này")
    _require_roster_open(session)
    villages = list(session.villages.all())
    commune = session.plan.commune
    hosts = {pk for pk in (session.chair_id, session.plan.signer_id) if pk}
    officials = list(
        Official.objects.filter(commune=commune, is_active=True)
        .filter(Q(role__in=COMMUNE_ROLES) | Q(role__in=VILLAGE_ROLES, village__in=villages))
        .exclude(pk__in=hosts)
        .select_related("village", "unit")
    )
    role_rank = {r: i for i, r in enumerate(COMMUNE_ROLES + VILLAGE_ROLES)}
    village_rank = {v.pk: i for i, v in enumerate(villages)}
    officials.sort(
        key=lambda o: (village_rank.get(o.village_id, -1) if o.role in VILLAGE_ROLES else -1, role_rank[o.role], o.pk)
    )
    with transaction.atomic():
        existing_officials = set(session.participants.exclude(official=None).values_list("official_id", flat=True))
        existing_keys = set(session.participants.values_list("dedupe_key", flat=True))
        position = session.participants.count()
        rows = []
        for o in officials:
            village_role = o.role in VILLAGE_ROLES
            village_id = o.village_id if village_role else None
            key = participant_key(o.full_name, village_id, o.phone)
            if o.pk in existing_officials or key in existing_keys:
                continue
            existing_keys.add(key)
            position += 1
            p = Participant(
                session=session,
                group=ParticipantGroup.VILLAGE_DELEGATES if village_role else ParticipantGroup.OFFICIALS,
                official=o,
                honorific=o.honorific,
                full_name=o.full_name,
                title=o.position,
                village_id=village_id,
                unit=o.unit,
                phone=o.phone,
                position=position,
            )
            p.fill_keys()
            rows.append(p)
        # bulk_create is invisible to the history tables: write the rows' "created" history with them.
        bulk_create_with_history(rows, Participant, default_user=user)
    return len(rows)


def roster_places(session):
    """Places per village of SESSION: delegates present vs the three roles, households vs N.

    [{"village": v, "delegates": n, "delegates_needed": 3, "households": n, "households_needed": N,
      "missing_roles": [labels]}] computed with one aggregate query plus the role lookup.
    """
    villages = list(session.villages.all())
    counts = {
        row["village"]: row
        for row in session.participants.filter(village__isnull=False)
        .values("village")
        .annotate(
            delegates=Count("pk", filter=Q(group=ParticipantGroup.VILLAGE_DELEGATES)),
            households=Count("pk", filter=Q(group=ParticipantGroup.HOUSEHOLDS)),
        )
    }
    filled_roles = set(
        session.participants.filter(group=ParticipantGroup.VILLAGE_DELEGATES, official__isnull=False).values_list(
            "village_id", "official__role"
        )
    )
    places = []
    for v in villages:
        row = counts.get(v.pk, {})
        places.append(
            {
                "village": v,
                "delegates": row.get("delegates", 0),
                "delegates_needed": len(VILLAGE_ROLES),
                "households": row.get("households", 0),
                "households_needed": session.households_per_village,
                "missing_roles": [Official.Role(r).label for r in VILLAGE_ROLES if (v.pk, r) not in filled_roles],
            }
        )
    return places


def participant_add(*, session, user=None, **fields):
    """Add one person to SESSION's roster and return it.

    Side effects: inserts one Participant row. Raises ParticipantError when the
    village is not one of the session's or the person is already on the roster
    (same name and village, unless both have phones and they differ: PersonIndex).
    """
    require_manager(user, session, "sửa danh sách người dự của buổi này")
    _require_roster_open(session)
    village = fields.get("village")
    if village is not None and not session.villages.filter(pk=village.pk).exists():
        raise ParticipantError(f"{village.full_name} không thuộc buổi tiếp xúc này.")
    fields["phone"] = phone_clean(fields.get("phone"))
    participant = Participant(session=session, **fields)
    participant.position = (session.participants.count() or 0) + 1
    participant.fill_keys()
    namesakes = session.participants.filter(search_name=participant.search_name, village=participant.village)
    found = PersonIndex(namesakes.values_list("dedupe_key", flat=True)).find(participant.dedupe_key)
    if found:
        raise ParticipantError(duplicate_message(participant.addressed_name, same_phone=found[1]))
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError as exc:
        raise ParticipantError(f"{participant.addressed_name} đã có trong danh sách của buổi.") from exc
    return participant


def duplicate_message(addressed_name, *, same_phone, row=None):
    """Why a person is refused as already listed (on the roster, or in row ROW of the same file)."""
    where = f"Trùng với dòng {row} của tệp" if row else f"{addressed_name} đã có trong danh sách của buổi"
    if same_phone:
        return f"{where}."
    return (
        f"{where} (cùng họ tên và thôn, ấp; một bên không có số điện thoại). "
        "Nếu là hai người khác nhau, hãy ghi số điện thoại của cả hai."
    )


def participant_respond(*, participant, response, user=None):
    """Record PARTICIPANT's answer to the invitation.

    Side effects: updates `response` and `responded_at`; writes a ParticipantChange row.
    """
    require_manager(user, participant, "sửa danh sách người dự của buổi này")
    _require_roster_open(participant.session)
    if response not in ResponseState.values:
        raise ParticipantError("Trạng thái trả lời không hợp lệ.")
    with transaction.atomic():
        p = Participant.objects.select_for_update().get(pk=participant.pk)
        if p.response == response:
            return p
        old = p.response
        p.response = response
        p.responded_at = timezone.now()
        p.save(update_fields=["response", "responded_at"])
        ParticipantChange.objects.create(participant=p, field="response", from_value=old, to_value=response, by=user)
    participant.response, participant.responded_at = p.response, p.responded_at
    return p


def participant_attend(*, participant, present=True, user=None):
    """Tick PARTICIPANT present (or not) on the day.

    Side effects: sets or clears `attended_at`; a person ticked present who had not
    answered becomes "confirmed"; writes a ParticipantChange row when something changed.
    """
    require_manager(user, participant, "điểm danh người dự của buổi này")
    _require_roster_open(participant.session)
    with transaction.atomic():
        p = Participant.objects.select_for_update().get(pk=participant.pk)
        was_present = p.attended_at is not None
        if was_present == present:
            participant.attended_at = p.attended_at
            return p
        p.attended_at = timezone.now() if present else None
        fields = ["attended_at"]
        if present and p.response != ResponseState.CONFIRMED:
            p.response = ResponseState.CONFIRMED
            fields.append("response")
        p.save(update_fields=fields)
        ParticipantChange.objects.create(
            participant=p,
            field="attended",
            from_value="present" if was_present else "absent",
            to_value="present" if present else "absent",
            by=user,
        )
    participant.attended_at, participant.response = p.attended_at, p.response
    return p


def participant_remove(*, participant, user=None):
    """Remove PARTICIPANT from the roster.

    Side effects: deletes the row and its ParticipantChange rows; the change history
    (simple-history) keeps the person, with a deletion row, shown on the roster page.
    """
    require_manager(user, participant, "sửa danh sách người dự của buổi này")
    _require_roster_open(participant.session)
    if participant.attended_at:
        raise ParticipantError(f"{participant.addressed_name} đã điểm danh có mặt, không xóa được.")
    participant.delete()


def session_document_missing(*, session, kind):
    """What SESSION still lacks before its document KIND (GM or TB) may be numbered, in Vietnamese.

    A letter or an announcement tells people when to come: a quarter or a month is not a time.
    An announcement tells the public of a plan that exists: not of a draft plan.
    """
    label = SessionDocument.Kind(kind).label
    if kind == SessionDocument.Kind.ANNOUNCEMENT:
        error = plan_draft_error(session.plan)
        if error:
            return [error]
    if not session.starts_at:
        when = f" (mới ghi “{session.when}”)" if session.when else ""
        return [
            f"Chưa cấp số được {label.lower()}: buổi tiếp xúc chưa có ngày giờ cụ thể{when}. "
            "Nhập ngày giờ tổ chức ở trang sửa buổi rồi cấp số."
        ]
    return []


def session_document_freeze(*, session, document):
    """Fix what DOCUMENT (being numbered) says: its text, and for an announcement its PDF and hash.

    Later edits of the session, its plan or its roster do not reach a numbered document: the
    letters print from this snapshot, and the announcement is downloaded as these bytes.
    A correction's snapshot names the document it replaces.
    """
    if document.kind == SessionDocument.Kind.INVITATION:
        document.snapshot = invitation_snapshot(session, document)
    else:
        document.snapshot = announcement_snapshot(session, document)
    replaced = document.replaces
    if replaced is not None:
        document.snapshot["replaces"] = f"{replaced.symbol} ngày {replaced.issued_on:%d/%m/%Y}"
    if document.kind == SessionDocument.Kind.ANNOUNCEMENT:
        _, data = render_announcement(session, document=document)
        document.pdf, document.pdf_sha256 = data, hashlib.sha256(data).hexdigest()


def session_document_frozen(*, document):
    """DOCUMENT with its text (and an announcement's PDF) frozen, freezing it now if it was numbered
    before documents were frozen: from this first download on, every download returns the same."""
    if document.snapshot is not None and (document.kind != SessionDocument.Kind.ANNOUNCEMENT or document.pdf):
        return document
    with transaction.atomic():
        locked = SessionDocument.objects.select_for_update().select_related("issuer").get(pk=document.pk)
        if locked.snapshot is None:
            session_document_freeze(session=locked.session, document=locked)
            locked.save(update_fields=["snapshot", "pdf", "pdf_sha256"])
        elif locked.kind == SessionDocument.Kind.ANNOUNCEMENT and not locked.pdf:
            # Its text was frozen already: print that text, once.
            _, data = render_announcement(locked.session, document=locked)
            locked.pdf, locked.pdf_sha256 = data, hashlib.sha256(data).hexdigest()
            locked.save(update_fields=["pdf", "pdf_sha256"])
    return locked


def session_document_current(*, session, kind):
    """SESSION's document KIND in force (the latest of its correction chain), frozen; None before numbering."""
    document = SessionDocument.objects.current().filter(session=session, kind=kind).select_related("issuer").first()
    return session_document_frozen(document=document) if document else None


def session_document_take(*, session, kind, user=None, on_date=None, content="", external_number=None):
    """The numbered invitation (GM) or announcement (TB) of SESSION, numbering it the first time.

    Side effects: the first call takes the next number of the plan's issuer from the
    numbering service and stores a SessionDocument; later calls return the one in force,
    so every reprint keeps its number. With EXTERNAL_NUMBER (the number the office's e-office
    register gave, on ON_DATE) that number is recorded instead (number_register_external,
    which refuses one already used by the issuer in the year); the counter never reuses it.
    Refuses (ParticipantError, nothing numbered) while the session has no exact date and time
    (see `session_document_missing`) or the external number is taken.
    """
    require_manager(user, session, "lấy số văn bản của buổi này")
    existing = session_document_current(session=session, kind=kind)
    if existing:
        return existing
    return _document_number(
        session=session, kind=kind, user=user, on_date=on_date, content=content, external_number=external_number
    )


def session_document_correct(*, session, kind, reason, user=None, on_date=None, content=None, external_number=None):
    """Replace SESSION's numbered document KIND by a correction: a new number, naming the one it replaces.

    What changed after numbering (the session's time, venue, the plan...) reaches the public
    or the delegates only this way: one number is one document, for ever. REASON is required.
    The new document is frozen from the session as it is now; CONTENT defaults to the replaced
    one's. Side effects: takes a number; stores a SessionDocument with `replaces` and the reason;
    writes an event. Refuses (ParticipantError) without a reason, before a first number, and
    when the session is no longer one whose documents are still sent (held or later).
    """
    require_manager(user, session, "lấy số văn bản của buổi này")
    reason = (reason or "").strip()
    if not reason:
        raise ParticipantError("Cần ghi lý do thay thế văn bản (ví dụ: đổi địa điểm tổ chức).")
    if session.status in ROSTER_FIXED_STATES + (SessionStatus.HELD,):
        raise ParticipantError(
            f"Buổi đã ở trạng thái “{session.get_status_display()}”: không thay thế giấy mời, thông báo được nữa."
        )
    current = session_document_current(session=session, kind=kind)
    if current is None:
        raise ParticipantError("Văn bản chưa được cấp số: cấp số lần đầu thay vì thay thế.")
    content = current.content if content is None else content
    return _document_number(
        session=session,
        kind=kind,
        user=user,
        on_date=on_date,
        content=content,
        replaces=current,
        reason=reason,
        external_number=external_number,
    )


def _document_number(*, session, kind, user, on_date, content, replaces=None, reason="", external_number=None):
    missing = session_document_missing(session=session, kind=kind)
    if missing:
        raise ParticipantError(" ".join(missing))
    issuer = session.plan.issuer
    on_date = on_date or timezone.localdate()
    try:
        with transaction.atomic():
            if replaces is not None:
                # Two corrections at once: the second finds the first already replaced it.
                locked = SessionDocument.objects.select_for_update().get(pk=replaces.pk)
                if SessionDocument.objects.filter(replaces=locked).exists():
                    raise ParticipantError("Văn bản này vừa được thay thế: tải lại trang để xem văn bản mới.")
            if external_number:
                number = number_register_external(issuer=issuer, doc_type=kind, number=external_number, on_date=on_date)
            else:
                number = number_take(issuer=issuer, doc_type=kind, on_date=on_date)
            document = SessionDocument(
                session=session,
                kind=kind,
                issuer=issuer,
                number=number,
                number_source=NumberSource.EXTERNAL if external_number else NumberSource.COUNTER,
                issued_on=on_date,
                content=content,
                created_by=user,
                replaces=replaces,
                correction_reason=reason,
            )
            session_document_freeze(session=session, document=document)
            document.save()
            if replaces is not None:
                event_log(
                    user=user,
                    action=Event.Action.ISSUED,
                    obj=session,
                    detail=f"{kind} {document.symbol} replaces {replaces.symbol}: {reason}",
                )
            # A numbered announcement is what the public is told: it goes on the public page too
            # (a draft session, whose date is not fixed, waits for its schedule to be fixed).
            if kind == SessionDocument.Kind.ANNOUNCEMENT and session.status not in UNPUBLISHABLE_STATES:
                session_announcement_publish(session=session, by=user, detail="numbered")
            return document
    except NumberingError as exc:
        raise ParticipantError(str(exc)) from exc
    except IntegrityError:
        if replaces is not None:
            raise ParticipantError("Văn bản này vừa được thay thế: tải lại trang để xem văn bản mới.") from None
        # A concurrent first print won; its number stands and ours rolled back with the transaction.
        return SessionDocument.objects.current().select_related("issuer").get(session=session, kind=kind)
