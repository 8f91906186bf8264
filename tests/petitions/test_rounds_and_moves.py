"""Answer rounds, rerouting, repeat chains, legal deadlines and the audit of refused moves."""

import datetime
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse
from freezegun import freeze_time

from dialogue.http import NotPermitted
from directory.models import Event
from petitions import services
from petitions.models import Answer, Petition, PetitionTransition, Status
from petitions.services import PetitionError
from tests.factories import UnitFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def moves(p):
    return list(
        PetitionTransition.objects.filter(petition=p).order_by("id").values_list("from_status", "to_status", "note")
    )


# --- answers: one row per round ---------------------------------------------------------


def test_reopening_keeps_the_earlier_answer_and_starts_a_new_round(client, routed, clerk, leader, officer):
    services.petition_answer_draft(petition=routed, by=officer, body="Trả lời lần 1: sẽ sửa trong năm 2026.")
    services.petition_answer_draft(petition=routed, by=officer, body="Trả lời lần 1 (sửa): sửa trong quý I/2026.")
    services.petition_answer_approve(petition=routed, by=leader)
    services.petition_react(petition=routed, by=clerk, satisfied=False)
    services.petition_answer_draft(petition=routed, by=officer, body="Trả lời lần 2: đã khởi công ngày 05/01/2026.")
    rows = list(Answer.objects.filter(petition=routed).values_list("round", "body", "approved_by__username"))
    assert rows == [
        (1, "Trả lời lần 1 (sửa): sửa trong quý I/2026.", "leader"),
        (2, "Trả lời lần 2: đã khởi công ngày 05/01/2026.", None),
    ]
    assert routed.current_answer.round == 2
    services.petition_answer_approve(petition=routed, by=leader)
    assert list(Answer.objects.filter(petition=routed).values_list("round", "approved_by__username")) == [
        (1, "leader"),
        (2, "leader"),
    ]
    client.force_login(clerk)
    page = client.get(reverse("petitions:detail", args=[routed.pk])).content.decode()
    assert "Văn bản trả lời lần 1" in page
    assert "Văn bản trả lời lần 2" in page
    assert "Trả lời lần 1 (sửa): sửa trong quý I/2026." in page
    assert "Trả lời lần 2: đã khởi công ngày 05/01/2026." in page


def test_an_approved_answer_cannot_be_approved_again(routed, clerk, leader, officer):
    services.petition_answer_draft(petition=routed, by=officer, body="Trả lời")
    services.petition_answer_approve(petition=routed, by=leader)
    services.petition_reopen(petition=routed, by=clerk, reason="Người dân gửi thêm hồ sơ")
    with pytest.raises(PetitionError, match="Chưa có dự thảo"):
        services.petition_answer_approve(petition=routed, by=leader)
    assert Petition.objects.get(pk=routed.pk).status == Status.ROUTED


def test_migration_puts_the_old_answer_in_the_round_it_was_written(routed, clerk, leader, officer):
    migration = import_module("petitions.migrations.0005_answer_rounds")
    first = Answer.objects.create(petition=routed, body="Lần 1", drafted_by=officer)
    services.petition_change_status(obj=routed, to=Status.ANSWERED, by=leader)
    services.petition_reopen(petition=routed, by=clerk, reason="Chưa đồng tình")
    # The migration ran before 0009 renamed "assigned" to "routed": give it the data of its time.
    PetitionTransition.objects.filter(to_status=Status.ROUTED).update(to_status="assigned")
    # An answer written before the reopening stays in round 1; one rewritten after it is round 2.
    migration.number_rounds(apps, None)
    assert Answer.objects.get(pk=first.pk).round == 1
    Answer.objects.filter(pk=first.pk).update(drafted_at=datetime.datetime.now(datetime.UTC))
    migration.number_rounds(apps, None)
    assert Answer.objects.get(pk=first.pk).round == 2


# --- approvals queue ---------------------------------------------------------------------


