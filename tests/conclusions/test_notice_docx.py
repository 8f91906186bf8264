"""The conclusion notice and its village copies: the same text in PDF and Word; the copies' page numbers."""

from conclusions.pdf import render_notice
from conclusions.services import assignment_save
from tests.conclusions.factories import AssignmentFactory
from tests.conclusions.test_pdf import issue
from tests.document_text import docx_text, pdf_text


def test_notice_pdf_and_docx_have_the_same_text(notice, clerk, leader, unit):
    assignment_save(assignment=AssignmentFactory.build(notice=notice, unit=unit), user=clerk)
    draft_pdf, draft_docx = render_notice(notice)[1], render_notice(notice, "docx")[1]
    assert "DỰ THẢO" in docx_text(draft_docx)
    assert pdf_text(draft_pdf) == docx_text(draft_docx)
    issue(notice, clerk, leader)
    filename, data = render_notice(notice, "docx")
    assert filename == "thong-bao-ket-luan-01-2026.docx"
    text = docx_text(data)
    assert "Số: 01/TB-UBND" in text and "DỰ THẢO" not in text
    assert pdf_text(bytes(notice.pdf)) == text
