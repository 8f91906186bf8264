"""One petition: its page and its attachments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from dialogue.documents.docx import docx_response
from dialogue.pdf import pdf_response
from directory.audit import event_log
from directory.history import HIDDEN_VALUE
from directory.models import Event
from directory.permissions import can_approve
from sessions_app.models import Session

from .. import services
from ..forms import (
    AnswerForm,
    AttachmentForm,
    ClassifyForm,
    CorrectionForm,
    ReasonForm,
    RerouteForm,
    RouteForm,
    TransferForm,
    TransferReplyForm,
)
from ..letters import citizen_letter_issue, letter_kinds_allowed, render_letters, session_letters
from ..models import ANONYMOUS, FINAL_STATES, AnswerTemplate, Attachment, CitizenLetter, Petition, Status
from ..pdf import render_receipt
from ..querysets import IDENTITY_FIELDS, may_see_identity


@login_required
def receipt_pdf(request, pk):
    """The citizen's receipt slip: for the office that took the petition in (it carries the lookup code)."""
    petition = get_object_or_404(Petition.objects.visible_to(request.user).select_related("commune"), pk=pk)
    if not services.can_intake(request.user, petition.commune):
        raise Http404("Không có quyền")
    filename, content = render_receipt(petition)
    event_log(user=request.user, action=Event.Action.PRINTED, obj=petition, commune=petition.commune, detail="receipt")
    return pdf_response(filename, content)


def _corrections(petition, show_identity):
    """The petition's corrections; for a reader who may not see a protected author, what the
    author's fields held is not shown, only that they were corrected."""
    corrections = list(petition.corrections.select_related("by"))
    if not show_identity:
        for c in corrections:
            c.changes = [
                {**ch, "old": HIDDEN_VALUE, "new": HIDDEN_VALUE} if ch.get("field") in IDENTITY_FIELDS else ch
                for ch in c.changes
            ]
    return corrections


@login_required
def petition_detail(request, pk):
    petition = get_object_or_404(
        Petition.objects.visible_to(request.user).select_related(
            "village", "topic", "unit", "session", "session__plan", "repeat_of", "duplicate_of", "created_by"
        ),
        pk=pk,
    )
    commune = petition.commune
    # A protected author (tố cáo, or marked confidential) is shown to the office and the leader
    # only; every showing of an author is logged.
    show_identity = may_see_identity(request.user, petition)
    if show_identity and (petition.citizen_name or petition.citizen_phone or petition.citizen_address):
        event_log(user=request.user, action=Event.Action.VIEWED_PERSONAL_DATA, obj=petition, commune=commune)
    root = petition.repeat_of or petition
    chain = (
        Petition.objects.visible_to(request.user)
        .filter(Q(pk=root.pk) | Q(repeat_of=root))
        .order_by("received_on", "id")
    )
    answers = list(petition.answers.select_related("drafted_by", "approved_by", "returned_by"))
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
        "show_identity": show_identity,
        "citizen_name": petition.citizen_name or ANONYMOUS,
        "transitions": petition.transitions.select_related("by"),
        "corrections": _corrections(petition, show_identity),
        "hidden_fields": "" if show_identity else " ".join(IDENTITY_FIELDS),
        "can_correct": services.can_correct(request.user, petition),
        "correction_form": CorrectionForm(petition=petition),
        "final": petition.status in FINAL_STATES,
        "answer": answer,
        "answers": answers,
        "awaiting_approval": answer is not None and answer.approved_at is None and answer.returned_at is None,
        "chain": list(chain) if petition.repeat_of_id or petition.repeats.exists() else [],
        "attachments": petition.attachments.all(),
        "similar": similar,
        "can_intake": services.can_intake(request.user, commune),
        # Letters to the citizen: the issued ones, and the kinds the petition's state allows issuing.
        "letters": list(petition.letters.select_related("issuer")),
        "letter_kinds": [
            (k, CitizenLetter.Kind(k).label)
            for k in letter_kinds_allowed(petition)
            if k not in {letter.kind for letter in petition.letters.all()}
        ],
        "can_handle": services.can_handle(request.user, petition),
        "can_approve": can_approve(request.user, commune),
        "classify_form": ClassifyForm(
            commune=commune,
            initial={"topic": petition.topic_id, "kind": petition.kind, "competence": petition.competence},
        ),
        "route_form": RouteForm(commune=commune, initial={"unit": petition.unit_id}),
        "reroute_form": RerouteForm(commune=commune, exclude_unit=petition.unit_id, auto_id="reroute_%s"),
        "transfer_form": TransferForm(),
        "transfer_reply_form": TransferReplyForm(),
        "answer_form": AnswerForm(initial={"body": initial_body}),
        "reason_form": ReasonForm(),
        "attachment_form": AttachmentForm(),
        "templates": templates,
        "today": timezone.localdate(),
        "Status": Status,
    }
    return render(request, "petitions/petition_detail.html", context)


