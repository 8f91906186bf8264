"""Writes and state changes of conclusion notices and their assignments."""

import os
import uuid

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from dialogue.http import NotPermitted
from directory.audit import event_log
from directory.models import Event
from directory.numbering import NumberingError, number_register_external, number_take, numbering_period
from directory.permissions import can_approve, can_manage_obj, unit_ids_of
from directory.signed import SignedOriginalError, signed_original_read
from petitions.enums import OPEN_STATES as PETITION_OPEN_STATES
from petitions.models import Petition
from sessions_app.attendance import attendance_counts
from sessions_app.enums import SessionStatus
from sessions_app.models import Session
from sessions_app.services import SessionError, session_change_status

from .enums import (
    ASSIGNMENT_REVIEW_MOVES,
    DONE_ASSIGNMENT_STATES,
    NOTICE_TRANSITIONS,
    AssignmentStatus,
    NoticeStatus,
)
from .errors import ConclusionError
from .models import (
    Assignment,
    AssignmentTransition,
    ConclusionNotice,
    NoticeOriginal,
    NoticeTransition,
    ProgressNote,
)
from .pdf import render_notice
from .signals import notice_moved

#: A session from which a notice may be drafted: it has taken place.
HELD_STATES = (SessionStatus.HELD, SessionStatus.CONCLUDED, SessionStatus.CLOSED)


def _commune_of(notice):
    return notice.session.plan.commune


def _require_manager(user, obj):
    """USER runs the office of the side of OBJ (a session, notice or assignment): Party notices
    are drafted by the Party committee's office, state ones by the People's Committee's."""
    if not can_manage_obj(user, obj):
        raise NotPermitted("Bạn không có quyền soạn thông báo kết luận của buổi này.")


# --- what the session already knows ---------------------------------------------------


def session_facts(session):
    """Figures of a held session for the notice: attendance by group and petitions by topic.

    Returns {"attendance": {...} or None, "petitions": n, "by_topic": [(name, n)], "on_spot": n}.
    Two aggregate queries (plus the attendance's one).
    """
    attendance = attendance_counts(session)
    petitions = Petition.objects.filter(session=session)
    totals = petitions.aggregate(n=Count("pk"), on_spot=Count("pk", filter=_q(answered_on_spot=True)))
    by_topic = list(petitions.values_list("topic__name").annotate(n=Count("pk")).order_by("-n", "topic__name"))
    return {"attendance": attendance, "petitions": totals["n"], "by_topic": by_topic, "on_spot": totals["on_spot"]}


def _q(**kwargs):
    return Q(**kwargs)


GROUP_LABELS = {
    "officials": "đại biểu xã",
    "village_delegates": "đại biểu thôn, ấp",
    "households": "đại diện hộ gia đình",
}


def facts_text(session, facts=None):
    """The paragraph that opens the notice, written from SESSION's own data."""
    facts = facts or session_facts(session)
    lines = []
    when = session.when
    chair = session.chair
    opening = f"Vào {when}, tại {session.venue}, "
    if chair:
        opening += f"{chair.addressed_name}, {chair.position}, đã chủ trì buổi {session.display_title[:1].lower()}"
        opening += f"{session.display_title[1:]}."
    else:
        opening += f"đã diễn ra buổi {session.display_title[:1].lower()}{session.display_title[1:]}."
    lines.append(opening)
    attendance = facts["attendance"]
    if attendance and attendance["total"]["invited"] and not attendance["total"]["present"]:
        # Invitations went out but the attendance was not taken: say only who was invited.
        parts = [
            f"{GROUP_LABELS[key]} {attendance[key]['invited']}"
            for key in GROUP_LABELS
            if key in attendance and attendance[key]["invited"]
        ]
        lines.append(f"Thành phần được mời: {'; '.join(parts)}.")
    elif attendance and attendance["total"]["invited"]:
        parts = [
            f"{GROUP_LABELS[key]}: mời {attendance[key]['invited']}, có mặt {attendance[key]['present']}"
            for key in GROUP_LABELS
            if key in attendance and attendance[key]["invited"]
        ]
        total = attendance["total"]
        lines.append(
            f"Thành phần tham dự: {'; '.join(parts)}; "
            f"tổng số có mặt {total['present']}/{total['invited']} người được mời."
        )
    if facts["petitions"]:
        topics = "; ".join(f"{name}: {n}" for name, n in facts["by_topic"])
        lines.append(
            f"Tại buổi, Nhân dân đã nêu {facts['petitions']} ý kiến, kiến nghị ({topics}); "
            f"trong đó {facts['on_spot']} ý kiến đã được trả lời trực tiếp tại buổi, các ý kiến còn lại được giao "
            "các cơ quan, đơn vị xem xét, trả lời bằng văn bản."
        )
    else:
        lines.append("Tại buổi, chưa ghi nhận ý kiến, kiến nghị nào của Nhân dân.")
    return "\n".join(lines)


