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


def test_the_session_page_lists_the_petitions_that_block_closing(notice, session, clerk, clerk_client, leader, unit):
    waiting = PetitionFactory(session=session, status=Status.RECEIVED)
    followed = PetitionFactory(session=session, status=Status.ROUTED)
    answered = PetitionFactory(session=session, status=Status.ANSWERED)
    assignment_save(assignment=AssignmentFactory.build(notice=notice, unit=unit), user=clerk, petitions=[followed])
    _issue(notice, clerk, leader)
    page = clerk_client.get(session.get_absolute_url()).content.decode()
    assert 'id="unfollowed-petitions"' in page
    assert "Còn 1 ý kiến, kiến nghị chưa được trả lời" in page
    assert f'href="{waiting.get_absolute_url()}"' in page
    assert f'href="{followed.get_absolute_url()}"' not in page.split('id="unfollowed-petitions"')[1].split("</div>")[0]
    assert answered.code not in page.split('id="unfollowed-petitions"')[1].split("</div>")[0]


def test_a_long_list_shows_twenty_and_links_to_the_rest(notice, session, clerk, clerk_client, leader):
    PetitionFactory.create_batch(23, session=session, status=Status.CLASSIFIED)
    _issue(notice, clerk, leader)
    page = clerk_client.get(session.get_absolute_url()).content.decode()
    block = page.split('id="unfollowed-petitions"')[1].split("</div>")[0]
    assert block.count("<li>") == 20
    assert "Còn 23 ý kiến, kiến nghị" in block
    assert "Còn 3 ý kiến nữa" in block
    assert f'?buoi={session.pk}"' in block


def test_no_list_before_the_notice_is_issued_or_once_nothing_blocks(notice, session, clerk_client):
    PetitionFactory(session=session, status=Status.RECEIVED)
    assert 'id="unfollowed-petitions"' not in clerk_client.get(session.get_absolute_url()).content.decode()