def test_leaders_see_the_drafts_awaiting_approval(client, routed, make_petition, leader, officer, clerk, unit, roads):
    other = make_petition("Đèn đường hỏng")
    services.petition_classify(petition=other, by=clerk, topic=roads, kind="kien_nghi", competence="commune")
    services.petition_route(petition=other, by=clerk, unit=unit)  # routed, no draft yet
    services.petition_answer_draft(petition=routed, by=officer, body="Dự thảo")
    client.force_login(leader)
    assert [p.pk for p in client.get(reverse("petitions:approvals")).context["rows"]] == [routed.pk]
    assert reverse("petitions:approvals") in client.get(reverse("dashboard")).content.decode()
    services.petition_answer_approve(petition=routed, by=leader)
    assert list(client.get(reverse("petitions:approvals")).context["rows"]) == []


# --- rerouting ------------------------------------------------------------------------


@freeze_time("2025-10-02 09:00:00")
def test_an_assigned_petition_moves_to_another_unit_with_a_reason(routed, clerk, other_unit, other_officer, unit):
    deadline = Petition.objects.get(pk=routed.pk).deadline
    services.petition_reroute(petition=routed, by=clerk, unit=other_unit, reason="Thuộc lĩnh vực văn hóa")
    p = Petition.objects.get(pk=routed.pk)
    assert (p.status, p.unit, p.deadline) == (Status.ROUTED, other_unit, deadline)
    assert moves(p)[-1] == (
        "routed",
        "routed",
        f"Chuyển từ {unit.name} sang {other_unit.name}: Thuộc lĩnh vực văn hóa",
    )
    assert Petition.objects.visible_to(other_officer).filter(pk=p.pk).exists()
    assert Event.objects.filter(action=Event.Action.ROUTED, detail=f"unit={other_unit.pk}").count() == 1


def test_rerouting_refuses_bad_input(routed, clerk, officer, unit, other_commune):
    before = moves(routed)
    for kwargs, message in (
        ({"unit": UnitFactory(commune=routed.commune), "reason": " "}, "lý do chuyển"),
        ({"unit": unit, "reason": "Nhầm"}, "chọn đơn vị khác"),
        ({"unit": UnitFactory(commune=other_commune), "reason": "Nhầm"}, "không thuộc xã này"),
    ):
        with pytest.raises(PetitionError, match=message):
            services.petition_reroute(petition=routed, by=clerk, **kwargs)
    with pytest.raises(NotPermitted, match="không có quyền"):
        services.petition_reroute(petition=routed, by=officer, unit=UnitFactory(commune=routed.commune), reason="x")
    assert moves(routed) == before
    assert Petition.objects.get(pk=routed.pk).unit == unit


def test_reroute_page_moves_the_petition(client, clerk, routed, other_unit):
    client.force_login(clerk)
    action = reverse("petitions:action", args=[routed.pk, "chuyen-don-vi"])
    client.post(action, {"unit": other_unit.pk, "reason": ""}, follow=True)
    assert Petition.objects.get(pk=routed.pk).unit_id != other_unit.pk
    response = client.post(action, {"unit": other_unit.pk, "reason": "Đúng chức năng"}, follow=True)
    assert f"Đã chuyển {other_unit.name} xử lý" in response.content.decode()
    assert Petition.objects.get(pk=routed.pk).unit_id == other_unit.pk


def test_plain_routing_of_a_routed_petition_points_to_rerouting(routed, clerk, other_unit):
    with pytest.raises(PetitionError, match="Chuyển đơn vị xử lý"):
        services.petition_route(petition=routed, by=clerk, unit=other_unit)


# --- audit of refused moves --------------------------------------------------------------


def test_a_refused_assignment_is_not_logged(make_petition, clerk, unit, roads):
    p = make_petition()
    with pytest.raises(PetitionError, match="Không thể chuyển"):
        services.petition_route(petition=p, by=clerk, unit=unit)  # not classified yet
    assert Event.objects.filter(action=Event.Action.ROUTED).count() == 0
    services.petition_classify(petition=p, by=clerk, topic=roads, kind="kien_nghi", competence="commune")
    services.petition_route(petition=p, by=clerk, unit=unit)
    assert list(Event.objects.filter(action=Event.Action.ROUTED).values_list("detail", flat=True)) == [
        f"unit={unit.pk}"
    ]


# --- repeat chains -----------------------------------------------------------------------