def notice_initial(session):
    """Initial values of a new notice of SESSION, taken from its plan and its data."""
    plan = session.plan
    where = f"tại buổi tiếp xúc, đối thoại trực tiếp với Nhân dân ({session.display_title})"
    if plan.issuer.side == "party":
        subject = f"Kết luận của Bí thư Đảng ủy xã {where}"
        recipients = "Ban Thường vụ Đảng ủy xã\nCác cơ quan, đơn vị, chi bộ có liên quan\nLưu Văn phòng Đảng ủy"
    else:
        subject = f"Kết luận của Chủ tịch UBND xã {where}"
        recipients = (
            "Thường trực Đảng ủy xã (b/c)\nThường trực HĐND xã (b/c)\nCác cơ quan, đơn vị có liên quan\n"
            "Trưởng các thôn, ấp\nLưu: VT"
        )
    return {
        "place": plan.place,
        "subject": subject,
        "facts": facts_text(session),
        "signing_authority": plan.signing_authority,
        "signer_title": plan.signer_title,
        "signer": plan.signer,
        "recipients": recipients,
        "closing": "Trên đây là kết luận của chủ trì buổi tiếp xúc, đối thoại. Đề nghị các cơ quan, đơn vị có "
        "liên quan khẩn trương triển khai thực hiện và báo cáo kết quả đúng thời hạn./.",
    }


# --- the notice -----------------------------------------------------------------------


def notice_save(*, notice, user):
    """Create or edit a draft NOTICE (fields already set by the form).

    Refuses when the notice is no longer a draft, when the session has not been held, or
    when USER may not draft notices of the commune. Side effects: sets the issuer to the
    plan's issuer; a new notice gets its creation logged as a move draft → draft.
    """
    session = notice.session
    _require_manager(user, session)
    if notice.pk:
        current = ConclusionNotice.objects.get(pk=notice.pk)
        if current.status != NoticeStatus.DRAFT:
            raise ConclusionError("Thông báo đã trình duyệt hoặc đã ban hành, không sửa được.")
    if session.status not in HELD_STATES:
        raise ConclusionError(
            f"Buổi đang ở trạng thái “{session.get_status_display()}”: chỉ lập thông báo kết luận khi buổi đã tổ chức."
        )
    if notice.corrects_id and notice.corrects.session_id != session.id:
        raise ConclusionError("Thông báo được đính chính phải thuộc cùng buổi.")
    with transaction.atomic():
        is_new = notice.pk is None
        notice.issuer = session.plan.issuer
        if is_new:
            notice.created_by = user
        notice.save()
        if is_new:
            NoticeTransition.objects.create(
                notice=notice, from_status=NoticeStatus.DRAFT, to_status=NoticeStatus.DRAFT, by=user, note="Tạo dự thảo"
            )
    return notice


def notice_delete(*, notice, user):
    """Delete a draft; an issued or pending notice is never deleted."""
    _require_manager(user, notice)
    if notice.status != NoticeStatus.DRAFT:
        raise ConclusionError("Chỉ xóa được dự thảo; thông báo đã ban hành không bao giờ bị xóa.")
    notice.delete()


def notice_correction_start(*, notice, user):
    """Start a correction of the issued NOTICE: a new draft, copied from it, that names it."""
    if notice.status != NoticeStatus.ISSUED:
        raise ConclusionError("Chỉ đính chính được thông báo đã ban hành.")
    copy = ConclusionNotice(
        session=notice.session,
        place=notice.place,
        subject=f"Đính chính Thông báo số {notice.symbol}: {notice.subject}",
        facts=notice.facts,
        assessment=notice.assessment,
        conclusions=notice.conclusions,
        closing=notice.closing,
        signing_authority=notice.signing_authority,
        signer_title=notice.signer_title,
        signer=notice.signer,
        recipients=notice.recipients,
        corrects=notice,
    )
    return notice_save(notice=copy, user=user)


