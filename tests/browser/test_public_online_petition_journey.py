"""Journey: a citizen on a cheap phone whose browser speaks English sends an opinion before an
announced session from the commune's public page, keeps the lookup code shown on screen, and
follows the petition's status with it. Every page stays in Vietnamese, fits the 360 px screen,
passes axe-core and writes dates as dd/mm/yyyy."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from petitions import services as ps
from petitions.models import Petition
from sessions_app.enums import SessionStatus
from sessions_app.services import session_announcement_publish

from ..factories import OfficialFactory, PlanFactory, SessionFactory
from ..petitions.factories import topic
from .test_accessibility import violations

WIDTH = 360
CONTENT = "Đèn đường ở ngã ba ấp 1 bị hỏng đã hai tuần, buổi tối người đi đường rất nguy hiểm."
#: English a browser or Django could slip into a page when the browser asks for en-US.
ENGLISH = re.compile(
    r"\b(This field|required|Please|Submit|Search|Enter a|Select a|January|February|March|April|June|July|"
    r"August|September|October|November|December|Monday|Sunday|Page not found|Forbidden)\b"
)
#: Anything that looks like a date: day, month and year in some order and separator.
DATE_LIKE = re.compile(r"\b\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}\b")


@pytest.fixture
def phone(_playwright_browser, live_server):
    context = _playwright_browser.new_context(
        locale="en-US",
        extra_http_headers={"Accept-Language": "en-US,en;q=0.9"},
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": WIDTH, "height": 640},
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(10_000)
    citizen = context.new_page()
    citizen.base_url = live_server.url
    yield citizen
    context.close()


@pytest.fixture
def announced(commune, state_issuer, villages, clerk):
    """A session in three weeks, announced on the commune's page, which takes opinions online."""
    cache.clear()
    commune.online_petitions = True
    commune.save(update_fields=["online_petitions"])
    starts = timezone.localtime() + datetime.timedelta(days=21)
    starts = starts.replace(hour=8, minute=0, second=0, microsecond=0)
    plan = PlanFactory(commune=commune, issuer=state_issuer, year=starts.year)
    chair = OfficialFactory(commune=commune, full_name="Lê Văn Chủ", position="Chủ tịch UBND xã")
    session = SessionFactory(
        plan=plan,
        villages=villages[:2],
        year=starts.year,
        quarter=None,
        starts_at=starts,
        venue="Nhà văn hóa ấp 1",
        title="Đối thoại về đèn đường và đường liên ấp",
        chair=chair,
    )
    session.status = SessionStatus.SCHEDULED
    session.save(update_fields=["status"])
    session_announcement_publish(session=session, by=clerk)
    yield session
    cache.clear()


def check_page(page):
    """What every public page must be: Vietnamese, no sideways scrolling, axe-clean, dd/mm/yyyy dates."""
    assert page.locator("html").get_attribute("lang") == "vi"
    text = page.locator("body").inner_text()
    assert not ENGLISH.search(text), f"English on {page.url}: {ENGLISH.search(text).group(0)}"
    for found in DATE_LIKE.findall(text):
        assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", found), f"{found!r} on {page.url} is not dd/mm/yyyy"
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, f"sideways scroll on {page.url}"
    assert violations(page) == []


def test_citizen_sends_an_opinion_from_a_phone_and_follows_it_with_the_lookup_code(
    phone, announced, commune, villages, clerk, unit
):
    roads = topic("ha-tang")
    when = f"{timezone.localtime(announced.starts_at):%d/%m/%Y}"

    # The commune's page lists the session, its date as dd/mm/yyyy, and the way to the form.
    phone.goto(f"{phone.base_url}/cong-khai/{commune.pk}/")
    session_card = phone.locator("article", has_text="Đối thoại về đèn đường và đường liên ấp")
    expect(session_card).to_contain_text(f"08 giờ 00, ngày {when}")
    check_page(phone)
    session_card.get_by_role("link", name="Gửi ý kiến, kiến nghị trước buổi").tap()
    expect(phone.get_by_role("heading", name="Gửi ý kiến, kiến nghị trước buổi")).to_be_visible()
    check_page(phone)

    # Sent empty: the page answers in Vietnamese, field by field, and keeps nothing.
    phone.get_by_role("button", name="Gửi ý kiến").tap()
    expect(phone.get_by_text("Chọn thôn, ấp.")).to_be_visible()
    expect(phone.get_by_text("Chọn lĩnh vực.")).to_be_visible()
    expect(phone.get_by_text("Nội dung ý kiến không được để trống.")).to_be_visible()
    check_page(phone)
    assert Petition.objects.count() == 0

    # Filled in with Vietnamese text and sent.
    phone.get_by_label("Thôn, ấp").select_option(label=villages[0].full_name)
    phone.get_by_label("Lĩnh vực").select_option(label=str(roads))
    phone.get_by_label("Nội dung ý kiến, kiến nghị").fill(CONTENT)
    phone.get_by_label("Họ và tên (không bắt buộc)").fill("Phạm Thị Hoà")
    phone.get_by_label("Điện thoại (không bắt buộc)").fill("0912 345 678")
    phone.get_by_role("button", name="Gửi ý kiến").tap()
    receipt = phone.get_by_role("status")
    expect(receipt).to_contain_text("Đã nhận ý kiến của anh/chị, mã tiếp nhận")
    check_page(phone)
    petition = Petition.objects.get()
    assert (petition.content, petition.citizen_name, petition.source) == (CONTENT, "Phạm Thị Hoà", "online")
    shown = receipt.locator("p", has_text="Mã tra cứu").locator("strong").inner_text()
    assert shown == petition.lookup_code_display

    # The lookup page: the citizen types the code from the screen and sees the state.
    receipt.get_by_role("link", name="tra cứu kết quả").tap()
    expect(phone.get_by_role("heading", name="Tra cứu kết quả ý kiến, kiến nghị")).to_be_visible()
    check_page(phone)
    phone.get_by_label("Mã tra cứu (in trên phiếu tiếp nhận)").fill(shown)
    phone.get_by_role("button", name="Tra cứu").tap()
    expect(phone.locator("#ket-qua")).to_contain_text("Mới tiếp nhận")
    check_page(phone)

    # The office gives it to a unit: the citizen looks again and sees who has it and by when.
    ps.petition_classify(petition=petition, by=clerk, topic=roads, kind="kien_nghi", competence="commune")
    ps.petition_route(petition=petition, by=clerk, unit=unit)
    petition.refresh_from_db()
    phone.get_by_label("Mã tra cứu (in trên phiếu tiếp nhận)").fill(shown.lower().replace("-", " "))
    phone.get_by_role("button", name="Tra cứu").tap()
    result = phone.locator("#ket-qua")
    expect(result).to_contain_text("Đã giao xử lý")
    expect(result).to_contain_text(f"{petition.deadline:%d/%m/%Y}")
    check_page(phone)


def test_an_empty_lookup_answers_in_vietnamese(phone, db):
    phone.goto(f"{phone.base_url}/tra-cuu/")
    phone.get_by_role("button", name="Tra cứu").tap()
    expect(phone.get_by_role("alert")).to_contain_text("Nhập mã tra cứu")
    check_page(phone)
