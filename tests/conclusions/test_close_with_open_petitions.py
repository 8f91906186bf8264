"""A session is not closed while a petition of it is open and followed by no assignment (issue 10)."""

import pytest
from django.urls import reverse

from conclusions.enums import AssignmentStatus, NoticeStatus
from conclusions.services import (
    ConclusionError,
    assignment_change_status,
    assignment_save,
    notice_change_status,
    session_close,
)
from petitions.enums import Status
from sessions_app.enums import SessionStatus

from .factories import AssignmentFactory, PetitionFactory


def _issue(notice, clerk, leader):
    notice_change_status(obj=notice, to=NoticeStatus.PENDING_APPROVAL, by=clerk)
    notice_change_status(obj=notice, to=NoticeStatus.ISSUED, by=leader)


def _confirm(assignment, officer, leader):
    assignment_change_status(obj=assignment, to=AssignmentStatus.DONE, by=officer, note="Đã làm xong")
    if AssignmentStatus.CONFIRMED in assignment.allowed_transitions():
        assignment_change_status(obj=assignment, to=AssignmentStatus.CONFIRMED, by=leader, note="Đúng")


def test_open_petitions_block_closing_until_answered_or_followed(notice, session, clerk, leader, officer, unit):
    open_one = PetitionFactory(session=session, status=Status.ROUTED)
    PetitionFactory(session=session, status=Status.ANSWERED)
    PetitionFactory(session=session, status=Status.RECEIVED)
    a = assignment_save(assignment=AssignmentFactory.build(notice=notice, unit=unit), user=clerk, petitions=[open_one])
    _issue(notice, clerk, leader)
    _confirm(a, officer, leader)
    with pytest.raises(ConclusionError, match="Còn 1 ý kiến, kiến nghị của buổi"):
        session_close(session=session, user=clerk)
    session.refresh_from_db()
    assert session.status == SessionStatus.CONCLUDED


def test_the_page_counts_them_and_links_to_the_list(notice, session, clerk, clerk_client, leader):
    PetitionFactory(session=session, status=Status.RECEIVED)
    PetitionFactory(session=session, status=Status.CLASSIFIED)
    _issue(notice, clerk, leader)
    response = clerk_client.post(reverse("conclusions:session_close", args=[session.pk]), follow=True)
    page = response.content.decode()
    assert "Còn 2 ý kiến, kiến nghị của buổi" in page
    assert f'href="{reverse("petitions:list")}?buoi={session.pk}"' in page
    session.refresh_from_db()
    assert session.status == SessionStatus.CONCLUDED


def test_closed_once_every_open_petition_is_followed(notice, session, clerk, leader, officer, unit):
    p = PetitionFactory(session=session, status=Status.ROUTED)
    a = assignment_save(assignment=AssignmentFactory.build(notice=notice, unit=unit), user=clerk, petitions=[p])
    _issue(notice, clerk, leader)
    _confirm(a, officer, leader)
    session_close(session=session, user=clerk)
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
