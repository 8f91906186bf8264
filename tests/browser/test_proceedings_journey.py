"""Journey: the office writes a held session's programme, drafts its minutes from the records,
edits and signs them (numbered, locked); the leader opens the briefing pack."""

from playwright.sync_api import expect

from proceedings.models import Minutes, ProgrammeItem

from ..conclusions.factories import PetitionFactory, held_session
from ..factories import OfficialFactory
from .conftest import login


def test_programme_and_minutes_of_a_held_session_in_the_browser(page, clerk, leader, commune, state_issuer, villages):
    page.on("dialog", lambda dialog: dialog.accept())
    chair = OfficialFactory(commune=commune, full_name="Hồ Quang Khánh", position="Chủ tịch UBND xã")
    OfficialFactory(commune=commune, honorific="Bà", full_name="Phan Thị Ngọc", position="Chánh Văn phòng")
    session = held_session(commune, state_issuer, villages[:1])
    session.chair = chair
    session.save(update_fields=["chair"])
    PetitionFactory(
        session=session,
        village=villages[0],
        citizen_name="Lê Văn Tám",
        content="Đường liên ấp xuống cấp.",
        answered_on_spot=True,
        spot_answer_by="Ông Hồ Quang Khánh",
        spot_answer="Xã sửa trong quý I.",
    )

    login(page, "clerk")
    page.goto(page.base_url + session.get_absolute_url())
    expect(page.locator("#session-programme")).to_contain_text("Tuyên bố lý do, giới thiệu đại biểu")
    page.get_by_role("link", name="Soạn chương trình").click()
    expect(page.locator("textarea[name='rows-0-presenter']")).to_have_value("Đại diện Văn phòng HĐND và UBND xã")
    page.get_by_role("button", name="+ Thêm dòng").click()
    page.locator("input[name='rows-5-position']").fill("6")
    page.locator("input[name='rows-5-starts_at']").fill("10:40")
    page.locator("textarea[name='rows-5-item']").fill("Chụp ảnh lưu niệm")
    page.get_by_role("button", name="Lưu chương trình").click()
    expect(page.get_by_text("Đã lưu chương trình của buổi.")).to_be_visible()
    expect(page.locator("#session-programme tbody tr")).to_have_count(6)
    expect(page.locator("#session-programme tbody tr").last).to_contain_text("10 giờ 40")
    assert ProgrammeItem.objects.filter(session=session).count() == 6

    page.get_by_role("button", name="Lập biên bản từ dữ liệu của buổi").click()
    expect(page.locator("#minutes-opinions")).to_contain_text(
        "Trả lời tại buổi – Ông Hồ Quang Khánh: Xã sửa trong quý I."
    )
    page.get_by_role("link", name="Sửa").click()
    page.locator("#id_secretary").select_option(label="Bà Phan Thị Ngọc – Chánh Văn phòng")
    page.locator("textarea[name='closing']").fill("Buổi kết thúc lúc 11 giờ 00 cùng ngày./.")
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_text("Đã lưu dự thảo biên bản.")).to_be_visible()
    page.get_by_role("button", name="Chủ trì và thư ký đã ký: cấp số và khóa").click()
    expect(page.get_by_text("Biên bản đã ký, cấp số 01/BB-UBND và khóa nội dung.")).to_be_visible()
    expect(page.get_by_role("link", name="Sửa")).to_have_count(0)
    minutes = Minutes.objects.get(session=session)
    assert (minutes.number, minutes.closing) == (1, "Buổi kết thúc lúc 11 giờ 00 cùng ngày./.")
    page.get_by_role("link", name=session.display_title).first.click()
    expect(page.locator("#session-minutes")).to_contain_text("Biên bản số 01/BB-UBND")
    page.get_by_role("button", name="Đăng xuất").click()

    login(page, "leader")
    page.goto(page.base_url + session.get_absolute_url())
    page.get_by_role("link", name="Xem tài liệu").click()
    expect(page.get_by_role("heading", name="Tài liệu phục vụ lãnh đạo")).to_be_visible()
    expect(page.locator("#briefing-last")).to_be_visible()