@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(Attachment.objects.visible_to(request.user), pk=pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)


@login_required
def citizen_letter(request, pk, kind):
    """GET: the frozen PDF of the letter KIND of the petition. POST: issue it (numbered once)."""
    petition = get_object_or_404(
        Petition.objects.visible_to(request.user).select_related("commune", "session__plan__issuer"), pk=pk
    )
    if not services.can_intake(request.user, petition.commune) or kind not in CitizenLetter.Kind.values:
        raise Http404("Không có quyền")
    if request.method == "POST":
        try:
            letter = citizen_letter_issue(petition=petition, kind=kind, by=request.user)
        except services.PetitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Đã ban hành {letter.get_kind_display().lower()} số {letter.symbol}.")
        return redirect(petition)
    letter = get_object_or_404(CitizenLetter, petition=petition, kind=kind)
    event_log(
        user=request.user, action=Event.Action.PRINTED, obj=petition, commune=petition.commune, detail=f"letter {kind}"
    )
    filename = f"{kind}-{letter.number:02d}-{petition.code}.pdf"
    if not letter.pdf:  # the citizen's data was erased: printed again, without them
        _, content = render_letters([letter], filename=filename)
        return pdf_response(filename, content)
    return pdf_response(filename, bytes(letter.pdf))


@login_required
def citizen_letter_docx(request, pk, kind):
    """The issued letter KIND of the petition as .docx, from its frozen text (number, date, body)."""
    petition = get_object_or_404(
        Petition.objects.visible_to(request.user).select_related("commune", "session__plan__issuer"), pk=pk
    )
    if not services.can_intake(request.user, petition.commune) or kind not in CitizenLetter.Kind.values:
        raise Http404("Không có quyền")
    letter = get_object_or_404(CitizenLetter, petition=petition, kind=kind)
    event_log(
        user=request.user,
        action=Event.Action.PRINTED,
        obj=petition,
        commune=petition.commune,
        detail=f"letter {kind} docx",
    )
    return docx_response(*render_letters([letter], filename=f"{kind}-{letter.number:02d}-{petition.code}", fmt="docx"))


@login_required
def session_citizen_letters_docx(request, session_pk):
    """Every issued letter to the citizens of one session in one .docx, each letter in a section of its own."""
    session = get_object_or_404(Session.objects.visible_to(request.user).select_related("plan__commune"), pk=session_pk)
    if not services.can_intake(request.user, session.plan.commune):
        raise Http404("Không có quyền")
    letters = list(session_letters(session))
    if not letters:
        messages.error(request, "Chưa có văn bản nào gửi người dân của buổi này.")
        return redirect(session)
    filename, content = render_letters(letters, filename=f"van-ban-gui-nguoi-dan-buoi-{session.pk}", fmt="docx")
    event_log(
        user=request.user, action=Event.Action.PRINTED, obj=session, detail=f"citizen letters docx {len(letters)}"
    )
    return docx_response(filename, content)


@login_required
def session_citizen_letters(request, session_pk):
    """Every issued letter to the citizens of one session, in one PDF to print."""
    session = get_object_or_404(Session.objects.visible_to(request.user).select_related("plan__commune"), pk=session_pk)
    if not services.can_intake(request.user, session.plan.commune):
        raise Http404("Không có quyền")
    letters = list(session_letters(session))
    if not letters:
        messages.error(request, "Chưa có văn bản nào gửi người dân của buổi này.")
        return redirect(session)
    filename, content = render_letters(letters, filename=f"van-ban-gui-nguoi-dan-buoi-{session.pk}.pdf")
    event_log(user=request.user, action=Event.Action.PRINTED, obj=session, detail=f"citizen letters {len(letters)}")
    return pdf_response(filename, content)
