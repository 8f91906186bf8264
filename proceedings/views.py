from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from dialogue.documents.docx import docx_response
from dialogue.http import status_post
from dialogue.pdf import pdf_response
from directory.audit import event_log
from directory.models import Event
from directory.permissions import can_manage_obj, can_read_roster
from sessions_app.enums import SessionStatus
from sessions_app.models import Session

from .briefing import briefing_pack, can_read_briefing
from .enums import MINUTES_MOVE_LABELS, MinutesStatus
from .errors import ProceedingsError
from .forms import MinutesForm, ProgrammeFormSet
from .models import Minutes
from .pdf import render_briefing, render_minutes, render_programme
from .services import (
    minutes_change_status,
    minutes_refill,
    minutes_save,
    minutes_start,
    programme_rows,
    programme_save,
)


def _session(request, pk):
    return get_object_or_404(
        Session.objects.visible_to(request.user).select_related("plan__issuer", "plan__commune", "chair"), pk=pk
    )


def _minutes(request, pk):
    """Minutes hold citizens' names: the commune-wide readers only (not unit officials, not the province)."""
    minutes = get_object_or_404(
        Minutes.objects.visible_to(request.user).select_related(
            "session__plan__issuer", "session__plan__commune", "issuer", "chair", "secretary"
        ),
        pk=pk,
    )
    if not can_read_roster(request.user, minutes.session.plan.commune):
        raise Http404("Không có quyền")
    return minutes


# --- the programme ----------------------------------------------------------------------


@login_required
def programme_edit(request, session_pk):
    session = _session(request, session_pk)
    if not can_manage_obj(request.user, session):
        raise Http404("Không có quyền")
    if session.status == SessionStatus.CANCELLED:
        messages.error(request, "Buổi đã hủy: không sửa chương trình được.")
        return redirect(session)
    rows, is_default = programme_rows(session)
    initial = [
        {"position": n, "starts_at": r.starts_at, "item": r.item, "presenter": r.presenter}
        for n, r in enumerate(rows, start=1)
    ]
    formset = ProgrammeFormSet(request.POST or None, initial=initial, prefix="rows")
    if request.method == "POST":
        if formset.is_valid():
            try:
                programme_save(session=session, rows=formset.rows(), user=request.user)
            except ProceedingsError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "Đã lưu chương trình của buổi.")
                return redirect(f"{session.get_absolute_url()}#session-programme")
        else:
            messages.error(request, "Chưa lưu được: kiểm tra các ô được đánh dấu đỏ.")
    return render(
        request,
        "proceedings/programme_form.html",
        {"session": session, "formset": formset, "is_default": is_default},
    )


@login_required
def programme_pdf(request, session_pk):
    session = _session(request, session_pk)
    rows, _ = programme_rows(session)
    filename, content = render_programme(session, rows)
    event_log(user=request.user, action=Event.Action.PRINTED, obj=session, detail="programme")
    return pdf_response(filename, content)


@login_required
def programme_docx(request, session_pk):
    """The programme as .docx: the same text as its PDF, to edit in Word."""
    session = _session(request, session_pk)
    rows, _ = programme_rows(session)
    event_log(user=request.user, action=Event.Action.PRINTED, obj=session, detail="programme docx")
    return docx_response(*render_programme(session, rows, "docx"))


# --- the minutes ------------------------------------------------------------------------


@login_required
@require_POST
def minutes_create(request, session_pk):
    session = _session(request, session_pk)
    try:
        minutes = minutes_start(session=session, user=request.user)
    except ProceedingsError as exc:
        messages.error(request, str(exc))
        return redirect(session)
    messages.success(request, "Đã lập dự thảo biên bản từ dữ liệu của buổi; văn phòng sửa, bổ sung trước khi ký.")
    return redirect(minutes)


