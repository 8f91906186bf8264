"""The conclusion notice and its village copies: the same text in PDF and Word; the copies' page numbers."""

from conclusions.pdf import render_notice, render_village_copies
from conclusions.services import assignment_save
from tests.conclusions.factories import AssignmentFactory
from tests.conclusions.test_pdf import issue
from tests.document_text import docx_document, docx_text, page_number, pdf_pages, pdf_text


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


def _long(notice):
    notice.conclusions = "\n".join(
        f"Kết luận thứ {i}: các đơn vị rà soát, giải quyết dứt điểm kiến nghị." for i in range(40)
    )
    notice.save()


def test_each_village_copy_restarts_its_page_numbers(notice, clerk, leader):
    _long(notice)
    issue(notice, clerk, leader)
    _, data = render_village_copies(notice)
    pages = pdf_pages(data)
    copies = [i for i, page in enumerate(pages) if "THÔNG BÁO" in page.splitlines()]
    assert len(copies) == 3 and len(pages) >= 6
    for first, end in zip(copies, [*copies[1:], len(pages)], strict=True):
        assert end - first >= 2
        # No number on a copy's first page; its next page is "2", whatever came before.
        assert page_number(pages[first]) == ""
        assert [page_number(pages[i]) for i in range(first + 1, end)] == [str(n) for n in range(2, end - first + 1)]
    docx_name, docx_data = render_village_copies(notice, "docx")
    assert docx_name.endswith("-ban-thon.docx")
    assert pdf_text(data) == docx_text(docx_data)
    sections = docx_document(docx_data).sections
    assert len(sections) == 3
    for section in sections:
        assert section.different_first_page_header_footer
        start = section._sectPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pgNumType")
        assert start.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}start") == "1"


def test_party_notice_in_word_uses_the_party_header_and_margins(party_session, party_clerk, leader, settings):
    from tests.conclusions.factories import NoticeFactory

    settings.PARTY_PAGE_MARGINS = "25mm 15mm 20mm 35mm"
    notice = NoticeFactory(session=party_session, signing_authority="T/M BAN THƯỜNG VỤ", signer_title="PHÓ BÍ THƯ")
    issue(notice, party_clerk, leader)
    _, data = render_notice(notice, "docx")
    text = docx_text(data)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "CỘNG HÒA XÃ HỘI" not in text
    assert text == pdf_text(bytes(notice.pdf))
    section = docx_document(data).sections[0]
    assert [round(m.mm) for m in (section.top_margin, section.left_margin)] == [25, 35]
