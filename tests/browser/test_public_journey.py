"""Journey: the office publishes a notice's results; a citizen on a 390 px phone finds the result
of their petition on the commune's page, looks it up with the code of their receipt and marks it
resolved."""

import datetime

from playwright.sync_api import expect

from conclusions.enums import NoticeStatus
from petitions import services as ps
from petitions.models import Petition, format_lookup_code

from ..conclusions.factories import NoticeFactory, held_session
from ..factories import aware
from ..petitions.factories import topic
from .conftest import login


def test_citizen_finds_the_published_result_and_marks_it_resolved(
    page, _playwright_browser, live_server, clerk, leader, commune, state_issuer, villages, unit
):
    roads = topic("ha-tang")
    session = held_session(commune, state_issuer, villages, starts_at=aware(2025, 11, 20, 8, 0))
    petition = ps.petition_create(
        commune=commune,
        by=clerk,
        content="Đường ấp 2 ngập nước mỗi khi mưa lớn",
        topic=roads,
        village=villages[0],
        session=session,
        received_on=datetime.date(2025, 11, 20),
        citizen_name="Nguyễn Thị Hành Trình",
        citizen_phone="0909123123",
    )
    ps.petition_classify(petition=petition, by=clerk, topic=roads, kind="kien_nghi", competence="commune")
    ps.petition_route(petition=petition, by=clerk, unit=unit)
    ps.petition_answer_draft(petition=petition, by=clerk, body="Đã nạo vét mương thoát nước ấp 2.")
    ps.petition_answer_approve(petition=petition, by=leader)
    notice = NoticeFactory(
        session=session,
        status=NoticeStatus.ISSUED,
        number=4,
        number_period="2025",
        issued_on=datetime.date(2025, 11, 25),
        pdf=b"%PDF-1.4 journey",
        snapshot={"subject": "Kết luận hội nghị đối thoại năm 2025"},
    )

    # The office presses "Công khai" on the notice.
    login(page, "clerk")
    page.goto(page.base_url + notice.get_absolute_url())
    page.get_by_role("button", name="Công khai", exact=True).click()
    expect(
        page.get_by_text("Đã công khai kết quả: thông báo và kết quả giải quyết ý kiến đã lên trang của xã.")
    ).to_be_visible()

    # The citizen, on a phone, no sign-in.
    phone = _playwright_browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    citizen = phone.new_page()
    try:
        citizen.goto(f"{live_server.url}/cong-khai/{commune.pk}/")
        result = citizen.locator(".petition", has_text="Đường ấp 2 ngập nước mỗi khi mưa lớn")
        expect(result).to_be_visible()
        expect(result).to_contain_text("Đã nạo vét mương thoát nước ấp 2.")
        expect(citizen.locator("body")).not_to_contain_text("Nguyễn Thị Hành Trình")
        # Nothing wider than the phone's screen.
        assert citizen.evaluate("document.documentElement.scrollWidth") <= 390

        citizen.get_by_role("link", name="Tra cứu kết quả ý kiến bằng mã tra cứu").click()
        citizen.get_by_label("Mã tra cứu (in trên phiếu tiếp nhận)").fill(format_lookup_code(petition.lookup_code))
        citizen.get_by_role("button", name="Tra cứu").click()
        expect(citizen.locator("#ket-qua")).to_contain_text("Đã trả lời")
        citizen.get_by_role("button", name="Đã giải quyết, tôi đồng tình").click()
        expect(citizen.get_by_text("Cảm ơn anh/chị đã cho biết ý kiến về kết quả trả lời.")).to_be_visible()
        expect(citizen.locator("#ket-qua")).to_contain_text("Đồng tình")
        assert citizen.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        phone.close()
    petition.refresh_from_db()
    assert (petition.status, petition.reaction) == (Petition.Status.CLOSED, Petition.Reaction.SATISFIED)
