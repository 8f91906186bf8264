import datetime

import pytest
from freezegun import freeze_time

from dialogue.http import NotPermitted
from directory.models import Holiday
from petitions import services
from petitions.models import Petition, PetitionTransition, Status
from petitions.services import PetitionError
from tests.factories import SessionFactory, UnitFactory, VillageFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def moves(p):
    return list(PetitionTransition.objects.filter(petition=p).order_by("id").values_list("from_status", "to_status"))


def test_intake_gives_a_receipt_code_and_records_the_first_move(make_petition, commune):
    first = make_petition()
    second = make_petition("Xin cấp giấy chứng nhận quyền sử dụng đất")
    assert first.code == f"KN-2025-{commune.pk}-00001"
    assert second.code == f"KN-2025-{commune.pk}-00002"
    assert first.status == Status.RECEIVED
    assert moves(first) == [("", "received")]
    assert first.citizen_display == "ẩn danh"


def test_answer_on_the_spot_moves_to_answered(make_petition):
    p = make_petition(answered_on_spot=True, spot_answer_by="Chủ tịch UBND xã", spot_answer="Sẽ sửa trong quý I")
    p.refresh_from_db()
    assert p.status == Status.ANSWERED
    assert p.answered_at is not None
    assert moves(p) == [("", "received"), ("received", "answered")]
    last = PetitionTransition.objects.filter(petition=p).order_by("id").last()
    assert last.note == "Trả lời tại buổi: Chủ tịch UBND xã"


def test_on_the_spot_answer_needs_who_answered(make_petition):
    with pytest.raises(PetitionError, match="ai đã trả lời"):
        make_petition(answered_on_spot=True, spot_answer_by="")
    assert Petition.objects.count() == 0


@freeze_time("2025-10-01 09:00:00")
def test_full_cycle_route_draft_approve_close(make_petition, clerk, leader, officer, unit, roads):
    Holiday.objects.create(commune=None, day=D(2025, 10, 10), name="Nghỉ bù")
    p = make_petition(received_on=D(2025, 10, 1))
    services.petition_classify(petition=p, by=clerk, topic=roads, kind="phan_anh", competence="commune")
    services.petition_route(petition=p, by=clerk, unit=unit)
    p.refresh_from_db()
    # 10 working days from Wed 1 Oct, skipping two weekends and Fri 10 Oct: Thu 16 Oct.
    assert (p.status, p.unit, p.deadline) == (Status.ROUTED, unit, D(2025, 10, 16))
    services.petition_answer_draft(petition=p, by=officer, body="Đã đưa vào kế hoạch sửa chữa năm 2026.")
    with pytest.raises(NotPermitted, match="Chỉ lãnh đạo"):
        services.petition_answer_approve(petition=p, by=officer)
    services.petition_answer_approve(petition=p, by=leader)
    services.petition_react(petition=p, by=clerk, satisfied=True)
    p.refresh_from_db()
    assert p.status == Status.CLOSED
    assert p.reaction == "satisfied"
    assert p.current_answer.approved_by == leader
    assert moves(p) == [
        ("", "received"),
        ("received", "classified"),
        ("classified", "routed"),
        ("routed", "answered"),
        ("answered", "closed"),
    ]
    by = list(PetitionTransition.objects.filter(petition=p).values_list("by__username", flat=True))
    assert by == ["clerk", "clerk", "clerk", "leader", "clerk"]


@freeze_time("2025-10-20 09:00:00")
def test_not_satisfied_reopens_to_assigned_with_a_new_deadline(routed, clerk, leader, officer):
    services.petition_answer_draft(petition=routed, by=officer, body="Trả lời lần 1")
    services.petition_answer_approve(petition=routed, by=leader)
    services.petition_react(petition=routed, by=clerk, satisfied=False)
    routed.refresh_from_db()
    assert routed.status == Status.ROUTED
    assert routed.reaction == "not_satisfied"
    assert routed.closed_at is None
    assert routed.deadline == D(2025, 11, 3)
    assert moves(routed)[-1] == ("answered", "routed")


