"""Writes and state changes for plans and sessions."""

import datetime
import hashlib

from django.db import IntegrityError, transaction
from django.utils import timezone

from dialogue.documents.render import render
from directory.audit import event_log
from directory.models import Event
from directory.numbering import NumberingError, number_register_external
from directory.permissions import can_approve, require_manager

from .documents import plan_as_document
from .enums import SESSION_TRANSITIONS, TRANSITION_LABELS, SessionStatus
from .models import (
    Plan,
    PlanDuty,
    PlanIssuedCopy,
    PlanLegalBasis,
    PlanRecipient,
    PlanSection,
    Session,
    SessionTask,
    SessionTransition,
    period_last_day,
)
from .pdf import plan_filename, render_plan


class SessionError(Exception):
    """A domain error, shown to the user as it is (in Vietnamese)."""


# Preparation duties every session gets; days before the session date.
# The announcement uses the session's lead time; invitations go out at least
# 3 working days ahead in practice (domain.md §2), here 5 calendar days.
DEFAULT_TASKS = (
    (SessionTask.Kind.ANNOUNCEMENT, None),
    (SessionTask.Kind.INVITATIONS, 5),
    (SessionTask.Kind.REPORT, 3),
    (SessionTask.Kind.VENUE, 1),
    (SessionTask.Kind.SECURITY, 0),
)


def session_tasks_refresh(*, session):
    """Create the default preparation duties if missing and recompute every deadline.

    Side effects: inserts missing SessionTask rows; updates `due_on` of the
    tasks not yet done from the session's date (None while only a quarter or
    month is known).
    """
    existing = {t.kind: t for t in session.tasks.all()}
    for kind, days in DEFAULT_TASKS:
        if kind not in existing:
            days_before = session.effective_lead_days if days is None else days
            existing[kind] = SessionTask.objects.create(
                session=session, kind=kind, title=SessionTask.Kind(kind).label, days_before=days_before
            )
    announcement = existing[SessionTask.Kind.ANNOUNCEMENT]
    if announcement.days_before != session.effective_lead_days and announcement.done_at is None:
        announcement.days_before = session.effective_lead_days
        announcement.save(update_fields=["days_before"])
    date = session.session_date
    for task in session.tasks.filter(done_at__isnull=True):
        due = date - datetime.timedelta(days=task.days_before) if date else None
        if task.due_on != due:
            task.due_on = due
            task.save(update_fields=["due_on"])


def plan_number_missing(*, plan):
    """What PLAN (as stored) lacks to carry a number, as Vietnamese phrases (empty: nothing).

    A numbered plan is sent: it must say to whom (at least one "Nơi nhận") and who signs it.
    """
    missing = []
    if not plan.recipients.exists():
        missing.append("nơi nhận (thêm ít nhất một dòng ở mục “Nơi nhận”)")
    if plan.signer_id is None:
        missing.append("người ký (chọn ở ô “Người ký”)")
    return missing


def plan_frozen_error(plan):
    """Why PLAN (as stored) may no longer be edited, or None: a numbered plan is an issued document.

    Its text, sections, legal bases, duties, recipients and signer stay as issued; a change goes
    through a correction (`plan_correct`). Sessions are still added under it (they are not part of
    the issued text: the frozen PDF keeps the table as it was).
    """
    number = Plan.objects.filter(pk=plan.pk).values_list("number", flat=True).first() if plan.pk else None
    if not number:
        return None
    return (
        f"Kế hoạch số {plan.symbol} đã ban hành: không sửa được nội dung, căn cứ, các mục, nhiệm vụ, "
        "nơi nhận hay người ký nữa. Muốn thay đổi, dùng “Đính chính / thay thế kế hoạch” để lập kế hoạch "
        "thay thế (số mới, ghi rõ thay thế kế hoạch này)."
    )


