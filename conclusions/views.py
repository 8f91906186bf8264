from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from dialogue.documents.docx import docx_response
from dialogue.http import status_post
from dialogue.pdf import pdf_response
from dialogue.text import nfc
from dialogue.views import no_commune
from directory.audit import event_log
from directory.models import Event
from directory.permissions import can_approve, can_manage, can_manage_obj, unit_ids_of
from directory.signed import signed_original_message
from sessions_app.models import Session

from .enums import (
    ASSIGNMENT_REVIEW_MOVES,
    DONE_ASSIGNMENT_STATES,
    NOTICE_MOVE_LABELS,
    AssignmentStatus,
    NoticeStatus,
    assignment_move_label,
)
from .forms import AssignmentForm, NoticeForm, ProgressForm
from .models import Assignment, ConclusionNotice, NoticeOriginal, ProgressNote
from .pdf import render_notice, render_village_copies
from .services import (
    ConclusionError,
    assignment_change_status,
    assignment_delete,
    assignment_save,
    can_report_on,
    can_review_assignment,
    notice_change_status,
    notice_correction_start,
    notice_delete,
    notice_initial,
    notice_original_add,
    notice_publish_results,
    notice_save,
    notice_unpublish_results,
    open_petitions_not_followed,
    progress_add,
    session_close,
    session_facts,
)


def _notices(user):
    return ConclusionNotice.objects.visible_to(user).select_related("session__plan__commune", "issuer", "signer")


@login_required
def notice_list(request):
    if request.commune is None:
        return no_commune(request)
    notices = _notices(request.user).in_commune(request.commune)
    status = request.GET.get("trang_thai", "")
    if status in NoticeStatus.values:
        notices = notices.filter(status=status)
    held = (
        Session.objects.visible_to(request.user)
        .in_commune(request.commune)
        .filter(status="held")
        .exclude(conclusion_notices__isnull=False)
        .select_related("plan")
    )
    return render(
        request,
        "conclusions/notice_list.html",
        {"notices": notices, "status": status, "statuses": NoticeStatus.choices, "held_sessions": held},
    )


