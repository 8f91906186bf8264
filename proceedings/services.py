"""Writes and state changes of the session's programme and minutes, and the drafts taken from its records."""

import datetime
import hashlib

from django.db import transaction
from django.utils import timezone

from dialogue.http import NotPermitted
from directory.audit import event_log
from directory.models import Event, Unit
from directory.numbering import NumberingError, number_take, numbering_period
from directory.permissions import can_manage_obj
from petitions.models import Petition
from sessions_app.attendance import attendance_counts
from sessions_app.enums import SessionStatus
from sessions_app.models import Participant, ParticipantGroup, Session

from .enums import MINUTES_TRANSITIONS, MinutesStatus
from .errors import ProceedingsError
from .models import Minutes, MinutesTransition, ProgrammeItem
from .pdf import render_minutes

#: A session whose minutes may be written: it has taken place.
HELD_STATES = (SessionStatus.HELD, SessionStatus.CONCLUDED, SessionStatus.CLOSED)
#: How long each item of the default programme takes, in minutes (the last one ends the session).
DEFAULT_DURATIONS = (15, 20, 60, 45, 15)


def _require_manager(user, obj, doing):
    """USER runs the office of OBJ's side (a session or its minutes); None is the system (sample data)."""
    if user is not None and not can_manage_obj(user, obj):
        raise NotPermitted(f"Bạn không có quyền {doing}.")


def person(official, *, party):
    """'đồng chí Nguyễn Văn A, Bí thư Đảng ủy xã' (Party side) or 'Ông Nguyễn Văn A, Chủ tịch UBND xã'."""
    if official is None:
        return ""
    name = f"đồng chí {official.full_name}" if party else official.addressed_name
    return f"{name}, {official.position}" if official.position else name


def _is_party(session):
    return session.plan.issuer.side == Unit.Side.PARTY


def _villages_text(session):
    return ", ".join(v.full_name for v in session.villages.all())


# --- the programme ----------------------------------------------------------------------


def programme_default(session):
    """The programme a session usually follows, drafted from its own data: [{starts_at, item, presenter}].

    Opening and reasons (the office of the side), the chair's report, the citizens' opinions
    (the session's villages), the answers (the chair and the units), the conclusion and closing.
    Times run from the session's start when it is known.
    """
    party = _is_party(session)
    chair = person(session.chair, party=party) or "Chủ trì buổi"
    chair = chair[:1].upper() + chair[1:]  # a cell of its own: "Đồng chí …"
    office = "Văn phòng Đảng ủy xã" if party else "Văn phòng HĐND và UBND xã"
    villages = _villages_text(session)
    rows = [
        ("Tuyên bố lý do, giới thiệu đại biểu", f"Đại diện {office}"),
        (
            "Báo cáo tình hình thực hiện nhiệm vụ chính trị, kinh tế - xã hội của địa phương và kết quả giải quyết "
            "các ý kiến, kiến nghị của Nhân dân từ buổi trước",
            chair,
        ),
        ("Nhân dân phát biểu ý kiến, kiến nghị", f"Nhân dân {villages}" if villages else "Nhân dân"),
        (
            "Trả lời, giải trình các ý kiến, kiến nghị của Nhân dân",
            f"{chair} và lãnh đạo các cơ quan, đơn vị liên quan",
        ),
        ("Phát biểu kết luận, bế mạc", chair),
    ]
    start = timezone.localtime(session.starts_at) if session.starts_at else None
    items = []
    for (item, presenter), minutes in zip(rows, DEFAULT_DURATIONS, strict=True):
        items.append({"starts_at": start.time() if start else None, "item": item, "presenter": presenter})
        if start:
            start += datetime.timedelta(minutes=minutes)
    return items


def programme_rows(session):
    """The programme as saved, or (with nothing saved yet) the default draft: (rows, is_default)."""
    saved = list(ProgrammeItem.objects.filter(session=session))
    if saved:
        return saved, False
    drafted = programme_default(session)
    return [ProgrammeItem(session=session, position=i, **row) for i, row in enumerate(drafted, 1)], True


