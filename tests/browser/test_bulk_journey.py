"""Journey: a clerk ticks the whole page of new petitions, classifies them in one go, then routes
two of them to a unit; the one already routed is refused with its reason and left as it was."""

from playwright.sync_api import expect

from petitions import services
from petitions.models import Petition, Status

from ..petitions.factories import seed_reference_data, topic
from .conftest import login


def test_select_all_classify_then_route_two(page, commune, clerk, unit, villages):
    seed_reference_data()  # the live server's database is flushed between tests
    roads = topic("ha-tang")
    made = [
        services.petition_create(commune=commune, by=clerk, content=f"Đường thôn {i} hỏng", topic=roads)
        for i in range(3)
    ]
    login(page, "clerk")
    page.goto(page.base_url + "/kien-nghi/?trang_thai=received")
    # The action's own fields show only once it is chosen.
    expect(page.locator("#id_unit")).to_be_hidden()
    page.get_by_label("Chọn tất cả trên trang này").check()
    expect(page.locator(".js-selected-count")).to_have_text("3")
    page.locator("#bulk-action").select_option(label="Phân loại")
    page.locator("#id_topic").select_option(label="Hạ tầng, giao thông, thủy lợi")
    page.locator("#id_kind").select_option(label="Kiến nghị")
    page.locator("#id_competence").select_option(label="Thuộc thẩm quyền của xã")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#bulk-submit").click()
    expect(page.locator(".alert").first).to_contain_text("Phân loại: Đã xử lý 3/3.")
    assert set(Petition.objects.values_list("status", flat=True)) == {Status.CLASSIFIED}

    services.petition_route(petition=made[0], by=clerk, unit=unit)  # someone else was quicker
    page.goto(page.base_url + "/kien-nghi/")
    for p in made[:2]:
        page.get_by_label(f"Chọn {p.code}").check()
    page.locator("#bulk-action").select_option(label="Giao đơn vị xử lý")
    expect(page.locator("#id_unit")).to_be_visible()
    page.locator("#id_unit").select_option(label=unit.name)
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#bulk-submit").click()
    expect(page.locator(".alert").first).to_contain_text(f"Đã xử lý 1/2; 1 không được: {made[0].code}")
    statuses = dict(Petition.objects.values_list("pk", "status"))
    assert [statuses[p.pk] for p in made] == [Status.ROUTED, Status.ROUTED, Status.CLASSIFIED]