def _notice_edit(request, notice, session):
    commune = session.plan.commune
    if not can_manage_obj(request.user, session):
        raise Http404("Không có quyền soạn thông báo kết luận của buổi này")
    if notice.pk and not notice.is_editable:
        messages.error(request, "Thông báo đã trình duyệt hoặc đã ban hành, không sửa được.")
        return redirect(notice)
    initial = notice_initial(session) if notice.pk is None else None
    form = NoticeForm(request.POST or None, instance=notice, commune=commune, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            notice = notice_save(notice=form.save(commit=False), user=request.user)
        except ConclusionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Đã lưu dự thảo thông báo kết luận.")
            return redirect(notice)
    if request.method == "POST":
        messages.error(request, "Chưa lưu được: kiểm tra các ô được đánh dấu đỏ.")
    return render(
        request,
        "conclusions/notice_form.html",
        {"form": form, "notice": notice, "session": session, "facts": session_facts(session)},
    )


@login_required
def notice_create(request, session_pk):
    session = get_object_or_404(
        Session.objects.visible_to(request.user).select_related("plan__issuer", "plan__commune", "chair"), pk=session_pk
    )
    if session.status not in ("held", "concluded", "closed"):
        messages.error(
            request,
            f"Buổi đang ở trạng thái “{session.get_status_display()}”: chỉ lập thông báo kết luận khi buổi đã tổ chức.",
        )
        return redirect(session)
    return _notice_edit(request, ConclusionNotice(session=session, issuer=session.plan.issuer), session)


@login_required
def notice_update(request, pk):
    notice = get_object_or_404(_notices(request.user), pk=pk)
    return _notice_edit(request, notice, notice.session)


@login_required
def notice_detail(request, pk):
    notice = get_object_or_404(_notices(request.user), pk=pk)
    commune = notice.session.plan.commune
    manage = can_manage_obj(request.user, notice)
    moves = []
    for to in notice.allowed_transitions():
        allowed = can_approve(request.user, commune) if to == NoticeStatus.ISSUED else manage
        if to == NoticeStatus.DRAFT:
            allowed = manage or can_approve(request.user, commune)
        moves.append((to, NOTICE_MOVE_LABELS[to], allowed))
    return render(
        request,
        "conclusions/notice_detail.html",
        {
            "notice": notice,
            "session": notice.session,
            "assignments": notice.assignments.select_related("unit").prefetch_related("petitions"),
            # Only the assignments this user may open are links: another unit's would answer 404.
            "openable": set(
                Assignment.objects.visible_to(request.user).filter(notice=notice).values_list("pk", flat=True)
            ),
            "transitions": notice.transitions.select_related("by"),
            # Returned to its author: the latest move was back from "pending approval" to draft.
            "returned": notice.transitions.filter(
                from_status=NoticeStatus.PENDING_APPROVAL, to_status=NoticeStatus.DRAFT
            )
            .select_related("by")
            .order_by("-at", "-pk")
            .first()
            if notice.status == NoticeStatus.DRAFT
            else None,
            "corrections": notice.corrections.all(),
            "originals": list(notice.originals.select_related("uploaded_by", "notice").defer("pdf")),
            "moves": moves,
            "can_manage": manage,
        },
    )


@login_required
@require_POST
def notice_status(request, pk):
    return status_post(
        request,
        get_object_or_404(_notices(request.user), pk=pk),
        door=notice_change_status,
        statuses=NoticeStatus.values,
        error=ConclusionError,
        success=lambda n: (
            f"Đã ban hành Thông báo số {n.symbol}."
            if n.is_issued
            else f"Thông báo đã chuyển sang “{n.get_status_display()}”."
        ),
    )


@login_required
def notice_pdf(request, pk):
    notice = get_object_or_404(_notices(request.user), pk=pk)
    event_log(user=request.user, action=Event.Action.PRINTED, obj=notice, detail="notice")
    if notice.is_issued and notice.pdf:
        number = f"{notice.number:02d}"
        return pdf_response(f"thong-bao-ket-luan-{number}-{notice.issued_on.year}.pdf", bytes(notice.pdf))
    filename, content = render_notice(notice)
    return pdf_response(filename, content)


@login_required
@require_POST
def notice_original_upload(request, pk):
    notice = get_object_or_404(_notices(request.user), pk=pk)
    if not can_manage_obj(request.user, notice):
        raise Http404("Không có quyền")
    upload = request.FILES.get("original")
    if upload is None:
        messages.error(request, "Chọn tệp PDF bản đã ký, đóng dấu để tải lên.")
        return redirect(notice)
    try:
        original = notice_original_add(notice=notice, upload=upload, user=request.user)
    except ConclusionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, signed_original_message(original))
    return redirect(notice)


@login_required
def notice_original_file(request, pk, opk):
    notice = get_object_or_404(_notices(request.user), pk=pk)
    original = get_object_or_404(NoticeOriginal, notice=notice, pk=opk)
    event_log(user=request.user, action=Event.Action.PRINTED, obj=notice, detail=f"notice original {original.pk}")
    name = f"thong-bao-ket-luan-{notice.number:02d}-{notice.issued_on.year}-ban-da-ky-{original.sha256[:8]}.pdf"
    return pdf_response(name, bytes(original.pdf))


@login_required
def notice_village_copies(request, pk):
    notice = get_object_or_404(_notices(request.user), pk=pk)
    if not notice.is_issued:
        raise Http404("Thông báo chưa ban hành")
    filename, content = render_village_copies(notice)
    event_log(user=request.user, action=Event.Action.PRINTED, obj=notice, detail="village copies")
    return pdf_response(filename, content)


@login_required
def notice_docx(request, pk):
    """The notice as .docx: the issued notice's own frozen text, or the draft marked "DỰ THẢO"."""
    notice = get_object_or_404(_notices(request.user), pk=pk)
    event_log(user=request.user, action=Event.Action.PRINTED, obj=notice, detail="notice docx")
    return docx_response(*render_notice(notice, "docx"))


@login_required
def notice_village_copies_docx(request, pk):
    notice = get_object_or_404(_notices(request.user), pk=pk)
    if not notice.is_issued:
        raise Http404("Thông báo chưa ban hành")
    event_log(user=request.user, action=Event.Action.PRINTED, obj=notice, detail="village copies docx")
    return docx_response(*render_village_copies(notice, "docx"))


