import datetime

import pytest
from freezegun import freeze_time

from conclusions.enums import AssignmentStatus, NoticeStatus
from conclusions.models import ConclusionNotice, NoticeTransition
from conclusions.services import (
    ConclusionError,
    assignment_change_status,
    assignment_save,
    facts_text,
    notice_change_status,
    notice_correction_start,
    notice_delete,
    notice_initial,
    notice_save,
    progress_add,
    session_close,
)
from dialogue.http import NotPermitted
from directory.models import DocumentCounter, Membership
from sessions_app.enums import SessionStatus
from sessions_app.models import Participant
from sessions_app.services import SessionError, session_change_status

from ..factories import OfficialFactory, UnitFactory, UserFactory, aware, member
from .factories import AssignmentFactory, NoticeFactory, PetitionFactory, TopicFactory, held_session


def issue(notice, clerk, leader):
    notice_change_status(obj=notice, to=NoticeStatus.PENDING_APPROVAL, by=clerk)
    return notice_change_status(obj=notice, to=NoticeStatus.ISSUED, by=leader)


def test_new_notice_is_prefilled_from_what_the_session_knows(session, clerk, commune, villages):
    session.chair = OfficialFactory(commune=commune, full_name="Hồ Quang Khánh", position="Chủ tịch UBND xã")
    session.save()
    land = TopicFactory(code="thu-dat-dai", name="Đất đai")
    env = TopicFactory(code="thu-moi-truong", name="Môi trường")
    PetitionFactory(session=session, topic=land, answered_on_spot=True)
    PetitionFactory(session=session, topic=land)
    PetitionFactory(session=session, topic=env)
    for i, (group, present) in enumerate([("officials", True), ("officials", False), ("households", True)]):
        Participant.objects.create(
            session=session,
            group=group,
            honorific="Ông",
            full_name=f"Người {i}",
            attended_at=aware(2025, 11, 20) if present else None,
        )
    assert facts_text(session).splitlines() == [
        "Vào 08 giờ 00, ngày 20/11/2025, tại Hội trường UBND xã Lộc Thành, Ông Hồ Quang Khánh, Chủ tịch UBND xã, "
        "đã chủ trì buổi hội nghị đối thoại trực tiếp với Nhân dân năm 2025.",
        "Thành phần tham dự: đại biểu xã: mời 2, có mặt 1; đại diện hộ gia đình: mời 1, có mặt 1; "
        "tổng số có mặt 2/3 người được mời.",
        "Tại buổi, Nhân dân đã nêu 3 ý kiến, kiến nghị (Đất đai: 2; Môi trường: 1); trong đó 1 ý kiến đã được trả lời "
        "trực tiếp tại buổi, các ý kiến còn lại được giao các cơ quan, đơn vị xem xét, trả lời bằng văn bản.",
    ]
    initial = notice_initial(session)
    assert initial["signer_title"] == "CHỦ TỊCH"
    assert initial["subject"].startswith("Kết luận của Chủ tịch UBND xã tại buổi tiếp xúc")


def test_a_notice_cannot_be_drafted_for_a_session_not_held(commune, state_issuer, villages, clerk):
    session = held_session(commune, state_issuer, villages)
    session.status = SessionStatus.ANNOUNCED
    session.save(update_fields=["status"])
    notice = ConclusionNotice(session=session, place="Lộc Thành", subject="x", signer_title="CHỦ TỊCH")
    with pytest.raises(ConclusionError, match="chỉ lập thông báo kết luận khi buổi đã tổ chức"):
        notice_save(notice=notice, user=clerk)
    assert ConclusionNotice.objects.count() == 0


def test_issuing_a_notice_for_a_session_not_held_is_refused_and_changes_nothing(
    commune, state_issuer, villages, clerk, leader
):
    session = held_session(commune, state_issuer, villages)
    session.status = SessionStatus.ANNOUNCED
    session.save(update_fields=["status"])
    notice = NoticeFactory(session=session, status=NoticeStatus.PENDING_APPROVAL)
    with pytest.raises(ConclusionError, match="chưa tổ chức: không ban hành được"):
        notice_change_status(obj=notice, to=NoticeStatus.ISSUED, by=leader)
    notice.refresh_from_db()
    assert (notice.status, notice.number, notice.issued_on) == (NoticeStatus.PENDING_APPROVAL, None, None)
    assert DocumentCounter.objects.count() == 0