def plan_number_check(*, plan, number_before=None, by=None):
    """Refuse (SessionError) a numbered PLAN that lacks a recipient or a signer; freeze it once numbered.

    NUMBER_BEFORE: the plan's number before this save (None for a draft or a new plan). One
    number is one document: a number once given is not changed or taken back, and a plan that
    was already numbered is not saved again (a change is a correction, `plan_correct`).
    Called inside the transaction that saved the plan and its rows, so a refusal rolls the
    whole save back: nothing is half-saved.
    Side effect: the first save with a number records it in the issuer's register of e-office
    numbers (refused, SessionError, when already used in the year or Party term), renders the
    plan and keeps its PDF, its SHA-256 and its .docx, both rendered from one document of the
    model (a PlanIssuedCopy); every later download returns those bytes (`plan_document`).
    """
    if number_before and plan.number != number_before:
        raise SessionError(
            f"Kế hoạch đã mang số {number_before:02d}: một số là một văn bản, không đổi hay bỏ số đã ban hành."
        )
    if number_before:
        # Issued: nothing of it is saved again (plan_frozen_error); the pages refuse before this.
        raise SessionError(
            f"Kế hoạch số {plan.symbol} đã ban hành: không sửa được nữa. "
            "Dùng “Đính chính / thay thế kế hoạch” để lập kế hoạch thay thế."
        )
    if plan.number:
        missing = plan_number_missing(plan=plan)
        if missing:
            raise SessionError(f"Chưa ghi số được kế hoạch: còn thiếu {' và '.join(missing)}.")
        if not PlanIssuedCopy.objects.filter(plan=plan).exists():
            # A plan's number is the one its register (the e-office) gave: recorded beside the
            # counter, so no other KH of the issuer takes it in the year (the Party term).
            try:
                number_register_external(
                    issuer=plan.issuer, doc_type=plan.DOC_TYPE, number=plan.number, on_date=plan.issued_on
                )
            except NumberingError as exc:
                raise SessionError(str(exc)) from exc
            if plan.replaces_id:
                _plan_replacement_take_over(plan, by=by)
            doc = plan_as_document(plan)
            _, data = render(doc, "pdf")
            _, docx = render(doc, "docx")
            digest = hashlib.sha256(data).hexdigest()
            PlanIssuedCopy.objects.create(plan=plan, pdf=data, docx=docx, sha256=digest, number=plan.number)


def _plan_replacement_take_over(plan, *, by=None):
    """PLAN, a correction, is being numbered: it is now in force and takes over the replaced plan's sessions.

    The sessions stay with the plan in force: under the replaced plan until this moment, then
    under PLAN (their numbered invitations and announcements keep the text they were frozen with).
    A session timed before PLAN's issue date refuses the numbering (SessionError, rolled back).
    """
    old = Plan.objects.select_for_update().get(pk=plan.replaces_id)
    if not old.number:
        raise SessionError("Kế hoạch được thay thế chưa có số: không cấp số cho kế hoạch thay thế được.")
    moved = list(Session.objects.filter(plan=old).values_list("pk", flat=True))
    Session.objects.filter(pk__in=moved).update(plan=plan)
    error = plan.issue_date_error()
    if error:
        raise SessionError(error)
    event_log(
        user=by,
        action=Event.Action.ISSUED,
        obj=old,
        detail=f"KH {old.symbol} replaced by {plan.symbol}; sessions moved: {len(moved)}",
    )


