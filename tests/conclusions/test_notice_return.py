"""A leader returns a conclusion notice draft to the office with a required reason (issue 10)."""

import pytest
from django.urls import reverse

from conclusions.enums import NoticeStatus
from conclusions.models import ConclusionNotice, NoticeTransition
from conclusions.services import ConclusionError, notice_change_status


@pytest.fixture
def pending(notice, clerk):
    notice_change_status(obj=notice, to=NoticeStatus.PENDING_APPROVAL, by=clerk)
    return notice


def test_a_return_without_a_reason_is_refused(pending, leader):
    with pytest.raises(ConclusionError, match="Cần ghi lý do trả lại"):
        notice_change_status(obj=pending, to=NoticeStatus.DRAFT, by=leader, note=" ")
    assert ConclusionNotice.objects.get(pk=pending.pk).status == NoticeStatus.PENDING_APPROVAL


def test_the_author_sees_the_reason_on_the_notice(pending, leader, clerk, client, clerk_client):
    client.force_login(leader)
    url = reverse("conclusions:notice_status", args=[pending.pk])
    client.post(url, {"to_status": "draft", "note": "Bổ sung thời hạn cho từng nhiệm vụ"})
    assert ConclusionNotice.objects.get(pk=pending.pk).status == NoticeStatus.DRAFT
    move = NoticeTransition.objects.filter(notice=pending).latest("at")
    assert (move.from_status, move.by, move.note) == ("pending_approval", leader, "Bổ sung thời hạn cho từng nhiệm vụ")
    page = clerk_client.get(pending.get_absolute_url()).content.decode()
    assert 'id="notice-returned"' in page and "Bổ sung thời hạn cho từng nhiệm vụ" in page
    # Submitted again, the page no longer shows it as returned.
    notice_change_status(obj=pending, to=NoticeStatus.PENDING_APPROVAL, by=clerk)
    assert 'id="notice-returned"' not in clerk_client.get(pending.get_absolute_url()).content.decode()
