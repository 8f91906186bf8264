"""Journey (done-when of the conclusions issue): from the sample data, both seed plans' sessions
reach issued conclusion notices in the browser, and the half-year report is read, downloaded as
Excel and printed as PDF.

Starts from `load_demo` as it is; a session the sample data left unheld is held through the pages.
"""

import datetime
import io

from django.core.management import call_command
from playwright.sync_api import expect

from conclusions.enums import NoticeStatus
from conclusions.models import ConclusionNotice
from directory.demo import DEMO_PASSWORD
from petitions.models import Petition
from sessions_app.enums import SessionStatus
from sessions_app.models import Plan, Session

from ..petitions.factories import seed_reference_data
from .conftest import login

HELD = (SessionStatus.HELD, SessionStatus.CONCLUDED, SessionStatus.CLOSED)
STEPS_TO_HELD = {
    SessionStatus.DRAFT: ("Chốt lịch", "Đã thông báo cho Nhân dân", "Đã tổ chức"),
    SessionStatus.SCHEDULED: ("Đã thông báo cho Nhân dân", "Đã tổ chức"),
    SessionStatus.ANNOUNCED: ("Đã tổ chức",),
}


def logout(page):
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/dang-nhap/")


def switch_commune(page, name):
    select = page.locator("select[name='commune']")
    if select.count() and name not in select.locator("option:checked").inner_text():
        with page.expect_navigation():
            select.select_option(label=select.locator("option", has_text=name).inner_text())


def hold_through_the_pages(page, session, starts_at):
    """Give the session a date if it has none, then move it to held with the status buttons."""
    page.goto(page.base_url + session.get_absolute_url())
    if session.status in HELD:
        return
    if session.plan.number is None:
        # The sample's seed plans are drafts, and a draft plan's session is not announced (issue 10):
        # the office numbers the plan first (through its page: tests/browser/test_plan_journey.py).
        Plan.objects.filter(pk=session.plan_id).update(number=90 + session.plan_id, issued_on=datetime.date(2025, 6, 1))
        session.refresh_from_db()
    if session.starts_at is None:
        page.goto(page.base_url + f"/ke-hoach/buoi/{session.pk}/sua/")
        page.locator("select[name='quarter']").select_option("")
        page.locator("select[name='month']").select_option("")
        page.get_by_label("Ngày giờ").fill(starts_at)
        page.get_by_role("button", name="Lưu buổi").click()
        expect(page.get_by_text("Đã lưu buổi tiếp xúc, đối thoại.")).to_be_visible()
    for label in STEPS_TO_HELD[session.status]:
        if label == "Đã tổ chức":
            # Announced only now for a date already past: the office says why (issue 10).
            page.get_by_label("Ghi chú").fill("Nhập lại buổi đã họp theo hồ sơ giấy")
        page.get_by_role("button", name=label).click()
        expect(page.locator(".alert-success").first).to_be_visible()
    session.refresh_from_db()
    assert session.status == SessionStatus.HELD


def record_a_petition(page, session, content):
    """Type one petition at the session's intake page, as the clerk does while citizens speak."""
    page.goto(f"{page.base_url}/kien-nghi/buoi/{session.pk}/")
    page.locator("#id_citizen_name").fill("Nguyễn Văn Thành")
    page.locator("#id_topic").select_option(label="Hạ tầng, giao thông, thủy lợi")
    page.locator("#id_content").fill(content)
    page.keyboard.press("Control+Enter")
    expect(page.locator(".alert-success").last).to_contain_text("Đã ghi ý kiến, mã tiếp nhận")


def draft_and_send(page, session, conclusions):
    """Open the session's draft notice (or draft one), write the conclusions, send it for approval."""
    page.goto(page.base_url + session.get_absolute_url())
    panel = page.locator("#session-conclusions")
    if panel.get_by_role("link", name="Lập thông báo kết luận").count():
        panel.get_by_role("link", name="Lập thông báo kết luận").click()
    else:
        panel.get_by_role("link", name="Dự thảo thông báo kết luận").click()
        page.get_by_role("link", name="Sửa", exact=True).first.click()
    page.locator("textarea[name='conclusions']").fill(conclusions)
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_text("Đã lưu dự thảo thông báo kết luận.")).to_be_visible()
    page.get_by_role("button", name="Trình lãnh đạo duyệt").click()
    expect(page.get_by_text("Thông báo đã chuyển sang “Chờ lãnh đạo duyệt”.")).to_be_visible()
    return page.url


