"""Held and closed sessions are read-only where it matters (issue 10): once the conclusion notice
is issued (or the session closed or cancelled) the roster, answers and attendance are fixed; a
held session's attendance may still be completed."""

import pytest
from django.urls import reverse

from sessions_app.enums import SessionStatus
from sessions_app.models import Participant, ParticipantGroup, Session
from sessions_app.participants import (
    ParticipantError,
    participant_add,
    participant_attend,
    participant_remove,
    participant_respond,
    roster_fill_from_composition,
    session_households_set,
)

from .factories import ParticipantFactory

FIXED = "danh sách người dự và điểm danh đã chốt"


def _set_status(session, status):
    Session.objects.filter(pk=session.pk).update(status=status)
    session.status = status


@pytest.fixture
def person(state_session, villages):
    return ParticipantFactory(session=state_session, village=villages[0])


def test_a_held_session_still_takes_attendance(state_session, person, clerk):
    _set_status(state_session, SessionStatus.HELD)
    participant_attend(participant=person, present=True, user=clerk)
    assert Participant.objects.get(pk=person.pk).attended_at is not None


@pytest.mark.parametrize("status", [SessionStatus.CONCLUDED, SessionStatus.CLOSED, SessionStatus.CANCELLED])
def test_every_roster_write_is_refused_once_fixed(state_session, person, clerk, villages, status):
    _set_status(state_session, status)
    before = list(Participant.objects.values_list("pk", "response", "attended_at"))
    calls = [
        lambda: participant_attend(participant=person, present=True, user=clerk),
        lambda: participant_respond(participant=person, response="declined", user=clerk),
        lambda: participant_remove(participant=person, user=clerk),
        lambda: roster_fill_from_composition(session=state_session, user=clerk),
        lambda: participant_add(
            session=state_session,
            user=clerk,
            group=ParticipantGroup.HOUSEHOLDS,
            honorific="Bà",
            full_name="Lê Thị Muộn",
            village=villages[0],
        ),
        lambda: session_households_set(session=state_session, households=9, user=clerk),
    ]
    for call in calls:
        with pytest.raises(ParticipantError, match=FIXED):
            call()
    assert list(Participant.objects.values_list("pk", "response", "attended_at")) == before
    assert Session.objects.get(pk=state_session.pk).households_per_village == 5


def test_the_pages_refuse_and_hide_the_buttons(state_session, person, clerk_client):
    _set_status(state_session, SessionStatus.CONCLUDED)
    roster = clerk_client.get(reverse("sessions_app:roster", args=[state_session.pk])).content.decode()
    assert 'id="roster-fixed"' in roster
    assert 'id="roster-fill"' not in roster
    assert reverse("sessions_app:participant_delete", args=[state_session.pk, person.pk]) not in roster
    assert reverse("sessions_app:roster_xlsx", args=[state_session.pk]) in roster  # reading stays
    attendance = clerk_client.get(reverse("sessions_app:attendance", args=[state_session.pk])).content.decode()
    assert 'id="roster-fixed"' in attendance
    assert reverse("sessions_app:attendance_tick", args=[state_session.pk, person.pk]) not in attendance
    # Crafted posts change nothing and say why.
    response = clerk_client.post(
        reverse("sessions_app:attendance_tick", args=[state_session.pk, person.pk]), {"present": "1"}, follow=True
    )
    assert FIXED in response.content.decode()
    response = clerk_client.post(
        reverse("sessions_app:participant_response", args=[state_session.pk, person.pk]),
        {"response": "declined"},
        follow=True,
    )
    assert FIXED in response.content.decode()
    response = clerk_client.post(reverse("sessions_app:roster_fill", args=[state_session.pk]), follow=True)
    assert FIXED in response.content.decode()
    response = clerk_client.post(
        reverse("sessions_app:roster_households", args=[state_session.pk]), {"households_per_village": "9"}, follow=True
    )
    assert FIXED in response.content.decode()
    person.refresh_from_db()
    assert (person.attended_at, person.response) == (None, "invited")
    assert Session.objects.get(pk=state_session.pk).households_per_village == 5


def test_the_checkin_code_does_not_tick_a_fixed_session(state_session, person, clerk_client):
    _set_status(state_session, SessionStatus.CLOSED)
    response = clerk_client.post(reverse("sessions_app:checkin", args=[person.checkin_token]), follow=True)
    assert FIXED in response.content.decode()
    assert Participant.objects.get(pk=person.pk).attended_at is None
