"""Views of a session's roster, letters, announcement, attendance and signature sheet (thin)."""

import json
import re
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dialogue.documents.docx import DOCX_CONTENT_TYPE, docx_response, render_document_docx
from dialogue.paging import page_of
from dialogue.pdf import pdf_response
from dialogue.spreadsheets import SpreadsheetError
from dialogue.text import fold, nfc
from dialogue.uploads import IMPORT_DIR, import_dir_prune
from directory.audit import event_log, event_log_ids
from directory.models import Event
from directory.permissions import can_manage_obj, can_read_roster
from sessions_app.attendance import attendance_counts, response_counts
from sessions_app.documents import announcement_document, invitation_document, signature_sheet_document
from sessions_app.enums import SessionStatus
from sessions_app.forms import (
    BatchFilterForm,
    HouseholdsPerVillageForm,
    ImportUploadForm,
    ParticipantForm,
    SessionDocumentForm,
)
from sessions_app.models import Participant, ParticipantGroup, PrintJob, ResponseState, Session, SessionDocument
from sessions_app.participants import (
    ROSTER_FIXED_STATES,
    ParticipantError,
    participant_add,
    participant_attend,
    participant_remove,
    participant_respond,
    roster_fill_from_composition,
    roster_fixed_error,
    roster_places,
    session_document_correct,
    session_document_current,
    session_document_frozen,
    session_document_take,
    session_households_set,
)
from sessions_app.pdf import render_announcement, render_invitations, render_signature_sheet
from sessions_app.printing import DOCX_DIRECT_MAX, batch_filter, print_job_start
from sessions_app.resources import (
    ImportFailed,
    roster_export,
    roster_import_confirm,
    roster_import_preview,
    roster_import_template,
)


def _session(request, pk, *, manage=False):
    session = get_object_or_404(
        Session.objects.visible_to(request.user).select_related(
            "plan__issuer", "plan__commune", "plan__signer", "chair"
        ),
        pk=pk,
    )
    # Rosters carry citizens' names and phone numbers: commune-wide readers only; writes
    # are for the office of the plan's side. To anyone else the page does not exist.
    allowed = can_manage_obj(request.user, session) if manage else can_read_roster(request.user, session.plan.commune)
    if not allowed:
        raise Http404("Không có quyền")
    return session


def _participant(session, ppk):
    return get_object_or_404(Participant, session=session, pk=ppk)


#: People a page of the roster and of the attendance list (about 130 KB of HTML at most).
ROSTER_PAGE = 100


def _narrowed(session, participants, request):
    """PARTICIPANTS narrowed by the list's village (`thon`) and name or phone (`q`, accents aside)."""
    village = request.GET.get("thon", "")
    if village.isdigit():
        participants = participants.filter(village_id=int(village))
    q = request.GET.get("q", "").strip()
    if q:
        participants = participants.filter(Q(search_name__contains=fold(q)) | Q(phone__contains=q))
    return participants, village, q


@login_required
def roster(request, pk):
    session = _session(request, pk)
    participants = session.participants.select_related("village", "unit")
    group = request.GET.get("nhom", "")
    if group in ParticipantGroup.values:
        participants = participants.filter(group=group)
    response = request.GET.get("tra_loi", "")
    if response in ResponseState.values:
        participants = participants.filter(response=response)
    participants, village, q = _narrowed(session, participants, request)
    page = page_of(participants.ordered(), request, size=ROSTER_PAGE)
    event_log(
        user=request.user, action=Event.Action.VIEWED_PERSONAL_DATA, obj=session, detail=f"roster {group}".strip()
    )
    return render(
        request,
        "sessions_app/roster.html",
        {
            "session": session,
            "participants": page.rows,
            "page": page,
            "village": village,
            "villages": session.villages.all(),
            "q": q,
            "places": roster_places(session),
            "counts": attendance_counts(session),
            "groups": ParticipantGroup.choices,
            "group": group,
            "response": response,
            "responses": ResponseState.choices,
            "answers": response_counts(session),
            "n_form": HouseholdsPerVillageForm(initial={"households_per_village": session.households_per_village}),
            # A fixed roster (notice issued, session closed or cancelled) offers no editing buttons.
            "roster_fixed": roster_fixed_error(session),
            "can_manage": can_manage_obj(request.user, session),
            "can_edit_roster": can_manage_obj(request.user, session) and not roster_fixed_error(session),
            # A letter is printed only once the invitation is numbered: before, its link would answer 404.
            "invitation_numbered": SessionDocument.objects.current()
            .filter(session=session, kind=SessionDocument.Kind.INVITATION)
            .exists(),
        },
    )