def notice_snapshot(notice):
    """The text an issued notice printed, kept as it was."""
    return {
        "symbol": notice.symbol,
        "number_line": notice.number_line,
        "issued_on": notice.issued_on.isoformat() if notice.issued_on else None,
        "place": notice.place,
        "subject": notice.subject,
        "facts": notice.facts,
        "assessment": notice.assessment,
        "conclusions": notice.conclusions,
        "closing": notice.closing,
        "signing_authority": notice.signing_authority,
        "signer_title": notice.signer_title,
        "signer": notice.signer.full_name if notice.signer else "",
        "recipients": notice.recipients,
        "corrects": notice.corrects.symbol if notice.corrects_id else None,
        "assignments": [
            {"unit": a.unit.name, "task": a.task, "deadline": a.deadline.isoformat()}
            for a in notice.assignments.select_related("unit")
        ],
    }


def notice_change_status(*, obj, to, by, note=""):
    """Move the notice OBJ to status TO (by user BY, with NOTE): the one door for a notice's state.

    draft → pending_approval (drafters), pending_approval → draft ("Trả lại để sửa": drafters or
    approvers, with NOTE saying why, shown on the notice's page), pending_approval → issued
    (approvers only). Issuing: checks the session was
    held (or, for a correction, already concluded); takes the next TB number of the issuer
    in this transaction, or records the e-office number typed on the notice (refused when the
    issuer already used it in the period); fixes the issue date to today (or the e-office's
    date); freezes the text (snapshot) and the PDF; moves the session from held to concluded;
    writes an "issued" event. Always writes a NoticeTransition.
    A refused move raises ConclusionError and changes nothing.
    """
    to = NoticeStatus(to)
    commune = _commune_of(obj)
    with transaction.atomic():
        locked = ConclusionNotice.objects.select_for_update().get(pk=obj.pk)
        from_status = NoticeStatus(locked.status)
        if to not in NOTICE_TRANSITIONS[from_status]:
            raise ConclusionError(f"Không thể chuyển thông báo từ “{from_status.label}” sang “{to.label}”.")
        if to == NoticeStatus.ISSUED:
            if not can_approve(by, commune):
                raise NotPermitted("Bạn không có quyền duyệt, ban hành thông báo kết luận (cần quyền lãnh đạo).")
        elif to == NoticeStatus.DRAFT:
            if not (can_manage_obj(by, obj) or can_approve(by, commune)):
                raise NotPermitted("Bạn không có quyền trả lại thông báo này.")
        else:
            _require_manager(by, obj)
        session = locked.session
        if to == NoticeStatus.DRAFT and not (note or "").strip():
            raise ConclusionError("Cần ghi lý do trả lại để người soạn biết phải sửa gì.")
        if to == NoticeStatus.PENDING_APPROVAL:
            if not locked.conclusions.strip():
                raise ConclusionError("Cần viết phần kết luận trước khi trình duyệt.")
            if not locked.signer_title.strip():
                raise ConclusionError("Cần ghi chức vụ người ký trước khi trình duyệt.")
        if to == NoticeStatus.ISSUED:
            # Lock the session row: two drafts of one session approved at once would both see
            # "no issued notice yet" otherwise, and both be issued.
            session = Session.objects.select_for_update().get(pk=session.pk)
            if session.status not in HELD_STATES:
                raise ConclusionError(
                    f"Buổi đang ở trạng thái “{session.get_status_display()}”, chưa tổ chức: "
                    "không ban hành được thông báo kết luận."
                )
            already = ConclusionNotice.objects.filter(session=session, status=NoticeStatus.ISSUED)
            if not locked.corrects_id and already.exists():
                raise ConclusionError("Buổi đã có thông báo kết luận; muốn sửa nội dung hãy lập thông báo đính chính.")
            # The e-office's number and date when the office typed them; else the next of the counter, today.
            today = locked.external_issued_on if locked.external_number else timezone.localdate()
            try:
                locked.number_period = numbering_period(issuer=locked.issuer, on_date=today)
                if locked.external_number:
                    locked.number = number_register_external(
                        issuer=locked.issuer, doc_type=locked.DOC_TYPE, number=locked.external_number, on_date=today
                    )
                else:
                    locked.number = number_take(issuer=locked.issuer, doc_type=locked.DOC_TYPE, on_date=today)
            except NumberingError as exc:
                raise ConclusionError(str(exc)) from exc
            locked.issued_on = today
            locked.status = to
            locked.snapshot = notice_snapshot(locked)
            _, locked.pdf = render_notice(locked)
        locked.status = to
        locked.save(update_fields=["status", "number", "number_period", "issued_on", "snapshot", "pdf", "updated_at"])
        NoticeTransition.objects.create(notice=locked, from_status=from_status, to_status=to, by=by, note=note)
        notice_moved.send(
            sender=ConclusionNotice, notice=locked, from_status=from_status, to_status=to, by=by, note=note
        )
        if to == NoticeStatus.ISSUED:
            event_log(user=by, action=Event.Action.ISSUED, obj=locked, commune=commune, detail=locked.symbol)
        if to == NoticeStatus.ISSUED and session.status == SessionStatus.HELD:
            try:
                session_change_status(
                    obj=session,
                    to=SessionStatus.CONCLUDED,
                    by=by,
                    note=f"Ban hành Thông báo số {locked.symbol}",
                )
            except SessionError as exc:
                raise ConclusionError(str(exc)) from exc
    for name in ("status", "number", "number_period", "issued_on", "snapshot", "pdf"):
        setattr(obj, name, getattr(locked, name))
    return obj


