"""The printed layout asserted on the PDFs: header sides and lines, fonts, margins, sizes, QR codes."""

import datetime

import pytest

from directory.letterhead import header_lines
from sessions_app.models import Participant
from sessions_app.participants import session_document_take
from sessions_app.pdf import (
    invitation_letters,
    qr_data_uri,
    render_announcement,
    render_invitations,
    render_signature_sheet,
)

from .factories import ParticipantFactory
from .pdf_helpers import embedded_font_files, image_count, read_pdf, text_runs

MM = 72 / 25.4


@pytest.fixture
def person(state_session, villages):
    return ParticipantFactory(
        session=state_session, full_name="Trần Văn Đức", honorific="Ông", title="Trưởng ấp 1", village=villages[0]
    )


def _run(runs, text):
    (found,) = [r for r in runs if r[0] == text]
    return found


def test_state_header_sides_lines_and_sizes(state_session, person):
    doc = session_document_take(session=state_session, kind="GM", on_date=datetime.date(2025, 11, 5))
    _, data = render_invitations(state_session, [person], document=doc)
    reader, _ = read_pdf(data)
    runs = text_runs(reader.pages[0])
    middle = 595 / 2
    # The issuer's name breaks before the place name, never inside it.
    issuer_top, place = _run(runs, "ỦY BAN NHÂN DÂN"), _run(runs, "XÃ LỘC THÀNH")
    assert issuer_top[1] < middle and place[1] < middle
    assert issuer_top[2] > place[2]
    assert (issuer_top[3].split("+")[1], issuer_top[4]) == ("Liberation-Serif-Bold", 12.5)
    nation = _run(runs, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    motto = _run(runs, "Độc lập - Tự do - Hạnh phúc")
    assert nation[1] > middle - 40 and motto[1] > middle
    assert nation[2] == issuer_top[2]  # both blocks start on the same line
    assert (nation[4], motto[4]) == (12.5, 13.5)
    assert _run(runs, "Số: 01/GM-UBND")[1] < middle
    dateline = _run(runs, "Lộc Thành, ngày 05 tháng 11 năm 2025")
    assert dateline[1] > middle - 40 and "Italic" in dateline[3]
    title = _run(runs, "GIẤY MỜI")
    assert ("Bold" in title[3], title[4]) == (True, 14.0)
    # Margins: left 30 mm, top 20 mm (Decree 30's ranges: left 30–35, top 20–25).
    assert min(r[1] for r in runs) == pytest.approx(30 * MM, abs=0.5)
    assert max(r[2] + r[4] for r in runs) <= 842 - 20 * MM + 1


def test_issuer_name_breaks_where_the_user_put_the_line_break(state_session, state_issuer, person):
    state_issuer.header_name = "ỦY BAN NHÂN DÂN XÃ\\nLỘC THÀNH"
    state_issuer.save()
    doc = session_document_take(session=state_session, kind="GM")
    _, data = render_invitations(state_session, [person], document=doc)
    reader, (text,) = read_pdf(data)
    assert text.splitlines()[:2] == ["ỦY BAN NHÂN DÂN XÃ", "LỘC THÀNH"]


def test_header_lines_keep_the_place_name_whole():
    assert header_lines("ỦY BAN NHÂN DÂN XÃ LỘC THÀNH") == [("ỦY BAN NHÂN DÂN ", "XÃ LỘC THÀNH")]
    assert header_lines("ĐẢNG BỘ TỈNH LÂM ĐỒNG") == [("ĐẢNG BỘ ", "TỈNH LÂM ĐỒNG")]
    assert header_lines("BAN CHẤP HÀNH") == [("BAN CHẤP HÀNH", "")]
    assert header_lines("ỦY BAN NHÂN DÂN\nXÃ LỘC THÀNH") == [("ỦY BAN NHÂN DÂN", ""), ("XÃ LỘC THÀNH", "")]
    assert header_lines("") == []


def test_party_document_title_is_16pt_bold_and_party_margins_apply(party_session, villages, settings):
    settings.PARTY_PAGE_MARGINS = "25mm 15mm 20mm 35mm"
    p = ParticipantFactory(session=party_session, full_name="Phạm Thị Thu Hằng", honorific="Bà", village=villages[0])
    doc = session_document_take(session=party_session, kind="GM", on_date=datetime.date(2025, 8, 1))
    _, data = render_invitations(party_session, [p], document=doc)
    reader, _ = read_pdf(data)
    runs = text_runs(reader.pages[0])
    title = _run(runs, "GIẤY MỜI")
    assert ("Bold" in title[3], title[4]) == (True, 16.0)
    assert _run(runs, "ĐẢNG CỘNG SẢN VIỆT NAM")[1] > 595 / 2 - 40
    assert min(r[1] for r in runs) == pytest.approx(35 * MM, abs=0.5)
    assert max(r[2] + r[4] for r in runs) <= 842 - 25 * MM + 1


def test_state_document_keeps_state_margins_when_party_margins_change(state_session, person, settings):
    settings.PARTY_PAGE_MARGINS = "25mm 15mm 20mm 35mm"
    doc = session_document_take(session=state_session, kind="GM")
    _, data = render_invitations(state_session, [person], document=doc)
    reader, _ = read_pdf(data)
    assert min(r[1] for r in text_runs(reader.pages[0])) == pytest.approx(30 * MM, abs=0.5)


def test_page_numbers_use_the_document_font(state_session, villages):
    for i in range(70):
        ParticipantFactory(session=state_session, full_name=f"Nguyễn Văn Hộ {i}", village=villages[i % 3])
    rows = Participant.objects.filter(session=state_session).ordered_for_sheet()
    _, data = render_signature_sheet(state_session, rows)
    reader, texts = read_pdf(data)
    assert len(reader.pages) >= 2
    page_number = _run(text_runs(reader.pages[1]), "2")
    assert page_number[3].split("+")[1] == "Liberation-Serif"
    fonts = embedded_font_files(reader)
    assert {name.split("+")[1] for name in fonts} == {
        "Liberation-Serif",
        "Liberation-Serif-Bold",
        "Liberation-Serif-Italic",
    }


def test_signature_sheet_prints_a_full_name_on_one_line(state_session, villages):
    name = "Nguyễn Thị Hoàng Phương Thảo"
    ParticipantFactory(session=state_session, full_name=name, honorific="Bà", village=villages[0])
    rows = Participant.objects.filter(session=state_session).ordered_for_sheet()
    _, data = render_signature_sheet(state_session, rows)
    _, (text,) = read_pdf(data)
    assert f"1 Bà {name}" in text.splitlines()


def test_letters_carry_a_qr_code_of_the_site_url_unless_turned_off(state_session, person, settings):
    settings.SITE_URL = "https://doithoai.locthanh.example"
    (letter,) = invitation_letters([person])
    assert letter["qr"] == qr_data_uri(f"https://doithoai.locthanh.example/ke-hoach/diem-danh/{person.checkin_token}/")
    (other,) = invitation_letters([person], base_url="http://10.0.0.5:8000/")
    assert other["qr"] == qr_data_uri(f"http://10.0.0.5:8000/ke-hoach/diem-danh/{person.checkin_token}/")
    doc = session_document_take(session=state_session, kind="GM")
    _, with_qr = render_invitations(state_session, [person], document=doc)
    _, without = render_invitations(state_session, [person], document=doc, with_qr=False)
    assert image_count(read_pdf(with_qr)[0]) == 1
    assert image_count(read_pdf(without)[0]) == 0
    assert "Mã điểm danh" not in read_pdf(without)[1][0]


def test_announcement_is_on_a4_with_embedded_liberation_serif(state_session):
    doc = session_document_take(session=state_session, kind="TB", on_date=datetime.date(2025, 11, 10))
    _, data = render_announcement(state_session, document=doc)
    reader, (text,) = read_pdf(data)
    assert {name.split("+")[1] for name in embedded_font_files(reader)} <= {
        "Liberation-Serif",
        "Liberation-Serif-Bold",
        "Liberation-Serif-Italic",
        "Liberation-Serif-Bold-Italic",
    }
    assert "THÔNG BÁO" in text.splitlines()