@login_required
def minutes_detail(request, pk):
    minutes = _minutes(request, pk)
    manage = can_manage_obj(request.user, minutes)
    return render(
        request,
        "proceedings/minutes_detail.html",
        {
            "minutes": minutes,
            "session": minutes.session,
            "can_manage": manage,
            "moves": [(to, MINUTES_MOVE_LABELS[to]) for to in minutes.allowed_transitions()] if manage else [],
            "transitions": minutes.transitions.select_related("by"),
        },
    )


@login_required
def minutes_update(request, pk):
    minutes = _minutes(request, pk)
    if not can_manage_obj(request.user, minutes):
        raise Http404("Không có quyền")
    if not minutes.is_editable:
        messages.error(request, "Biên bản đã ký và cấp số, không sửa được.")
        return redirect(minutes)
    form = MinutesForm(request.POST or None, instance=minutes, commune=minutes.session.plan.commune)
    if request.method == "POST":
        if form.is_valid():
            try:
                minutes_save(minutes=form.save(commit=False), user=request.user)
            except ProceedingsError as exc:
                form.add_error(None, str(exc))
                messages.error(request, str(exc))
            else:
                messages.success(request, "Đã lưu dự thảo biên bản.")
                return redirect(minutes)
        else:
            messages.error(request, "Chưa lưu được: kiểm tra các ô được đánh dấu đỏ.")
    return render(request, "proceedings/minutes_form.html", {"form": form, "minutes": minutes})


@login_required
@require_POST
def minutes_redraft(request, pk):
    minutes = _minutes(request, pk)
    try:
        minutes_refill(minutes=minutes, user=request.user)
    except ProceedingsError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Đã soạn lại các phần của biên bản từ dữ liệu mới nhất của buổi.")
    return redirect(minutes)


@login_required
@require_POST
def minutes_status(request, pk):
    return status_post(
        request,
        _minutes(request, pk),
        door=minutes_change_status,
        statuses=MinutesStatus.values,
        error=ProceedingsError,
        success=lambda m: f"Biên bản đã ký, cấp số {m.symbol} và khóa nội dung.",
    )


@login_required
def minutes_pdf(request, pk):
    minutes = _minutes(request, pk)
    event_log(user=request.user, action=Event.Action.PRINTED, obj=minutes, detail="minutes")
    if minutes.is_signed and minutes.pdf:
        return pdf_response(f"bien-ban-{minutes.number:02d}-buoi-{minutes.session_id}.pdf", bytes(minutes.pdf))
    filename, content = render_minutes(minutes)
    return pdf_response(filename, content)


@login_required
def minutes_docx(request, pk):
    """The minutes as .docx: the draft marked "DỰ THẢO", or the signed minutes' own .docx kept at
    signing (minutes signed before it was kept: printed again from their frozen snapshot)."""
    minutes = _minutes(request, pk)
    event_log(user=request.user, action=Event.Action.PRINTED, obj=minutes, detail="minutes docx")
    if minutes.is_signed and minutes.docx:
        return docx_response(f"bien-ban-{minutes.number:02d}-buoi-{minutes.session_id}.docx", bytes(minutes.docx))
    return docx_response(*render_minutes(minutes, "docx"))


# --- the briefing pack ------------------------------------------------------------------


def _briefing_session(request, session_pk):
    session = _session(request, session_pk)
    if not can_read_briefing(request.user, session.plan.commune):
        raise Http404("Không có quyền")
    return session


@login_required
def briefing(request, session_pk):
    session = _briefing_session(request, session_pk)
    return render(request, "proceedings/briefing.html", {"session": session, **briefing_pack(session, request.user)})


@login_required
def briefing_pdf(request, session_pk):
    session = _briefing_session(request, session_pk)
    filename, content = render_briefing(session, briefing_pack(session, request.user))
    event_log(user=request.user, action=Event.Action.PRINTED, obj=session, detail="briefing")
    return pdf_response(filename, content)


@login_required
def briefing_docx(request, session_pk):
    session = _briefing_session(request, session_pk)
    filename, content = render_briefing(session, briefing_pack(session, request.user), "docx")
    event_log(user=request.user, action=Event.Action.PRINTED, obj=session, detail="briefing docx")
    return docx_response(filename, content)
