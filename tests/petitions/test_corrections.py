"""Correcting a petition after entry: office staff with a reason; after final, the administrator only."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from directory.models import Event, Membership
from petitions import services
from petitions.models import Petition, PetitionCorrection
from tests.factories import SessionFactory, UserFactory, VillageFactory, member

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"petitions:{name}", args=args)


def correction_data(p, **overrides):
    data = {
        "village": p.village_id or "",
        "topic": p.topic_id,
        "kind": p.kind,
        "content": p.content,
        "citizen_name": p.citizen_name,
        "citizen_phone": p.citizen_phone,
        "citizen_address": p.citizen_address,
        "reason": "Ghi nhầm thôn khi tiếp nhận",
    }
    data.update(overrides)
    return data


def test_clerk_corrects_a_mistyped_village_and_the_history_shows_it(client, clerk, make_petition, villages):
    p = make_petition(citizen_name="Nguyễn Văn A")
    code = p.code
    client.force_login(clerk)
    response = client.post(url("action", p.pk, "sua"), correction_data(p, village=villages[1].pk))
    assert response.status_code == 302
    p.refresh_from_db()
    assert (p.village, p.code) == (villages[1], code)
    [c] = PetitionCorrection.objects.filter(petition=p)
    assert (c.by, c.reason, c.after_final) == (clerk, "Ghi nhầm thôn khi tiếp nhận", False)
    assert c.changes == [{"field": "village", "label": "Thôn, ấp", "old": "Ấp 1", "new": "Ấp 2"}]
    body = client.get(url("detail", p.pk)).content.decode()
    assert "<strong>Thôn, ấp</strong>: Ấp 1 → Ấp 2" in body
    assert "Ghi nhầm thôn khi tiếp nhận" in body
    # The petition's own history row carries the reason too.
    assert p.history.latest("history_date").history_change_reason == "Sửa: Ghi nhầm thôn khi tiếp nhận"


def test_every_intake_field_can_be_corrected_at_once(clerk, make_petition, villages, land):
    p = make_petition(citizen_name="Nguyễn Văn A", citizen_phone="0912345678")
    services.petition_correct(
        petition=p,
        by=clerk,
        reason="Người dân gọi điện đính chính",
        village=villages[2],
        topic=land,
        kind="phan_anh",
        content="Đất bị lấn chiếm",
        citizen_name="Nguyễn Văn Á",
        citizen_phone="0987654321",
        citizen_address="Tổ 3",
    )
    p = Petition.objects.get(pk=p.pk)
    assert (p.village, p.topic, p.kind, p.content, p.citizen_name, p.citizen_phone, p.citizen_address) == (
        villages[2], land, "phan_anh", "Đất bị lấn chiếm", "Nguyễn Văn Á", "0987654321", "Tổ 3"
    )  # fmt: skip
    # The search text follows the corrected content.
    assert Petition.objects.filter(search_text__contains="lan chiem").count() == 1
    [c] = p.corrections.all()
    assert [(x["label"], x["old"], x["new"]) for x in c.changes] == [
        ("Thôn, ấp", "Ấp 1", "Ấp 3"),
        ("Lĩnh vực", str(p.topic.__class__.objects.get(code="ha-tang", commune__isnull=True)), str(land)),
        ("Loại", "Kiến nghị", "Phản ánh"),
        ("Nội dung", "Đường liên thôn bị hư hỏng nặng", "Đất bị lấn chiếm"),
        ("Người nêu", "Nguyễn Văn A", "Nguyễn Văn Á"),
        ("Điện thoại", "0912345678", "0987654321"),
        ("Địa chỉ", "—", "Tổ 3"),
    ]
    [event] = Event.objects.filter(action=Event.Action.CHANGED_PERSONAL_DATA)
    assert event.detail == "correction citizen_name,citizen_phone,citizen_address"


def test_a_correction_without_a_reason_changes_nothing(client, clerk, make_petition, villages):
    p = make_petition()
    client.force_login(clerk)
    data = correction_data(p, village=villages[1].pk, reason=" ")
    response = client.post(url("action", p.pk, "sua"), data, follow=True)
    assert "Ghi rõ lý do sửa." in response.content.decode()
    p.refresh_from_db()
    assert (p.village, PetitionCorrection.objects.count()) == (villages[0], 0)
    with pytest.raises(services.PetitionError, match="Ghi rõ lý do sửa."):
        services.petition_correct(petition=p, by=clerk, reason="", village=villages[1])


def test_a_correction_that_changes_nothing_is_refused(clerk, make_petition, villages):
    p = make_petition()
    with pytest.raises(services.PetitionError, match="Không có thông tin nào thay đổi."):
        services.petition_correct(petition=p, by=clerk, reason="x", village=villages[0], content=p.content)
    assert PetitionCorrection.objects.count() == 0


def test_a_village_of_another_commune_is_refused(clerk, make_petition, other_commune):
    p = make_petition()
    with pytest.raises(services.PetitionError, match="Thôn, ấp đã chọn không thuộc xã này."):
        services.petition_correct(petition=p, by=clerk, reason="x", village=VillageFactory(commune=other_commune))


def test_a_final_petition_is_corrected_only_by_the_administrator(client, clerk, admin_role, make_petition, villages):
    p = make_petition()
    services.petition_close_unresolved(petition=p, by=clerk, reason="Người dân không liên lạc được")
    client.force_login(clerk)
    body = client.get(url("detail", p.pk)).content.decode()
    assert "chỉ Quản trị của xã mới sửa được thông tin đã ghi" in body
    assert url("action", p.pk, "sua") not in body
    response = client.post(url("action", p.pk, "sua"), correction_data(p, village=villages[1].pk), follow=True)
    assert "chỉ Quản trị của xã mới sửa được, kèm lý do." in response.content.decode()
    p.refresh_from_db()
    assert (p.village, PetitionCorrection.objects.count()) == (villages[0], 0)

    client.force_login(admin_role)
    client.post(url("action", p.pk, "sua"), correction_data(p, village=villages[1].pk))
    p.refresh_from_db()
    [c] = p.corrections.all()
    assert (p.village, c.after_final, c.by) == (villages[1], True, admin_role)
    body = client.get(url("detail", p.pk)).content.decode()
    assert "Quản trị sửa sau khi đã kết thúc" in body
    assert p.history.latest("history_date").history_change_reason == "Sửa sau khi kết thúc: Ghi nhầm thôn khi tiếp nhận"


@pytest.mark.parametrize("persona", ["officer", "leader", "supervisor", "outsider"])
def test_only_office_staff_correct(request, client, persona, make_petition, villages):
    p = make_petition()
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.post(url("action", p.pk, "sua"), correction_data(p, village=villages[1].pk))
    assert response.status_code == 404
    p.refresh_from_db()
    assert (p.village, PetitionCorrection.objects.count()) == (villages[0], 0)


# --- the fast intake says what it carried over ---------------------------------------------


def test_intake_states_what_it_carried_over_and_clears_it(client, clerk, commune, villages, roads):
    session = SessionFactory(plan__commune=commune, villages=villages[:2])
    client.force_login(clerk)
    client.post(
        url("session_intake", session.pk),
        {"anonymous": "on", "village": villages[1].pk, "topic": roads.pk, "kind": "kien_nghi",
         "content": "Đề nghị lắp đèn đường", "received_on": "2025-10-01"},
    )  # fmt: skip
    response = client.get(url("session_intake", session.pk))
    carried = [(c["name"], c["value"]) for c in response.context["carried"]]
    assert carried[:2] == [("village", "Ấp 2"), ("topic", str(roads))]
    body = response.content.decode()
    assert "Giữ lại từ ý kiến vừa ghi:" in body
    assert 'name="bo_giu"' in body

    response = client.post(url("session_intake", session.pk), {"bo_giu": "1"})
    assert response.status_code == 302
    response = client.get(url("session_intake", session.pk))
    form = response.context["form"]
    assert response.context["carried"] == []
    assert (form.fields["village"].initial, form.fields["topic"].initial) == (None, None)
    assert "Giữ lại từ ý kiến vừa ghi:" not in response.content.decode()
    assert Petition.objects.count() == 1


def test_a_first_entry_carries_nothing(client, clerk, commune, villages):
    session = SessionFactory(plan__commune=commune, villages=villages[:2])
    client.force_login(clerk)
    assert client.get(url("session_intake", session.pk)).context["carried"] == []


def test_the_admin_cannot_bypass_a_correction(commune, make_petition, villages):
    p = make_petition()
    user = member(UserFactory(username="quantri", is_staff=True), commune, Membership.Role.ADMIN)
    user.user_permissions.set(Permission.objects.all())
    client = Client()
    client.force_login(user)
    form = client.get(reverse("admin:petitions_petition_change", args=[p.pk])).context["adminform"].form
    assert {"village", "topic", "kind", "content", "citizen_name"} & set(form.fields) == set()
