"""Journey: sign in, create a plan, add a session over two villages, see it on the dashboard."""

import datetime

from playwright.sync_api import expect

from sessions_app.enums import SessionStatus
from sessions_app.models import Plan, Session

from ..factories import LegalBasisFactory, OfficialFactory, UnitFactory
from .conftest import login


def test_clerk_creates_plan_and_session_and_sees_it_on_dashboard(page, clerk, commune, state_issuer, villages):
    LegalBasisFactory(short_name="Luật Thực hiện dân chủ ở cơ sở 2022")
    UnitFactory(commune=commune, name="Văn phòng HĐND và UBND xã")
    OfficialFactory(commune=commune, full_name="Hồ Quang Khánh")
    next_year = datetime.date.today().year + 1

    login(page, "clerk")
    expect(page.get_by_role("heading", name="Tổng quan Xã Lộc Thành")).to_be_visible()

    page.get_by_role("link", name="Kế hoạch", exact=True).click()
    page.get_by_role("link", name="+ Kế hoạch mới").click()
    page.get_by_label("Loại kế hoạch").select_option("state_conference")
    page.get_by_label("Cơ quan ban hành").select_option(label=state_issuer.name)
    page.get_by_label("Số", exact=True).fill("15")
    page.get_by_label("Địa danh").fill("Lộc Thành")
    page.get_by_label("Ngày ban hành").fill(f"{next_year}-01-05")
    page.get_by_label("Trích yếu").fill(f"Tổ chức Hội nghị đối thoại trực tiếp với Nhân dân năm {next_year}")
    page.get_by_label("Năm").fill(str(next_year))
    page.get_by_label("Thời kỳ").fill(f"năm {next_year}")
    page.get_by_label("Chức vụ người ký").fill("CHỦ TỊCH")
    # A numbered plan names its signer and at least one recipient.
    page.get_by_label("Người ký", exact=True).select_option(label="Ông Hồ Quang Khánh – Công chức")
    page.locator("select[name='bases-0-legal_basis']").select_option(label="Luật Thực hiện dân chủ ở cơ sở 2022")
    page.locator("select[name='duties-0-unit']").select_option(label="Văn phòng HĐND và UBND xã")
    page.locator("textarea[name='duties-0-text']").fill("Tham mưu xây dựng Kế hoạch tổ chức Hội nghị đối thoại.")
    page.locator("input[name='recipients-0-name']").fill("TT. Đảng uỷ xã")
    page.locator("input[name='recipients-0-for_report']").check()
    page.get_by_role("button", name="+ Thêm dòng").nth(2).click()
    page.locator("input[name='recipients-1-name']").fill("Lưu: VT")
    page.get_by_role("button", name="Lưu kế hoạch").click()

    expect(page.get_by_text("Đã lưu kế hoạch.")).to_be_visible()
    plan = Plan.objects.get()
    assert plan.symbol == "15/KH-UBND"
    assert [str(r) for r in plan.recipients.all()] == ["TT. Đảng uỷ xã (b/c)", "Lưu: VT"]
    assert plan.duties.get().unit.name == "Văn phòng HĐND và UBND xã"

    page.get_by_role("link", name="+ Thêm buổi").click()
    page.get_by_label("Ấp 1").check()
    page.get_by_label("Ấp 2").check()
    page.get_by_label("Ngày giờ").fill(f"{next_year}-03-10T08:00")
    page.get_by_label("Địa điểm").fill("Hội trường UBND xã Lộc Thành")
    page.get_by_role("button", name="Lưu buổi").click()
    expect(page.get_by_text("Đã lưu buổi tiếp xúc, đối thoại.")).to_be_visible()

    session = Session.objects.get()
    assert sorted(v.name for v in session.villages.all()) == ["1", "2"]
    assert session.status == SessionStatus.DRAFT
    assert session.announce_by == datetime.date(next_year, 3, 3)

    page.get_by_role("link", name="Tổng quan").click()
    row = page.locator("#upcoming-sessions tbody tr", has_text="Ấp 1 và Ấp 2")
    expect(row).to_contain_text(f"08 giờ 00, ngày 10/03/{next_year}")
    expect(row).to_contain_text("Dự kiến")
    expect(row).to_contain_text("Hội trường UBND xã Lộc Thành")
