"""Taking petitions in: the single form, the fast intake of a session, suggestions, the Excel import."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

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
from ..models import Petition
from ..resources import IMPORT_INLINE_ROWS, import_template, import_xlsx, read_rows
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


@login_required
def petition_import(request):
    if request.commune is None:
        return no_commune(request)
    if not services.can_intake(request.user, request.commune):
        raise Http404
    sessions = Session.objects.visible_to(request.user).in_commune(request.commune).order_by("-period_start")
    form = ImportForm(request.POST or None, request.FILES or None)
    errors, notes = [], []
    if request.method == "POST" and form.is_valid():
        session = sessions.filter(pk=request.POST.get("session") or 0).first()
        upload = form.cleaned_data["file"]
        back = reverse("petitions:list") + (f"?buoi={session.pk}" if session else "")
        try:
            large = len(read_rows(upload)[1]) > IMPORT_INLINE_ROWS
        except services.PetitionImportError as e:
            large, errors = False, e.errors
        if large:  # many rows: imported by the task queue
            job = job_start(
                owner=request.user,
                kind="petitions.import",
                label=f"Nhập ý kiến từ tệp {upload.name}",
                task="petitions.tasks.petitions_import_task",
                params={
                    "upload": job_upload_save(upload),
                    "name": upload.name,
                    "session": getattr(session, "pk", None),
                },
                commune=request.commune,
                back_url=back,
            )
            return redirect(job)
        try:
            if errors:
                raise services.PetitionImportError(errors)
            created = import_xlsx(
                form.cleaned_data["file"], commune=request.commune, by=request.user, session=session, notes=notes
            )
        except services.PetitionImportError as e:
            errors = e.errors
        else:
            messages.success(request, f"Đã nhập {len(created)} ý kiến.")
            for note in notes:
                messages.warning(request, note)
            return redirect(back)
    return render(
        request, "petitions/import.html", {"form": form, "errors": errors, "notes": notes, "sessions": sessions}
    )


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
