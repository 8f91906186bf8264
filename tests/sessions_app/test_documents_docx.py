"""The session's documents in Word: the same text as their PDF; the signature sheet's page rules."""

import datetime
import re

import pytest
from django.urls import reverse

from dialogue.documents.docx import DOCX_CONTENT_TYPE, render_document_docx
from sessions_app.documents import announcement_document, invitation_document, signature_sheet_document
from sessions_app.models import Participant
from sessions_app.participants import session_document_take
from sessions_app.pdf import render_announcement, render_invitations, render_signature_sheet
from tests.document_text import docx_document, docx_text, page_number, pdf_pages, pdf_text

from .factories import ParticipantFactory

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def people(state_session, villages):
    return [
        ParticipantFactory(session=state_session, full_name=name, honorific=h, title="Trưởng ấp", village=v)
        for name, h, v in (("Trần Văn Đức", "Ông", villages[0]), ("Lê Thị Hường", "Bà", villages[1]))
    ]


def test_invitations_single_and_batch_say_in_word_what_the_pdf_says(state_session, people):
    doc = session_document_take(session=state_session, kind="GM", on_date=datetime.date(2025, 11, 5))
    for group in ([people[0]], people):
        _, pdf = render_invitations(state_session, group, document=doc)
        name, data = render_document_docx(invitation_document(state_session, group, document=doc))
        assert name.endswith(".docx")
        assert docx_text(data) == pdf_text(pdf)
    word = docx_document(data)
    assert len(word.sections) == 2  # one section per letter: each letter opens a new page
    assert "Kính gửi: Bà Lê Thị Hường" in docx_text(data)
    assert len(word.inline_shapes) == 2  # the QR code of each letter
    _, without = render_document_docx(invitation_document(state_session, people, document=doc, with_qr=False))
    assert "Mã điểm danh" not in docx_text(without)


def test_numbered_announcement_docx_comes_from_the_frozen_snapshot(state_session, villages):
    doc = session_document_take(session=state_session, kind="TB", on_date=datetime.date(2025, 11, 10))
    state_session.venue = "Nhà văn hóa ấp 2"
    state_session.save()
    _, pdf = render_announcement(state_session, document=doc)
    _, data = render_document_docx(announcement_document(state_session, document=doc))
    text = docx_text(data)
    assert text == pdf_text(pdf)
    assert "Hội trường UBND xã Lộc Thành" in text and "Nhà văn hóa ấp 2" not in text
    assert "Số: 01/TB-UBND" in text


def test_word_layout_is_a4_times_new_roman_with_the_side_margins(state_session, villages):
    doc = session_document_take(session=state_session, kind="TB")
    word = docx_document(render_document_docx(announcement_document(state_session, document=doc))[1])
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [
        round(m.mm) for m in (section.top_margin, section.right_margin, section.bottom_margin, section.left_margin)
    ]
    assert margins == [20, 15, 20, 30]
    assert word.styles["Normal"].font.name == "Times New Roman"
    assert word.styles["Normal"].font.size.pt == 14
    header = word.tables[0]
    assert header.rows[0].cells[1].paragraphs[1].text == "Độc lập - Tự do - Hạnh phúc"
    # Nơi nhận: label 12 pt, lines 11 pt.
    foot = word.tables[-1].rows[0].cells[0].paragraphs
    assert (foot[0].text, foot[0].runs[0].font.size.pt, foot[1].runs[0].font.size.pt) == ("Nơi nhận:", 12, 11)


@pytest.fixture
def long_sheet(state_session, villages):
    for i in range(60):
        ParticipantFactory(
            session=state_session,
            full_name=f"Nguyễn Văn Hộ {i}",
            honorific="Ông",
            title=f"Trưởng ban công tác Mặt trận và Chi hội trưởng Chi hội Nông dân mã{i}",
            village=villages[i % 3],
        )
    return list(Participant.objects.filter(session=state_session).ordered_for_sheet())


def test_signature_sheet_repeats_its_header_row_and_never_splits_a_row(state_session, long_sheet):
    _, pdf = render_signature_sheet(state_session, long_sheet)
    pages = pdf_pages(pdf)
    assert len(pages) >= 3
    for n, page in enumerate(pages[1:], 2):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[0] == "TT Họ và tên Chức vụ, đơn vị Ký tên", lines[:3]
        assert page_number(page) == str(n)
    for i in range(60):
        (name_page,) = [n for n, page in enumerate(pages) if re.search(rf"Hộ {i}\b", page)]
        (title_end_page,) = [n for n, page in enumerate(pages) if re.search(rf"mã{i}\b", page)]
        assert name_page == title_end_page, i
    _, data = render_document_docx(signature_sheet_document(state_session, long_sheet))
    assert docx_text(data) == pdf_text(pdf, repeated_headers={"TT Họ và tên Chức vụ, đơn vị Ký tên"})
    table = docx_document(data).tables[0]
    rows = table._tbl.findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    assert all(r.find(f"{W}trPr/{W}tblHeader") is None for r in rows[1:])


def test_docx_routes_download_word_files(client, clerk, state_session, people):
    session_document_take(session=state_session, kind="GM")
    session_document_take(session=state_session, kind="TB")
    client.force_login(clerk)
    for name, args in (
        ("sessions_app:invitation_docx", [state_session.pk, people[0].pk]),
        ("sessions_app:invitation_batch_docx", [state_session.pk]),
        ("sessions_app:announcement_docx", [state_session.pk]),
        ("sessions_app:signature_sheet_docx", [state_session.pk]),
    ):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
        assert response["Content-Type"] == DOCX_CONTENT_TYPE
        assert response["Content-Disposition"].startswith("attachment;")
    batch = client.get(reverse("sessions_app:invitation_batch_docx", args=[state_session.pk]), {"village": "0"})
    assert batch.status_code == 302


def test_the_word_qr_code_is_segnos_matrix_drawn_four_pixels_a_module():
    import io as _io

    from PIL import Image as PILImage

    from sessions_app.documents import _qr_png
    from sessions_app.pdf import qr_code

    url = "https://doithoai.example/ke-hoach/diem-danh/abc/"
    image = PILImage.open(_io.BytesIO(_qr_png(url)))
    matrix = qr_code(url).matrix
    assert image.size == (len(matrix[0]) * 4, len(matrix) * 4)
    drawn = [[image.getpixel((x * 4 + 2, y * 4 + 2)) == 0 for x in range(len(row))] for y, row in enumerate(matrix)]
    assert drawn == [[bool(m) for m in row] for row in matrix]
