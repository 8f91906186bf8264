"""Journey: a held session gets its conclusion notice issued, its assignments followed and is closed."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from conclusions.models import ConclusionNotice
from sessions_app.enums import SessionStatus

from ..conclusions.factories import PetitionFactory, TopicFactory, held_session
from .conftest import login


def logout(page):
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/dang-nhap/")


def test_session_goes_from_held_to_concluded_to_closed_with_an_overdue_assignment_on_the_board(
    page, clerk, leader, officer, commune, state_issuer, villages, unit
):
    page.on("dialog", lambda dialog: dialog.accept())
    today = timezone.localdate()
    starts = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=40), datetime.time(8, 0)))
    session = held_session(commune, state_issuer, villages, starts_at=starts, signer_title="CHỦ TỊCH")
    road = TopicFactory(code="thu-giao-thong", name="Giao thông")
    # Answered in writing: an open petition followed by no assignment would keep the session from closing.
    PetitionFactory(session=session, topic=road, content="Đề nghị sửa đường liên ấp 2 – ấp 3.", status="answered")
    PetitionFactory(session=session, topic=road, answered_on_spot=True)

    login(page, "clerk")
    page.goto(page.base_url + session.get_absolute_url())
    page.get_by_role("link", name="Lập thông báo kết luận").click()
    expect(page.locator("textarea[name='facts']")).to_contain_text(
        "Nhân dân đã nêu 2 ý kiến, kiến nghị (Giao thông: 2)"
    )
    page.locator("textarea[name='assessment']").fill("Hội nghị diễn ra dân chủ, thẳng thắn.")
    page.locator("textarea[name='conclusions']").fill("Giao các đơn vị giải quyết dứt điểm kiến nghị về giao thông.")
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_text("Đã lưu dự thảo thông báo kết luận.")).to_be_visible()

    for task, days in (
        ("Sửa chữa tuyến đường liên ấp 2 – ấp 3.", -5),
        ("Lắp biển báo giao thông tại ngã ba ấp 1.", 10),
    ):
        page.get_by_role("link", name="+ Thêm nhiệm vụ").click()
        page.get_by_label("Đơn vị thực hiện").select_option(label="Phòng Kinh tế")
        page.get_by_label("Nhiệm vụ").fill(task)
        page.get_by_label("Hạn hoàn thành").fill((today + datetime.timedelta(days=days)).isoformat())
        page.get_by_role("button", name="Lưu nhiệm vụ").click()
        expect(page.get_by_text("Đã lưu nhiệm vụ.")).to_be_visible()
    expect(page.locator("#notice-assignments tbody tr")).to_have_count(2)
    page.get_by_role("button", name="Trình lãnh đạo duyệt").click()
    expect(page.get_by_text("Thông báo đã chuyển sang “Chờ lãnh đạo duyệt”.")).to_be_visible()
    expect(page.get_by_role("button", name="Duyệt và ban hành")).to_have_count(0)
    notice_url = page.url
    logout(page)

    login(page, "leader")
    page.goto(notice_url)
    page.get_by_role("button", name="Duyệt và ban hành").click()
    expect(page.get_by_text("Đã ban hành Thông báo số 01/TB-UBND.")).to_be_visible()
    session.refresh_from_db()
    assert session.status == SessionStatus.CONCLUDED
    assert ConclusionNotice.objects.get().issued_on == today

    page.get_by_role("link", name="Theo dõi").click()
    overdue_row = page.locator("tr.table-danger", has_text="Sửa chữa tuyến đường liên ấp 2 – ấp 3.")
    expect(overdue_row).to_contain_text("Quá hạn 5 ngày")
    expect(page.locator("#board-overdue")).to_have_text("1 quá hạn")
    logout(page)

    login(page, "clerk")
    page.get_by_role("link", name="Theo dõi").click()
    page.get_by_role("button", name="Kết thúc buổi: Hội nghị đối thoại trực tiếp với Nhân dân năm 2025").click()
    expect(
        page.get_by_text("Còn 2 nhiệm vụ chưa hoàn thành (hoặc chưa được xác nhận hoàn thành): chưa thể kết thúc buổi.")
    ).to_be_visible()
    logout(page)

    login(page, "officer")
    for task in ("Sửa chữa tuyến đường liên ấp 2 – ấp 3.", "Lắp biển báo giao thông tại ngã ba ấp 1."):
        page.goto(page.base_url + "/ket-luan/theo-doi/")
        page.get_by_role("link", name=task).click()
        page.get_by_label("Kết quả thực hiện").fill("Đã hoàn thành, có biên bản nghiệm thu.")
        page.get_by_role("button", name="Báo hoàn thành").click()
        expect(page.get_by_text("Nhiệm vụ đã chuyển sang “Đơn vị báo hoàn thành, chờ xác nhận”.")).to_be_visible()
        # The unit reports; it does not confirm its own work.
        expect(page.get_by_role("button", name="Xác nhận hoàn thành")).to_have_count(0)
    logout(page)

    login(page, "clerk")
    for task in ("Sửa chữa tuyến đường liên ấp 2 – ấp 3.", "Lắp biển báo giao thông tại ngã ba ấp 1."):
        page.goto(page.base_url + "/ket-luan/theo-doi/")
        page.get_by_role("link", name=task).click()
        page.get_by_role("button", name="Xác nhận hoàn thành").click()
        expect(page.get_by_text("Nhiệm vụ đã chuyển sang “Đã xác nhận hoàn thành”.")).to_be_visible()
    page.goto(page.base_url + session.get_absolute_url())
    page.get_by_role("button", name="Kết thúc buổi (mọi nhiệm vụ đã được xác nhận hoàn thành)").click()
    expect(page.get_by_text("Buổi đã hoàn thành: mọi nhiệm vụ đã thực hiện xong.")).to_be_visible()
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