def programme_save(*, session, rows, user):
    """Replace SESSION's programme by ROWS ([{starts_at, item, presenter}], in order).

    Refuses (ProceedingsError, nothing changed) a cancelled session, an empty programme, an
    item without content and times that go backwards. Side effects: deletes the old rows and
    writes the new ones, positions 1.., each with its history row.
    """
    _require_manager(user, session, "soạn chương trình của buổi này")
    if session.status == SessionStatus.CANCELLED:
        raise ProceedingsError("Buổi đã hủy: không sửa chương trình được.")
    rows = [r for r in rows if (r.get("item") or "").strip() or (r.get("presenter") or "").strip()]
    if not rows:
        raise ProceedingsError("Chương trình cần ít nhất một mục.")
    previous = None
    for n, row in enumerate(rows, start=1):
        if not (row.get("item") or "").strip():
            raise ProceedingsError(f"Mục {n} chưa có nội dung.")
        at = row.get("starts_at")
        if at and previous and at < previous:
            raise ProceedingsError(f"Giờ của mục {n} ({at:%H:%M}) sớm hơn giờ của mục trước ({previous:%H:%M}).")
        previous = at or previous
    with transaction.atomic():
        ProgrammeItem.objects.filter(session=session).delete()
        for n, row in enumerate(rows, start=1):
            ProgrammeItem.objects.create(
                session=session,
                position=n,
                starts_at=row.get("starts_at"),
                item=row["item"].strip(),
                presenter=(row.get("presenter") or "").strip(),
            )
    return list(ProgrammeItem.objects.filter(session=session))


# --- the minutes: drafts from the session's records --------------------------------------

GROUP_LABELS = dict(ParticipantGroup.choices)


def _time_place_text(session):
    lines = [f"Thời gian: {session.when}.", f"Địa điểm: {session.venue}."]
    lines.append(f"Hình thức: {session.get_format_display().lower()}.")
    return "\n".join(lines)


def _attendance_text(session):
    """Attendance by participant group, from the roster and the attendance ticks; the commune
    delegates present by name."""
    party = _is_party(session)
    counts = attendance_counts(session)
    lines = []
    if session.chair:
        lines.append(f"Chủ trì: {person(session.chair, party=party)}.")
    total = counts["total"]
    if not total["invited"]:
        lines.append("Chưa có danh sách người được mời của buổi.")
        return "\n".join(lines)
    if not total["present"]:
        lines.append("Chưa ghi nhận điểm danh. Số người được mời:")
        for group, label in ParticipantGroup.choices:
            if counts[group]["invited"]:
                lines.append(f"- {label}: {counts[group]['invited']} người.")
        return "\n".join(lines)
    lines.append("Thành phần tham dự (theo điểm danh):")
    for group, label in ParticipantGroup.choices:
        c = counts[group]
        if c["invited"]:
            lines.append(f"- {label}: có mặt {c['present']}/{c['invited']} người được mời.")
    lines.append(f"Tổng số có mặt: {total['present']}/{total['invited']} người được mời.")
    delegates = [
        p
        for p in Participant.objects.filter(
            session=session, group=ParticipantGroup.OFFICIALS, attended_at__isnull=False
        ).ordered_for_sheet()
    ]
    if delegates:
        names = "; ".join(
            (f"đồng chí {p.full_name}" if party else p.addressed_name) + (f", {p.title}" if p.title else "")
            for p in delegates
        )
        lines.append(f"Đại biểu xã có mặt: {names}.")
    return "\n".join(lines)


def _course_text(session):
    rows, _ = programme_rows(session)
    lines = ["Buổi diễn ra theo chương trình:"]
    for n, row in enumerate(rows, start=1):
        when = f"{row.time_label}: " if row.time_label else ""
        who = f" ({row.presenter})" if row.presenter else ""
        lines.append(f"{n}. {when}{row.item}{who}.")
    return "\n".join(lines)


def session_petitions(session):
    """The petitions raised at SESSION, in the order they were recorded."""
    return list(Petition.objects.filter(session=session).select_related("village", "topic").order_by("code", "pk"))