def test_draft_to_issued_numbers_dates_freezes_and_concludes_the_session(notice, session, clerk, leader):
    with freeze_time("2026-01-05 09:00"):
        issue(notice, clerk, leader)
    notice.refresh_from_db()
    session.refresh_from_db()
    assert notice.status == NoticeStatus.ISSUED
    assert notice.number == 1
    assert notice.symbol == "01/TB-UBND"
    assert notice.number_line == "Số: 01/TB-UBND"
    assert notice.issued_on == datetime.date(2026, 1, 5)
    assert notice.snapshot["symbol"] == "01/TB-UBND"
    assert notice.snapshot["conclusions"] == "Giao các đơn vị khẩn trương giải quyết các kiến nghị của Nhân dân."
    assert bytes(notice.pdf).startswith(b"%PDF-")
    assert session.status == SessionStatus.CONCLUDED
    moves = list(NoticeTransition.objects.filter(notice=notice).values_list("from_status", "to_status", "by"))
    assert moves == [("draft", "pending_approval", clerk.pk), ("pending_approval", "issued", leader.pk)]


def test_approving_without_the_right_is_refused_and_changes_nothing(notice, session, clerk):
    notice_change_status(obj=notice, to=NoticeStatus.PENDING_APPROVAL, by=clerk)
    with pytest.raises(NotPermitted, match="Bạn không có quyền duyệt, ban hành thông báo kết luận"):
        notice_change_status(obj=notice, to=NoticeStatus.ISSUED, by=clerk)
    notice.refresh_from_db()
    session.refresh_from_db()
    assert (notice.status, notice.number, notice.pdf) == (NoticeStatus.PENDING_APPROVAL, None, None)
    assert session.status == SessionStatus.HELD
    assert DocumentCounter.objects.count() == 0


def test_an_issued_notice_is_never_edited_nor_deleted(notice, clerk, leader):
    issue(notice, clerk, leader)
    notice.conclusions = "Nội dung khác"
    with pytest.raises(ConclusionError, match="không sửa được"):
        notice_save(notice=notice, user=clerk)
    with pytest.raises(ConclusionError, match="không bao giờ bị xóa"):
        notice_delete(notice=notice, user=clerk)
    with pytest.raises(ConclusionError, match="không được xóa"):
        notice.delete()
    notice.refresh_from_db()
    assert notice.conclusions == "Giao các đơn vị khẩn trương giải quyết các kiến nghị của Nhân dân."


def test_a_second_notice_for_the_session_must_be_a_correction(notice, session, clerk, leader):
    issue(notice, clerk, leader)
    other = NoticeFactory(session=session)
    notice_change_status(obj=other, to=NoticeStatus.PENDING_APPROVAL, by=clerk)
    with pytest.raises(ConclusionError, match="hãy lập thông báo đính chính"):
        notice_change_status(obj=other, to=NoticeStatus.ISSUED, by=leader)
    correction = notice_correction_start(notice=notice, user=clerk)
    issue(correction, clerk, leader)
    correction.refresh_from_db()
    assert correction.corrects == notice
    assert correction.symbol == "02/TB-UBND"
    assert correction.subject.startswith("Đính chính Thông báo số 01/TB-UBND")


def test_party_notices_number_through_the_term(party_session, party_clerk, leader):
    with freeze_time("2025-12-30"):
        first = NoticeFactory(session=party_session, signing_authority="T/M BAN THƯỜNG VỤ", signer_title="PHÓ BÍ THƯ")
        issue(first, party_clerk, leader)
    plan = party_session.plan
    second_session = held_session(plan.commune, plan.issuer, list(party_session.villages.all()))
    with freeze_time("2026-01-03"):
        second = NoticeFactory(session=second_session, signer_title="PHÓ BÍ THƯ")
        issue(second, party_clerk, leader)
    assert (first.number_line, second.number_line) == ("Số 01-TB/ĐU", "Số 02-TB/ĐU")


def test_state_notices_restart_at_01_each_year(commune, state_issuer, villages, clerk, leader):
    first = NoticeFactory(session=held_session(commune, state_issuer, villages))
    second = NoticeFactory(session=held_session(commune, state_issuer, villages))
    with freeze_time("2025-12-31"):
        issue(first, clerk, leader)
    with freeze_time("2026-01-02"):
        issue(second, clerk, leader)
    assert (first.symbol, second.symbol) == ("01/TB-UBND", "01/TB-UBND")
    assert (first.number_period, second.number_period) == ("2025", "2026")


def test_assignment_to_a_unit_of_another_commune_is_refused(notice, clerk, other_commune):
    foreign = UnitFactory(commune=other_commune, name="Phòng Kinh tế")
    with pytest.raises(ConclusionError, match="Phòng Kinh tế không thuộc Xã Lộc Thành"):
        assignment_save(assignment=AssignmentFactory.build(notice=notice, unit=foreign), user=clerk)
    assert notice.assignments.count() == 0


