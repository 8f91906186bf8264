"""The text of both renderings of a document, to compare them: NFC, whitespace collapsed, in order."""

import io
import re
import unicodedata

from docx import Document as open_docx
from docx.oxml.ns import qn
from pypdf import PdfReader

_PAGE_NUMBER = re.compile(r"\d{1,3}")


def _words(text):
    return " ".join(unicodedata.normalize("NFC", text).split())


def pdf_pages(data):
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def page_number(page_text):
    """The running page number printed on a page ("" if none): WeasyPrint paints the page's margin
    boxes after its content, so it is the page's last line of text, digits alone."""
    lines = [line.strip() for line in page_text.splitlines() if line.strip()]
    return lines[-1] if lines and _PAGE_NUMBER.fullmatch(lines[-1]) else ""


def pdf_text(data, *, repeated_headers=()):
    """The PDF's words in order, without the running page numbers, nor a table header row (one of
    REPEATED_HEADERS) where it opens a page after the first (Word repeats it too, but holds it once)."""
    pages = []
    for n, page in enumerate(pdf_pages(data)):
        lines = [line for line in page.splitlines() if line.strip()]
        if page_number(page):
            lines = lines[:-1]
        if n and lines and _words(lines[0]) in repeated_headers:
            lines = lines[1:]
        pages.append("\n".join(lines))
    # A line may break after a dash inside a word ("01/07–31/07"): no space was there.
    return _words(re.sub(r"(?<=\S)–\n", "–", "\n".join(pages)))


def _element_text(element):
    """Text of a body element in document order: paragraphs, and table cells row by row."""
    if element.tag == qn("w:p"):
        parts = []
        for node in element.iter(qn("w:t"), qn("w:br"), qn("w:tab")):
            if node.tag == qn("w:t"):
                parts.append(node.text or "")
            elif node.tag == qn("w:br") and node.get(qn("w:type")) in (None, "textWrapping"):
                parts.append("\n")
        return "".join(parts)
    if element.tag == qn("w:tbl"):
        out = []
        for row in element.findall(qn("w:tr")):
            for cell in row.findall(qn("w:tc")):
                out.extend(_element_text(child) for child in cell if child.tag in (qn("w:p"), qn("w:tbl")))
        return "\n".join(out)
    return ""


def docx_document(data):
    return open_docx(io.BytesIO(data))


def docx_text(data):
    body = docx_document(data).element.body
    return _words("\n".join(_element_text(child) for child in body))


def docx_header_rows(data):
    """The text of each table header row (w:tblHeader) of the .docx: those the PDF repeats on each page."""
    rows = set()
    for tr in docx_document(data).element.body.iter(qn("w:tr")):
        if tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None:
            cells = ["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in tr.findall(qn("w:tc"))]
            rows.add(_words(" ".join(cells)))
    return rows
