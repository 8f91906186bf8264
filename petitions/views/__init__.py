from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dialogue.views import no_commune
from directory.audit import event_log, event_log_ids
from directory.models import Event, Unit
from directory.permissions import can_approve, can_manage, can_read_all, unit_ids_of
from sessions_app.models import Session

from .. import services
from ..forms import (
    PRIVACY_NOTICE,
    AnswerForm,
    AttachmentForm,
    ClassifyForm,
    ImportForm,
    PetitionForm,
    ReasonForm,
    RerouteForm,
    RouteForm,
    TransferForm,
    topics_for,
)
from ..models import AnswerTemplate, Attachment, Petition, Status
from ..querysets import SORT_LABELS, apply_filters, keyset_page
from ..resources import export_xlsx, import_xlsx
from ..services import PetitionError


def _scoped(request):
    return Petition.objects.visible_to(request.user).in_commune(request.commune)


def _has_petition_scope(request):
    """Whether the user reads any petition of the active commune (commune-wide, or a unit's)."""
    return can_read_all(request.user, request.commune) or bool(unit_ids_of(request.user, request.commune))


def _filters_context(request):
    commune = request.commune
    sessions = Session.objects.visible_to(request.user).in_commune(commune).order_by("-period_start")
    return {
        "sessions": sessions,
        "villages": commune.villages.filter(is_active=True),
        "topics": topics_for(commune),
        "units": Unit.objects.filter(commune=commune, is_active=True),
        "statuses": Status.choices,
        "sorts": SORT_LABELS.items(),
        "params": request.GET,
    }


@login_required
def petition_list(request):
    if request.commune is None:
        return no_commune(request)
    qs = apply_filters(_scoped(request), request.GET).select_related("village", "topic", "unit", "session")
    sort = request.GET.get("sap_xep", "moi")
    rows, next_cursor = keyset_page(qs, sort, request.GET.get("sau"))
    query = request.GET.copy()
    query.pop("sau", None)
    context = {
        "rows": rows,
        "next_cursor": next_cursor,
        "base_query": query.urlencode(),
        "sort": sort,
        "today": timezone.localdate(),
        "can_intake": services.can_intake(request.user, request.commune),
        "can_export": _has_petition_scope(request),
        **_filters_context(request),
    }
    return render(request, "petitions/petition_list.html", context)


@login_required
def petition_export(request):
    """The filtered list as Excel. A user with no petition scope in the commune (a province user)
    gets 404, not an empty file that would read as "no petitions"; the lists stay open, empty."""
    if request.commune is None:
        return no_commune(request)
    if not _has_petition_scope(request):
        raise Http404
    qs = apply_filters(_scoped(request), request.GET).select_related("village", "topic", "unit", "session")
    filename, data = export_xlsx(qs.order_by("-received_on", "-id"))
    # Law 91/2025: who exported citizens' data is logged, by record id (never the data itself).
    ids = qs.values_list("pk", flat=True)
    event_log_ids(user=request.user, action=Event.Action.EXPORTED, commune=request.commune, label="petitions", ids=ids)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def unit_queue(request):
    if request.commune is None:
        return no_commune(request)
    qs = _scoped(request).filter(status=Status.ROUTED, deadline__isnull=False)
    units = Unit.objects.filter(commune=request.commune, is_active=True)
    if not can_manage(request.user, request.commune) and not can_approve(request.user, request.commune):
        my_units = unit_ids_of(request.user, request.commune)
        qs = qs.filter(unit_id__in=my_units)
        units = units.filter(pk__in=my_units)
    unit = request.GET.get("don_vi", "")
    if unit.isdigit():
        qs = qs.filter(unit_id=int(unit))
    qs = qs.select_related("village", "topic", "unit", "session")
    rows, next_cursor = keyset_page(qs, "han", request.GET.get("sau"), nulls=False)
    query = request.GET.copy()
    query.pop("sau", None)
    return render(
        request,
        "petitions/queue.html",
        {
            "rows": rows,
            "next_cursor": next_cursor,
            "base_query": query.urlencode(),
            "today": timezone.localdate(),
            "units": units,
            "unit": unit,
        },
    )


