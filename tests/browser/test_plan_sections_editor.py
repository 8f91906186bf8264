"""Journey: the clerk rewrites a plan's headings on its page: adds, moves, indents and removes sections."""

from playwright.sync_api import expect

from sessions_app.models import PlanSection

from ..factories import PlanFactory
from .conftest import login


def test_clerk_adds_moves_indents_and_removes_plan_sections(page, clerk, commune, state_issuer):
    plan = PlanFactory(commune=commune, issuer=state_issuer, number=None)
    PlanSection.objects.create(plan=plan, position=0, level=1, title="MỤC ĐÍCH, YÊU CẦU")
    PlanSection.objects.create(plan=plan, position=1, level=1, title="TỔ CHỨC THỰC HIỆN")
    PlanSection.objects.create(plan=plan, position=2, level=1, title="MỤC THỪA")

    login(page, "clerk")
    page.goto(page.base_url + f"/ke-hoach/{plan.pk}/sua/")
    rows = page.locator(".plan-section")
    labels = page.locator(".plan-sections-list .plan-section-label")
    expect(labels).to_have_text(["I.", "II.", "III."])

    page.get_by_role("button", name="+ Thêm mục").click()
    new = rows.nth(3)
    new.locator("input[name$='-title']").fill("Mục đích")
    new.get_by_role("button", name="↑ Lên").click()  # now third
    page.locator(".plan-section").nth(2).get_by_role("button", name="↑ Lên").click()  # now second
    moved = page.locator(".plan-section").nth(1)
    moved.get_by_role("button", name="→ Xuống cấp").click()
    expect(labels).to_have_text(["I.", "1.", "II.", "III."])
    page.locator(".plan-section").nth(3).get_by_label("Xóa").check()
    expect(labels).to_have_text(["I.", "1.", "II.", "(xóa)"])
    page.get_by_role("button", name="Lưu kế hoạch").click()

    expect(page.get_by_text("Đã lưu kế hoạch.")).to_be_visible()
    assert list(plan.sections.values_list("title", "level")) == [
        ("MỤC ĐÍCH, YÊU CẦU", 1),
        ("Mục đích", 2),
        ("TỔ CHỨC THỰC HIỆN", 1),
    ]
    expect(page.get_by_role("heading", name="II. TỔ CHỨC THỰC HIỆN")).to_be_visible()
    expect(page.get_by_role("heading", name="1. Mục đích")).to_be_visible()
