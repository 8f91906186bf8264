"""Dates read and typed dd/mm/yyyy in an English-language browser too, with a calendar; villages
and units are found by typing without accents."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from petitions.models import Petition

from ..petitions.factories import seed_reference_data
from .conftest import login


@pytest.fixture
def english_page(_playwright_browser, live_server):
    context = _playwright_browser.new_context(
        locale="en-US", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1366, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def test_an_english_browser_shows_and_takes_dd_mm_yyyy_with_a_calendar(english_page, clerk, commune, villages):
    page = english_page
    seed_reference_data()
    login(page, "clerk")
    page.goto(page.base_url + reverse("petitions:create"))
    received = page.get_by_label("Ngày tiếp nhận")
    today = datetime.date.today()
    expect(received).to_have_value(today.strftime("%d/%m/%Y"))
    # The calendar writes the day it is given, in dd/mm/yyyy.
    page.get_by_role("button", name="Chọn ngày trên lịch").first.click()
    dialog = page.get_by_role("dialog", name="Lịch chọn ngày")
    expect(dialog).to_be_visible()
    day = today.replace(day=2)
    dialog.locator(f'[data-day="{day:%d/%m/%Y}"]').click()
    expect(received).to_have_value(day.strftime("%d/%m/%Y"))
    expect(dialog).to_have_count(0)
    # Keyboard: the calendar opens on the chosen day, arrows move, Escape closes.
    page.get_by_role("button", name="Chọn ngày trên lịch").first.click()
    expect(page.locator(f'[data-day="{day:%d/%m/%Y}"]')).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(page.locator(f'[data-day="{day.replace(day=3):%d/%m/%Y}"]')).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0)

    # Found without accents: "ap 2" picks Ấp 2.
    page.locator("input[aria-controls=id_village]").fill("ap 2")
    expect(page.locator("#id_village")).to_have_value(str(villages[1].pk))
    page.locator("#id_topic").select_option(index=1)
    page.locator("#id_content").fill("Đèn đường hỏng")
    page.get_by_role("button", name="Lưu và xem").click()
    page.wait_for_url(re.compile(r".*/kien-nghi/\d+/$"))
    petition = Petition.objects.get()
    assert (petition.received_on, petition.village) == (day, villages[1])


def test_a_typed_iso_date_still_works(english_page, clerk, commune, villages):
    page = english_page
    seed_reference_data()
    login(page, "clerk")
    page.goto(page.base_url + reverse("petitions:create"))
    page.get_by_label("Ngày tiếp nhận").fill("2025-10-01")
    page.locator("#id_topic").select_option(index=1)
    page.locator("#id_content").fill("Đường hỏng")
    page.get_by_role("button", name="Lưu và xem").click()
    page.wait_for_url(re.compile(r".*/kien-nghi/\d+/$"))
    assert Petition.objects.get().received_on == datetime.date(2025, 10, 1)