def plan_correct(*, plan, reason, by):
    """Start the correction of numbered PLAN: a new draft plan, copied from it, that will replace it.

    REASON is required. The draft copies PLAN's fields, legal bases (with their verbs), sections,
    duties, recipients and signer; the office edits it and gives it its own number, and then
    (plan_number_check) it prints "(Kế hoạch này thay thế Kế hoạch số … ngày …)", takes over the
    sessions and PLAN is marked replaced (still listed, its frozen PDF still downloaded).
    Refused (SessionError): without a reason, on a draft, on a plan already replaced or already
    being corrected (one correction per plan: the draft is edited instead). NotPermitted (404) for
    a user who does not run the office of PLAN's side.
    Side effects: inserts the Plan and its rows (history records), writes an event with the reason.
    """
    require_manager(by, plan, "đính chính, thay thế kế hoạch này")
    reason = (reason or "").strip()
    if not reason:
        raise SessionError("Cần ghi lý do đính chính / thay thế kế hoạch (ví dụ: sai tên đơn vị chủ trì).")
    try:
        with transaction.atomic():
            old = Plan.objects.select_for_update().get(pk=plan.pk)
            if not old.number:
                raise SessionError("Kế hoạch còn là dự thảo (chưa có số): sửa trực tiếp, không cần đính chính.")
            existing = Plan.objects.filter(replaces=old).first()
            if existing is not None:
                state = "đã ban hành" if existing.number else "đang soạn (dự thảo)"
                raise SessionError(f"Kế hoạch này đã có kế hoạch thay thế {state}: mở và sửa kế hoạch đó.")
            new = Plan.objects.get(pk=old.pk)
            new.pk = None
            new.id = None
            new._state.adding = True
            new.number = None
            new.issued_on = None
            new.replaces = old
            new.correction_reason = reason
            new.save()
            for basis in old.plan_legal_bases.all():
                PlanLegalBasis.objects.create(
                    plan=new, legal_basis_id=basis.legal_basis_id, verb=basis.verb, position=basis.position
                )
            for section in old.sections.all():
                PlanSection.objects.create(
                    plan=new,
                    position=section.position,
                    level=section.level,
                    title=section.title,
                    body=section.body,
                    block=section.block,
                )
            for duty in old.duties.all():
                PlanDuty.objects.create(
                    plan=new, unit_id=duty.unit_id, heading=duty.heading, text=duty.text, position=duty.position
                )
            for recipient in old.recipients.all():
                PlanRecipient.objects.create(
                    plan=new, name=recipient.name, for_report=recipient.for_report, position=recipient.position
                )
            new.refresh_search_text()
            event_log(user=by, action=Event.Action.ISSUED, obj=old, detail=f"KH {old.symbol} correction: {reason}")
            return new
    except IntegrityError:
        raise SessionError("Kế hoạch này vừa có kế hoạch thay thế: tải lại trang để xem.") from None


def plan_document(*, plan, fmt="pdf"):
    """The plan as printed -> (filename, bytes) of FMT ("pdf" or "docx"): the frozen copy once
    numbered, else the current draft.

    None for the .docx of a plan numbered before its .docx was kept (its PDF is the copy).
    """
    copy = PlanIssuedCopy.objects.filter(plan=plan).first()
    if copy is None:
        return render_plan(plan, fmt)
    if fmt == "docx":
        if not copy.docx:
            return None
        return plan_filename(plan, "docx"), bytes(copy.docx)
    return plan_filename(plan), bytes(copy.pdf)


#: Once held (or cancelled) a session is a record of what happened: it is no longer edited.
FROZEN_STATES = (SessionStatus.HELD, SessionStatus.CONCLUDED, SessionStatus.CLOSED, SessionStatus.CANCELLED)
#: What the public was told in the announcement (time, villages, lead time) stays as announced;
#: venue, format, chair, title and notes may still be corrected.
ANNOUNCED_FIXED_FIELDS = ("year", "quarter", "month", "starts_at", "announcement_lead_days")


def session_when_errors(*, plan, year, quarter, month, starts_at):
    """What is wrong with a session's time, as [(field or None, Vietnamese message)].

    Exactly one of quarter, month or exact date; an exact date not before the plan's
    issue date; a quarter or month that has not ended before it. Used by
    `session_save` and by the page form (to put each message beside its field).
    """
    if len([x for x in (quarter, month, starts_at) if x]) != 1:
        return [(None, "Chọn đúng một cách ghi thời gian: quý, tháng, hoặc ngày giờ cụ thể.")]
    issued = plan.issued_on
    if starts_at:
        day = timezone.localtime(starts_at).date() if timezone.is_aware(starts_at) else starts_at.date()
        if issued and day < issued:
            return [("starts_at", f"Ngày tổ chức không thể trước ngày ban hành kế hoạch ({issued:%d/%m/%Y}).")]
        return []
    if not year:
        return [("year", "Nhập năm tổ chức.")]
    if issued and period_last_day(year, quarter=quarter, month=month) < issued:
        return [("year", "Thời gian tổ chức đã qua trước ngày ban hành kế hoạch.")]
    return []


