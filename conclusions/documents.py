"""The conclusion notice as a document of the model (dialogue.documents): built once, printed to PDF and Word.

`notice_document(notice)` is the notice; `village_copies_document(notice)` one copy per village
head of the session, each copy with page numbers of its own (no number on its first page).
"""

from dialogue.documents.model import Document, Heading, Paragraph, paragraphs
from dialogue.templatetags.vn import vn_date
from directory.letterhead import letterhead


def _head(notice, recipients):
    return letterhead(
        issuer=notice.issuer,
        doc_type=notice.DOC_TYPE,
        number=notice.number,
        place=notice.place,
        issued_on=notice.issued_on,
        type_name="THÔNG BÁO",
        subject=notice.subject,
        signing_authority=notice.signing_authority,
        signer_title=notice.signer_title,
        signer_name=notice.signer.full_name if notice.signer else "",
        recipients=recipients,
    )


def _body(notice):
    blocks = []
    if notice.corrects:
        corrected = notice.corrects
        blocks.append(
            Paragraph(f"Thông báo này đính chính Thông báo số {corrected.symbol} ngày {vn_date(corrected.issued_on)}.")
        )
    blocks += paragraphs(notice.facts)
    numerals = iter(("I", "II", "III", "IV"))
    assessment = paragraphs(notice.assessment)
    if assessment:
        blocks += [Heading(f"{next(numerals)}. ĐÁNH GIÁ CHUNG"), *assessment]
    conclusions = paragraphs(notice.conclusions)
    if conclusions:
        blocks += [Heading(f"{next(numerals)}. KẾT LUẬN"), *conclusions]
    assignments = list(notice.assignments.select_related("unit"))
    if assignments:
        blocks.append(Heading(f"{next(numerals)}. GIAO NHIỆM VỤ"))
        for i, a in enumerate(assignments, 1):
            blocks.append(
                Paragraph(f"{i}. {a.unit.name}: {a.task} Thời hạn hoàn thành: trước ngày {vn_date(a.deadline)}.")
            )
    blocks += paragraphs(notice.closing)
    return blocks


def _filename_number(notice):
    return f"{notice.number:02d}" if notice.number else "du-thao"


def notice_document(notice):
    """The notice in its issuer's layout (Decree 30 or Guide 36); a draft is marked "DỰ THẢO", no number."""
    head = _head(notice, notice.recipient_lines())
    part = head.part(blocks=_body(notice), draft=not notice.is_issued)
    year = notice.issued_on.year if notice.issued_on else notice.session.year
    return Document(
        title="Thông báo kết luận",
        filename=f"thong-bao-ket-luan-{_filename_number(notice)}-{year}",
        parts=[part],
        side=head.side,
    )


def village_copies_document(notice):
    """One copy of the issued notice per village head of the session, for posting in the village."""
    body = _body(notice)
    parts = []
    for village in notice.session.villages.all():
        head = _head(notice, [(f"Trưởng {village.full_name}", False), ("Lưu: VT", False)])
        parts.append(head.part(blocks=list(body), draft=not notice.is_issued, restart_numbering=True))
    return Document(
        title="Thông báo kết luận",
        filename=f"thong-bao-ket-luan-{notice.number or 0:02d}-ban-thon",
        parts=parts,
        side="party" if notice.issuer.side == "party" else "state",
    )
