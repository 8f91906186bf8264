"""Journey: a clerk sees what the fast intake carried over and clears it with one key, then
corrects a mistyped village on a petition, and the petition's history shows the correction."""

from playwright.sync_api import expect

from petitions import services
from petitions.models import Petition

from ..factories import SessionFactory, aware
from ..petitions.factories import seed_reference_data, topic
from .conftest import login


def test_clerk_clears_carried_fields_and_corrects_a_village(page, commune, clerk, villages):
    seed_reference_data()  # the live server's database is flushed between tests
    session = SessionFactory(plan__commune=commune, villages=villages[:2], starts_at=aware(2025, 10, 15))
    petition = services.petition_create(
        commune=commune, by=clerk, content="Đèn đường Ấp 2 hỏng", topic=topic("ha-tang"), village=villages[0],
        session=session,
    )  # fmt: skip

    login(page, "clerk")
    intake = f"{page.base_url}/kien-nghi/buoi/{session.pk}/"
    page.goto(intake)
    page.locator("#id_citizen_name").fill("Lê Văn Bình")
    page.locator("#id_village").select_option(label="Ấp 2")
    page.locator("#id_topic").select_option(label="Hạ tầng, giao thông, thủy lợi")
    page.locator("#id_content").fill("Cống thoát nước Ấp 2 bị tắc.")
    page.keyboard.press("Control+Enter")
    banner = page.locator(".petition-carried")
    expect(banner).to_contain_text("Thôn, ấp: Ấp 2")
    # One key clears what was carried over, and keeps what the clerk already typed.
    page.locator("#id_citizen_name").fill("Phạm Thị Cúc")
    page.keyboard.press("Alt+Shift+KeyX")
    expect(banner).to_be_hidden()
    expect(page.locator("#id_village")).to_have_value("")
    expect(page.locator("#id_topic")).to_have_value("")
    expect(page.locator("#id_citizen_name")).to_have_value("Phạm Thị Cúc")
    page.reload()
    expect(page.locator(".petition-carried")).to_have_count(0)

    # The first petition was entered under Ấp 1 by mistake: correct it.
    page.goto(f"{page.base_url}/kien-nghi/{petition.pk}/")
    page.locator(".petition-correct summary").click()
    page.locator("#correct_village").select_option(label="Ấp 2")
    page.locator("#correct_reason").fill("Ghi nhầm thôn khi tiếp nhận")
    page.get_by_role("button", name="Lưu sửa đổi").click()
    expect(page.locator(".alert-success")).to_contain_text(f"mã tiếp nhận giữ nguyên {petition.code}")
    corrections = page.locator(".petition-corrections")
    expect(corrections).to_contain_text("Thôn, ấp: Ấp 1 → Ấp 2")
    expect(corrections).to_contain_text("Ghi nhầm thôn khi tiếp nhận")
    assert Petition.objects.get(pk=petition.pk).village == villages[1]
