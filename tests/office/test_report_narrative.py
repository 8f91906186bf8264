"""The report's own words around its figures (issue 14): the office's assessment, difficulties and
proposals, in the PDF and the Word alike; an empty table prints "Không có."."""

from django.urls import reverse

from directory.models import Job
from office.models import IssuedReport
from tests.document_text import docx_header_rows, docx_text, pdf_text
from tests.office.test_report_pdf import H2, PRINT, petitions, url  # noqa: F401  (fixture)
from tests.office.test_reports import lines_of

WORDS = {
    "danh_gia": "Các buổi đối thoại được tổ chức đúng kế hoạch.\n\nMột số đơn vị trả lời chậm.",
    "kho_khan": "Kinh phí tổ chức còn hạn chế.",
    "de_xuat": "",
}


def test_the_offices_sections_print_after_the_figures_in_both_formats(petitions, clerk_client):  # noqa: F811
    pdf = clerk_client.post(url("office:report_pdf", H2), {**PRINT, **WORDS, "du_thao": "1"})
    docx = clerk_client.post(url("office:report_docx", H2), {**PRINT, **WORDS, "du_thao": "1"})
    text = docx_text(docx.content)
    assert text == pdf_text(pdf.content, repeated_headers=docx_header_rows(docx.content))
    order = [
        "I. KẾT QUẢ THỰC HIỆN",
        "1. Số buổi tiếp xúc, đối thoại",
        "II. ĐÁNH GIÁ CHUNG",
        "Các buổi đối thoại được tổ chức đúng kế hoạch.",
        "Một số đơn vị trả lời chậm.",
        "III. KHÓ KHĂN, VƯỚNG MẮC",
        "Kinh phí tổ chức còn hạn chế.",
        "BIỂU SỐ LIỆU KÈM THEO BÁO CÁO",
    ]
    at = [text.index(piece) for piece in order]
    assert at == sorted(at)
    assert "KIẾN NGHỊ, ĐỀ XUẤT" not in text  # left blank: not printed


def test_the_numbered_report_keeps_its_sections(petitions, clerk_client):  # noqa: F811
    clerk_client.post(
        url("office:report_pdf", H2), {**PRINT, **WORDS, "de_xuat": "Đề nghị tỉnh hỗ trợ.", "lay_so": "1"}
    )
    issued = IssuedReport.objects.get()
    kept = " ".join(lines_of(bytes(issued.pdf)))
    assert "IV. KIẾN NGHỊ, ĐỀ XUẤT" in kept and "Đề nghị tỉnh hỗ trợ." in kept
    assert "IV. KIẾN NGHỊ, ĐỀ XUẤT" in docx_text(bytes(issued.docx))


def test_without_words_the_report_is_the_figures_alone(petitions, clerk_client):  # noqa: F811
    text = " ".join(lines_of(clerk_client.post(url("office:report_pdf", H2), {**PRINT, "du_thao": "1"}).content))
    assert "KẾT QUẢ THỰC HIỆN" not in text and "ĐÁNH GIÁ CHUNG" not in text
    assert "1. Số buổi tiếp xúc, đối thoại" in text


def test_an_empty_table_prints_none_instead_of_a_bare_header(clerk_client, session):
    """No petition in the period: the topic, kind and competence tables say "Không có."."""
    text = docx_text(clerk_client.post(url("office:report_docx", H2), {**PRINT, "du_thao": "1"}).content)
    part = text.split("3. Ý kiến, kiến nghị của Nhân dân")[1].split("4. Thực hiện thông báo kết luận")[0]
    assert part.count("Không có.") == 3
    assert "Lĩnh vực Số ý kiến" not in part


def test_a_province_draft_made_by_the_queue_says_what_the_form_said(
    petitions,  # noqa: F811
    clerk_client,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    monkeypatch.setattr("office.views.reports.REPORT_INLINE_COMMUNES", 0)  # this commune counts as many
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(url("office:report_pdf", H2), {**PRINT, **WORDS, "du_thao": "1"})
    job = Job.objects.get()
    assert response.url == job.get_absolute_url()
    assert job.status == Job.Status.DONE
    download = clerk_client.get(reverse("directory:job_file", args=[job.pk]))
    text = " ".join(lines_of(b"".join(download.streaming_content)))
    assert "Kính gửi: Ủy ban nhân dân tỉnh Lâm Đồng." in text
    assert "II. ĐÁNH GIÁ CHUNG" in text and "Kinh phí tổ chức còn hạn chế." in text
    assert "Hồ Quang Khánh" in text
