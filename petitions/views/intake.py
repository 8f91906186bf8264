"""Taking petitions in: the single form, the fast intake of a session, suggestions, the Excel import."""

import datetime
import os
import re
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.files import File
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dialogue.uploads import IMPORT_DIR, IMPORT_KEEP_SECONDS, import_dir_prune
from dialogue.views import no_commune
from directory.jobs import job_start, job_upload_save
from sessions_app.models import Session

from .. import services
from ..forms import (
    PRIVACY_NOTICE,
    ImportForm,
    PetitionForm,
    topics_for,
)
from ..models import Kind, Petition
from ..resources import IMPORT_INLINE_ROWS, import_check, import_template, import_xlsx
from ..services import PetitionError


def _intake(request, session=None):
    commune = request.commune
    if not services.can_intake(request.user, commune):
        raise Http404
    sticky_key = f"petition_intake_{session.pk if session else 0}"
    if request.method == "POST" and request.POST.get("bo_giu"):
        # "Bỏ thông tin giữ lại": the next entry starts from a blank village and topic.
        request.session.pop(sticky_key, None)
        return redirect(request.path)
    form = PetitionForm(request.POST or None, commune=commune, session=session, user=request.user)
    carried = []
    if request.method == "GET":
        # Keep the place between entries: the village and topic of the last petition stay
        # chosen, and the page says so (carried), with one key to clear them.
        carried = _carry_over(form, request.session.get(sticky_key, {}))
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        try:
            petition = services.petition_create(commune=commune, by=request.user, **data)
        except PetitionError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"Đã ghi ý kiến, mã tiếp nhận {petition.code}.")
            request.session[sticky_key] = {
                "village": petition.village_id,
                "topic": petition.topic_id,
                "kind": petition.kind,
                "received_on": petition.received_on.isoformat(),
            }
            if session is not None or request.POST.get("tiep"):
                # Keep the place: same page, ready for the next person (each recent row prints its slip).
                request.session[f"{sticky_key}_last"] = petition.pk
                return redirect(request.path)
            return redirect(petition)
    recent = []
    if session is not None:
        recent = (
            Petition.objects.visible_to(request.user)
            .filter(session=session)
            .select_related("village", "topic")
            .order_by("-id")[:100]
        )
    return render(
        request,
        "petitions/intake.html",
        {
            "form": form,
            "session": session,
            "recent": recent,
            "privacy_notice": PRIVACY_NOTICE,
            "carried": carried,
            # The citizen's receipt slip of the petition just entered, one click away.
            "last_receipt": request.session.pop(f"{sticky_key}_last", None) if request.method == "GET" else None,
        },
    )


def _carry_over(form, sticky):
    """Set FORM's initial values from the last entry (STICKY); return what was carried.

    Returns [{"name", "label", "value" (as shown), "fresh" (the value a blank form has)}],
    only for the fields whose value differs from a blank form's.
    """
    carried = []
    for name, value in sticky.items():
        field = form.fields.get(name)
        if field is None:
            continue
        fresh = field.initial
        fresh_key = fresh.isoformat() if hasattr(fresh, "isoformat") else fresh
        field.initial = value
        if value in (None, "") or str(value) == str(fresh_key or ""):
            continue
        if hasattr(field, "queryset"):
            shown = field.queryset.filter(pk=value).first()
            if shown is None:
                field.initial = fresh
                continue
        elif hasattr(field, "choices"):
            shown = dict(field.choices).get(value, value)
        else:
            shown = value
            if name == "received_on":
                shown = datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
        carried.append({"name": name, "label": field.label, "value": str(shown), "fresh": fresh_key or ""})
    return carried


@login_required
def petition_create(request):
    if request.commune is None:
        return no_commune(request)
    return _intake(request)


@login_required
def session_intake(request, session_pk):
    if request.commune is None:
        return no_commune(request)
    session = get_object_or_404(Session.objects.visible_to(request.user).in_commune(request.commune), pk=session_pk)
    return _intake(request, session=session)


@login_required
def suggest(request):
    """Earlier petitions like the one being typed (JSON for petitions.js)."""
    if request.commune is None or not services.can_intake(request.user, request.commune):
        raise Http404
    topics = topics_for(request.commune)
    topic = topics.filter(pk=request.GET.get("topic") or 0).first()
    village = request.commune.villages.filter(pk=request.GET.get("village") or 0).first()
    found = services.similar_petitions(
        user=request.user, commune=request.commune, topic=topic, village=village, content=request.GET.get("content", "")
    )
    return JsonResponse(
        {
            "results": [
                {
                    "id": p.pk,
                    "code": p.code,
                    "received_on": p.received_on.strftime("%d/%m/%Y"),
                    "village": str(p.village or ""),
                    "status": p.get_status_display(),
                    "content": p.content[:300],
                    "score": round(float(p.score), 2),
                    "url": p.get_absolute_url(),
                }
                for p in found
            ]
        }
    )


#: The preview's token: who previewed which kept file, for which commune and session.
IMPORT_TOKEN_SALT = "petitions.import.preview"
#: Rows of the file shown on the preview page, as they will be stored.
PREVIEW_ROWS = 20


def _preview_path(file_id, name):
    suffix = ".csv" if name.lower().endswith(".csv") else ".xlsx"
    return IMPORT_DIR / f"petitions-{file_id}{suffix}"


def _import_page(request, sessions, *, form=None, errors=(), preview=None):
    return render(
        request,
        "petitions/import.html",
        {"form": form or ImportForm(), "errors": errors, "sessions": sessions, "preview": preview},
    )