@login_required
@require_POST
def notice_publish(request, pk):
    notice = get_object_or_404(_notices(request.user), pk=pk)
    try:
        notice_publish_results(notice=notice, user=request.user)
    except ConclusionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Đã công khai kết quả: thông báo và kết quả giải quyết ý kiến đã lên trang của xã.")
    return redirect(notice)


@login_required
@require_POST
def notice_unpublish(request, pk):
    notice = get_object_or_404(_notices(request.user), pk=pk)
    try:
        notice_unpublish_results(notice=notice, user=request.user, reason=nfc(request.POST.get("reason", "")))
    except ConclusionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Đã thôi công khai kết quả.")
    return redirect(notice)


@login_required
@require_POST
def notice_correct(request, pk):
    notice = get_object_or_404(_notices(request.user), pk=pk)
    try:
        correction = notice_correction_start(notice=notice, user=request.user)
    except ConclusionError as exc:
        messages.error(request, str(exc))
        return redirect(notice)
    messages.success(request, "Đã tạo dự thảo thông báo đính chính.")
    return redirect(correction)


@login_required
@require_POST
def notice_remove(request, pk):
    notice = get_object_or_404(_notices(request.user), pk=pk)
    session = notice.session
    try:
        notice_delete(notice=notice, user=request.user)
    except ConclusionError as exc:
        messages.error(request, str(exc))
        return redirect(notice)
    messages.success(request, "Đã xóa dự thảo.")
    return redirect(session)


def _assignment_edit(request, notice, assignment):
    commune = notice.session.plan.commune
    if not can_manage_obj(request.user, notice):
        raise Http404("Không có quyền soạn thông báo kết luận của buổi này")
    if not notice.is_editable:
        messages.error(request, "Thông báo đã trình duyệt hoặc đã ban hành: không thêm, sửa nhiệm vụ được.")
        return redirect(notice)
    form = AssignmentForm(request.POST or None, instance=assignment, commune=commune, session=notice.session)
    if request.method == "POST" and form.is_valid():
        try:
            assignment_save(
                assignment=form.save(commit=False), user=request.user, petitions=list(form.cleaned_data["petitions"])
            )
        except ConclusionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Đã lưu nhiệm vụ.")
            return redirect(notice)
    if request.method == "POST":
        messages.error(request, "Chưa lưu được: kiểm tra các ô được đánh dấu đỏ.")
    context = {"form": form, "notice": notice, "assignment": assignment}
    return render(request, "conclusions/assignment_form.html", context)


@login_required
def assignment_create(request, notice_pk):
    notice = get_object_or_404(_notices(request.user), pk=notice_pk)
    return _assignment_edit(request, notice, Assignment(notice=notice))


@login_required
def assignment_update(request, pk):
    assignment = get_object_or_404(Assignment.objects.visible_to(request.user), pk=pk)
    return _assignment_edit(request, assignment.notice, assignment)


@login_required
@require_POST
def assignment_remove(request, pk):
    assignment = get_object_or_404(Assignment.objects.visible_to(request.user), pk=pk)
    notice = assignment.notice
    try:
        assignment_delete(assignment=assignment, user=request.user)
    except ConclusionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Đã xóa nhiệm vụ.")
    return redirect(notice)


@login_required
def assignment_detail(request, pk):
    assignment = get_object_or_404(
        Assignment.objects.visible_to(request.user).select_related("unit", "notice__session__plan"), pk=pk
    )
    issued = assignment.notice.is_issued
    may_report = can_report_on(request.user, assignment) and issued
    may_review = can_review_assignment(request.user, assignment) and issued
    status = AssignmentStatus(assignment.status)
    moves = [
        (s, assignment_move_label(status, s))
        for s in assignment.allowed_transitions()
        if (may_review if (status, s) in ASSIGNMENT_REVIEW_MOVES else may_report)
    ]
    return render(
        request,
        "conclusions/assignment_detail.html",
        {
            "a": assignment,
            "notice": assignment.notice,
            "notes": assignment.progress_notes.select_related("by"),
            "transitions": assignment.transitions.select_related("by"),
            "petitions": assignment.petitions.select_related("topic"),
            "may_report": may_report,
            "moves": moves,
            "form": ProgressForm(),
        },
    )