def plan_draft_error(plan):
    """Why nothing of PLAN may be announced to the public yet (it is still an unnumbered draft), or None."""
    if plan.number:
        return None
    return (
        f"Kế hoạch “{plan.title}” còn là dự thảo (chưa có số, ngày ban hành): chưa thông báo buổi cho Nhân dân được. "
        "Ghi số và ngày ban hành của kế hoạch trước, rồi thông báo."
    )


def outside_plan_period(*, plan, year):
    """Whether a session of YEAR falls outside PLAN's period (the plan is for one year: `plan.year`)."""
    return bool(year) and year != plan.year


def announced_on(session):
    """The day SESSION was first announced to the public (its TB numbered, or marked announced), or None."""
    days = []
    first_tb = session.documents.filter(kind="TB").order_by("issued_on").values_list("issued_on", flat=True).first()
    if first_tb:
        days.append(first_tb)
    move = session.transitions.filter(to_status=SessionStatus.ANNOUNCED).order_by("at").values_list("at", flat=True)
    if move.first():
        days.append(timezone.localdate(move.first()))
    return min(days) if days else None


def lead_time_short(session):
    """(announced day, lead days) when SESSION was announced fewer than its lead days before its date; else None."""
    day = session.session_date
    told = announced_on(session)
    if day is None or told is None:
        return None
    if (day - told).days < session.effective_lead_days:
        return told, session.effective_lead_days
    return None


#: The note of a "held" move made before the announcement's lead time passed starts with this.
SHORT_LEAD_NOTE = "Tổ chức khi chưa đủ thời gian thông báo trước"
#: The note recording a session dated outside its plan's period starts with this.
OUTSIDE_PERIOD_NOTE = "Ngoài thời kỳ của kế hoạch"


def session_edit_error(*, before, session, villages):
    """Why SESSION (stored as BEFORE) may not be saved with these values in its status, or None."""
    status = SessionStatus(before.status)
    if status in FROZEN_STATES:
        return f"Buổi đã ở trạng thái “{status.label}”, không sửa được nữa."
    if status == SessionStatus.SCHEDULED and not session.starts_at:
        return "Buổi đã chốt lịch phải có ngày giờ cụ thể."
    if status == SessionStatus.ANNOUNCED:
        changed = [f for f in ANNOUNCED_FIXED_FIELDS if getattr(before, f) != getattr(session, f)]
        if changed or {v.pk for v in before.villages.all()} != {v.pk for v in villages}:
            return (
                "Buổi đã thông báo cho Nhân dân: không đổi được thời gian, thôn, ấp và số ngày thông báo trước "
                "(chỉ sửa được địa điểm, hình thức, người chủ trì, nội dung buổi, ghi chú). "
                "Cần đổi lịch thì hủy buổi này và lập buổi mới."
            )
    return None


def session_save(*, session, villages, user=None, period_reason=""):
    """Save SESSION (new or edited) with its VILLAGES and refresh its duties.

    A session dated in another year than its plan's (a "năm 2025" plan and a date in 2026) is
    refused unless PERIOD_REASON says why; the reason is recorded in the session's history
    (a move from its state to the same state). Asked again only when the year changes.

    Refuses with a SessionError (nothing saved): no village, a village of another
    commune, not exactly one of quarter / month / exact date, a date before the
    plan's issue date, and edits the session's status forbids (see
    `session_edit_error`: none once held or cancelled; once announced only venue,
    format, chair, title and notes). An exact date sets the year.

    Side effects: writes the session and its village links; refreshes the
    preparation duties; a new session gets its creation recorded as a move
    from draft to draft by USER. Refuses NotPermitted (404) to a USER who does not run the
    office of the plan's side.
    """
    require_manager(user, session.plan, "sửa buổi tiếp xúc của kế hoạch này")
    if not villages:
        raise SessionError("Buổi tiếp xúc phải có ít nhất một thôn, ấp.")
    foreign = [v for v in villages if v.commune_id != session.plan.commune_id]
    if foreign:
        raise SessionError(f"{foreign[0].full_name} không thuộc xã của kế hoạch.")
    if session.starts_at:
        session.year = timezone.localtime(session.starts_at).year
    errors = session_when_errors(
        plan=session.plan, year=session.year, quarter=session.quarter, month=session.month, starts_at=session.starts_at
    )
    if errors:
        raise SessionError(errors[0][1])
    period_reason = (period_reason or "").strip()
    with transaction.atomic():
        is_new = session.pk is None
        before = None
        if not is_new:
            before = Session.objects.select_for_update().get(pk=session.pk)
            error = session_edit_error(before=before, session=session, villages=villages)
            if error:
                raise SessionError(error)
        outside = outside_plan_period(plan=session.plan, year=session.year) and (
            before is None or before.year != session.year
        )
        if outside and not period_reason:
            raise SessionError(
                f"Buổi tổ chức năm {session.year}, ngoài thời kỳ của kế hoạch "
                f"({session.plan.period_label or session.plan.year}). "
                "Nếu đúng như vậy, ghi lý do ở ô “Lý do ngoài thời kỳ kế hoạch” rồi lưu lại; "
                "nếu nhầm, sửa lại thời gian tổ chức."
            )
        session.save()
        session.villages.set(villages)
        if is_new:
            SessionTransition.objects.create(
                session=session,
                from_status=SessionStatus.DRAFT,
                to_status=SessionStatus.DRAFT,
                by=user,
                note="Tạo buổi",
            )
        if outside:
            SessionTransition.objects.create(
                session=session,
                from_status=session.status,
                to_status=session.status,
                by=user,
                note=f"{OUTSIDE_PERIOD_NOTE} (năm {session.plan.year}, buổi năm {session.year}): {period_reason}",
            )
        session_tasks_refresh(session=session)
    return session