def test_assignment_deadline_before_the_session_is_refused(notice, clerk, unit):
    bad = AssignmentFactory.build(notice=notice, unit=unit, deadline=datetime.date(2025, 11, 19))
    with pytest.raises(ConclusionError, match=r"Hạn hoàn thành \(19/11/2025\) không được trước ngày tổ chức buổi"):
        assignment_save(assignment=bad, user=clerk)
    assert notice.assignments.count() == 0


def test_assignment_links_the_petitions_it_answers(notice, clerk, unit, session):
    p1, p2 = PetitionFactory(session=session), PetitionFactory(session=session)
    a = assignment_save(assignment=AssignmentFactory.build(notice=notice, unit=unit), user=clerk, petitions=[p1, p2])
    assert sorted(a.petitions.values_list("pk", flat=True)) == sorted([p1.pk, p2.pk])
    assert a.position == 1


def test_assignments_are_frozen_with_the_issued_notice(notice, clerk, leader, unit):
    a = assignment_save(assignment=AssignmentFactory.build(notice=notice, unit=unit), user=clerk)
    issue(notice, clerk, leader)
    a.task = "Khác"
    with pytest.raises(ConclusionError, match="không thêm, sửa nhiệm vụ được"):
        assignment_save(assignment=a, user=clerk)
    assert notice.snapshot["assignments"] == [
        {"unit": "Phòng Kinh tế", "task": "Kiểm tra, sửa chữa tuyến đường liên ấp 2 – ấp 3.", "deadline": "2025-12-31"}
    ]


def test_unit_reports_on_its_own_assignment_only(notice, clerk, leader, unit, officer, other_officer):
    a = assignment_save(assignment=AssignmentFactory.build(notice=notice, unit=unit), user=clerk)
    issue(notice, clerk, leader)
    with pytest.raises(NotPermitted, match="không có quyền báo cáo"):
        progress_add(assignment=a, text="Đã làm", user=other_officer)
    progress_add(assignment=a, text="Đã khảo sát hiện trạng tuyến đường.", user=officer)
    a.refresh_from_db()
    assert a.status == AssignmentStatus.IN_PROGRESS
    assignment_change_status(obj=a, to=AssignmentStatus.DONE, by=officer, note="Đã sửa xong")
    a.refresh_from_db()
    assert a.status == AssignmentStatus.DONE
    assert a.done_at is not None


def test_overdue_is_derived_from_the_deadline(notice, clerk, leader, unit):
    a = assignment_save(assignment=AssignmentFactory.build(notice=notice, unit=unit), user=clerk)
    issue(notice, clerk, leader)
    with freeze_time("2026-01-10"):
        assert (a.is_overdue, a.days_late, a.state_label) == (True, 10, "Quá hạn")
        assert list(type(a).objects.overdue()) == [a]
    with freeze_time("2025-12-31"):
        assert (a.is_overdue, a.days_late) == (False, 0)


def test_session_closes_only_when_every_assignment_is_done(notice, session, clerk, leader, unit, officer):
    a = assignment_save(assignment=AssignmentFactory.build(notice=notice, unit=unit), user=clerk)
    issue(notice, clerk, leader)
    with pytest.raises(ConclusionError, match="Còn 1 nhiệm vụ chưa hoàn thành"):
        session_close(session=session, user=clerk)
    with pytest.raises(SessionError, match="Còn 1 nhiệm vụ chưa hoàn thành"):
        session_change_status(obj=session, to=SessionStatus.CLOSED, by=clerk)
    session.refresh_from_db()
    assert session.status == SessionStatus.CONCLUDED
    assignment_change_status(obj=a, to=AssignmentStatus.DONE, by=officer, note="Xong")
    # Reported done by the unit is not done yet: the office or a leader confirms it.
    with pytest.raises(ConclusionError, match="chưa được xác nhận hoàn thành"):
        session_close(session=session, user=clerk)
    assignment_change_status(obj=a, to=AssignmentStatus.CONFIRMED, by=leader, note="Đúng kết quả")
    session_close(session=session, user=clerk)
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED


def test_unit_official_cannot_draft_a_notice(session, officer):
    notice = ConclusionNotice(session=session, place="Lộc Thành", subject="x", signer_title="CHỦ TỊCH")
    with pytest.raises(NotPermitted, match="không có quyền soạn"):
        notice_save(notice=notice, user=officer)
    assert ConclusionNotice.objects.count() == 0


def test_province_user_cannot_approve_a_commune_notice(notice, clerk, commune):
    province = member(UserFactory(username="tinh"), commune, Membership.Role.PROVINCE)
    notice_change_status(obj=notice, to=NoticeStatus.PENDING_APPROVAL, by=clerk)
    with pytest.raises(NotPermitted, match="không có quyền duyệt"):
        notice_change_status(obj=notice, to=NoticeStatus.ISSUED, by=province)
