"""Roster from composition, adding people, answers, attendance counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Official
from sessions_app.attendance import attendance_counts
from sessions_app.models import Participant, ParticipantChange, ParticipantGroup
from sessions_app.participants import (
    ParticipantError,
    participant_add,
    participant_attend,
    participant_respond,
    roster_fill_from_composition,
    roster_places,
)
from tests.factories import OfficialFactory, VillageFactory

from .factories import ParticipantFactory

R = Official.Role


@pytest.fixture
def officials(commune, villages):
    chair = OfficialFactory(
        commune=commune, full_name="Hồ Quang Khánh", role=R.COMMITTEE_CHAIR, position="Chủ tịch UBND xã"
    )
    police = OfficialFactory(
        commune=commune, full_name="Trương Văn Phúc", role=R.POLICE_CHIEF, position="Trưởng Công an xã"
    )
    OfficialFactory(commune=commune, full_name="Công Chức Thường", role=R.STAFF)
    OfficialFactory(commune=commune, full_name="Nghỉ Hưu", role=R.POLICE_CHIEF, is_active=False)
    head1 = OfficialFactory(
        commune=commune,
        full_name="Trần Thị Cúc",
        honorific="Bà",
        role=R.VILLAGE_HEAD,
        village=villages[0],
        position="Trưởng ấp 1",
    )
    secretary1 = OfficialFactory(
        commune=commune,
        full_name="Nguyễn Văn Bình",
        role=R.CELL_SECRETARY,
        village=villages[0],
        position="Bí thư Chi bộ ấp 1",
    )
    other_village = VillageFactory(commune=commune, name="99")
    OfficialFactory(commune=commune, full_name="Ngoài Buổi", role=R.VILLAGE_HEAD, village=other_village)
    return chair, police, head1, secretary1


def test_roster_fills_from_composition_by_role_and_village(state_session, officials, villages):
    chair, police, head1, secretary1 = officials
    added = roster_fill_from_composition(session=state_session)
    rows = list(Participant.objects.filter(session=state_session).ordered().values_list("full_name", "group", "title"))
    assert added == 4
    assert rows == [
        ("Hồ Quang Khánh", "officials", "Chủ tịch UBND xã"),
        ("Trương Văn Phúc", "officials", "Trưởng Công an xã"),
        ("Nguyễn Văn Bình", "village_delegates", "Bí thư Chi bộ ấp 1"),
        ("Trần Thị Cúc", "village_delegates", "Trưởng ấp 1"),
    ]
    # Running it again adds nobody.
    assert roster_fill_from_composition(session=state_session) == 0
    assert Participant.objects.filter(session=state_session).count() == 4


def test_the_chair_and_the_signer_are_not_invited_to_their_own_session(state_session, officials, villages):
    chair, police, head1, secretary1 = officials
    state_session.chair = chair
    state_session.save(update_fields=["chair"])
    state_session.plan.signer = police
    state_session.plan.save(update_fields=["signer"])
    assert roster_fill_from_composition(session=state_session) == 2
    assert sorted(Participant.objects.filter(session=state_session).values_list("full_name", flat=True)) == [
        "Nguyễn Văn Bình",
        "Trần Thị Cúc",
    ]


def test_roster_places_show_empty_household_seats(state_session, officials, villages):
    roster_fill_from_composition(session=state_session)
    ParticipantFactory(session=state_session, village=villages[2], full_name="Lê Văn Vĩnh")
    ParticipantFactory(session=state_session, village=villages[2], full_name="Lê Thị Hoa", honorific="Bà")
    places = {p["village"].name: p for p in roster_places(state_session)}
    assert (places["3"]["households"], places["3"]["households_needed"]) == (2, 5)
    assert (places["1"]["delegates"], places["1"]["missing_roles"]) == (2, ["Trưởng Ban công tác Mặt trận"])
    assert places["2"]["missing_roles"] == [
        "Bí thư chi bộ",
        "Trưởng thôn, ấp, tổ dân phố",
        "Trưởng Ban công tác Mặt trận",
    ]


def test_adding_the_same_person_twice_is_refused(state_session, villages):
    participant_add(
        session=state_session,
        group=ParticipantGroup.HOUSEHOLDS,
        honorific="Ông",
        full_name="Nguyễn Văn An",
        village=villages[0],
        phone="0912 345 678",
    )
    with pytest.raises(ParticipantError, match="đã có trong danh sách"):
        # Typed with combining accents and another spacing of the phone: still the same person.
        participant_add(
            session=state_session,
            group=ParticipantGroup.HOUSEHOLDS,
            honorific="Ông",
            full_name="Nguye\u0302\u0303n Văn An".replace("Nguye\u0302\u0303n", "Nguye\u0302\u0303n"),
            village=villages[0],
            phone="0912345678",
        )
    assert Participant.objects.get().full_name == "Nguyễn Văn An"


def test_a_phone_that_is_not_one_is_refused(state_session, villages):
    with pytest.raises(ParticipantError, match="không phải số điện thoại"):
        participant_add(
            session=state_session,
            group=ParticipantGroup.HOUSEHOLDS,
            honorific="Bà",
            full_name="Trần Thị B",
            village=villages[0],
            phone="12345",
        )
    assert Participant.objects.count() == 0


def test_a_village_outside_the_session_is_refused(state_session, commune):
    other = VillageFactory(commune=commune, name="77")
    with pytest.raises(ParticipantError, match="không thuộc buổi"):
        participant_add(session=state_session, group="households", honorific="Ông", full_name="A B", village=other)


def test_attendance_counts_by_group_in_one_query(state_session, villages, clerk):
    a = ParticipantFactory(session=state_session, group="officials")
    ParticipantFactory(session=state_session, group="officials")
    b = ParticipantFactory(session=state_session, group="village_delegates", village=villages[0])
    ParticipantFactory(session=state_session, group="households", village=villages[1])
    participant_attend(participant=a, user=clerk)
    participant_attend(participant=b, user=clerk)
    with CaptureQueriesContext(connection) as queries:
        counts = attendance_counts(state_session)
    assert len(queries) == 1
    assert counts == {
        "officials": {"invited": 2, "present": 1},
        "village_delegates": {"invited": 1, "present": 1},
        "households": {"invited": 1, "present": 0},
        "total": {"invited": 4, "present": 2},
    }


def test_answers_and_attendance_are_recorded_with_who_and_what(state_session, clerk):
    p = ParticipantFactory(session=state_session, group="officials")
    participant_respond(participant=p, response="declined", user=clerk)
    participant_attend(participant=p, user=clerk)
    participant_attend(participant=p, user=clerk)  # a second tick changes nothing
    p.refresh_from_db()
    assert p.response == "confirmed"
    assert p.attended_at is not None
    changes = list(ParticipantChange.objects.filter(participant=p).values_list("field", "from_value", "to_value", "by"))
    assert changes == [("response", "invited", "declined", clerk.pk), ("attended", "absent", "present", clerk.pk)]
    with pytest.raises(ParticipantError):
        participant_respond(participant=p, response="maybe", user=clerk)
