"""Printed documents of the session: its programme, its minutes and the leader's briefing pack,
each a document of the model (proceedings.documents) printed to PDF or Word (FMT "pdf" or "docx")."""

from dialogue.documents.render import render

from .documents import briefing_document, minutes_document, programme_document


def render_programme(session, rows, fmt="pdf"):
    """The programme of SESSION (ROWS: ProgrammeItem, saved or the default draft) -> (filename, bytes)."""
    return render(programme_document(session, rows), fmt)


def render_minutes(minutes, fmt="pdf"):
    """The minutes in their issuer's layout -> (filename, bytes).

    A draft prints "DỰ THẢO" and no number or date; signed minutes print their frozen snapshot
    (their PDF and .docx are printed once, when signed, and the bytes are kept).
    """
    return render(minutes_document(minutes), fmt)


def render_briefing(session, pack, fmt="pdf"):
    """The leader's briefing pack before SESSION (PACK from briefing.briefing_pack) -> (filename, bytes)."""
    return render(briefing_document(session, pack), fmt)
