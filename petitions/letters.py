"""Letters to the citizen: the written answer, the transfer notice, the guidance letter.

Numbered through the numbering service and frozen at issue (text and PDF): a reprint shows the
same number and the same words, whatever happens to the petition afterwards.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from dialogue.documents.render import render
from dialogue.http import NotPermitted
from directory.models import Unit
from directory.numbering import NumberingError, number_take

from .documents import letter_addressee, letters_document
from .enums import Competence, Status
from .models import CitizenLetter
from .services import PetitionError, can_intake

K = CitizenLetter.Kind


def letter_kinds_allowed(petition):
    """The letters PETITION's state allows: an answer once approved; a transfer notice once
    transferred; a guidance letter when it is not the commune's to handle."""
    kinds = []
    if petition.approved_answer is not None and petition.status in (Status.ANSWERED, Status.CLOSED):
        kinds.append(K.ANSWER)
    if petition.status == Status.TRANSFERRED:
        kinds.append(K.TRANSFER)
    if petition.competence == Competence.TRANSFER:
        kinds.append(K.GUIDANCE)
    return kinds


def _issuer(petition):
    if petition.session_id:
        return petition.session.plan.issuer
    issuer = Unit.objects.filter(commune=petition.commune, kind=Unit.Kind.PEOPLES_COMMITTEE).order_by("pk").first()
    if issuer is None:
        raise PetitionError("Xã chưa khai báo Ủy ban nhân dân là cơ quan ban hành văn bản.")
    return issuer


def _body(petition, kind):
    raised = f"ngày {petition.received_on:%d/%m/%Y}" + (
        f" tại {petition.session.display_title.lower()}" if petition.session_id else ""
    )
    summary = f"Công dân có ý kiến, kiến nghị ({raised}) về nội dung: “{petition.content}”."
    if kind == K.ANSWER:
        return f"{summary}\n\nSau khi xem xét, trả lời như sau:\n\n{petition.approved_answer.body}"
    if kind == K.TRANSFER:
        to = petition.transfer_to or "cơ quan có thẩm quyền"
        return (
            f"{summary}\n\nNội dung trên không thuộc thẩm quyền giải quyết của xã. Ý kiến, kiến nghị đã được "
            f"chuyển đến {to} để xem xét, giải quyết theo quy định. Công dân theo dõi kết quả giải quyết "
            "do cơ quan này trả lời."
        )
    to = petition.transfer_to or "cơ quan có thẩm quyền"
    return (
        f"{summary}\n\nNội dung trên không thuộc thẩm quyền giải quyết của Ủy ban nhân dân xã. Đề nghị công dân "
        f"gửi ý kiến, kiến nghị đến {to} để được xem xét, giải quyết theo quy định của pháp luật."
    )


def render_letters(letters, *, filename, fmt="pdf"):
    """LETTERS (issued CitizenLetter rows) as one PDF (or .docx), each on its own pages -> (filename, bytes)."""
    return render(letters_document(list(letters), filename=filename), fmt)


def citizen_letter_issue(*, petition, kind, by, on_date=None):
    """The letter KIND of PETITION, numbered and frozen the first time; later calls return it.

    Office staff only (NotPermitted otherwise); refuses a kind the petition's state does not
    allow (PetitionError). Side effects: takes the next number of the issuer for the letter's
    document type, stores the text and the PDF.
    """
    if not can_intake(by, petition.commune):
        raise NotPermitted("Anh/chị không có quyền ban hành văn bản gửi người dân.")
    kind = K(kind)
    existing = CitizenLetter.objects.filter(petition=petition, kind=kind).first()
    if existing:
        return existing
    if kind not in letter_kinds_allowed(petition):
        raise PetitionError(f"Ý kiến {petition.code} chưa thể ban hành “{kind.label}” ở trạng thái hiện tại.")
    issuer = _issuer(petition)
    on_date = on_date or timezone.localdate()
    try:
        with transaction.atomic():
            letter = CitizenLetter(
                petition=petition,
                kind=kind,
                issuer=issuer,
                issued_on=on_date,
                body=_body(petition, kind),
                addressee=letter_addressee(petition),
                created_by=by,
            )
            letter.number = number_take(issuer=issuer, doc_type=letter.doc_type, on_date=on_date)
            _, letter.pdf = render_letters([letter], filename="")
            letter.save()
            return letter
    except NumberingError as exc:
        raise PetitionError(str(exc)) from exc
    except IntegrityError:
        return CitizenLetter.objects.get(petition=petition, kind=kind)


def session_letters(session):
    """The issued letters of the petitions of SESSION, in receipt order."""
    return (
        CitizenLetter.objects.filter(petition__session=session)
        .select_related("petition__commune", "petition__session__plan", "issuer")
        .order_by("petition__received_on", "petition__id", "kind")
    )
