"""'Việc của tôi', the dashboard's first panel: per role, counts that agree with the lists they open."""

import datetime

import pytest
from django.urls import reverse

from conclusions.enums import NoticeStatus
from conclusions.services import notice_change_status
from petitions import services as petitions
from petitions.enums import Status
from tests.conclusions.factories import AssignmentFactory, NoticeFactory, held_session
from tests.petitions.factories import PetitionFactory, topic

PAST = datetime.date(2025, 1, 10)
FUTURE = datetime.date(2099, 1, 10)


@pytest.fixture
def work(commune, state_issuer, villages, clerk, leader, unit, other_unit, officer):
    for status in (Status.RECEIVED, Status.RECEIVED, Status.CLASSIFIED):
        PetitionFactory(commune=commune, status=status)
    PetitionFactory(commune=commune, status=Status.ROUTED, unit=unit, deadline=PAST)
    PetitionFactory(commune=commune, status=Status.ROUTED, unit=unit, deadline=FUTURE)
    PetitionFactory(commune=commune, status=Status.ROUTED, unit=other_unit, deadline=PAST)
    roads = topic("ha-tang")
    drafted = petitions.petition_create(commune=commune, by=clerk, content="Đèn đường hỏng", topic=roads)
    petitions.petition_classify(petition=drafted, by=clerk, topic=roads, kind="kien_nghi", competence="commune")
    petitions.petition_route(petition=drafted, by=clerk, unit=unit)
    petitions.petition_answer_draft(petition=drafted, by=officer, body="Đã thay bóng đèn.")
    issued = NoticeFactory(session=held_session(commune, state_issuer, villages), created_by=clerk)
    AssignmentFactory(notice=issued, unit=unit, deadline=PAST)
    AssignmentFactory(notice=issued, unit=other_unit, deadline=FUTURE)
    notice_change_status(obj=issued, to=NoticeStatus.PENDING_APPROVAL, by=clerk)
    notice_change_status(obj=issued, to=NoticeStatus.ISSUED, by=leader)
    pending = NoticeFactory(session=held_session(commune, state_issuer, villages), created_by=clerk)
    notice_change_status(obj=pending, to=NoticeStatus.PENDING_APPROVAL, by=clerk)


def listed(client, url):
    """How many rows the list at URL shows (each list here fits one page)."""
    context = client.get(url).context
    if "total" in context:  # the follow-up board
        return context["total"]
    if "notices" in context:
        return len(context["notices"])
    if "page" in context:  # the messages that did not go
        return context["page"].paginator.count
    if "plans" in context:
        return len(context["plans"])
    if "sessions" in context and "rows" not in context:
        return len(context["sessions"])
    assert context["next_cursor"] in (None, "")
    return len(context["rows"])


EXPECTED = {
    # Office: 2 received, 1 classified, 2 routed past their deadline; one assignment overdue.
    # The two notices' plans are numbered (a held session's plan is): none to number here.
    "clerk": {
        "to_classify": 2,
        "to_route": 1,
        "overdue": 2,
        "assignments_overdue": 1,
        "plans_to_number": 0,
        "invitations_to_number": 0,
        "announcements_to_number": 0,
        "undelivered": 0,
    },
    "officer": {"to_answer": 3, "unit_overdue": 1, "assignments_overdue": 1},
    "leader": {"to_approve": 1, "notices_to_approve": 1, "assignments_overdue": 1},
}


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_each_count_of_my_todo_equals_the_list_it_opens(request, client, work, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("dashboard"))
    todo = response.context["todo"]
    assert {item["key"]: item["count"] for item in todo} == EXPECTED[persona]
    for item in todo:
        assert listed(client, item["url"]) == item["count"], item
    page = response.content.decode()
    assert page.index('id="my-todo"') < page.index('id="upcoming-sessions"')  # the first panel


def test_the_supervisor_has_no_todo_panel(client, work, supervisor):
    client.force_login(supervisor)
    response = client.get(reverse("dashboard"))
    assert response.context["todo"] == [] and 'id="my-todo"' not in response.content.decode()


@pytest.fixture
def documents(commune, state_issuer, party_issuer, clerk, villages):
    """Plans and sessions of both sides, some ready to number, some numbered, some not ready."""
    from sessions_app.enums import SessionStatus
    from sessions_app.participants import session_document_take
    from tests.factories import PlanFactory, SessionFactory, aware

    draft = PlanFactory(commune=commune, issuer=state_issuer, number=None)  # no session yet: not ready
    ready = PlanFactory(commune=commune, issuer=state_issuer, number=None)
    numbered = PlanFactory(commune=commune, issuer=state_issuer, number=7)
    party = PlanFactory(commune=commune, issuer=party_issuer, kind="party_secretary", number=None)
    when = aware(2099, 3, 2, 8, 0)
    scheduled = SessionFactory(plan=ready, status=SessionStatus.SCHEDULED, starts_at=when, villages=villages[:1])
    invited = SessionFactory(plan=numbered, status=SessionStatus.SCHEDULED, starts_at=when, villages=villages[1:2])
    session_document_take(session=invited, kind="GM", user=clerk)
    SessionFactory(plan=numbered, status=SessionStatus.SCHEDULED, villages=villages[2:])  # no exact time yet
    SessionFactory(plan=party, status=SessionStatus.SCHEDULED, starts_at=when, villages=villages[:1])
    return {"draft": draft, "ready": ready, "scheduled": scheduled, "invited": invited}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("clerk", {"plans_to_number": 1, "invitations_to_number": 1, "announcements_to_number": 2}),
        ("party_clerk", {"plans_to_number": 1, "invitations_to_number": 1, "announcements_to_number": 1}),
        ("admin_role", {"plans_to_number": 2, "invitations_to_number": 2, "announcements_to_number": 3}),
    ],
)
def test_documents_to_number_count_what_their_lists_show(request, client, documents, persona, expected):
    client.force_login(request.getfixturevalue(persona))
    todo = {item["key"]: item for item in client.get(reverse("dashboard")).context["todo"]}
    assert {key: todo[key]["count"] for key in expected} == expected
    for key in expected:
        assert listed(client, todo[key]["url"]) == todo[key]["count"], key
    if persona == "clerk":
        plans = client.get(todo["plans_to_number"]["url"]).context["plans"]
        assert [p.pk for p in plans] == [documents["ready"].pk]
        sessions = client.get(todo["invitations_to_number"]["url"]).context["sessions"]
        assert [s.pk for s in sessions] == [documents["scheduled"].pk]


def test_leaders_and_units_have_no_documents_to_number(client, documents, leader, officer):
    for user in (leader, officer):
        client.force_login(user)
        keys = {item["key"] for item in client.get(reverse("dashboard")).context["todo"]}
        assert not keys & {"plans_to_number", "invitations_to_number", "announcements_to_number"}
