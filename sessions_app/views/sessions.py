from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import Length
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from dialogue.documents.docx import docx_response
from dialogue.http import status_post
from dialogue.pdf import pdf_response
from dialogue.text import nfc
from dialogue.views import no_commune
from directory.audit import event_log
from directory.models import Event, Unit
from directory.permissions import can_manage_obj, can_read_roster, sides_managed
from sessions_app.enums import SessionStatus
from sessions_app.forms import (
    PlanDutyFormSet,
    PlanForm,
    PlanLegalBasisFormSet,
    PlanRecipientFormSet,
    PlanSectionFormSet,
    SessionForm,
)
from sessions_app.models import Plan, PlanIssuedCopy, Session, SessionDocument, SessionTask, basis_paragraphs
from sessions_app.pdf import plan_outline
from sessions_app.services import (
    FROZEN_STATES,
    SessionError,
    lead_time_short,
    plan_correct,
    plan_document,
    plan_draft_error,
    plan_frozen_error,
    plan_number_check,
    session_announcement_publish,
    session_announcement_unpublish,
    session_change_status,
    session_save,
    session_task_toggle,
    transition_choices,
)
from sessions_app.todo import plans_to_number, sessions_to_number


@login_required
def plan_list(request):
    if request.commune is None:
        return no_commune(request)
    plans = (
        Plan.objects.visible_to(request.user)
        .in_commune(request.commune)
        .select_related("issuer", "replaced_by")
        .annotate(session_count=Count("sessions"))
    )
    q = nfc(request.GET.get("q", "").strip())
    if q:
        plans = plans.search(q)
    year = request.GET.get("nam", "")
    if year.isdigit():
        plans = plans.filter(year=int(year))
    kind = request.GET.get("loai", "")
    if kind:
        plans = plans.filter(kind=kind)
    to_number = request.GET.get("so") == "chua-cap"
    if to_number:  # "Việc của tôi": the drafts with sessions, of the sides the user runs
        plans = plans_to_number(plans, sides_managed(request.user, request.commune))
    years = (
        Plan.objects.visible_to(request.user)
        .in_commune(request.commune)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    return render(
        request,
        "sessions_app/plan_list.html",
        {
            "plans": plans,
            "q": q,
            "year": year,
            "years": years,
            "kind": kind,
            "kinds": Plan._meta.get_field("kind").choices,
            "to_number": to_number,
        },
    )


def _plan_formsets(request, plan, commune):
    data = request.POST if request.method == "POST" else None
    return {
        "bases": PlanLegalBasisFormSet(data, instance=plan, prefix="bases", commune=commune),
        "sections": PlanSectionFormSet(data, instance=plan, prefix="sections", commune=commune),
        "duties": PlanDutyFormSet(data, instance=plan, prefix="duties", commune=commune),
        "recipients": PlanRecipientFormSet(data, instance=plan, prefix="recipients", commune=commune),
    }


def _managed(request, obj):
    """OBJ (a plan or session) if the user runs its side's office; otherwise the page does not exist."""
    if not can_manage_obj(request.user, obj):
        raise Http404("Không có quyền")
    return obj


def _issuers_of_sides(queryset, sides):
    """Limit issuing units to the SIDES the user's office writes for (a crafted POST of another fails)."""
    if Unit.Side.STATE not in sides:
        queryset = queryset.filter(kind__in=Unit.PARTY_KINDS)
    if Unit.Side.PARTY not in sides:
        queryset = queryset.exclude(kind__in=Unit.PARTY_KINDS)
    return queryset


def _plan_edit(request, plan):
    frozen = plan_frozen_error(plan)
    if frozen:
        # Issued: read-only for every write of the page (fields, bases, sections, duties, recipients).
        messages.error(request, frozen)
        return redirect(plan)
    commune = plan.commune if plan.pk else request.commune
    form = PlanForm(request.POST or None, instance=plan, commune=commune)
    form.fields["issuer"].queryset = _issuers_of_sides(
        form.fields["issuer"].queryset, sides_managed(request.user, commune)
    )
    formsets = _plan_formsets(request, plan, commune)
    if request.method == "POST":
        if form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
            was_new = plan.pk is None
            number_before = Plan.objects.filter(pk=plan.pk).values_list("number", flat=True).first()
            try:
                with transaction.atomic():
                    form.instance.commune = commune
                    plan = form.save()
                    for fs in formsets.values():
                        fs.instance = plan
                        fs.save()
                    plan.refresh_search_text()
                    plan_number_check(plan=plan, number_before=number_before, by=request.user)
            except SessionError as exc:
                if was_new:
                    plan.pk = None  # rolled back: the page is still the one of a new plan
                form.add_error("number", str(exc))
                messages.error(request, str(exc))
            else:
                # A short lead time is warned about on the plan's page itself, every time it is shown.
                messages.success(request, "Đã lưu kế hoạch.")
                return redirect(plan)
        else:
            messages.error(request, "Chưa lưu được: kiểm tra các ô được đánh dấu đỏ.")
    return render(request, "sessions_app/plan_form.html", {"form": form, "formsets": formsets, "plan": plan})


@login_required
def plan_create(request):
    if request.commune is None:
        return no_commune(request)
    if not sides_managed(request.user, request.commune):
        raise Http404("Không có quyền")
    return _plan_edit(request, Plan(commune=request.commune))


@login_required
def plan_update(request, pk):
    plan = get_object_or_404(Plan.objects.visible_to(request.user).select_related("issuer"), pk=pk)
    return _plan_edit(request, _managed(request, plan))


@login_required
@require_POST
def plan_correct_view(request, pk):
    """Start the correction of a numbered plan ("Đính chính / thay thế kế hoạch"): a draft that replaces it."""
    plan = get_object_or_404(Plan.objects.visible_to(request.user).select_related("issuer"), pk=pk)
    try:
        new = plan_correct(plan=plan, reason=nfc(request.POST.get("reason", "")), by=request.user)
    except SessionError as exc:
        messages.error(request, str(exc))
        return redirect(plan)
    messages.success(
        request,
        f"Đã lập dự thảo kế hoạch thay thế Kế hoạch số {plan.symbol}: sửa nội dung rồi ghi số mới. "
        "Khi có số, kế hoạch mới thay thế kế hoạch cũ và nhận các buổi của nó.",
    )
    return redirect(new)


@login_required
def plan_detail(request, pk):
    plan = get_object_or_404(
        Plan.objects.visible_to(request.user).select_related("issuer", "signer", "commune", "replaces__issuer"), pk=pk
    )
    sessions = plan.sessions.select_related("chair").prefetch_related("villages")
    # The issued copy's hash, and whether it kept a .docx, without reading either file.
    issued_copy = PlanIssuedCopy.objects.filter(plan=plan).only("sha256").annotate(docx_size=Length("docx")).first()
    return render(
        request,
        "sessions_app/plan_detail.html",
        {
            "plan": plan,
            "sessions": sessions,
            "bases": basis_paragraphs(plan.plan_legal_bases.select_related("legal_basis")),
            "outline": plan_outline(plan),
            "recipients": plan.recipients.all(),
            "issued_copy": issued_copy,
            # A plan numbered before its .docx was kept has its PDF alone.
            "has_docx": issued_copy is None or bool(issued_copy.docx_size),
            "originals": list(plan.originals.select_related("uploaded_by").defer("pdf")),
            "can_edit": can_manage_obj(request.user, plan),
            "replacement": plan.replacement,
        },
    )


@login_required
def plan_pdf(request, pk):
    plan = get_object_or_404(Plan.objects.visible_to(request.user).select_related("issuer", "signer"), pk=pk)
    filename, content = plan_document(plan=plan)
    event_log(user=request.user, action=Event.Action.PRINTED, obj=plan, detail="plan")
    return pdf_response(filename, content)


@login_required
def plan_docx(request, pk):
    """The plan as .docx, the same text as its PDF: the draft marked "DỰ THẢO", or the numbered
    plan's own .docx kept with its PDF at numbering."""
    plan = get_object_or_404(
        Plan.objects.visible_to(request.user).select_related("issuer", "signer", "replaces__issuer"), pk=pk
    )
    printed = plan_document(plan=plan, fmt="docx")
    if printed is None:
        raise Http404("Kế hoạch này được ban hành trước khi có bản Word: chỉ tải được bản PDF đã ban hành.")
    event_log(user=request.user, action=Event.Action.PRINTED, obj=plan, detail="plan docx")
    return docx_response(*printed)


@login_required
def session_list(request):
    if request.commune is None:
        return no_commune(request)
    sessions = (
        Session.objects.visible_to(request.user)
        .in_commune(request.commune)
        .select_related("plan__issuer", "chair")
        .prefetch_related("villages")
    )
    status = request.GET.get("trang_thai", "")
    if status in SessionStatus.values:
        sessions = sessions.filter(status=status)
    year = request.GET.get("nam", "")
    if year.isdigit():
        sessions = sessions.filter(year=int(year))
    to_number = request.GET.get("can_cap_so", "")
    if to_number in SessionDocument.Kind.values:  # "Việc của tôi": the documents still to number
        sessions = sessions_to_number(sessions, to_number, sides_managed(request.user, request.commune))
    else:
        to_number = ""
    return render(
        request,
        "sessions_app/session_list.html",
        {
            "sessions": sessions,
            "status": status,
            "year": year,
            "statuses": SessionStatus.choices,
            "to_number": SessionDocument.Kind(to_number).label if to_number else "",
        },
    )


def _session_edit(request, plan, session):
    form = SessionForm(request.POST or None, instance=session, plan=plan)
    if request.method == "POST":
        if form.is_valid():
            try:
                session = session_save(
                    session=form.save(commit=False),
                    villages=list(form.cleaned_data["villages"]),
                    user=request.user,
                    period_reason=nfc(form.cleaned_data.get("period_reason") or ""),
                )
            except SessionError as exc:
                form.add_error(None, str(exc))
            else:
                # A short lead time is warned about on the session's page itself.
                messages.success(request, "Đã lưu buổi tiếp xúc, đối thoại.")
                return redirect(session)
        messages.error(request, "Chưa lưu được: kiểm tra các ô được đánh dấu đỏ.")
    return render(request, "sessions_app/session_form.html", {"form": form, "plan": plan, "session": session})


@login_required
def session_create(request, plan_pk):
    plan = get_object_or_404(Plan.objects.visible_to(request.user).select_related("issuer"), pk=plan_pk)
    return _session_edit(request, _managed(request, plan), Session(plan=plan))


@login_required
def session_update(request, pk):
    session = get_object_or_404(Session.objects.visible_to(request.user).select_related("plan__issuer"), pk=pk)
    return _session_edit(request, session.plan, _managed(request, session))


@login_required
def session_detail(request, pk):
    session = get_object_or_404(
        Session.objects.visible_to(request.user).select_related("plan__issuer", "plan__commune", "chair"), pk=pk
    )
    return render(
        request,
        "sessions_app/session_detail.html",
        {
            "session": session,
            "plan": session.plan,
            "villages": session.villages.all(),
            "tasks": session.tasks.select_related("unit"),
            "transitions": session.transitions.select_related("by"),
            "moves": transition_choices(session),
            "plan_draft_error": plan_draft_error(session.plan),
            "lead_short": lead_time_short(session) if session.status == SessionStatus.ANNOUNCED else None,
            "can_edit": can_manage_obj(request.user, session),
            # Held, concluded, closed and cancelled sessions are not edited: no "Sửa" button for them.
            "can_edit_details": session.status not in FROZEN_STATES and can_manage_obj(request.user, session),
            "can_read_roster": can_read_roster(request.user, session.plan.commune),
            # The public page lists sessions still to come: the button is offered until the session is held.
            "can_publish": session.status in (SessionStatus.SCHEDULED, SessionStatus.ANNOUNCED)
            or session.announcement_published_at is not None,
        },
    )


@login_required
@require_POST
def session_publish(request, pk):
    """The office's "Công khai lịch" button: the announcement goes on the commune's public page."""
    session = _managed(request, get_object_or_404(Session.objects.visible_to(request.user), pk=pk))
    try:
        session_announcement_publish(session=session, by=request.user)
    except SessionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Lịch của buổi đã được công khai trên trang của xã.")
    return redirect(session)


@login_required
@require_POST
def session_unpublish(request, pk):
    session = _managed(request, get_object_or_404(Session.objects.visible_to(request.user), pk=pk))
    try:
        session_announcement_unpublish(session=session, by=request.user, reason=nfc(request.POST.get("reason", "")))
    except SessionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Đã thôi công khai lịch của buổi.")
    return redirect(session)


@login_required
@require_POST
def session_status(request, pk):
    return status_post(
        request,
        _managed(request, get_object_or_404(Session.objects.visible_to(request.user), pk=pk)),
        door=session_change_status,
        statuses=SessionStatus.values,
        error=SessionError,
        success=lambda s: f"Buổi đã chuyển sang “{s.get_status_display()}”.",
    )


@login_required
@require_POST
def session_task_done(request, pk, task_pk):
    session = _managed(request, get_object_or_404(Session.objects.visible_to(request.user), pk=pk))
    task = get_object_or_404(SessionTask, session=session, pk=task_pk)
    session_task_toggle(task=task, user=request.user)
    return redirect(session)
