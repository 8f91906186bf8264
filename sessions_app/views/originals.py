"""Signed originals of plans and of a session's invitation and announcement: upload and download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from dialogue.pdf import pdf_response
from directory.audit import event_log
from directory.models import Event
from directory.permissions import can_manage_obj
from directory.signed import SignedOriginalError, signed_original_message
from sessions_app.models import Plan, PlanOriginal, SessionDocument, SessionDocumentOriginal
from sessions_app.originals import plan_original_add, session_document_original_add

from .rosters import _session


def _uploaded(request):
    upload = request.FILES.get("original")
    if upload is None:
        messages.error(request, "Chọn tệp PDF bản đã ký, đóng dấu để tải lên.")
    return upload


def original_filename(stem, original):
    return f"{stem}-ban-da-ky-{original.sha256[:8]}.pdf"


@login_required
@require_POST
def plan_original_upload(request, pk):
    plan = get_object_or_404(Plan.objects.visible_to(request.user).select_related("issuer"), pk=pk)
    if not can_manage_obj(request.user, plan):
        raise Http404("Không có quyền")
    upload = _uploaded(request)
    if upload is not None:
        try:
            original = plan_original_add(plan=plan, upload=upload, user=request.user)
        except SignedOriginalError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, signed_original_message(original))
    return redirect(plan)


@login_required
def plan_original_file(request, pk, opk):
    plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=pk)
    original = get_object_or_404(PlanOriginal, plan=plan, pk=opk)
    event_log(user=request.user, action=Event.Action.PRINTED, obj=plan, detail=f"plan original {original.pk}")
    return pdf_response(original_filename(f"ke-hoach-{plan.number:02d}-{plan.year}", original), bytes(original.pdf))


def _document(session, kind):
    if kind not in SessionDocument.Kind.values:
        raise Http404
    return get_object_or_404(SessionDocument.objects.select_related("issuer", "session"), session=session, kind=kind)


@login_required
@require_POST
def document_original_upload(request, pk, kind):
    session = _session(request, pk, manage=True)
    document = _document(session, kind)
    upload = _uploaded(request)
    if upload is not None:
        try:
            original = session_document_original_add(document=document, upload=upload, user=request.user)
        except SignedOriginalError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, signed_original_message(original))
    return redirect("sessions_app:documents", session.pk)


@login_required
def document_original_file(request, pk, kind, o):
    session = _session(request, pk)
    document = _document(session, kind)
    original = get_object_or_404(SessionDocumentOriginal, document=document, pk=o)
    event_log(user=request.user, action=Event.Action.PRINTED, obj=session, detail=f"{kind} original {original.pk}")
    stem = "giay-moi" if kind == SessionDocument.Kind.INVITATION else "thong-bao"
    return pdf_response(original_filename(f"{stem}-{document.number:02d}", original), bytes(original.pdf))