@login_required
def approvals(request):
    """Leaders: petitions whose drafted answer awaits approval, nearest deadline first."""
    if request.commune is None:
        return no_commune(request)
    if not can_approve(request.user, request.commune):
        raise Http404
    qs = _scoped(request).awaiting_approval().select_related("village", "topic", "unit", "session")
    rows, next_cursor = keyset_page(qs, "han", request.GET.get("sau"))
    return render(
        request,
        "petitions/approvals.html",
        {"rows": rows, "next_cursor": next_cursor, "base_query": "", "today": timezone.localdate()},
    )


@login_required
def repeated(request):
    if request.commune is None:
        return no_commune(request)
    rows = _scoped(request).repeated_unresolved().select_related("village", "topic", "unit")[:500]
    return render(request, "petitions/repeated.html", {"rows": rows})


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
                # Keep the place: same page, ready for the next person.
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
        {"form": form, "session": session, "recent": recent, "privacy_notice": PRIVACY_NOTICE},
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
def petition_detail(request, pk):
    petition = get_object_or_404(
        Petition.objects.visible_to(request.user).select_related(
            "village", "topic", "unit", "session", "session__plan", "repeat_of", "duplicate_of", "created_by"
        ),
        pk=pk,
    )
    commune = petition.commune
    if petition.citizen_name or petition.citizen_phone or petition.citizen_address:
        event_log(user=request.user, action=Event.Action.VIEWED_PERSONAL_DATA, obj=petition, commune=commune)
    root = petition.repeat_of or petition
    chain = (
        Petition.objects.visible_to(request.user)
        .filter(Q(pk=root.pk) | Q(repeat_of=root))
        .order_by("received_on", "id")
    )
    answers = list(petition.answers.select_related("drafted_by", "approved_by"))
    answer = answers[-1] if answers else None
    templates = AnswerTemplate.objects.filter(topic=petition.topic).filter(commune__in=[commune.pk]) | (
        AnswerTemplate.objects.filter(topic=petition.topic, commune__isnull=True)
    )
    template_id = request.GET.get("mau", "")
    # A new round (the latest answer was approved, the petition reopened) starts from a blank draft.
    initial_body = answer.body if answer and answer.approved_at is None else ""
    if template_id.isdigit():
        chosen = templates.filter(pk=int(template_id)).first()
        if chosen:
            initial_body = chosen.body
    similar = []
    if services.can_intake(request.user, commune) and petition.repeat_of_id is None:
        similar = services.similar_petitions(
            user=request.user,
            commune=commune,
            topic=petition.topic,
            village=petition.village,
            content=petition.content,
            exclude_pk=petition.pk,
        )
        similar = [p for p in similar if p.repeat_of_id != petition.pk and p.received_on <= petition.received_on]
    context = {
        "p": petition,
        "transitions": petition.transitions.select_related("by"),
        "answer": answer,
        "answers": answers,
        "awaiting_approval": answer is not None and answer.approved_at is None,
        "chain": list(chain) if petition.repeat_of_id or petition.repeats.exists() else [],
        "attachments": petition.attachments.all(),
        "similar": similar,
        "can_intake": services.can_intake(request.user, commune),
        "can_handle": services.can_handle(request.user, petition),
        "can_approve": can_approve(request.user, commune),
        "classify_form": ClassifyForm(
            commune=commune,
            initial={"topic": petition.topic_id, "kind": petition.kind, "competence": petition.competence},
        ),
        "route_form": RouteForm(commune=commune, initial={"unit": petition.unit_id}),
        "reroute_form": RerouteForm(commune=commune, exclude_unit=petition.unit_id, auto_id="reroute_%s"),
        "transfer_form": TransferForm(),
        "answer_form": AnswerForm(initial={"body": initial_body}),
        "reason_form": ReasonForm(),
        "attachment_form": AttachmentForm(),
        "templates": templates,
        "today": timezone.localdate(),
        "Status": Status,
    }
    return render(request, "petitions/petition_detail.html", context)


def _act(request, pk, action):
    petition = get_object_or_404(Petition.objects.visible_to(request.user), pk=pk)
    try:
        message = action(petition)
    except PetitionError as e:
        messages.error(request, str(e))
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        if message:
            messages.success(request, message)
    return redirect(petition)