NOT_ANSWERED = "Chưa trả lời tại buổi: ý kiến được ghi nhận, giao cơ quan, đơn vị xem xét, trả lời bằng văn bản."


def _author(petition):
    """Who raised PETITION as the minutes print it: never a protected author's name."""
    if petition.identity_protected:
        return "Người nêu (giữ bí mật)"
    return petition.citizen_name or "Người dân (không nêu tên)"


def _opinions_text(session):
    """Each petition raised at the session, and who answered it there (or that it was taken for answer)."""
    petitions = session_petitions(session)
    if not petitions:
        return "Tại buổi, chưa ghi nhận ý kiến, kiến nghị nào của Nhân dân."
    on_spot = sum(p.answered_on_spot for p in petitions)
    lines = [
        f"Tại buổi có {len(petitions)} ý kiến, kiến nghị của Nhân dân; "
        f"{on_spot} ý kiến được trả lời trực tiếp tại buổi."
    ]
    for n, p in enumerate(petitions, start=1):
        where = f" ({p.village.full_name})" if p.village else ""
        lines.append(f"{n}. {_author(p)}{where}, lĩnh vực {p.topic.name} ({p.code}): {p.content.strip()}")
        if p.answered_on_spot:
            who = p.spot_answer_by or "Chủ trì buổi"
            answer = f": {p.spot_answer.strip()}" if p.spot_answer.strip() else "."
            lines.append(f"Trả lời tại buổi – {who}{answer}")
        else:
            lines.append(NOT_ANSWERED)
    return "\n".join(lines)


def _closing_text(session):
    return (
        f"Buổi {session.display_title[:1].lower()}{session.display_title[1:]} kết thúc lúc ...... giờ ...... "
        "cùng ngày.\nBiên bản được lập thành 02 bản, đã được đọc lại trước buổi và những người dự thống nhất "
        "với nội dung biên bản./."
    )


def minutes_draft_fields(session):
    """The sections of new minutes of SESSION, written from its records (attendance, petitions, programme)."""
    return {
        "place": session.plan.place,
        "chair": session.chair,
        "time_place": _time_place_text(session),
        "attendance": _attendance_text(session),
        "course": _course_text(session),
        "opinions": _opinions_text(session),
        "closing": _closing_text(session),
    }


DRAFTED_SECTIONS = ("time_place", "attendance", "course", "opinions", "closing")


def _require_held(session):
    if session.status not in HELD_STATES:
        raise ProceedingsError(
            f"Buổi đang ở trạng thái “{session.get_status_display()}”: chỉ lập biên bản khi buổi đã tổ chức."
        )


def minutes_start(*, session, user):
    """Draft the minutes of the held SESSION from its records and return them.

    Refuses a session not yet held and a session that already has minutes. Side effects:
    creates the draft (issuer: the plan's issuer) and its first transition row draft → draft.
    """
    _require_manager(user, session, "lập biên bản của buổi này")
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        _require_held(session)
        if Minutes.objects.filter(session=session).exists():
            raise ProceedingsError("Buổi đã có biên bản.")
        minutes = Minutes.objects.create(
            session=session, issuer=session.plan.issuer, created_by=user, **minutes_draft_fields(session)
        )
        MinutesTransition.objects.create(
            minutes=minutes, from_status=MinutesStatus.DRAFT, to_status=MinutesStatus.DRAFT, by=user, note="Tạo dự thảo"
        )
    return minutes


def _require_draft(minutes):
    current = Minutes.objects.filter(pk=minutes.pk).values_list("status", flat=True).first()
    if current == MinutesStatus.SIGNED:
        raise ProceedingsError("Biên bản đã ký và cấp số, không sửa được.")


def _check_people(minutes):
    commune_id = minutes.session.plan.commune_id
    for official in (minutes.chair, minutes.secretary):
        if official is not None and official.commune_id != commune_id:
            raise ProceedingsError(f"{official.full_name} không thuộc {minutes.session.plan.commune.full_name}.")