def test_both_seed_plans_reach_issued_notices_and_a_half_year_report(page):
    seed_reference_data()  # the live server's database is flushed between tests
    call_command("load_demo", stdout=io.StringIO())
    page.on("dialog", lambda dialog: dialog.accept())
    party = Session.objects.get(plan__commune__name="Xuân Cảnh", villages__name="Tuyết Diêm 1")
    # Seed 003's conference (the held conference of the sample data is another plan's).
    conference = Session.objects.exclude(plan__title__endswith="(dữ liệu mẫu)").get(
        plan__commune__name="Lộc Thành", plan__title__contains="năm 2025"
    )

    login(page, "vanthu", DEMO_PASSWORD)
    switch_commune(page, "Xuân Cảnh")
    hold_through_the_pages(page, party, "2025-07-15T08:00")
    party_url = draft_and_send(page, party, "Chi bộ các thôn Tuyết Diêm 1, Tuyết Diêm 2 phối hợp giải quyết kiến nghị.")
    switch_commune(page, "Lộc Thành")
    hold_through_the_pages(page, conference, "2025-11-20T08:00")
    record_a_petition(page, conference, "Đề nghị sửa chữa đường liên ấp bị hư hỏng sau mùa mưa.")
    state_url = draft_and_send(page, conference, "Giao các cơ quan, đơn vị giải quyết dứt điểm kiến nghị của Nhân dân.")
    logout(page)

    login(page, "lanhdao", DEMO_PASSWORD)
    for url, symbol, number_line in (
        (party_url, "01-TB/ĐU", "Số 01-TB/ĐU"),
        # 02: the sample data's own notice (public/demo.py) took the state side's first TB number.
        (state_url, "02/TB-UBND", "Số: 02/TB-UBND"),
    ):
        page.goto(url)
        page.get_by_role("button", name="Duyệt và ban hành").click()
        expect(page.get_by_text(f"Đã ban hành Thông báo số {symbol}.")).to_be_visible()
        expect(page.locator("#notice-number")).to_contain_text(number_line)
    logout(page)
    issued = ConclusionNotice.objects.filter(status=NoticeStatus.ISSUED, session__in=[party, conference])
    assert sorted(issued.values_list("session_id", flat=True)) == sorted([party.pk, conference.pk])
    assert set(Session.objects.filter(pk__in=[party.pk, conference.pk]).values_list("status", flat=True)) == {
        SessionStatus.CONCLUDED
    }

    login(page, "vanthu", DEMO_PASSWORD)
    switch_commune(page, "Lộc Thành")
    page.goto(page.base_url + "/ket-luan/bao-cao/")
    page.get_by_label("Năm", exact=True).fill("2025")
    page.get_by_label("Kỳ báo cáo").select_option("h2")
    page.get_by_role("button", name="Xem báo cáo").click()
    expect(
        page.get_by_role("heading", name="Báo cáo kết quả tiếp xúc, đối thoại 6 tháng cuối năm 2025")
    ).to_be_visible()
    expect(page.locator("#fig-sessions")).to_have_text("1/1")
    # The journey's petition, and the sample data's repeat when its date (relative to today) falls here.
    raised = Petition.objects.filter(
        commune=conference.plan.commune, received_on__range=(datetime.date(2025, 7, 1), datetime.date(2025, 12, 31))
    ).count()
    expect(page.locator("#fig-petitions")).to_have_text(str(raised))
    expect(page.locator("#by-topic tbody tr").first).to_be_visible()
    for name, content_type in (
        ("Tải Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("In báo cáo (PDF)", "application/pdf"),
    ):
        href = page.get_by_role("link", name=name).get_attribute("href")
        response = page.request.get(page.base_url + href)
        assert (response.status, response.headers["content-type"]) == (200, content_type)
        assert len(response.body()) > 1000