def _form_or_error(form):
    if not form.is_valid():
        errors = [str(m) for field in form.errors.values() for m in field]
        raise PetitionError(" ".join(errors))
    return form.cleaned_data


def _other(request, petition, name):
    value = (request.POST.get(name) or "").strip()
    code_or_pk = Petition.objects.visible_to(request.user).filter(commune=petition.commune)
    found = code_or_pk.filter(code=value).first() or (
        code_or_pk.filter(pk=int(value)).first() if value.isdigit() else None
    )
    if found is None:
        raise PetitionError("Không tìm thấy ý kiến đã chọn (nhập mã tiếp nhận).")
    return found


@login_required
@require_POST
def petition_action(request, pk, action):
    u = request.user

    def run(p):
        reason = (request.POST.get("reason") or "").strip()
        if action == "phan-loai":
            data = _form_or_error(ClassifyForm(request.POST, commune=p.commune))
            services.petition_classify(petition=p, by=u, reason=reason, **data)
            return "Đã phân loại."
        if action == "giao":
            data = _form_or_error(RouteForm(request.POST, commune=p.commune))
            services.petition_route(petition=p, by=u, unit=data["unit"], deadline=data["deadline"], reason=reason)
            return f"Đã giao {p.unit}, hạn {p.deadline:%d/%m/%Y}."
        if action == "chuyen-don-vi":
            data = _form_or_error(RerouteForm(request.POST, commune=p.commune, exclude_unit=p.unit_id))
            services.petition_reroute(
                petition=p, by=u, unit=data["unit"], deadline=data["deadline"], reason=data["reason"]
            )
            return f"Đã chuyển {p.unit} xử lý, hạn {p.deadline:%d/%m/%Y}."
        if action == "chuyen":
            data = _form_or_error(TransferForm(request.POST))
            services.petition_transfer(petition=p, by=u, to_body=data["to_body"], reason=data["reason"])
            return "Đã chuyển cơ quan có thẩm quyền."
        if action == "soan":
            data = _form_or_error(AnswerForm(request.POST))
            services.petition_answer_draft(petition=p, by=u, body=data["body"])
            return "Đã lưu dự thảo trả lời; chờ lãnh đạo duyệt."
        if action == "duyet":
            services.petition_answer_approve(petition=p, by=u, reason=reason)
            return "Đã duyệt văn bản trả lời."
        if action == "dong-tinh":
            services.petition_react(petition=p, by=u, satisfied=True, reason=reason)
            return "Đã ghi nhận người dân đồng tình; ý kiến kết thúc."
        if action == "chua-dong-tinh":
            services.petition_react(petition=p, by=u, satisfied=False, reason=reason)
            return "Đã ghi nhận người dân chưa đồng tình; ý kiến được mở lại."
        if action == "ket-thuc":
            services.petition_close(petition=p, by=u, reason=reason)
            return "Đã kết thúc."
        if action == "ket-thuc-chua-giai-quyet":
            services.petition_close_unresolved(petition=p, by=u, reason=reason)
            return "Đã kết thúc (chưa giải quyết được)."
        if action == "mo-lai":
            services.petition_reopen(petition=p, by=u, reason=reason)
            return "Đã mở lại ý kiến."
        if action == "trung":
            services.petition_mark_duplicate(petition=p, by=u, of=_other(request, p, "other"), reason=reason)
            return "Đã đánh dấu trùng."
        if action == "neu-lai":
            if not services.can_intake(u, p.commune):
                raise PetitionError("Anh/chị không có quyền thực hiện thao tác này.")
            services.petition_link_repeat(petition=p, of=_other(request, p, "other"), by=u)
            return "Đã liên kết là ý kiến nêu lại."
        if action == "dinh-kem":
            form = AttachmentForm(request.POST, request.FILES)
            data = _form_or_error(form)
            services.petition_attach(petition=p, by=u, upload=data["file"])
            return "Đã đính kèm tệp."
        raise Http404

    return _act(request, pk, run)


@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(Attachment.objects.visible_to(request.user), pk=pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)


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