def notice_original_add(*, notice, upload, user):
    """Store UPLOAD as the signed original of issued NOTICE and return it (a NoticeOriginal).

    Refuses (ConclusionError, nothing stored) a notice not issued or a file that
    directory.signed refuses; NotPermitted unless USER runs the notice's office. The bytes are
    kept untouched. Side effect: a "signed_original" event.
    """
    _require_manager(user, notice)
    if not notice.number:
        raise ConclusionError("Thông báo chưa ban hành, chưa có số: ban hành rồi mới lưu bản đã ký.")
    try:
        read = signed_original_read(upload, issuer=notice.issuer, doc_type=notice.DOC_TYPE, number=notice.number)
    except SignedOriginalError as exc:
        raise ConclusionError(str(exc)) from exc
    with transaction.atomic():
        original = NoticeOriginal.objects.create(notice=notice, uploaded_by=user, **read)
        event_log(user=user, action=Event.Action.SIGNED_ORIGINAL, obj=notice, detail=f"notice {original.sha256}")
    return original


def notice_publish_results(*, notice, user, on_date=None):
    """Record that the results were posted at the commune office and sent to the village heads;
    from then on the notice and the results of its session's petitions are on the public page.

    State side only, on an issued notice. Side effects: sets results_published_on; writes a
    "published" event.
    """
    _require_manager(user, notice)
    if notice.status != NoticeStatus.ISSUED:
        raise ConclusionError("Chỉ công khai kết quả của thông báo đã ban hành.")
    if notice.is_party:
        raise ConclusionError("Việc công khai kết quả trong 10 ngày áp dụng cho hội nghị của chính quyền.")
    if notice.results_published_on is not None:
        raise ConclusionError("Kết quả của thông báo này đã được công khai.")
    with transaction.atomic():
        notice.results_published_on = on_date or timezone.localdate()
        notice.save(update_fields=["results_published_on", "updated_at"])
        event_log(user=user, action=Event.Action.PUBLISHED, obj=notice, detail=f"results {notice.symbol}")
    return notice


def notice_unpublish_results(*, notice, user, reason):
    """Take the notice and its results off the public page, for REASON (required).

    Side effects: clears results_published_on (the 10-day countdown runs again); writes an
    "unpublished" event with the reason.
    """
    _require_manager(user, notice)
    reason = (reason or "").strip()
    if not reason:
        raise ConclusionError("Cần ghi lý do thôi công khai kết quả.")
    if notice.results_published_on is None:
        raise ConclusionError("Kết quả của thông báo này chưa được công khai.")
    with transaction.atomic():
        notice.results_published_on = None
        notice.save(update_fields=["results_published_on", "updated_at"])
        event_log(user=user, action=Event.Action.UNPUBLISHED, obj=notice, detail=f"results {notice.symbol}: {reason}")
    return notice


