"""Both renderings of a document of the model: `render(doc, "pdf")` or `render(doc, "docx")`."""

from .docx import render_document_docx
from .pdf import render_document_pdf

FORMATS = ("pdf", "docx")


def render(doc, fmt):
    """DOC rendered to FMT ("pdf" or "docx") -> (filename, bytes)."""
    if fmt == "docx":
        return render_document_docx(doc)
    if fmt == "pdf":
        return render_document_pdf(doc)
    raise ValueError(f"Unknown document format: {fmt!r}")