@login_required
def petition_import(request):
    """Upload a petitions file -> the preview: the rows as they will be stored, the columns
    recognised and skipped, every row error. Nothing is written until the preview is confirmed."""
    if request.commune is None:
        return no_commune(request)
    if not services.can_intake(request.user, request.commune):
        raise Http404
    sessions = Session.objects.visible_to(request.user).in_commune(request.commune).order_by("-period_start")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _import_page(request, sessions, form=form)
    session = sessions.filter(pk=request.POST.get("session") or 0).first()
    upload = form.cleaned_data["file"]
    check = import_check(upload, commune=request.commune)
    preview = {
        "name": upload.name,
        "session": session,
        "check": check,
        "count": len(check.rows),
        "sample": [
            {"number": number, "kind_label": Kind(row.get("kind") or Kind.KIEN_NGHI).label, **row}
            for number, row in zip(check.numbers[:PREVIEW_ROWS], check.rows[:PREVIEW_ROWS], strict=True)
        ],
        "token": "",
    }
    if not check.errors:
        # Keep exactly this file for the confirmation; a refused file is not kept at all.
        file_id = uuid.uuid4().hex
        import_dir_prune()
        with _preview_path(file_id, upload.name).open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        preview["token"] = signing.dumps(
            {
                "f": file_id,
                "n": upload.name,
                "u": request.user.pk,
                "c": request.commune.pk,
                "s": getattr(session, "pk", None),
                "r": len(check.rows),
            },
            salt=IMPORT_TOKEN_SALT,
            compress=True,
        )
    return _import_page(request, sessions, form=ImportForm(), preview=preview)


@login_required
@require_POST
def petition_import_confirm(request):
    """Import the file the preview kept ("Xác nhận nhập"), or drop it ("Hủy"); either way the
    kept file is removed, so a second confirmation imports nothing."""
    if request.commune is None:
        return no_commune(request)
    if not services.can_intake(request.user, request.commune):
        raise Http404
    import_dir_prune()  # an expired preview's file goes now, not at the next upload
    try:
        kept = signing.loads(request.POST.get("token", ""), salt=IMPORT_TOKEN_SALT, max_age=IMPORT_KEEP_SECONDS)
    except signing.SignatureExpired:
        messages.error(request, "Bản xem trước đã quá hạn (quá 24 giờ): tệp đã được xóa. Hãy tải tệp lên lại.")
        return redirect("petitions:import")
    except signing.BadSignature:
        messages.error(request, "Mã xác nhận của bản xem trước không hợp lệ. Hãy tải tệp lên lại để xem trước.")
        return redirect("petitions:import")
    if kept.get("u") != request.user.pk or kept.get("c") != request.commune.pk:
        raise Http404  # another user's (or another commune's) preview does not exist for this one
    if not re.fullmatch(r"[0-9a-f]{32}", str(kept.get("f", ""))):
        raise Http404
    path = _preview_path(kept["f"], kept["n"])
    sessions = Session.objects.visible_to(request.user).in_commune(request.commune)
    session = sessions.filter(pk=kept["s"]).first() if kept.get("s") else None
    if kept.get("s") and session is None:
        path.unlink(missing_ok=True)
        messages.error(request, "Buổi tiếp xúc đã chọn không còn: chưa nhập ý kiến nào. Hãy tải tệp lên lại.")
        return redirect("petitions:import")
    # Claim the file by moving it: of two confirmations of one preview, only one finds it.
    claimed = path.with_name(f"{path.name}.{uuid.uuid4().hex}.dang-nhap")
    try:
        os.replace(path, claimed)
    except FileNotFoundError:
        messages.error(request, "Tệp xem trước không còn (đã nhập, đã hủy hoặc quá hạn). Hãy tải tệp lên lại.")
        return redirect("petitions:import")
    if request.POST.get("huy"):
        claimed.unlink(missing_ok=True)
        messages.info(request, "Đã hủy, không nhập ý kiến nào; tệp xem trước đã được xóa.")
        return redirect("petitions:import")
    back = reverse("petitions:list") + (f"?buoi={session.pk}" if session else "")
    try:
        with claimed.open("rb") as handle:
            upload = File(handle, name=kept["n"])
            if kept.get("r", 0) > IMPORT_INLINE_ROWS:  # many rows: imported by the task queue
                job = job_start(
                    owner=request.user,
                    kind="petitions.import",
                    label=f"Nhập ý kiến từ tệp {kept['n']}",
                    task="petitions.tasks.petitions_import_task",
                    params={"upload": job_upload_save(upload), "name": kept["n"], "session": kept.get("s")},
                    commune=request.commune,
                    back_url=back,
                )
                return redirect(job)
            notes = []
            created = import_xlsx(upload, commune=request.commune, by=request.user, session=session, notes=notes)
    except services.PetitionImportError as e:
        # The commune's lists changed since the preview (a topic removed, the session closed...).
        return _import_page(request, sessions.order_by("-period_start"), errors=e.errors)
    finally:
        claimed.unlink(missing_ok=True)
    messages.success(request, f"Đã nhập {len(created)} ý kiến.")
    for note in notes:
        messages.warning(request, note)
    return redirect(back)


@login_required
def petition_import_template(request):
    if request.commune is None:
        return no_commune(request)
    if not services.can_intake(request.user, request.commune):
        raise Http404
    response = HttpResponse(
        import_template(request.commune),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-y-kien-kien-nghi.xlsx"'
    return response