# --- assignments ----------------------------------------------------------------------


def assignment_save(*, assignment, user, petitions=()):
    """Create or edit an ASSIGNMENT of a draft notice, with the PETITIONS it answers.

    Refuses a unit of another commune, a deadline before the session, petitions of another
    commune, and any change once the notice left the draft state.
    """
    notice = assignment.notice
    session = notice.session
    commune = session.plan.commune
    _require_manager(user, notice)
    if notice.status != NoticeStatus.DRAFT:
        raise ConclusionError("Thông báo đã trình duyệt hoặc đã ban hành: không thêm, sửa nhiệm vụ được.")
    if assignment.unit.commune_id != commune.id:
        raise ConclusionError(f"{assignment.unit.name} không thuộc {commune.full_name}.")
    session_day = session.session_date or session.period_start
    if assignment.deadline < session_day:
        raise ConclusionError(
            f"Hạn hoàn thành ({assignment.deadline:%d/%m/%Y}) "
            f"không được trước ngày tổ chức buổi ({session_day:%d/%m/%Y})."
        )
    foreign = [p for p in petitions if p.commune_id != commune.id]
    if foreign:
        raise ConclusionError(f"Ý kiến {foreign[0].code} không thuộc {commune.full_name}.")
    with transaction.atomic():
        if assignment.pk is None and not assignment.position:
            assignment.position = notice.assignments.count() + 1
        assignment.save()
        assignment.petitions.set(petitions)
    return assignment


def assignment_delete(*, assignment, user):
    _require_manager(user, assignment.notice)
    if assignment.notice.status != NoticeStatus.DRAFT:
        raise ConclusionError("Thông báo đã trình duyệt hoặc đã ban hành: không xóa nhiệm vụ được.")
    assignment.delete()


def can_report_on(user, assignment):
    """Officials of the owner unit report on it; the office follows every assignment."""
    commune = _commune_of(assignment.notice)
    return can_manage_obj(user, assignment) or assignment.unit_id in unit_ids_of(user, commune)


def can_review_assignment(user, assignment):
    """The office of the notice's side, or a leader of the commune, confirms or returns an assignment."""
    return can_manage_obj(user, assignment) or can_approve(user, _commune_of(assignment.notice))


def assignment_change_status(*, obj, to, by, note=""):
    """Move the assignment OBJ to status TO (by user BY, with NOTE): the one door for an assignment's state.

    Only assignments of issued notices move. The owner unit's officials and the office report
    (in progress, done, with the result in NOTE or a progress report); only the office or a
    leader confirms a reported assignment ("Xác nhận hoàn thành") or returns it to the unit,
    and a return or a reopening needs NOTE (the reason). Only confirmed assignments count as
    done. Side effects: saves status and done_at (the day the unit reported it done); writes an
    AssignmentTransition.
    """
    to = AssignmentStatus(to)
    note = (note or "").strip()
    review = (AssignmentStatus(obj.status), to) in ASSIGNMENT_REVIEW_MOVES
    if review and not can_review_assignment(by, obj):
        raise NotPermitted("Chỉ văn phòng hoặc lãnh đạo xác nhận hay trả lại nhiệm vụ.")
    if not review and not can_report_on(by, obj):
        raise NotPermitted("Bạn không có quyền cập nhật nhiệm vụ của đơn vị này.")
    with transaction.atomic():
        locked = Assignment.objects.select_for_update().select_related("notice").get(pk=obj.pk)
        if locked.notice.status != NoticeStatus.ISSUED:
            raise ConclusionError("Thông báo chưa ban hành: nhiệm vụ chưa được theo dõi.")
        from_status = AssignmentStatus(locked.status)
        if to not in locked.allowed_transitions():
            raise ConclusionError(f"Không thể chuyển nhiệm vụ từ “{from_status.label}” sang “{to.label}”.")
        if (from_status, to) in ASSIGNMENT_REVIEW_MOVES and not can_review_assignment(by, locked):
            raise NotPermitted("Chỉ văn phòng hoặc lãnh đạo xác nhận hay trả lại nhiệm vụ.")
        if to == AssignmentStatus.DONE and not (note or locked.progress_notes.exists()):
            raise ConclusionError("Cần ghi kết quả thực hiện (hoặc báo cáo tiến độ) trước khi báo hoàn thành.")
        if to == AssignmentStatus.IN_PROGRESS and from_status in (AssignmentStatus.DONE, AssignmentStatus.CONFIRMED):
            if not note:
                raise ConclusionError("Cần ghi lý do trả lại (hoặc mở lại) nhiệm vụ để đơn vị biết phải làm gì thêm.")
        locked.status = to
        if to == AssignmentStatus.DONE:
            locked.done_at = timezone.now()
        elif to != AssignmentStatus.CONFIRMED:
            locked.done_at = None
        locked.save(update_fields=["status", "done_at"])
        AssignmentTransition.objects.create(assignment=locked, from_status=from_status, to_status=to, by=by, note=note)
    obj.status, obj.done_at = locked.status, locked.done_at
    return obj