def test_linking_a_petition_brings_its_own_repeats_to_the_first(client, make_petition, clerk):
    first = make_petition("Đường liên thôn hỏng, lần đầu")
    second = make_petition("Đường liên thôn hỏng, lần hai")
    third = make_petition("Đường liên thôn hỏng, lần ba", repeat_of=second)
    services.petition_link_repeat(petition=second, of=first, by=clerk)
    assert list(Petition.objects.filter(pk__in=[second.pk, third.pk]).values_list("repeat_of", flat=True)) == [
        first.pk,
        first.pk,
    ]
    chains = list(Petition.objects.repeated_unresolved().values_list("pk", "times"))
    assert chains == [(first.pk, 3)]
    client.force_login(clerk)
    assert "<td>3</td>" in client.get(reverse("petitions:repeated")).content.decode()


# --- deadlines from receipt --------------------------------------------------------------


@freeze_time("2025-11-20 09:00:00")
def test_a_late_petition_keeps_its_legal_deadline_and_shows_overdue(client, make_petition, clerk, unit, roads, land):
    p = make_petition(received_on=D(2025, 10, 1))
    services.petition_classify(petition=p, by=clerk, topic=roads, kind="kien_nghi", competence="commune")
    services.petition_route(petition=p, by=clerk, unit=unit)
    p.refresh_from_db()
    # 10 working days from Wed 1/10/2025: Wed 15/10, already past on 20/11.
    assert (p.deadline, p.is_overdue()) == (D(2025, 10, 15), True)
    client.force_login(clerk)
    assert "Quá hạn" in client.get(reverse("petitions:detail", args=[p.pk])).content.decode()
    transfer = make_petition("Tranh chấp đất với xã bên", received_on=D(2025, 10, 1))
    services.petition_classify(petition=transfer, by=clerk, topic=land, kind="khieu_nai", competence="transfer")
    transfer.refresh_from_db()
    assert (transfer.deadline, transfer.is_overdue()) == (D(2025, 10, 8), True)


# --- reactions and reasons ---------------------------------------------------------------


def test_reopening_needs_a_reason_and_clears_the_old_reaction(routed, clerk, leader, officer):
    services.petition_answer_draft(petition=routed, by=officer, body="Trả lời")
    services.petition_answer_approve(petition=routed, by=leader)
    services.petition_react(petition=routed, by=clerk, satisfied=True)
    with pytest.raises(PetitionError, match="lý do mở lại"):
        services.petition_reopen(petition=routed, by=clerk, reason="  ")
    assert Petition.objects.get(pk=routed.pk).status == Status.CLOSED
    services.petition_reopen(petition=routed, by=clerk, reason="Phát sinh hư hỏng mới")
    p = Petition.objects.get(pk=routed.pk)
    assert (p.status, p.reaction) == (Status.ROUTED, "")


def test_closing_unresolved_clears_the_reaction(routed, clerk, leader, officer):
    services.petition_answer_draft(petition=routed, by=officer, body="Trả lời")
    services.petition_answer_approve(petition=routed, by=leader)
    services.petition_react(petition=routed, by=clerk, satisfied=False)
    assert Petition.objects.get(pk=routed.pk).reaction == "not_satisfied"
    services.petition_close_unresolved(petition=routed, by=clerk, reason="Ngoài khả năng ngân sách xã")
    p = Petition.objects.get(pk=routed.pk)
    assert (p.status, p.reaction, p.close_reason) == (Status.CLOSED_UNRESOLVED, "", "Ngoài khả năng ngân sách xã")


def test_route_and_reroute_check_the_state_under_the_lock(routed, clerk, leader, officer, other_unit):
    stale = Petition.objects.get(pk=routed.pk)  # read while still "routed"
    services.petition_answer_draft(petition=routed, by=officer, body="Trả lời")
    services.petition_answer_approve(petition=routed, by=leader)
    with pytest.raises(PetitionError, match="Không thể chuyển"):
        services.petition_reroute(petition=stale, by=clerk, unit=other_unit, reason="Nhầm đơn vị")
    with pytest.raises(PetitionError, match="Không thể chuyển"):
        services.petition_route(petition=Petition.objects.get(pk=routed.pk), by=clerk, unit=other_unit)
    p = Petition.objects.get(pk=routed.pk)
    assert (p.status, p.unit_id) == (Status.ANSWERED, routed.unit_id)