# Other apps add preconditions to moves without sessions_app importing them:
# e.g. conclusions registers "every assignment done" for CLOSED.
_TRANSITION_GUARDS = {}


def register_transition_guard(to_status, guard):
    """Call GUARD(session) before every move to TO_STATUS; it raises SessionError to refuse."""
    _TRANSITION_GUARDS.setdefault(SessionStatus(to_status), []).append(guard)


def session_change_status(*, obj, to, by, note=""):
    """Move the session OBJ to status TO (by user BY, with NOTE), the one door for a session's status.

    Checks that the move is allowed (draft → scheduled → announced → held →
    concluded → closed; cancelled from draft, scheduled or announced) and its
    preconditions (an exact date before scheduling; no announcing while the plan is a draft;
    a NOTE saying why when marked held although announced fewer than its lead days before
    its date, kept in the history; and the guards other apps registered with
    `register_transition_guard`). Side effects: locks the
    row, saves `status`, writes a SessionTransition (who, when, from which
    state); announcing marks the announcement duty done.

    Rights: the office of the plan's side moves a session; a leader concludes it too, by
    issuing its conclusion notice (conclusions calls this door for them). Anyone else gets
    NotPermitted (404).
    state); announcing marks the announcement duty done and publishes the announcement;
    cancelling a published session logs that the public page now shows it cancelled.
    """
    to = SessionStatus(to)
    if not (to == SessionStatus.CONCLUDED and can_approve(by, obj.plan.commune_id)):
        require_manager(by, obj, "chuyển trạng thái buổi tiếp xúc này")
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=obj.pk)
        from_status = SessionStatus(locked.status)
        if to not in SESSION_TRANSITIONS[from_status]:
            raise SessionError(f"Không thể chuyển buổi từ “{from_status.label}” sang “{to.label}”.")
        if to == SessionStatus.SCHEDULED and not locked.starts_at:
            raise SessionError("Cần nhập ngày giờ cụ thể của buổi trước khi chốt lịch.")
        if to == SessionStatus.HELD and locked.starts_at and locked.starts_at > timezone.now():
            raise SessionError("Buổi chưa đến ngày tổ chức, chưa thể đánh dấu đã tổ chức.")
        if to == SessionStatus.CANCELLED and not note.strip():
            raise SessionError("Cần ghi lý do hủy buổi.")
        if to == SessionStatus.ANNOUNCED:
            error = plan_draft_error(locked.plan)
            if error:
                raise SessionError(error)
        if to == SessionStatus.HELD:
            short = lead_time_short(locked)
            if short and not note.strip():
                told, days = short
                raise SessionError(
                    f"Buổi thông báo cho Nhân dân ngày {told:%d/%m/%Y}, chưa đủ {days} ngày trước ngày tổ chức "
                    f"({locked.session_date:%d/%m/%Y}): cần ghi lý do vào ô “Ghi chú” để đánh dấu đã tổ chức."
                )
            if short:
                note = f"{SHORT_LEAD_NOTE} ({short[1]} ngày): {note.strip()}"
        for guard in _TRANSITION_GUARDS.get(to, ()):
            guard(locked)
        locked.status = to
        locked.save(update_fields=["status", "updated_at"])
        SessionTransition.objects.create(session=locked, from_status=from_status, to_status=to, by=by, note=note)
        if to == SessionStatus.ANNOUNCED:
            locked.tasks.filter(kind=SessionTask.Kind.ANNOUNCEMENT, done_at__isnull=True).update(done_at=timezone.now())
            session_announcement_publish(session=locked, by=by, detail="announced")
        if to == SessionStatus.CANCELLED and locked.announcement_published_at is not None:
            # The public was told of it: the public page now says it is cancelled (a publication too).
            event_log(user=by, action=Event.Action.PUBLISHED, obj=locked, detail="announcement cancelled")
    obj.status = to
    obj.announcement_published_at = locked.announcement_published_at
    return obj