@login_required
@require_POST
def roster_fill(request, pk):
    session = _session(request, pk, manage=True)
    try:
        added = roster_fill_from_composition(session=session, user=request.user)
    except ParticipantError as exc:
        messages.error(request, str(exc))
        return redirect("sessions_app:roster", session.pk)
    if added:
        messages.success(request, f"Đã thêm {added} đại biểu từ danh bạ cán bộ theo thành phần của kế hoạch.")
    else:
        messages.info(request, "Không có ai để thêm: mọi cán bộ theo thành phần đã có trong danh sách.")
    return redirect("sessions_app:roster", session.pk)


@login_required
@require_POST
def roster_households(request, pk):
    session = _session(request, pk, manage=True)
    form = HouseholdsPerVillageForm(request.POST)
    if form.is_valid():
        try:
            session_households_set(
                session=session, households=form.cleaned_data["households_per_village"], user=request.user
            )
        except ParticipantError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Mỗi thôn, ấp mời {session.households_per_village} đại diện hộ gia đình.")
    else:
        messages.error(request, "Số đại diện hộ phải là số từ 0 đến 200.")
    return redirect("sessions_app:roster", session.pk)


@login_required
def participant_create(request, pk):
    session = _session(request, pk, manage=True)
    form = ParticipantForm(request.POST or None, session=session, initial={"group": request.GET.get("nhom")})
    if request.method == "POST" and form.is_valid():
        try:
            p = participant_add(session=session, user=request.user, **form.cleaned_data)
        except ParticipantError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Đã thêm {p.addressed_name} vào danh sách.")
            if "them_tiep" in request.POST:
                return redirect(reverse("sessions_app:participant_create", args=[session.pk]) + f"?nhom={p.group}")
            return redirect("sessions_app:roster", session.pk)
    return render(request, "sessions_app/participant_form.html", {"session": session, "form": form})


@login_required
@require_POST
def participant_response(request, pk, ppk):
    session = _session(request, pk, manage=True)
    p = _participant(session, ppk)
    try:
        participant_respond(participant=p, response=request.POST.get("response", ""), user=request.user)
    except ParticipantError as exc:
        messages.error(request, str(exc))
    return redirect(reverse("sessions_app:roster", args=[session.pk]) + f"#p{p.pk}")


@login_required
@require_POST
def participant_delete(request, pk, ppk):
    session = _session(request, pk, manage=True)
    p = _participant(session, ppk)
    try:
        participant_remove(participant=p, user=request.user)
    except ParticipantError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Đã xóa {p.addressed_name} khỏi danh sách.")
    return redirect("sessions_app:roster", session.pk)


# --- Import / export ----------------------------------------------------------------------


def _import_path(session, digest, name):
    suffix = ".xlsx" if name.lower().endswith(".xlsx") else ".csv"
    return IMPORT_DIR / f"{session.pk}-{digest}{suffix}"


def _cache_path(path):
    return path.with_name(path.name + ".json")


@login_required
def roster_import(request, pk):
    session = _session(request, pk, manage=True)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    preview = None
    name = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        name = upload.name
        content = upload.read(5 * 1024 * 1024 + 1)
        try:
            preview = roster_import_preview(
                session=session,
                name=name,
                content=content,
                default_group=form.cleaned_data["group"] or ParticipantGroup.HOUSEHOLDS,
            )
        except (SpreadsheetError, ImportFailed) as exc:
            form.add_error("file", str(exc))
        else:
            import_dir_prune()
            path = _import_path(session, preview.digest, name)
            path.write_bytes(content)
            # The checked rows, so that the confirm writes them without checking the file again.
            _cache_path(path).write_text(json.dumps(preview.cache()), encoding="utf-8")
    return render(
        request,
        "sessions_app/roster_import.html",
        {
            "session": session,
            "form": form,
            "preview": preview,
            "name": name,
            "valid_rows": ",".join(str(n) for n in preview.valid_rows) if preview else "",
        },
    )


