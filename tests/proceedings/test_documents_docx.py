"""The programme, the minutes and the briefing pack in Word: the same text as their PDF, in the same
order; draft minutes marked "DỰ THẢO" in both; signed minutes keep the text they were signed with."""

import pytest
from django.urls import reverse
from freezegun import freeze_time

from dialogue.documents.docx import DOCX_CONTENT_TYPE
from directory.models import Official
from proceedings.models import Minutes
from proceedings.pdf import render_minutes, render_programme
from proceedings.services import minutes_save, minutes_start, programme_save
from tests.conclusions.factories import held_session
from tests.document_text import docx_header_rows, docx_text, pdf_pages, pdf_text

from .test_briefing import TODAY, world  # noqa: F401  (fixture)
from .test_minutes import minutes, records, sign  # noqa: F401  (fixtures)


def _same_text(pdf, docx):
    text = docx_text(docx)
    assert pdf_text(pdf, repeated_headers=docx_header_rows(docx)) == text
    return text


def test_the_programme_downloads_as_word_with_the_text_of_its_pdf(client, session, clerk, supervisor):
    client.force_login(supervisor)
    pdf = client.get(reverse("proceedings:programme_pdf", args=[session.pk]))
    docx = client.get(reverse("proceedings:programme_docx", args=[session.pk]))
    assert docx["Content-Type"] == DOCX_CONTENT_TYPE
    assert docx["Content-Disposition"] == f'attachment; filename="chuong-trinh-buoi-{session.pk}.docx"'
    text = _same_text(pdf.content, docx.content)
    assert "CHƯƠNG TRÌNH" in text and "Thời gian Nội dung Người thực hiện" in text
    assert "Tuyên bố lý do, giới thiệu đại biểu" in text  # the default draft, nothing saved yet


def test_a_long_programme_over_several_pages_has_the_same_text_in_word(session, clerk):
    rows = [
        {"starts_at": None, "item": f"Mục số {n}: " + "nội dung dài của chương trình " * 4, "presenter": f"Người {n}"}
        for n in range(1, 41)
    ]
    saved = programme_save(session=session, rows=rows, user=clerk)
    pdf, docx = render_programme(session, saved)[1], render_programme(session, saved, "docx")[1]
    assert len(pdf_pages(pdf)) >= 2
    text = _same_text(pdf, docx)
    assert text.index("Mục số 1:") < text.index("Mục số 40:")


def test_draft_minutes_say_dự_thảo_in_both_and_the_same_text(client, minutes, clerk, secretary):  # noqa: F811
    minutes.secretary = secretary
    minutes_save(minutes=minutes, user=clerk)
    client.force_login(clerk)
    pdf = client.get(reverse("proceedings:minutes_pdf", args=[minutes.pk])).content
    response = client.get(reverse("proceedings:minutes_docx", args=[minutes.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="bien-ban-du-thao-buoi-{minutes.session_id}.docx"'
    text = _same_text(pdf, response.content)
    assert text.startswith("DỰ THẢO ")
    assert "01/BB" not in text
    assert text.index("I. THỜI GIAN, ĐỊA ĐIỂM") < text.index("IV. Ý KIẾN CỦA NHÂN DÂN VÀ TRẢ LỜI TẠI BUỔI")
    # Secretary on the left, chair on the right, as on paper.
    assert text.endswith("THƯ KÝ Phan Thị Ngọc CHỦ TRÌ Hồ Quang Khánh")


def test_signed_minutes_keep_their_word_copy_and_its_text_never_changes(
    client,
    minutes,  # noqa: F811
    clerk,
    secretary,
):
    minutes.secretary = secretary
    minutes_save(minutes=minutes, user=clerk)
    sign(minutes, clerk)
    stored = Minutes.objects.get(pk=minutes.pk)
    text = _same_text(bytes(stored.pdf), bytes(stored.docx))
    assert "Số: 01/BB-UBND" in text and "Lộc Thành, ngày 05 tháng 01 năm 2026" in text
    assert "DỰ THẢO" not in text
    client.force_login(clerk)
    response = client.get(reverse("proceedings:minutes_docx", args=[minutes.pk]))
    assert response.content == bytes(stored.docx)
    assert response["Content-Disposition"] == f'attachment; filename="bien-ban-01-buoi-{minutes.session_id}.docx"'
    # Printed again (minutes signed before their .docx was kept), they come from the frozen
    # snapshot: an official renamed afterwards, or the live fields, change nothing.
    Official.objects.filter(pk=secretary.pk).update(full_name="Tên Đã Đổi")
    again = Minutes.objects.select_related("secretary", "chair").get(pk=minutes.pk)
    again.opinions = "Sửa sau khi ký (không lưu được)."
    assert docx_text(render_minutes(again, "docx")[1]) == text
    assert pdf_text(render_minutes(again)[1]) == text


def test_party_minutes_in_word_print_the_party_number(commune, party_issuer, villages, party_clerk, chair, secretary):
    session = held_session(commune, party_issuer, villages[:1])
    party = minutes_start(session=session, user=party_clerk)
    party.chair, party.secretary = chair, secretary
    minutes_save(minutes=party, user=party_clerk)
    sign(party, party_clerk)
    stored = Minutes.objects.get(pk=party.pk)
    text = _same_text(bytes(stored.pdf), bytes(stored.docx))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "Số 01-BB/ĐU" in text


@freeze_time(TODAY)
@pytest.mark.django_db
def test_the_briefing_pack_downloads_as_word_with_the_text_of_its_pdf(client, world, leader):  # noqa: F811
    client.force_login(leader)
    pdf = client.get(reverse("proceedings:briefing_pdf", args=[world.upcoming.pk]))
    docx = client.get(reverse("proceedings:briefing_docx", args=[world.upcoming.pk]))
    assert docx["Content-Type"] == DOCX_CONTENT_TYPE
    text = _same_text(pdf.content, docx.content)
    assert "TÀI LIỆU PHỤC VỤ LÃNH ĐẠO" in text
    assert text.index("I. Ý kiến nêu nhiều lần") < text.index("KN-D") < text.index("II. Ý kiến, kiến nghị còn")
    assert "Ý kiến, kiến nghị của các thôn, ấp này tại buổi: 2; trả lời tại buổi: 1" in text
    assert "Ấp 3 thiếu nước sạch" not in text


def test_an_empty_briefing_pack_says_không_có_in_both(client, commune, state_issuer, villages, clerk):
    from tests.factories import PlanFactory, SessionFactory

    session = SessionFactory(plan=PlanFactory(commune=commune, issuer=state_issuer), villages=villages[2:])
    client.force_login(clerk)
    pdf = client.get(reverse("proceedings:briefing_pdf", args=[session.pk]))
    docx = client.get(reverse("proceedings:briefing_docx", args=[session.pk]))
    text = _same_text(pdf.content, docx.content)
    assert text.count("Không có.") == 3