#: A session in these states has nothing left to announce: it is not put on the public page.
UNPUBLISHABLE_STATES = (SessionStatus.DRAFT, SessionStatus.CANCELLED)


def session_announcement_publish(*, session, by, detail="button"):
    """Put SESSION's announcement (date, time, venue, villages, chair, content) on the public page.

    Called when the announcement (TB) is numbered, when the session is marked announced, and by
    the office's "Công khai lịch" button. Refuses a draft (its date is not fixed) or a cancelled
    session. Side effects: sets `announcement_published_at` (once: publishing again changes
    nothing) and writes a "published" event. Returns True when it published, False when it
    already was.
    """
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.announcement_published_at is not None:
            session.announcement_published_at = locked.announcement_published_at
            return False
        if locked.status in UNPUBLISHABLE_STATES:
            raise SessionError(
                "Chỉ công khai lịch của buổi đã chốt lịch (chưa hủy): "
                f"buổi đang ở trạng thái “{SessionStatus(locked.status).label}”."
            )
        locked.announcement_published_at = timezone.now()
        locked.save(update_fields=["announcement_published_at", "updated_at"])
        event_log(user=by, action=Event.Action.PUBLISHED, obj=locked, detail=f"announcement {detail}")
    session.announcement_published_at = locked.announcement_published_at
    return True


def session_announcement_unpublish(*, session, by, reason):
    """Take SESSION's announcement off the public page, for REASON (required).

    Side effects: clears `announcement_published_at`; writes an "unpublished" event with the reason.
    """
    reason = (reason or "").strip()
    if not reason:
        raise SessionError("Cần ghi lý do thôi công khai lịch của buổi.")
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.announcement_published_at is None:
            raise SessionError("Lịch của buổi chưa được công khai.")
        locked.announcement_published_at = None
        locked.save(update_fields=["announcement_published_at", "updated_at"])
        event_log(user=by, action=Event.Action.UNPUBLISHED, obj=locked, detail=f"announcement: {reason}")
    session.announcement_published_at = None
    return session


def transition_choices(session):
    """(status, label) of the moves the session page's status buttons offer.

    Leaves out a move that would only be refused: "held" before the session's date. Moves that
    another app guards (concluded: by issuing the conclusion notice; closed: once every assignment
    is done) are offered on that app's own panel, which explains what is still missing.
    """
    now = timezone.now()
    return [
        (s, TRANSITION_LABELS[s])
        for s in session.allowed_transitions()
        if not (s == SessionStatus.HELD and session.starts_at and session.starts_at > now)
        and not _TRANSITION_GUARDS.get(s)
    ]


def session_task_toggle(*, task, user):
    """Mark a preparation duty done, or not done again (the office of the session's side)."""
    require_manager(user, task.session, "đánh dấu việc chuẩn bị của buổi này")
    task.done_at = None if task.done_at else timezone.now()
    task.save(update_fields=["done_at"])
    if task.done_at is None:
        session_tasks_refresh(session=task.session)
    return task
