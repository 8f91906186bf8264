"""The leader sends an answer back ("Trả lại để sửa", issue 10), reads drafts on the approvals list,
and does not approve a draft of their own; a late petition is not raised at a concluded session."""

import pytest
from django.urls import reverse

from petitions import services
from petitions.models import Answer, Petition, Status
from petitions.services import PetitionError
from sessions_app.enums import SessionStatus
from tests.factories import SessionFactory


@pytest.fixture
def drafted(routed, officer):
    services.petition_answer_draft(petition=routed, by=officer, body="Đã đưa vào kế hoạch sửa đường năm 2026.")
    return routed


def test_a_return_needs_a_reason_and_changes_nothing_without_one(drafted, leader):
    with pytest.raises(PetitionError, match="Cần ghi lý do trả lại"):
        services.petition_answer_return(petition=drafted, by=leader, reason="  ")
    assert Answer.objects.get(petition=drafted).returned_at is None


def test_only_a_leader_returns(drafted, officer, clerk):
    from dialogue.http import NotPermitted

    for user in (officer, clerk):
        with pytest.raises(NotPermitted):
            services.petition_answer_return(petition=drafted, by=user, reason="Sửa")


def test_returned_draft_leaves_the_approvals_and_shows_on_the_units_queue(drafted, leader, officer, client):
    client.force_login(leader)
    page = client.get(reverse("petitions:approvals")).content.decode()
    # The draft text itself is on the list.
    assert "Đã đưa vào kế hoạch sửa đường năm 2026." in page
    response = client.post(
        reverse("petitions:action", args=[drafted.pk, "tra-lai"]), {"reason": "Ghi rõ thời gian thi công"}
    )
    assert response.status_code == 302
    answer = Answer.objects.get(petition=drafted)
    assert (answer.returned_by, answer.return_note) == (leader, "Ghi rõ thời gian thi công")
    assert Petition.objects.get(pk=drafted.pk).status == Status.ROUTED
    assert list(client.get(reverse("petitions:approvals")).context["rows"]) == []
    with pytest.raises(PetitionError, match="đã được trả lại"):
        services.petition_answer_approve(petition=drafted, by=leader)
    client.force_login(officer)
    assert "Ghi rõ thời gian thi công" in client.get(reverse("petitions:queue")).content.decode()
    detail = client.get(drafted.get_absolute_url()).content.decode()
    assert "Bị trả lại để sửa" in detail and "Ghi rõ thời gian thi công" in detail
    # Rewritten, it waits for approval again; the return stays in the answer's history.
    services.petition_answer_draft(petition=drafted, by=officer, body="Thi công trong quý II/2026.")
    answer.refresh_from_db()
    assert (answer.returned_at, answer.return_note) == (None, "")
    assert "Ghi rõ thời gian thi công" in answer.history.values_list("return_note", flat=True)
    client.force_login(leader)
    assert [p.pk for p in client.get(reverse("petitions:approvals")).context["rows"]] == [drafted.pk]
    services.petition_answer_approve(petition=drafted, by=leader)
    assert Petition.objects.get(pk=drafted.pk).status == Status.ANSWERED


def test_a_leader_does_not_approve_a_draft_of_their_own(routed, leader, commune, unit):
    from directory.models import Membership
    from tests.factories import UserFactory, member

    # A leader who also heads the routed unit drafts its answer.
    member(leader, commune, Membership.Role.UNIT_OFFICIAL, unit=unit)
    services.petition_answer_draft(petition=routed, by=leader, body="Lãnh đạo tự soạn")
    with pytest.raises(PetitionError, match="Không tự duyệt"):
        services.petition_answer_approve(petition=routed, by=leader)
    assert Petition.objects.get(pk=routed.pk).status == Status.ROUTED
    other = member(UserFactory(username="pho_chu_tich"), commune, Membership.Role.LEADER)
    services.petition_answer_approve(petition=routed, by=other)
    assert Petition.objects.get(pk=routed.pk).status == Status.ANSWERED


@pytest.mark.parametrize("status", [SessionStatus.CONCLUDED, SessionStatus.CLOSED])
def test_a_late_petition_is_not_raised_at_a_concluded_session(make_petition, commune, villages, status):
    session = SessionFactory(plan__commune=commune, villages=villages[:1], status=status)
    with pytest.raises(PetitionError, match="tiếp nhận ngoài buổi"):
        make_petition(session=session)
    assert not Petition.objects.exists()
    assert make_petition(session=None).session is None


def test_a_crafted_return_by_the_unit_is_refused_like_a_page_it_may_not_open(drafted, officer, client):
    client.force_login(officer)
    response = client.post(reverse("petitions:action", args=[drafted.pk, "tra-lai"]), {"reason": "Tự trả lại"})
    assert response.status_code == 404
    assert Answer.objects.get(petition=drafted).returned_at is None
