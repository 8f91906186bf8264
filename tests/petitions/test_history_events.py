"""Petitions: drafting an answer is logged; an export names the exported petitions by id."""

from django.urls import reverse

from directory.models import Event
from petitions import services
from petitions.models import Answer


def test_drafting_an_answer_is_logged_and_kept_in_the_history(client, officer, routed):
    client.force_login(officer)
    client.post(reverse("petitions:action", args=[routed.pk, "soan"]), {"body": "Đã đưa vào kế hoạch sửa đường."})
    answer = Answer.objects.get(petition=routed)
    [event] = Event.objects.filter(action=Event.Action.ANSWERED)
    assert (event.username, event.object_type, event.object_id, event.detail) == (
        "officer",
        "petitions.answer",
        str(answer.pk),
        "draft",
    )
    services.petition_answer_draft(petition=routed, by=officer, body="Đã sửa xong trong tháng 12.")
    bodies = list(answer.history.order_by("history_date").values_list("body", "history_type"))
    assert bodies == [("Đã đưa vào kế hoạch sửa đường.", "+"), ("Đã sửa xong trong tháng 12.", "~")]


def test_an_export_logs_the_ids_of_the_exported_petitions_and_no_data(client, clerk, make_petition, export):
    petitions = [make_petition(citizen_name=f"Nguyễn Văn {n}", citizen_phone="0912345678") for n in "ABC"]
    client.force_login(clerk)
    export(client)
    # What the job wrote, by id, then the download of its file.
    written, downloaded = Event.objects.filter(action=Event.Action.EXPORTED).order_by("id")
    assert written.detail == f"petitions {petitions[0].pk}-{petitions[-1].pk}"
    assert downloaded.detail == "petitions.export"
    for event in (written, downloaded):
        assert "Nguyễn" not in event.detail and "0912345678" not in event.detail
