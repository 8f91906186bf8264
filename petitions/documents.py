"""Letters to the citizen as documents of the model (dialogue.documents): built once, printed to PDF and Word.

From the letter's frozen text (CitizenLetter.body, number, date, issuer), so a reprint in either
format says what was issued. Each letter has page numbers of its own.
"""

from dialogue.documents.model import Document, Paragraph
from directory.letterhead import letterhead
from directory.models import Unit

from .models import CitizenLetter

K = CitizenLetter.Kind

TYPE_NAMES = {K.ANSWER: "", K.TRANSFER: "THÔNG BÁO", K.GUIDANCE: ""}
SUBJECTS = {
    K.ANSWER: "V/v trả lời ý kiến, kiến nghị của công dân",
    K.TRANSFER: "Về việc chuyển ý kiến, kiến nghị của công dân",
    K.GUIDANCE: "V/v hướng dẫn công dân gửi ý kiến, kiến nghị đến cơ quan có thẩm quyền",
}


def letter_addressee(petition):
    """The "Kính gửi" line of a letter to PETITION's citizen: name and address, as they stand now."""
    name = petition.citizen_name or "Công dân"
    return f"{name}, {petition.citizen_address}" if petition.citizen_address else name


def letter_part(letter):
    petition = letter.petition
    head = letterhead(
        issuer=letter.issuer,
        doc_type=letter.doc_type,
        number=letter.number,
        place=petition.commune.date_place,
        issued_on=letter.issued_on,
        type_name=TYPE_NAMES[K(letter.kind)],
        subject=SUBJECTS[K(letter.kind)],
        recipients=[("Công dân có ý kiến, kiến nghị", False), ("Lưu: VT", False)],
        signing_authority="TM. ỦY BAN NHÂN DÂN" if letter.issuer.kind == Unit.Kind.PEOPLES_COMMITTEE else "",
        signer_title="CHỦ TỊCH",
    )
    blocks = [Paragraph(f"Kính gửi: {letter.addressee or 'Công dân'}.")]
    for para in letter.body.split("\n\n"):
        lines = [line.strip() for line in para.splitlines() if line.strip()]
        if lines:
            blocks.append(Paragraph(" ".join(lines), lines=lines if len(lines) > 1 else []))
    blocks.append(Paragraph(f"Mã tiếp nhận: {petition.code}."))
    return head.part(blocks=blocks, restart_numbering=True)


def letters_document(letters, *, filename):
    """LETTERS (issued CitizenLetter rows) as one document, each letter on its own pages."""
    parts = [letter_part(letter) for letter in letters]
    side = "party" if letters and letters[0].issuer.side == Unit.Side.PARTY else "state"
    return Document(title="Văn bản gửi người dân", filename=filename.removesuffix(".pdf"), parts=parts, side=side)
