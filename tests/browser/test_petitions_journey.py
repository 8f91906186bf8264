"""Journey: a clerk types three petitions during a session without the mouse, assigns one,
the unit official drafts the answer, the leader approves it, and a fourth petition is
recognised as a repeat of the first."""

import re

from playwright.sync_api import expect

from petitions.models import Petition, Status

from ..factories import SessionFactory, aware
from ..petitions.factories import seed_reference_data
from .conftest import login

TYPING_DELAY_MS = 15


def type_into(page, selector, text):
    page.locator(selector).focus()
    page.keyboard.type(text, delay=TYPING_DELAY_MS)


def save(page):
    page.keyboard.press("Control+Enter")
    expect(page.locator(".alert-success").last).to_contain_text("Đã ghi ý kiến, mã tiếp nhận")


def test_session_intake_assignment_answer_and_repeat(page, commune, clerk, leader, officer, unit, villages):
    seed_reference_data()  # the live server's database is flushed between tests
    session = SessionFactory(plan__commune=commune, villages=villages[:2], starts_at=aware(2025, 10, 15))
    intake = f"{page.base_url}/kien-nghi/buoi/{session.pk}/"

    login(page, "clerk")
    page.goto(intake)
    name = page.locator("#id_citizen_name")
    expect(name).to_be_focused()

    # 1. A named citizen of Ấp 1 about the road.
    page.keyboard.type("Nguyễn Văn Hùng", delay=TYPING_DELAY_MS)
    page.locator("#id_village").select_option(label="Ấp 1")
    page.locator("#id_topic").select_option(label="Hạ tầng, giao thông, thủy lợi")
    type_into(page, "#id_content", "Đường liên thôn Ấp 1 bị hư hỏng nặng, mùa mưa lầy lội, đề nghị sửa chữa.")
    save(page)
    expect(name).to_be_focused()
    # The place is kept: the village and topic of the last entry stay chosen.
    expect(page.locator("#id_village")).to_have_value(str(villages[0].pk))

    # 2. Someone who gives no name: Tab to "ẩn danh", Space to tick it.
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(name).to_be_disabled()
    page.locator("#id_topic").select_option(label="Đất đai, cấp giấy chứng nhận quyền sử dụng đất")
    type_into(page, "#id_content", "Hồ sơ cấp giấy chứng nhận quyền sử dụng đất nộp từ năm 2023 chưa có kết quả.")
    save(page)

    # 3. Answered on the spot by the chair.
    page.keyboard.type("Trần Thị Lan", delay=TYPING_DELAY_MS)
    page.locator("#id_topic").select_option(label="An sinh xã hội, chính sách")
    type_into(page, "#id_content", "Hỏi chế độ trợ cấp cho người cao tuổi.")
    page.locator("#id_answered_on_spot").check()
    type_into(page, "#id_spot_answer_by", "Chủ tịch UBND xã")
    type_into(page, "#id_spot_answer", "Xã rà soát và bổ sung danh sách trong tháng 11.")
    save(page)

    expect(page.locator(".petition-recent li")).to_have_count(3)
    assert list(Petition.objects.order_by("id").values_list("citizen_name", "status")) == [
        ("Nguyễn Văn Hùng", Status.RECEIVED),
        ("", Status.RECEIVED),
        ("Trần Thị Lan", Status.ANSWERED),
    ]
    road = Petition.objects.order_by("id").first()

    # Classify and assign the road petition.
    page.goto(f"{page.base_url}/kien-nghi/{road.pk}/")
    page.get_by_role("button", name="Phân loại").click()
    expect(page.get_by_text("Đã phân loại.")).to_be_visible()
    page.get_by_label("Đơn vị xử lý").select_option(label=unit.name)
    page.get_by_role("button", name="Giao", exact=True).click()
    expect(page.get_by_text(re.compile(r"Đã giao Phòng Kinh tế, hạn \d\d/\d\d/\d{4}\."))).to_be_visible()

    # The unit official finds it in the queue and drafts the answer.
    login(page, "officer")
    page.get_by_role("link", name="Việc của đơn vị").click()
    page.get_by_role("link", name=road.code).click()
    page.get_by_label("Nội dung trả lời").fill("UBND xã đưa tuyến đường vào kế hoạch sửa chữa quý I/2026.")
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_text("Đã lưu dự thảo trả lời; chờ lãnh đạo duyệt.")).to_be_visible()

    # The leader finds it among the drafts awaiting approval and approves it.
    login(page, "leader")
    page.get_by_role("link", name="Chờ duyệt", exact=True).click()  # the menu, not the to-do panel
    page.get_by_role("link", name=road.code).click()
    page.get_by_role("button", name="Duyệt văn bản trả lời").click()
    expect(page.get_by_text("Đã duyệt văn bản trả lời.")).to_be_visible()
    road.refresh_from_db()
    assert road.status == Status.ANSWERED

    # A fourth petition repeats the first: the suggestion appears and the clerk links it.
    login(page, "clerk")
    page.goto(intake)
    page.keyboard.type("Lê Văn Tám", delay=TYPING_DELAY_MS)
    page.locator("#id_village").select_option(label="Ấp 1")
    page.locator("#id_topic").select_option(label="Hạ tầng, giao thông, thủy lợi")
    type_into(page, "#id_content", "Duong lien thon Ap 1 hu hong nang van chua duoc sua")
    suggestion = page.locator(".js-suggestion", has_text=road.code)
    expect(suggestion).to_be_visible()
    # The suggestions take no Tab stop: Tab from the content goes on to the kind.
    page.keyboard.press("Tab")
    expect(page.locator("#id_kind")).to_be_focused()
    # Alt+Shift+1 links the first suggestion without the mouse.
    page.keyboard.press("Alt+Shift+Digit1")
    expect(suggestion.get_by_role("button")).to_have_text(f"Đã chọn liên kết với {road.code}")
    save(page)
    fourth = Petition.objects.order_by("id").last()
    assert (fourth.citizen_name, fourth.repeat_of_id) == ("Lê Văn Tám", road.pk)
