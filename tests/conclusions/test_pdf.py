from freezegun import freeze_time

from conclusions.enums import NoticeStatus
from conclusions.pdf import render_notice, render_village_copies
from conclusions.services import assignment_save, notice_change_status

from ..sessions_app.pdf_helpers import embedded_font_files, read_pdf
from .factories import AssignmentFactory, NoticeFactory


def issue(notice, clerk, leader):
    notice_change_status(obj=notice, to=NoticeStatus.PENDING_APPROVAL, by=clerk)
    with freeze_time("2026-01-05 09:00"):
        notice_change_status(obj=notice, to=NoticeStatus.ISSUED, by=leader)
    notice.refresh_from_db()
    return notice


def test_state_notice_prints_in_decree_30_layout_with_embedded_fonts(notice, clerk, leader, unit):
    notice.signing_authority = "TM. ỦY BAN NHÂN DÂN"
    notice.save()
    assignment_save(assignment=AssignmentFactory.build(notice=notice, unit=unit), user=clerk)
    issue(notice, clerk, leader)
    reader, pages = read_pdf(bytes(notice.pdf))
    text = "\n".join(pages)
    lines = [line.strip() for line in text.splitlines()]
    assert "Số: 01/TB-UBND" in lines
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Lộc Thành, ngày 05 tháng 01 năm 2026" in text
    assert "THÔNG BÁO" in lines
    assert "TM. ỦY BAN NHÂN DÂN" in text
    assert "Nơi nhận:" in text
    assert "Phòng Kinh tế: Kiểm tra, sửa chữa tuyến đường liên ấp 2 – ấp 3." in " ".join(lines)
    assert "DỰ THẢO" not in text
    assert embedded_font_files(reader)


def test_party_notice_prints_in_guide_36_layout(party_session, party_clerk, leader):
    notice = NoticeFactory(session=party_session, signing_authority="T/M BAN THƯỜNG VỤ", signer_title="PHÓ BÍ THƯ")
    issue(notice, party_clerk, leader)
    reader, pages = read_pdf(bytes(notice.pdf))
    lines = [line.strip() for line in "\n".join(pages).splitlines()]
    assert "Số 01-TB/ĐU" in lines
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in lines
    assert "THÔNG BÁO" in lines
    assert "T/M BAN THƯỜNG VỤ" in lines
    assert "PHÓ BÍ THƯ" in lines
    assert embedded_font_files(reader)


def test_draft_preview_is_marked_and_has_no_number(notice):
    filename, content = render_notice(notice)
    _, pages = read_pdf(content)
    text = "\n".join(pages)
    assert filename == "thong-bao-ket-luan-du-thao-2025.pdf"
    assert "DỰ THẢO" in text
    assert "TB-UBND" in text
    assert "01/TB-UBND" not in text


def test_village_heads_get_one_copy_each(notice, clerk, leader, session):
    issue(notice, clerk, leader)
    _, content = render_village_copies(notice)
    _, pages = read_pdf(content)
    text = "\n".join(pages)
    assert text.count("Số: 01/TB-UBND") == 3
    assert [f"- Trưởng Ấp {i};" in text for i in (1, 2, 3)] == [True, True, True]