def progress_add(*, assignment, text, user, evidence=None):
    """Add a progress note (with an optional evidence file) to an assignment of an issued notice.

    Side effects: stores the file under a generated name; an open assignment moves to
    in progress through assignment_change_status.
    """
    if not can_report_on(user, assignment):
        raise NotPermitted("Bạn không có quyền báo cáo nhiệm vụ của đơn vị này.")
    if assignment.notice.status != NoticeStatus.ISSUED:
        raise ConclusionError("Thông báo chưa ban hành: chưa báo cáo tiến độ được.")
    if not text.strip():
        raise ConclusionError("Cần ghi nội dung báo cáo.")
    with transaction.atomic():
        note = ProgressNote(assignment=assignment, text=text, by=user)
        if evidence is not None:
            ext = os.path.splitext(evidence.name)[1].lower()
            note.evidence_name = os.path.basename(evidence.name)[:200]
            note.evidence.save(f"{uuid.uuid4().hex}{ext}", evidence, save=False)
        note.save()
        if assignment.status == AssignmentStatus.OPEN:
            assignment_change_status(obj=assignment, to=AssignmentStatus.IN_PROGRESS, by=user, note="Báo cáo tiến độ")
    return note


# --- the session's moves that depend on notices -----------------------------------------


def guard_session_concluded(session):
    """A session is concluded only by issuing its conclusion notice (notice_change_status)."""
    if not ConclusionNotice.objects.filter(session=session, status=NoticeStatus.ISSUED).exists():
        raise SessionError("Buổi chưa có thông báo kết luận đã ban hành: hãy lập và trình ban hành thông báo kết luận.")


def open_petitions_not_followed(session):
    """SESSION's petitions still open (not answered, transferred, duplicate or closed) that no
    assignment of an issued notice carries into the follow-up."""
    followed = Assignment.objects.filter(notice__session=session, notice__status=NoticeStatus.ISSUED).values(
        "petitions"
    )
    return Petition.objects.filter(session=session, status__in=PETITION_OPEN_STATES).exclude(pk__in=followed)


def guard_session_closed(session):
    """A session is closed only when every assignment of its issued notices is confirmed done, and
    each of its petitions still open is carried into the follow-up (named in an assignment)."""
    open_count = open_petitions_not_followed(session).count()
    if open_count:
        raise SessionError(
            f"Còn {open_count} ý kiến, kiến nghị của buổi chưa được trả lời, chuyển hoặc kết thúc, và chưa được giao "
            "trong nhiệm vụ nào của thông báo kết luận: chưa thể kết thúc buổi. "
            "Hãy xử lý các ý kiến đó, hoặc đưa chúng vào một nhiệm vụ theo dõi."
        )
    left = (
        Assignment.objects.filter(notice__session=session, notice__status=NoticeStatus.ISSUED)
        .exclude(status__in=DONE_ASSIGNMENT_STATES)
        .count()
    )
    if left:
        raise SessionError(
            f"Còn {left} nhiệm vụ chưa hoàn thành (hoặc chưa được xác nhận hoàn thành): chưa thể kết thúc buổi."
        )


def session_close(*, session, user):
    """Close SESSION once every assignment is done (the guard checks it)."""
    _require_manager(user, session)
    try:
        return session_change_status(obj=session, to=SessionStatus.CLOSED, by=user, note="Các nhiệm vụ đã hoàn thành")
    except SessionError as exc:
        raise ConclusionError(str(exc)) from exc
