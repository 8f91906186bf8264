"""Printed documents of conclusions: the notice, the copies for village heads (PDF and Word)."""

from dialogue.documents.render import render

from .documents import notice_document, village_copies_document


def render_notice(notice, fmt="pdf"):
    """The conclusion notice in its issuer's layout (Decree 30 or Guide 36) -> (filename, bytes).

    A draft prints without number and date and is marked "DỰ THẢO"; an issued notice is
    printed once, at issue, and its bytes are kept on the notice. FMT is "pdf" or "docx".
    """
    return render(notice_document(notice), fmt)


def render_village_copies(notice, fmt="pdf"):
    """One copy of the issued notice per village head of the session, each numbered from its own page 1."""
    return render(village_copies_document(notice), fmt)
