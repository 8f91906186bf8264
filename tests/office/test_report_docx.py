"""The report in Word: the same text as its PDF, draft and numbered; the numbered .docx is kept."""

from django.urls import reverse

from dialogue.documents.docx import DOCX_CONTENT_TYPE
from office.models import IssuedReport
from tests.document_text import docx_header_rows, docx_text, pdf_text
from tests.office.test_report_pdf import H2, PRINT, petitions, url  # noqa: F401  (fixture)


def test_draft_and_numbered_report_docx_say_what_the_pdf_says(petitions, clerk_client):  # noqa: F811
    pdf = clerk_client.post(url("office:report_pdf", H2), {**PRINT, "du_thao": "1"})
    docx = clerk_client.post(url("office:report_docx", H2), {**PRINT, "du_thao": "1"})
    assert docx["Content-Type"] == DOCX_CONTENT_TYPE
    text = docx_text(docx.content)
    headers = docx_header_rows(docx.content)
    assert text == pdf_text(pdf.content, repeated_headers=headers)
    assert "Kính gửi: Ủy ban nhân dân tỉnh Lâm Đồng." in text and "BIỂU SỐ LIỆU KÈM THEO BÁO CÁO" in text
    numbered = clerk_client.post(url("office:report_docx", H2), {**PRINT, "lay_so": "1"})
    assert "Số: 01/BC-UBND" in docx_text(numbered.content)
    issued = IssuedReport.objects.get()
    assert docx_text(bytes(issued.docx)) == docx_text(numbered.content)
    assert docx_text(numbered.content) == pdf_text(bytes(issued.pdf), repeated_headers=headers)
    again = clerk_client.get(reverse("office:issued_report_docx", args=[issued.pk]))
    assert again.content == bytes(issued.docx)