@login_required
@require_POST
def roster_import_save(request, pk):
    session = _session(request, pk, manage=True)
    digest = request.POST.get("digest", "")
    name = request.POST.get("name", "")
    if not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise Http404
    path = _import_path(session, digest, name)
    if not path.is_file():
        messages.error(request, "Tệp xem trước không còn. Hãy tải tệp lên lại.")
        return redirect("sessions_app:roster_import", session.pk)
    cache = _cache_path(path)
    try:
        cached = json.loads(cache.read_text(encoding="utf-8")) if cache.is_file() else None
    except ValueError:
        cached = None
    try:
        valid_rows = [int(n) for n in request.POST.get("valid_rows", "").split(",") if n]
        preview = roster_import_confirm(
            session=session,
            name=name,
            content=path.read_bytes(),
            digest=digest,
            valid_rows=valid_rows,
            user=request.user,
            default_group=request.POST.get("group") or ParticipantGroup.HOUSEHOLDS,
            cached=cached,
        )
    except (SpreadsheetError, ImportFailed, ValueError) as exc:
        messages.error(request, str(exc))
        return redirect("sessions_app:roster_import", session.pk)
    finally:
        # Confirmed or refused, the file has served: a new attempt starts with a new upload.
        path.unlink(missing_ok=True)
        cache.unlink(missing_ok=True)
    messages.success(request, f"Đã nhập {len(preview.valid_rows)} người vào danh sách.")
    return redirect("sessions_app:roster", session.pk)


