"""The services of sessions_app check rights themselves, as petitions and conclusions do.

A refusal raises NotPermitted (a 404) and writes nothing; `None` as the user is the system
(commands, the sample data) and is let through.
"""

import pytest

from dialogue.http import NotPermitted
from sessions_app.enums import SessionStatus
from sessions_app.models import Participant, SessionTransition
from sessions_app.participants import participant_add, participant_attend, session_document_take
from sessions_app.services import session_change_status, session_save, session_task_toggle, session_tasks_refresh


def test_the_other_side_s_office_may_not_move_a_session(state_session, party_clerk):
    with pytest.raises(NotPermitted, match="không có quyền chuyển trạng thái"):
        session_change_status(obj=state_session, to=SessionStatus.SCHEDULED, by=party_clerk)
    state_session.refresh_from_db()
    assert state_session.status == SessionStatus.DRAFT
    assert not SessionTransition.objects.filter(session=state_session, to_status=SessionStatus.SCHEDULED).exists()


def test_the_side_s_office_moves_it(state_session, clerk):
    session_change_status(obj=state_session, to=SessionStatus.SCHEDULED, by=clerk)
    state_session.refresh_from_db()
    assert state_session.status == SessionStatus.SCHEDULED


@pytest.mark.parametrize("persona", ["leader", "officer", "supervisor"])
def test_only_a_leader_concluding_passes_besides_the_office(state_session, persona, request):
    user = request.getfixturevalue(persona)
    with pytest.raises(NotPermitted):
        session_change_status(obj=state_session, to=SessionStatus.SCHEDULED, by=user)


def test_an_officer_may_not_edit_the_session_or_its_duties(state_session, officer, villages):
    state_session.venue = "Nơi khác"
    with pytest.raises(NotPermitted, match="không có quyền sửa buổi"):
        session_save(session=state_session, villages=villages, user=officer)
    state_session.refresh_from_db()
    assert state_session.venue == "Hội trường UBND xã Lộc Thành"
    session_tasks_refresh(session=state_session)
    task = state_session.tasks.first()
    with pytest.raises(NotPermitted):
        session_task_toggle(task=task, user=officer)
    task.refresh_from_db()
    assert task.done_at is None


def test_the_roster_and_numbers_refuse_a_reader(state_session, supervisor, villages):
    with pytest.raises(NotPermitted, match="danh sách người dự"):
        participant_add(session=state_session, user=supervisor, full_name="Nguyễn Văn A", village=villages[0])
    assert not Participant.objects.filter(session=state_session).exists()
    person = participant_add(session=state_session, full_name="Nguyễn Văn A", village=villages[0])  # the system
    with pytest.raises(NotPermitted, match="điểm danh"):
        participant_attend(participant=person, user=supervisor)
    person.refresh_from_db()
    assert person.attended_at is None
    with pytest.raises(NotPermitted, match="lấy số"):
        session_document_take(session=state_session, kind="GM", user=supervisor)
    assert not state_session.documents.exists()