def minutes_save(*, minutes, user):
    """Save the edits of draft MINUTES (fields already set by the form).

    Refuses signed minutes and a chair or secretary of another commune.
    """
    _require_manager(user, minutes, "sửa biên bản của buổi này")
    _require_draft(minutes)
    _check_people(minutes)
    minutes.save()
    return minutes


def minutes_refill(*, minutes, user):
    """Write the drafted sections of draft MINUTES again from the session's records (after late
    attendance ticks or petitions). Chair, secretary and place stay as edited."""
    _require_manager(user, minutes, "sửa biên bản của buổi này")
    _require_draft(minutes)
    fields = minutes_draft_fields(minutes.session)
    for name in DRAFTED_SECTIONS:
        setattr(minutes, name, fields[name])
    minutes.save(update_fields=[*DRAFTED_SECTIONS, "updated_at"])
    return minutes


def minutes_snapshot(minutes):
    """The text signed minutes printed, kept as it was."""
    party = minutes.is_party
    return {
        "symbol": minutes.symbol,
        "number_line": minutes.number_line,
        "signed_on": minutes.signed_on.isoformat() if minutes.signed_on else None,
        "place": minutes.place,
        "session": minutes.session.display_title,
        "chair": person(minutes.chair, party=party),
        "secretary": person(minutes.secretary, party=party),
        "chair_name": minutes.chair.full_name if minutes.chair else "",
        "secretary_name": minutes.secretary.full_name if minutes.secretary else "",
        **{name: getattr(minutes, name) for name in DRAFTED_SECTIONS},
    }


FROZEN_AT_SIGNING = ("status", "number", "number_period", "signed_on", "snapshot", "pdf", "pdf_sha256", "docx")


def minutes_change_status(*, obj, to, by, note=""):
    """Move the minutes OBJ to status TO (by user BY, with NOTE): the one door for the minutes' state.

    draft → signed, by the office of the session's side, once chair and secretary have signed
    the paper: checks the session was held and both are named; takes the next BB number of
    the issuer in this transaction; fixes the signing date to today; freezes the text
    (snapshot), the PDF and its SHA-256 and the .docx (both printed from the snapshot); writes an
    "issued" event. Always writes a MinutesTransition. A refused move raises ProceedingsError and changes nothing.
    """
    to = MinutesStatus(to)
    _require_manager(by, obj, "ký, cấp số biên bản của buổi này")
    with transaction.atomic():
        locked = Minutes.objects.select_for_update().select_related("issuer", "session__plan").get(pk=obj.pk)
        from_status = MinutesStatus(locked.status)
        if to not in MINUTES_TRANSITIONS[from_status]:
            raise ProceedingsError(f"Không thể chuyển biên bản từ “{from_status.label}” sang “{to.label}”.")
        if to == MinutesStatus.SIGNED:
            _require_held(locked.session)
            missing = [label for label, who in (("chủ trì", locked.chair), ("thư ký", locked.secretary)) if who is None]
            if missing:
                raise ProceedingsError(f"Cần chọn {' và '.join(missing)} trước khi ký biên bản.")
            today = timezone.localdate()
            try:
                locked.number_period = numbering_period(issuer=locked.issuer, on_date=today)
                locked.number = number_take(issuer=locked.issuer, doc_type=locked.DOC_TYPE, on_date=today)
            except NumberingError as exc:
                raise ProceedingsError(str(exc)) from exc
            locked.signed_on = today
            locked.status = to
            locked.snapshot = minutes_snapshot(locked)
            _, locked.pdf = render_minutes(locked)
            _, locked.docx = render_minutes(locked, "docx")
            locked.pdf_sha256 = hashlib.sha256(locked.pdf).hexdigest()
        locked.status = to
        locked.save(update_fields=[*FROZEN_AT_SIGNING, "updated_at"])
        MinutesTransition.objects.create(minutes=locked, from_status=from_status, to_status=to, by=by, note=note)
        if to == MinutesStatus.SIGNED:
            event_log(user=by, action=Event.Action.ISSUED, obj=locked, detail=locked.symbol)
    for name in FROZEN_AT_SIGNING:
        setattr(obj, name, getattr(locked, name))
    return obj
