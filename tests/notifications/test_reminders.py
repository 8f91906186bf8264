"""Deadline reminders (3 working days before, passed) and the Monday digest, each told once."""

import datetime

import pytest

from notifications.enums import Kind
from notifications.models import Notification
from notifications.reminders import reminders_sweep, weekly_digest
from petitions.enums import Status
from tests.conclusions.factories import AssignmentFactory, NoticeFactory, held_session
from tests.petitions.factories import PetitionFactory

# Monday 1 December 2025: three working days later is Thursday 4 December.
MONDAY = datetime.date(2025, 12, 1)


@pytest.fixture
def routed(commune, unit):
    def make(deadline, status=Status.ROUTED, on_unit=unit):
        return PetitionFactory(commune=commune, status=status, unit=on_unit, deadline=deadline)

    return make


def told(user, kind=None):
    qs = Notification.objects.filter(user=user)
    return list((qs.filter(kind=kind) if kind else qs).order_by("pk").values_list("title", flat=True))


def test_a_unit_is_reminded_three_working_days_before_and_once(routed, officer, other_officer, clerk, leader):
    due = routed(datetime.date(2025, 12, 4))
    later = routed(datetime.date(2025, 12, 5))  # four working days away: not yet
    answered = routed(datetime.date(2025, 12, 4), status=Status.ANSWERED)
    assert reminders_sweep(today=MONDAY) == 1
    assert told(officer) == [f"Ý kiến {due.code} đến hạn trả lời ngày 04/12/2025"]
    assert told(other_officer) == told(clerk) == told(leader) == []
    assert reminders_sweep(today=MONDAY) == 0  # run again (a retried task): nobody told twice
    assert reminders_sweep(today=MONDAY + datetime.timedelta(days=1)) == 1  # Tuesday: the Friday one
    assert later.code in told(officer)[-1] and answered.code not in " ".join(told(officer))


def test_a_passed_deadline_tells_the_unit_and_the_office_once(routed, officer, clerk, party_clerk, leader):
    late = routed(datetime.date(2025, 11, 28))
    routed(datetime.date(2025, 10, 1))  # long overdue: told back then, not read again
    reminders_sweep(today=MONDAY)
    title = f"Ý kiến {late.code} đã quá hạn trả lời (28/11/2025) – Phòng Kinh tế"
    assert told(officer, Kind.DEADLINE_PASSED) == told(clerk) == told(party_clerk) == [title]
    assert told(leader) == []
    assert reminders_sweep(today=MONDAY) == 0


def test_a_holiday_moves_the_reminder(routed, officer, commune):
    from directory.models import Holiday

    Holiday.objects.create(commune=commune, day=datetime.date(2025, 12, 3), name="Nghỉ")
    routed(datetime.date(2025, 12, 5))  # Mon + 3 working days, Wednesday off = Friday
    assert reminders_sweep(today=MONDAY) == 1


def test_assignments_of_an_issued_notice_are_reminded_too(
    commune, state_issuer, villages, unit, officer, clerk, leader
):
    notice = NoticeFactory(session=held_session(commune, state_issuer, villages), created_by=clerk)
    AssignmentFactory(notice=notice, unit=unit, deadline=datetime.date(2025, 12, 3))
    AssignmentFactory(notice=notice, unit=unit, deadline=datetime.date(2025, 11, 30))
    AssignmentFactory(notice=notice, unit=unit, deadline=datetime.date(2025, 11, 30), status="done")
    reminders_sweep(today=MONDAY)
    assert sorted(told(officer)) == [
        "Nhiệm vụ của Phòng Kinh tế đã quá hạn (30/11/2025)",
        "Nhiệm vụ của Phòng Kinh tế đến hạn ngày 03/12/2025",
    ]
    assert told(clerk) == ["Nhiệm vụ của Phòng Kinh tế đã quá hạn (30/11/2025)"]


def test_the_sweep_reads_only_what_is_due(routed, officer, django_assert_max_num_queries):
    for day in range(1, 29):
        routed(datetime.date(2025, 10, day))  # overdue long ago
        routed(datetime.date(2026, 1, day))  # far ahead
    routed(datetime.date(2025, 12, 2))
    with django_assert_max_num_queries(20):
        assert reminders_sweep(today=MONDAY) == 1


def test_the_sweep_tells_a_batch_at_a_time_and_everyone_once(routed, officer, clerk, monkeypatch):
    """More due than one batch (and two on the same deadline at a batch's edge): each told once."""
    from notifications import reminders

    monkeypatch.setattr(reminders, "BATCH", 2)
    due = [routed(datetime.date(2025, 12, day)) for day in (2, 2, 3, 3, 4)]
    late = routed(datetime.date(2025, 11, 28))
    assert reminders_sweep(today=MONDAY) == len(due) + 2  # the late one: the unit and the office
    codes = sorted(t.split()[2] for t in told(officer))
    assert codes == sorted(p.code for p in [*due, late])
    assert reminders_sweep(today=MONDAY) == 0


def test_the_monday_digest_tells_leaders_and_the_office_by_unit_once_a_week(
    routed, commune, unit, officer, clerk, leader, supervisor
):
    fresh = routed(datetime.date(2025, 12, 10))
    fresh.received_on = datetime.date(2025, 11, 28)
    fresh.save()
    routed(datetime.date(2025, 11, 20))  # overdue
    assert weekly_digest(today=MONDAY) == 2  # the clerk and the leader
    (title,) = told(leader)
    assert title == "Tổng hợp tuần 49/2025 – Lộc Thành: tiếp nhận 1, đã trả lời 0, quá hạn 1"
    assert Notification.objects.get(user=leader).body == "Phòng Kinh tế: tiếp nhận 1, đã trả lời 0, quá hạn 1"
    assert told(officer) == told(supervisor) == []
    assert weekly_digest(today=MONDAY + datetime.timedelta(days=2)) == 0  # same week
