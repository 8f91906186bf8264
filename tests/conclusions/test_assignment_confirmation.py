"""An assignment is confirmed, not self-closed (issue 10): the unit reports it done, the office or a
leader confirms it ("Xác nhận hoàn thành") or returns it with a reason."""

import pytest
from django.urls import reverse

from conclusions.enums import AssignmentStatus, NoticeStatus
from conclusions.models import Assignment, AssignmentTransition
from conclusions.services import (
    ConclusionError,
    assignment_change_status,
    assignment_save,
    notice_change_status,
)
from dialogue.http import NotPermitted
from directory.models import Commune
from office.periods import period_of
from office.reports import build_report

from .factories import AssignmentFactory


@pytest.fixture
def reported(notice, clerk, leader, officer, unit):
    a = assignment_save(assignment=AssignmentFactory.build(notice=notice, unit=unit), user=clerk)
    notice_change_status(obj=notice, to=NoticeStatus.PENDING_APPROVAL, by=clerk)
    notice_change_status(obj=notice, to=NoticeStatus.ISSUED, by=leader)
    assignment_change_status(obj=a, to=AssignmentStatus.DONE, by=officer, note="Đã sửa xong đường")
    return Assignment.objects.get(pk=a.pk)


def test_the_unit_cannot_confirm_its_own_assignment(reported, officer):
    with pytest.raises(NotPermitted):
        assignment_change_status(obj=reported, to=AssignmentStatus.CONFIRMED, by=officer)
    reported.refresh_from_db()
    assert reported.status == AssignmentStatus.DONE


@pytest.mark.parametrize("who", ["clerk", "leader"])
def test_the_office_or_a_leader_confirms(reported, who, request):
    user = request.getfixturevalue(who)
    assignment_change_status(obj=reported, to=AssignmentStatus.CONFIRMED, by=user)
    reported.refresh_from_db()
    assert reported.status == AssignmentStatus.CONFIRMED
    assert reported.done_at is not None  # the day the unit reported it stays


def test_a_return_needs_a_reason_and_the_unit_sees_it(reported, leader, client, officer):
    with pytest.raises(ConclusionError, match="Cần ghi lý do trả lại"):
        assignment_change_status(obj=reported, to=AssignmentStatus.IN_PROGRESS, by=leader, note=" ")
    reported.refresh_from_db()
    assert reported.status == AssignmentStatus.DONE
    assignment_change_status(obj=reported, to=AssignmentStatus.IN_PROGRESS, by=leader, note="Thiếu ảnh nghiệm thu")
    reported.refresh_from_db()
    assert (reported.status, reported.done_at) == (AssignmentStatus.IN_PROGRESS, None)
    move = AssignmentTransition.objects.filter(assignment=reported).latest("at")
    assert (move.from_status, move.note) == ("done", "Thiếu ảnh nghiệm thu")
    client.force_login(officer)
    assert "Thiếu ảnh nghiệm thu" in client.get(reported.get_absolute_url()).content.decode()


def test_the_page_offers_confirmation_to_the_office_only(reported, clerk_client, client, officer):
    page = clerk_client.get(reported.get_absolute_url()).content.decode()
    assert 'value="confirmed"' in page and "Xác nhận hoàn thành" in page and "Trả lại để làm tiếp" in page
    client.force_login(officer)
    page = client.get(reported.get_absolute_url()).content.decode()
    assert 'value="confirmed"' not in page
    # A crafted post by the unit is refused, like a page it may not open.
    response = client.post(reverse("conclusions:assignment_status", args=[reported.pk]), {"to_status": "confirmed"})
    assert response.status_code == 404
    reported.refresh_from_db()
    assert reported.status == AssignmentStatus.DONE


def test_confirmed_through_the_page(reported, clerk_client):
    response = clerk_client.post(
        reverse("conclusions:assignment_status", args=[reported.pk]), {"to_status": "confirmed", "note": "Đạt"}
    )
    assert response.status_code == 302
    reported.refresh_from_db()
    assert reported.status == AssignmentStatus.CONFIRMED


def test_only_confirmed_assignments_count_as_done_in_the_report_and_board(reported, clerk, clerk_client, commune):
    def figures():
        period = period_of("nam", 2025)
        a = build_report(communes=Commune.objects.filter(pk=commune.pk), period=period)["assignments"]
        return a["done"], a["awaiting"]

    assert figures() == (0, 1)
    board = clerk_client.get(reverse("conclusions:board")).content.decode()
    assert reported.task[:30] in board  # still on the board of what is not done
    assignment_change_status(obj=reported, to=AssignmentStatus.CONFIRMED, by=clerk)
    assert figures() == (1, 0)
    board = clerk_client.get(reverse("conclusions:board")).content.decode()
    assert reported.task[:30] not in board
