"""Journey: a clerk imports a petitions file in two steps: a file with errors is previewed and
refused as a whole, the fixed file is previewed (columns skipped named) and confirmed."""

import io

import openpyxl
from playwright.sync_api import expect

from petitions.models import Petition

from ..petitions.factories import seed_reference_data
from .conftest import login
from .test_accessibility import violations

FILE_LABEL = "Tệp Excel (.xlsx) hoặc CSV, tối đa 5 MB"


def workbook(path, rows):
    book = openpyxl.Workbook()
    book.active.append(["STT", "Họ tên", "Ấp", "Lĩnh vực", "Nội dung"])
    for r in rows:
        book.active.append(r)
    out = io.BytesIO()
    book.save(out)
    path.write_bytes(out.getvalue())
    return str(path)


def test_clerk_previews_a_petitions_file_fixes_it_and_confirms(page, commune, clerk, villages, tmp_path):
    seed_reference_data()  # the live server's database is flushed between tests
    login(page, "clerk")
    page.goto(page.base_url + "/kien-nghi/")
    page.get_by_role("link", name="Nhập từ Excel").click()

    bad = workbook(tmp_path / "y-kien.xlsx", [[1, "Nguyễn Văn An", "Ấp 1", "Môi trường", "Rác thải ven kênh"],
                                              [2, "", "Ấp 9", "Môi trường", "Đường hỏng"]])  # fmt: skip
    page.get_by_label(FILE_LABEL).set_input_files(bad)
    page.get_by_role("button", name="Xem trước").click()
    expect(page.locator(".import-errors")).to_contain_text(
        "Dòng 3, cột “Thôn, ấp”: Thôn, ấp “Ấp 9” không thuộc xã này."
    )
    expect(page.locator("#import-fix")).to_be_visible()
    expect(page.locator("#import-confirm")).to_have_count(0)
    assert Petition.objects.count() == 0

    good = workbook(tmp_path / "y-kien-da-sua.xlsx", [[1, "Nguyễn Văn An", "Ấp 1", "Môi trường", "Rác thải ven kênh"],
                                                      [2, "", "Ấp 2", "Môi trường", "Đường hỏng"]])  # fmt: skip
    page.get_by_label(FILE_LABEL).set_input_files(good)
    page.get_by_role("button", name="Xem trước").click()
    expect(page.locator(".import-ignored")).to_have_text("Bỏ qua cột: “STT” (không thuộc danh sách cột nhận).")
    expect(page.locator("#import-rows tbody tr")).to_have_count(2)
    expect(page.locator("#import-rows tbody tr").nth(1)).to_contain_text("Ẩn danh")
    assert violations(page) == []
    assert Petition.objects.count() == 0
    page.get_by_role("button", name="Xác nhận nhập 2 ý kiến").click()
    expect(page.get_by_text("Đã nhập 2 ý kiến.")).to_be_visible()
    assert sorted(Petition.objects.values_list("content", flat=True)) == ["Rác thải ven kênh", "Đường hỏng"]