@login_required
@require_POST
def assignment_status(request, pk):
    return status_post(
        request,
        get_object_or_404(Assignment.objects.visible_to(request.user), pk=pk),
        door=assignment_change_status,
        statuses=AssignmentStatus.values,
        error=ConclusionError,
        success=lambda a: f"Nhiệm vụ đã chuyển sang “{a.get_status_display()}”.",
    )


@login_required
@require_POST
def assignment_progress(request, pk):
    assignment = get_object_or_404(Assignment.objects.visible_to(request.user), pk=pk)
    form = ProgressForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(assignment)
    try:
        progress_add(
            assignment=assignment,
            text=form.cleaned_data["text"],
            user=request.user,
            evidence=form.cleaned_data.get("evidence"),
        )
    except (ConclusionError, ValidationError) as exc:
        messages.error(request, str(exc.message if isinstance(exc, ValidationError) else exc))
    else:
        messages.success(request, "Đã ghi báo cáo tiến độ.")
    return redirect(assignment)


@login_required
def evidence_download(request, pk):
    note = get_object_or_404(
        ProgressNote.objects.filter(assignment__in=Assignment.objects.visible_to(request.user)), pk=pk
    )
    if not note.evidence:
        raise Http404("Không có tệp")
    return FileResponse(note.evidence.open("rb"), as_attachment=True, filename=note.evidence_name or "minh-chung")


def _grouped(rows, key, label):
    groups = {}
    for row in rows:
        group = groups.setdefault(key(row), {"label": label(row), "rows": [], "overdue": 0})
        group["rows"].append(row)
        group["overdue"] += row.is_overdue
    return list(groups.values())


@login_required
def board(request):
    """Every followed assignment in scope, grouped by session or by unit, overdue first."""
    if request.commune is None:
        return no_commune(request)
    rows = (
        Assignment.objects.visible_to(request.user)
        .followed()
        .filter(notice__session__plan__commune=request.commune)
        .select_related("unit", "notice__session__plan__issuer", "notice__issuer")
        .prefetch_related("notice__session__villages")
    )
    show = request.GET.get("trang_thai", "mo")
    if show == "mo":
        rows = rows.exclude(status__in=DONE_ASSIGNMENT_STATES)
    elif show == "cho_xac_nhan":
        rows = rows.filter(status=AssignmentStatus.DONE)
    elif show == "qua_han":
        rows = rows.overdue()
    rows = list(rows.board_order())
    by = request.GET.get("theo", "buoi")
    if by == "don_vi":
        groups = _grouped(rows, key=lambda a: a.unit_id, label=lambda a: a.unit.name)
    else:
        by = "buoi"
        groups = _grouped(
            rows,
            key=lambda a: a.notice.session_id,
            label=lambda a: f"{a.notice.session.display_title} – {a.notice.session.when}",
        )
    sessions_ready = {
        s.pk: s
        for s in Session.objects.visible_to(request.user)
        .in_commune(request.commune)
        .filter(status="concluded")
        .select_related("plan__issuer")
        if can_manage_obj(request.user, s)
    }
    return render(
        request,
        "conclusions/board.html",
        {
            "groups": groups,
            "by": by,
            "show": show,
            "total": len(rows),
            "overdue": sum(a.is_overdue for a in rows),
            "my_units": unit_ids_of(request.user, request.commune),
            "can_manage": can_manage(request.user, request.commune),
            "concluded_sessions": sessions_ready.values(),
        },
    )


@login_required
@require_POST
def session_close_view(request, session_pk):
    session = get_object_or_404(Session.objects.visible_to(request.user), pk=session_pk)
    try:
        session_close(session=session, user=request.user)
    except ConclusionError as exc:
        if open_petitions_not_followed(session).exists():
            link = reverse("petitions:list") + f"?buoi={session.pk}"
            messages.error(request, format_html('{} <a href="{}">Xem các ý kiến của buổi</a>.', str(exc), link))
        else:
            messages.error(request, str(exc))
    else:
        messages.success(request, "Buổi đã hoàn thành: mọi nhiệm vụ đã thực hiện xong.")
    return redirect(request.POST.get("next") or session.get_absolute_url())
