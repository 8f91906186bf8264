"""Printing and exporting a session's documents and roster are logged, naming participants by id only."""

import pytest
from django.urls import reverse

from directory.models import Event
from sessions_app.participants import session_document_take
from tests.factories import PlanFactory

from .factories import ParticipantFactory


@pytest.fixture
def guests(state_session, villages):
    return [
        ParticipantFactory(session=state_session, village=villages[0], full_name=name, phone="0912000111")
        for name in ("Nguyễn Văn Một", "Trần Thị Hai", "Lê Văn Ba")
    ]


def events(action):
    return list(Event.objects.filter(action=action).order_by("id").values_list("object_type", "object_id", "detail"))


def test_viewing_and_exporting_the_roster_is_logged_by_id(clerk_client, state_session, guests):
    clerk_client.get(reverse("sessions_app:roster", args=[state_session.pk]))
    assert events(Event.Action.VIEWED_PERSONAL_DATA) == [("sessions_app.session", str(state_session.pk), "roster")]
    clerk_client.get(reverse("sessions_app:roster_xlsx", args=[state_session.pk]))
    first, last = guests[0].pk, guests[-1].pk
    assert events(Event.Action.EXPORTED) == [
        ("sessions_app.session", str(state_session.pk), f"roster participants {first}-{last}")
    ]
    detail = Event.objects.get(action=Event.Action.EXPORTED).detail
    assert "Nguyễn" not in detail and "0912" not in detail


def test_printing_letters_and_the_signature_sheet_is_logged(clerk_client, state_session, guests, settings, tmp_path):
    settings.DOCUMENTS_DIR = tmp_path
    session_document_take(session=state_session, kind="GM")
    session_document_take(session=state_session, kind="TB")
    pk = state_session.pk
    assert clerk_client.get(reverse("sessions_app:invitation_pdf", args=[pk, guests[1].pk])).status_code == 200
    assert clerk_client.get(reverse("sessions_app:signature_sheet_pdf", args=[pk])).status_code == 200
    assert clerk_client.get(reverse("sessions_app:announcement_pdf", args=[pk])).status_code == 200
    assert clerk_client.get(reverse("sessions_app:plan_pdf", args=[state_session.plan.pk])).status_code == 200
    first, last = guests[0].pk, guests[-1].pk
    session = ("sessions_app.session", str(pk))
    assert events(Event.Action.PRINTED) == [
        (*session, f"invitation participants {guests[1].pk}"),
        (*session, f"signature sheet participants {first}-{last}"),
        (*session, "announcement"),
        ("sessions_app.plan", str(state_session.plan.pk), "plan"),
    ]


def test_a_batch_print_is_logged_with_the_letters_it_prints(
    clerk_client, state_session, guests, villages, settings, tmp_path
):
    settings.DOCUMENTS_DIR = tmp_path
    session_document_take(session=state_session, kind="GM")
    other = ParticipantFactory(session=state_session, village=villages[1], full_name="Phạm Văn Bốn")
    clerk_client.post(reverse("sessions_app:invitation_batch", args=[state_session.pk]), {"village": villages[1].pk})
    [(object_type, _, detail)] = events(Event.Action.PRINTED)
    assert (object_type, detail) == ("sessions_app.printjob", f"invitations participants {other.pk}")


def test_events_of_a_session_belong_to_its_commune(clerk_client, commune):
    plan = PlanFactory(commune=commune)
    clerk_client.get(reverse("sessions_app:plan_pdf", args=[plan.pk]))
    assert Event.objects.get(action=Event.Action.PRINTED).commune == commune


def test_a_roster_import_writes_the_history_of_every_row_and_its_preview_none(state_session):
    from sessions_app.models import Participant
    from sessions_app.resources import roster_import_confirm, roster_import_preview

    from .test_roster_import import GOOD, xlsx

    data = xlsx(GOOD)
    preview = roster_import_preview(session=state_session, name="ds.xlsx", content=data)
    assert Participant.history.count() == 0
    roster_import_confirm(
        session=state_session, name="ds.xlsx", content=data, digest=preview.digest, valid_rows=preview.valid_rows
    )
    rows = Participant.history.order_by("full_name").values_list("id", "full_name", "history_type")
    by_name = dict(Participant.objects.values_list("full_name", "pk"))
    assert list(rows) == [
        (by_name["Lê Văn Cường"], "Lê Văn Cường", "+"),
        (by_name["Nguyễn Văn An"], "Nguyễn Văn An", "+"),
        (by_name["Trần Thị Bích"], "Trần Thị Bích", "+"),
    ]
