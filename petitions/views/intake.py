"""Taking petitions in: the single form, the fast intake of a session, suggestions, the Excel import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from dialogue.views import no_commune
from sessions_app.models import Session

from .. import services
from ..forms import (
    PRIVACY_NOTICE,
    ImportForm,
    PetitionForm,
    topics_for,
)
from ..models import Petition
from ..resources import import_xlsx
from ..services import PetitionError


def _intake(request, session=None):
    commune = request.commune
    if not services.can_intake(request.user, commune):
        raise Http404
    sticky_key = f"petition_intake_{session.pk if session else 0}"
    form = PetitionForm(request.POST or None, commune=commune, session=session, user=request.user)
    if request.method == "GET":
        # Keep the place between entries: the village and topic of the last petition stay chosen.
        for name, value in request.session.get(sticky_key, {}).items():
            if name in form.fields:
                form.fields[name].initial = value
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
            # The citizen's receipt slip of the petition just entered, one click away.
            "last_receipt": request.session.pop(f"{sticky_key}_last", None) if request.method == "GET" else None,
        },
    )


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
    errors = []
    if request.method == "POST" and form.is_valid():
        session = sessions.filter(pk=request.POST.get("session") or 0).first()
        try:
            created = import_xlsx(form.cleaned_data["file"], commune=request.commune, by=request.user, session=session)
        except services.PetitionImportError as e:
            errors = e.errors
        else:
            messages.success(request, f"Đã nhập {len(created)} ý kiến.")
            return redirect(reverse("petitions:list") + (f"?buoi={session.pk}" if session else ""))
    return render(request, "petitions/import.html", {"form": form, "errors": errors, "sessions": sessions})
