"""Journey: build the roster from the composition, import an .xlsx with one bad row, fix it,
number and print the letters as one batch, then tick attendance on the day."""

import io

import openpyxl
from playwright.sync_api import expect
from pypdf import PdfReader

from directory.models import Official
from sessions_app.models import Participant

from ..factories import OfficialFactory, PlanFactory, SessionFactory, aware
from .conftest import login


def workbook(rows):
    book = openpyxl.Workbook()
    book.active.append(["Nhóm", "Danh xưng", "Họ và tên", "Thôn, ấp", "Điện thoại"])
    for r in rows:
        book.active.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_clerk_imports_roster_prints_letters_and_ticks_attendance(
    page, clerk, commune, state_issuer, villages, tmp_path
):
    plan = PlanFactory(commune=commune, issuer=state_issuer)
    session = SessionFactory(
        plan=plan, villages=villages, starts_at=aware(2030, 11, 20, 8, 0), venue="Hội trường UBND xã"
    )
    OfficialFactory(
        commune=commune, full_name="Hồ Quang Khánh", role=Official.Role.COMMITTEE_CHAIR, position="Chủ tịch UBND xã"
    )
    OfficialFactory(
        commune=commune,
        full_name="Trần Thị Cúc",
        honorific="Bà",
        role=Official.Role.VILLAGE_HEAD,
        village=villages[0],
        position="Trưởng ấp 1",
    )

    login(page, "clerk")
    page.goto(page.base_url + session.get_absolute_url())
    page.get_by_role("link", name="Danh sách mời").first.click()
    page.get_by_role("button", name="Lập danh sách từ thành phần").click()
    expect(page.locator("#roster-table")).to_contain_text("Hồ Quang Khánh")
    expect(page.locator("#roster-places")).to_contain_text("Ấp 1: 0/5 chủ hộ")

    # An import with one bad phone number: previewed, the row named, nothing written.
    bad = tmp_path / "danh-sach.xlsx"
    bad.write_bytes(
        workbook(
            [
                ["", "Ông", "Nguyễn Văn An", "Ấp 1", "0912345678"],
                ["", "Bà", "Lê Thị Bình", "Ấp 1", "0123"],
                ["", "Ông", "Phạm Văn Cường", "Ấp 2", ""],
            ]
        )
    )
    page.get_by_role("link", name="Nhập từ Excel/CSV").click()
    page.get_by_label("Tệp danh sách (.xlsx hoặc .csv)").set_input_files(str(bad))
    page.get_by_role("button", name="Xem trước").click()
    expect(page.locator("#import-errors")).to_contain_text("Dòng 3, cột “Điện thoại”: “0123” không phải số điện thoại")
    assert Participant.objects.filter(group="households").count() == 0

    # Fixed and uploaded again: confirmed, all three written.
    good = tmp_path / "danh-sach-da-sua.xlsx"
    good.write_bytes(
        workbook(
            [
                ["", "Ông", "Nguyễn Văn An", "Ấp 1", "0912345678"],
                ["", "Bà", "Lê Thị Bình", "Ấp 1", "0912345679"],
                ["", "Ông", "Phạm Văn Cường", "Ấp 2", ""],
            ]
        )
    )
    page.get_by_label("Tệp danh sách (.xlsx hoặc .csv)").set_input_files(str(good))
    page.get_by_role("button", name="Xem trước").click()
    page.get_by_role("button", name="Xác nhận nhập 3 người").click()
    expect(page.get_by_text("Đã nhập 3 người vào danh sách.")).to_be_visible()
    expect(page.locator("#roster-places")).to_contain_text("Ấp 1: 2/5 chủ hộ")

    # Number the invitation and print the whole batch as one PDF.
    page.get_by_role("link", name="Giấy mời, thông báo").first.click()
    page.get_by_label("Ngày ban hành").first.fill("2030-11-05")
    page.get_by_role("button", name="Cấp số giấy mời").click()
    expect(page.locator("#invitation-number")).to_contain_text("01/GM-UBND")
    page.get_by_role("button", name="In giấy mời").click()
    download_link = page.locator("#print-download")
    expect(download_link).to_be_visible(timeout=60_000)
    pdf = page.request.get(page.base_url + download_link.get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.body()))
    assert len(reader.pages) == 5
    assert "Kính gửi: Bà Lê Thị Bình" in reader.pages[3].extract_text()

    # On the day: find a person without accents and tick her present.
    page.goto(page.base_url + f"/ke-hoach/buoi/{session.pk}/diem-danh/")
    page.get_by_label("Tìm người").fill("le thi binh")
    row = page.locator(".js-person:not(.d-none)")
    expect(row).to_have_count(1)
    row.get_by_role("button", name="Chưa đến").click()
    expect(row.get_by_role("button", name="Có mặt")).to_be_visible()
    expect(page.locator("#attendance-counts tr[data-group='households'] .js-present")).to_have_text("1")
    assert Participant.objects.get(full_name="Lê Thị Bình").attended_at is not None