def test_moves_not_in_the_machine_are_refused(make_petition, clerk, unit):
    p = make_petition()
    with pytest.raises(PetitionError, match="Không thể chuyển"):
        services.petition_change_status(obj=p, to=Status.CLOSED, by=clerk)
    with pytest.raises(PetitionError, match="Không thể chuyển"):
        services.petition_route(petition=p, by=clerk, unit=unit)  # not classified yet
    p.refresh_from_db()
    assert p.status == Status.RECEIVED
    assert moves(p) == [("", "received")]


def test_closed_without_resolution_needs_a_reason(make_petition, clerk):
    p = make_petition()
    with pytest.raises(PetitionError, match="lý do"):
        services.petition_close_unresolved(petition=p, by=clerk, reason="  ")
    services.petition_close_unresolved(petition=p, by=clerk, reason="Người dân không cung cấp địa chỉ cụ thể")
    p.refresh_from_db()
    assert (p.status, p.close_reason) == (Status.CLOSED_UNRESOLVED, "Người dân không cung cấp địa chỉ cụ thể")


@freeze_time("2025-10-01 09:00:00")
def test_transfer_gets_the_five_day_rule_and_then_moves(make_petition, clerk, land):
    p = make_petition(received_on=D(2025, 10, 1))
    services.petition_classify(petition=p, by=clerk, topic=land, kind="khieu_nai", competence="transfer")
    p.refresh_from_db()
    assert p.deadline == D(2025, 10, 8)
    services.petition_transfer(petition=p, by=clerk, to_body="Sở Nông nghiệp và Môi trường tỉnh")
    p.refresh_from_db()
    assert (p.status, p.transfer_to) == (Status.TRANSFERRED, "Sở Nông nghiệp và Môi trường tỉnh")


def test_duplicate_of(make_petition, clerk):
    a = make_petition()
    b = make_petition()
    services.petition_mark_duplicate(petition=b, by=clerk, of=a)
    b.refresh_from_db()
    assert (b.status, b.duplicate_of) == (Status.DUPLICATE, a)


def test_repeats_point_at_the_first_of_the_chain(make_petition, clerk):
    a = make_petition()
    b = make_petition(repeat_of=a)
    c = make_petition(repeat_of=b)
    assert (b.repeat_of, c.repeat_of) == (a, a)


def test_bad_input_saves_nothing(make_petition, commune, other_commune, clerk, roads):
    with pytest.raises(PetitionError, match="không được để trống"):
        make_petition("   ")
    with pytest.raises(PetitionError, match="Thôn, ấp đã chọn không thuộc xã này"):
        make_petition(village=VillageFactory(commune=other_commune))
    with pytest.raises(PetitionError, match="Buổi tiếp xúc đã chọn không thuộc xã này"):
        make_petition(session=SessionFactory(plan__commune=other_commune))
    assert Petition.objects.count() == 0
    p = make_petition()
    services.petition_classify(petition=p, by=clerk, topic=roads, kind="kien_nghi", competence="commune")
    with pytest.raises(PetitionError, match="Đơn vị đã chọn không thuộc xã này"):
        services.petition_route(petition=p, by=clerk, unit=UnitFactory(commune=other_commune))
    with pytest.raises(PetitionError, match="đã qua"):
        services.petition_route(petition=p, by=clerk, unit=UnitFactory(commune=commune), deadline=D(2020, 1, 1))
    p.refresh_from_db()
    assert (p.status, p.unit, p.deadline) == (Status.CLASSIFIED, None, None)


def test_combining_accents_are_normalised_and_folded(make_petition):
    typed = "Đu\u031bo\u031b\u0300ng lie\u0302n tho\u0302n"  # "Đường liên thôn" with combining marks
    p = make_petition(typed, citizen_name="Nguye\u0302\u0303n Va\u0306n A")
    p.refresh_from_db()
    assert p.content == "Đường liên thôn"
    assert p.citizen_name == "Nguyễn Văn A"
    assert p.search_text == f"duong lien thon nguyen van a {p.code.lower()}"


def test_only_office_staff_take_petitions(commune, officer, roads):
    with pytest.raises(NotPermitted, match="không có quyền"):
        services.petition_create(commune=commune, by=officer, content="Nội dung", topic=roads)


def test_unit_official_of_another_unit_cannot_draft(routed, other_officer):
    with pytest.raises(NotPermitted, match="không có quyền"):
        services.petition_answer_draft(petition=routed, by=other_officer, body="Trả lời")
