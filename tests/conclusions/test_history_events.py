"""Conclusion notices: issuing and printing are logged; the history keeps the state moves."""

from django.urls import reverse

from conclusions.enums import NoticeStatus
from conclusions.services import assignment_save, notice_change_status
from directory.models import Event

from .factories import AssignmentFactory


def test_issuing_a_notice_writes_an_issued_event_and_a_history_row(notice, clerk, leader, unit, client):
    assignment_save(assignment=AssignmentFactory.build(notice=notice, unit=unit), user=clerk)
    notice_change_status(obj=notice, to=NoticeStatus.PENDING_APPROVAL, by=clerk)
    notice_change_status(obj=notice, to=NoticeStatus.ISSUED, by=leader)
    [event] = Event.objects.filter(action=Event.Action.ISSUED)
    assert (event.username, event.object_id, event.detail) == ("leader", str(notice.pk), notice.symbol)
    assert event.commune == notice.session.plan.commune
    statuses = list(notice.history.order_by("history_date").values_list("status", flat=True))
    assert statuses == ["draft", "pending_approval", "issued"]
    # The frozen PDF is kept once, on the notice, not in its history rows.
    assert "pdf" not in {f.name for f in notice.history.model._meta.fields}
    client.force_login(clerk)
    assert client.get(reverse("conclusions:notice_pdf", args=[notice.pk])).status_code == 200
    [printed] = Event.objects.filter(action=Event.Action.PRINTED)
    assert (printed.object_id, printed.detail) == (str(notice.pk), "notice")


def test_exporting_the_report_is_logged(clerk_client, session):
    assert clerk_client.get(reverse("office:report_excel")).status_code == 200
    [event] = Event.objects.filter(action=Event.Action.EXPORTED)
    assert event.detail == "report xlsx"
