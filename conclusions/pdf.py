"""Printed documents of conclusions: the notice, the copies for village heads."""

from dialogue.pdf import render_pdf
from directory.letterhead import letterhead


def _notice_head(notice, **extra):
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
        **extra,
    )


def _paragraphs(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _notice_context(notice):
    return {
        "notice": notice,
        "is_draft": not notice.is_issued,
        "facts": _paragraphs(notice.facts),
        "assessment": _paragraphs(notice.assessment),
        "conclusions": _paragraphs(notice.conclusions),
        "closing": _paragraphs(notice.closing),
        "assignments": list(notice.assignments.select_related("unit")),
    }


def render_notice(notice):
    """The conclusion notice in its issuer's layout (Decree 30 or Guide 36) -> (filename, bytes).

    A draft prints without number and date and is marked "DỰ THẢO"; an issued notice is
    printed once, at issue, and its bytes are kept on the notice.
    """
    head = _notice_head(notice, recipients=notice.recipient_lines())
    context = {"head": head, **_notice_context(notice)}
    number = f"{notice.number:02d}" if notice.number else "du-thao"
    year = notice.issued_on.year if notice.issued_on else notice.session.year
    return render_pdf("pdf/notice.html", context, filename=f"thong-bao-ket-luan-{number}-{year}.pdf")


def render_village_copies(notice):
    """One copy of the issued notice per village head of the session, for posting in the village."""
    villages = list(notice.session.villages.all())
    copies = [
        {"head": _notice_head(notice, recipients=[(f"Trưởng {v.full_name}", False), ("Lưu: VT", False)]), "village": v}
        for v in villages
    ]
    context = {"copies": copies, **_notice_context(notice)}
    return render_pdf("pdf/notice.html", context, filename=f"thong-bao-ket-luan-{notice.number or 0:02d}-ban-thon.pdf")