@login_required
def roster_import_template_xlsx(request, pk):
    session = _session(request, pk, manage=True)
    response = HttpResponse(
        roster_import_template(session),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-dai-bieu.xlsx"'
    return response


@login_required
def roster_xlsx(request, pk):
    session = _session(request, pk)
    ids = session.participants.values_list("pk", flat=True)
    event_log_ids(user=request.user, action=Event.Action.EXPORTED, obj=session, label="roster participants", ids=ids)
    if request.GET.get("dinh_dang") == "csv":
        response = HttpResponse(roster_export(session, fmt="csv"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="danh-sach-dai-bieu-{session.pk}.csv"'
        return response
    response = HttpResponse(
        roster_export(session), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="danh-sach-dai-bieu-{session.pk}.xlsx"'
    return response


# --- Letters, announcement, signature sheet ------------------------------------------------


@login_required
def documents(request, pk):
    """The letters page: number the invitation and announcement, print one, a group, or all."""
    session = _session(request, pk)
    docs = {
        d.kind: d
        for d in SessionDocument.objects.current().filter(session=session).select_related("issuer", "replaces")
    }
    replaced = SessionDocument.objects.filter(session=session, replaced_by__isnull=False).select_related(
        "issuer", "replaced_by__issuer"
    )
    return render(
        request,
        "sessions_app/documents.html",
        {
            "session": session,
            "invitation": docs.get(SessionDocument.Kind.INVITATION),
            "announcement": docs.get(SessionDocument.Kind.ANNOUNCEMENT),
            "invitation_originals": _originals(docs.get(SessionDocument.Kind.INVITATION)),
            "announcement_originals": _originals(docs.get(SessionDocument.Kind.ANNOUNCEMENT)),
            "replaced": replaced.order_by("kind", "created_at"),
            # Documents are replaced while the session is still to be held.
            "can_correct": session.status not in (SessionStatus.HELD, *ROSTER_FIXED_STATES),
            "gm_form": SessionDocumentForm(prefix="gm"),
            "tb_form": SessionDocumentForm(prefix="tb"),
            "gm_fix_form": SessionDocumentForm(prefix="fix-gm", session=session),
            "tb_fix_form": SessionDocumentForm(prefix="fix-tb", session=session),
            "batch_form": BatchFilterForm(session=session),
            "jobs": session.print_jobs.all()[:5],
            "count": session.participants.count(),
            "can_manage": can_manage_obj(request.user, session),
        },
    )


def _originals(document):
    if document is None:
        return []
    return list(document.originals.select_related("uploaded_by", "document").defer("pdf"))


@login_required
@require_POST
def document_create(request, pk, kind):
    session = _session(request, pk, manage=True)
    if kind not in SessionDocument.Kind.values:
        raise Http404
    form = SessionDocumentForm(request.POST, prefix=kind.lower(), session=session)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("sessions_app:documents", session.pk)
    try:
        doc = session_document_take(
            session=session,
            kind=kind,
            user=request.user,
            on_date=form.cleaned_data["issued_on"],
            content=form.cleaned_data["content"],
            external_number=form.cleaned_data["external_number"],
        )
    except ParticipantError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{doc.get_kind_display()} số {doc.symbol}.")
    return redirect("sessions_app:documents", session.pk)


@login_required
@require_POST
def document_correct(request, pk, kind):
    """Replace the numbered GM or TB by a correction with a new number ("thay thế văn bản số …")."""
    session = _session(request, pk, manage=True)
    if kind not in SessionDocument.Kind.values:
        raise Http404
    form = SessionDocumentForm(request.POST, prefix=f"fix-{kind.lower()}", session=session)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("sessions_app:documents", session.pk)
    try:
        doc = session_document_correct(
            session=session,
            kind=kind,
            user=request.user,
            reason=nfc(request.POST.get("reason", "")),
            on_date=form.cleaned_data["issued_on"],
            content=form.cleaned_data["content"] or None,
            external_number=form.cleaned_data["external_number"],
        )
    except ParticipantError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"{doc.get_kind_display()} số {doc.symbol} thay thế văn bản số {doc.replaces.symbol}."
        )
    return redirect("sessions_app:documents", session.pk)


@login_required
def document_pdf(request, pk, doc_pk):
    """Any numbered document of the session, a replaced one too, as it was frozen.

    An announcement: its stored PDF. An invitation: the letters of the roster, printed from
    its frozen text (without check-in codes: a replaced letter is not for checking in).
    """
    session = _session(request, pk)
    doc = get_object_or_404(SessionDocument.objects.select_related("issuer"), session=session, pk=doc_pk)
    doc = session_document_frozen(document=doc)
    if doc.kind == SessionDocument.Kind.ANNOUNCEMENT:
        filename, content = render_announcement(session, document=doc)
    else:
        participants = list(session.participants.ordered())
        if not participants:
            messages.error(request, "Danh sách mời chưa có ai: không có giấy mời để in.")
            return redirect("sessions_app:documents", session.pk)
        filename, content = render_invitations(session, participants, document=doc, with_qr=False)
    event_log(user=request.user, action=Event.Action.PRINTED, obj=session, detail=f"document {doc.symbol}")
    return pdf_response(filename, content)


def _document(session, kind):
    """The document KIND in force, frozen (an old one is frozen on its first download)."""
    doc = session_document_current(session=session, kind=kind)
    if doc is None:
        raise Http404("Chưa cấp số")
    return doc


@login_required
def invitation_pdf(request, pk, ppk):
    session = _session(request, pk)
    p = _participant(session, ppk)
    filename, content = render_invitations(
        session, [p], document=_document(session, SessionDocument.Kind.INVITATION), with_qr=request.GET.get("qr") != "0"
    )
    event_log(user=request.user, action=Event.Action.PRINTED, obj=session, detail=f"invitation participants {p.pk}")
    return pdf_response(filename, content)


@login_required
@require_POST
def invitation_batch(request, pk):
    session = _session(request, pk, manage=True)
    doc = session_document_current(session=session, kind=SessionDocument.Kind.INVITATION)
    if doc is None:
        messages.error(request, "Chưa cấp số giấy mời: hãy cấp số trước khi in.")
        return redirect("sessions_app:documents", session.pk)
    form = BatchFilterForm(request.POST, session=session)
    if not form.is_valid():
        messages.error(request, "Bộ lọc không hợp lệ.")
        return redirect("sessions_app:documents", session.pk)
    fmt = "docx" if request.POST.get("format") == "docx" else "pdf"
    job = print_job_start(
        session=session,
        document=doc,
        filters=form.filters(),
        user=request.user,
        with_qr=not form.cleaned_data["without_qr"],
        fmt=fmt,
    )
    if job.total == 0:
        messages.error(request, "Không có ai trong danh sách theo bộ lọc này.")
        return redirect("sessions_app:documents", session.pk)
    ids = batch_filter(session, job.filters).values_list("pk", flat=True)
    label = "invitations docx participants" if fmt == "docx" else "invitations participants"
    event_log_ids(user=request.user, action=Event.Action.PRINTED, obj=job, label=label, ids=ids)
    return redirect("sessions_app:print_job", session.pk, job.pk)


@login_required
def print_job(request, pk, job_pk):
    session = _session(request, pk)
    job = get_object_or_404(PrintJob, session=session, pk=job_pk)
    if request.GET.get("json"):
        return JsonResponse(
            {
                "status": job.status,
                "label": job.get_status_display(),
                "done": job.done,
                "total": job.total,
                "percent": job.percent,
                "error": job.error[:300],
                "download": reverse("sessions_app:print_job_file", args=[session.pk, job.pk]) if job.path else "",
            }
        )
    return render(
        request,
        "sessions_app/print_job.html",
        {"session": session, "job": job, "can_manage": can_manage_obj(request.user, session)},
    )


@login_required
def print_job_file(request, pk, job_pk):
    session = _session(request, pk)
    job = get_object_or_404(PrintJob, session=session, pk=job_pk, status=PrintJob.Status.DONE)
    path = Path(job.path)
    if not path.is_file() or not path.resolve().is_relative_to(Path(settings.DOCUMENTS_DIR).resolve()):
        raise Http404
    if job.filename.endswith(".docx"):  # Word opens it for editing: a download, never inline
        return FileResponse(path.open("rb"), content_type=DOCX_CONTENT_TYPE, filename=job.filename, as_attachment=True)
    return FileResponse(path.open("rb"), content_type="application/pdf", filename=job.filename)


@login_required
def announcement_pdf(request, pk):
    session = _session(request, pk)
    filename, content = render_announcement(session, document=_document(session, SessionDocument.Kind.ANNOUNCEMENT))
    event_log(user=request.user, action=Event.Action.PRINTED, obj=session, detail="announcement")
    return pdf_response(filename, content)


@login_required
def invitation_docx(request, pk, ppk):
    """One participant's invitation as .docx, from the same frozen text as its PDF."""
    session = _session(request, pk)
    p = _participant(session, ppk)
    doc = invitation_document(
        session, [p], document=_document(session, SessionDocument.Kind.INVITATION), with_qr=request.GET.get("qr") != "0"
    )
    event_log(
        user=request.user, action=Event.Action.PRINTED, obj=session, detail=f"invitation docx participants {p.pk}"
    )
    return docx_response(*render_document_docx(doc))


@login_required
def invitation_batch_docx(request, pk):
    """Every letter of the batch (all, one group or one village: the batch form's filters) in one .docx,
    each letter in a section of its own."""
    session = _session(request, pk, manage=True)
    document = _document(session, SessionDocument.Kind.INVITATION)
    form = BatchFilterForm(request.GET, session=session)
    if not form.is_valid():
        messages.error(request, "Bộ lọc không hợp lệ.")
        return redirect("sessions_app:documents", session.pk)
    participants = list(batch_filter(session, form.filters())[: DOCX_DIRECT_MAX + 1])
    if not participants:
        messages.error(request, "Không có ai trong danh sách theo bộ lọc này.")
        return redirect("sessions_app:documents", session.pk)
    if len(participants) > DOCX_DIRECT_MAX:
        # A long batch is written by the task queue, with its progress page (the button posts).
        messages.error(
            request,
            f"Trên {DOCX_DIRECT_MAX} giấy mời: bản Word được tạo trong nền. Hãy bấm “Tải bản Word (.docx)” "
            "ở trang văn bản của buổi.",
        )
        return redirect("sessions_app:documents", session.pk)
    doc = invitation_document(session, participants, document=document, with_qr=not form.cleaned_data["without_qr"])
    filename, content = render_document_docx(doc)
    ids = [p.pk for p in participants]
    event_log_ids(
        user=request.user, action=Event.Action.PRINTED, obj=session, label="invitations docx participants", ids=ids
    )
    return docx_response(filename, content)


@login_required
def announcement_docx(request, pk):
    session = _session(request, pk)
    doc = announcement_document(session, document=_document(session, SessionDocument.Kind.ANNOUNCEMENT))
    event_log(user=request.user, action=Event.Action.PRINTED, obj=session, detail="announcement docx")
    return docx_response(*render_document_docx(doc))


@login_required
def signature_sheet_docx(request, pk):
    session = _session(request, pk)
    participants = list(Participant.objects.filter(session=session).ordered_for_sheet())
    filename, content = render_document_docx(signature_sheet_document(session, participants))
    ids = [p.pk for p in participants]
    event_log_ids(
        user=request.user, action=Event.Action.PRINTED, obj=session, label="signature sheet docx participants", ids=ids
    )
    return docx_response(filename, content)


@login_required
def signature_sheet_pdf(request, pk):
    session = _session(request, pk)
    participants = Participant.objects.filter(session=session).ordered_for_sheet()
    filename, content = render_signature_sheet(session, participants)
    ids = [p.pk for p in participants]
    event_log_ids(
        user=request.user, action=Event.Action.PRINTED, obj=session, label="signature sheet participants", ids=ids
    )
    return pdf_response(filename, content)


# --- Attendance on the day -------------------------------------------------------------------


@login_required
def attendance(request, pk):
    session = _session(request, pk)
    participants, village, q = _narrowed(session, session.participants.select_related("village"), request)
    page = page_of(participants.ordered(), request, size=ROSTER_PAGE)
    return render(
        request,
        "sessions_app/attendance.html",
        {
            "session": session,
            "participants": page.rows,
            "page": page,
            "village": village,
            "villages": session.villages.all(),
            "back": page.base_query + (f"&trang={page.number}" if page.number > 1 else ""),
            "counts": attendance_counts(session),
            "q": q,
            "groups": ParticipantGroup.choices,
            "roster_fixed": roster_fixed_error(session),
            "can_manage": can_manage_obj(request.user, session) and not roster_fixed_error(session),
        },
    )


@login_required
@require_POST
def attendance_tick(request, pk, ppk):
    session = _session(request, pk, manage=True)
    p = _participant(session, ppk)
    present = request.POST.get("present", "1") == "1"
    try:
        participant_attend(participant=p, present=present, user=request.user)
    except ParticipantError as exc:
        if request.headers.get("x-requested-with") == "fetch":
            return JsonResponse({"error": str(exc)}, status=409)
        messages.error(request, str(exc))
        return redirect("sessions_app:attendance", session.pk)
    if request.headers.get("x-requested-with") == "fetch" or request.headers.get("accept", "").startswith(
        "application/json"
    ):
        return JsonResponse({"id": p.pk, "present": p.attended_at is not None, "counts": attendance_counts(session)})
    # Back to the page and search the tick was made from (only the list's own parameters).
    back = QueryDict(request.POST.get("back", ""))
    query = urlencode({k: back[k] for k in ("q", "thon", "trang") if back.get(k)})
    return redirect(
        reverse("sessions_app:attendance", args=[session.pk]) + (f"?{query}" if query else "") + f"#p{p.pk}"
    )


@login_required
def attendance_counts_json(request, pk):
    session = _session(request, pk)
    return JsonResponse(attendance_counts(session))


@login_required
def checkin(request, token):
    """The address in a letter's QR code: an office clerk scans it and confirms the person is here."""
    p = get_object_or_404(
        Participant.objects.visible_to(request.user).select_related("session__plan__commune", "village"),
        checkin_token=token,
    )
    if not can_manage_obj(request.user, p.session):
        raise Http404
    if request.method == "POST":
        try:
            participant_attend(participant=p, present=True, user=request.user)
        except ParticipantError as exc:
            messages.error(request, str(exc))
            return redirect("sessions_app:attendance", p.session_id)
        messages.success(request, f"Đã điểm danh: {p.addressed_name} có mặt.")
        return redirect("sessions_app:attendance", p.session_id)
    return render(request, "sessions_app/checkin.html", {"p": p, "session": p.session})
