"""Corrections of numbered invitations and announcements (issue 10): a new number naming the one it
replaces; the old stays downloadable, marked replaced; old documents are frozen on first download."""

import datetime
import hashlib

import pytest
from django.urls import reverse

from sessions_app.models import SessionDocument
from sessions_app.participants import (
    ParticipantError,
    session_document_correct,
    session_document_current,
    session_document_take,
)

from .factories import ParticipantFactory
from .pdf_helpers import read_pdf

D = datetime.date


def _text(data):
    return " ".join(read_pdf(data)[1])


def test_a_correction_takes_a_new_number_and_names_the_one_it_replaces(state_session, clerk):
    first = session_document_take(session=state_session, kind="TB", user=clerk, on_date=D(2025, 11, 5))
    state_session.venue = "Nhà văn hóa ấp 3"
    state_session.save()
    with pytest.raises(ParticipantError, match="Cần ghi lý do thay thế"):
        session_document_correct(session=state_session, kind="TB", user=clerk, reason=" ")
    fixed = session_document_correct(
        session=state_session, kind="TB", user=clerk, reason="Đổi địa điểm", on_date=D(2025, 11, 7)
    )
    assert (fixed.number, fixed.replaces, fixed.correction_reason) == (first.number + 1, first, "Đổi địa điểm")
    assert session_document_current(session=state_session, kind="TB") == fixed
    # Numbering again returns the one in force, not a third number.
    assert session_document_take(session=state_session, kind="TB", user=clerk) == fixed
    new_text = _text(bytes(fixed.pdf))
    assert f"thay thế Thông báo số {first.symbol} ngày 05/11/2025" in new_text
    assert "Nhà văn hóa ấp 3" in new_text
    # The old one is kept as it was.
    old = SessionDocument.objects.get(pk=first.pk)
    assert "Nhà văn hóa ấp 3" not in _text(bytes(old.pdf))
    assert hashlib.sha256(bytes(old.pdf)).hexdigest() == first.pdf_sha256


def test_a_corrected_invitation_prints_its_new_text(state_session, clerk, villages):
    ParticipantFactory(session=state_session, village=villages[0])
    first = session_document_take(session=state_session, kind="GM", user=clerk, on_date=D(2025, 11, 5))
    state_session.venue = "Nhà văn hóa ấp 3"
    state_session.save()
    fixed = session_document_correct(session=state_session, kind="GM", user=clerk, reason="Đổi địa điểm")
    assert fixed.snapshot["venue"] == "Nhà văn hóa ấp 3"
    assert fixed.snapshot["replaces"] == f"{first.symbol} ngày 05/11/2025"
    assert SessionDocument.objects.get(pk=first.pk).snapshot["venue"] == "Hội trường UBND xã Lộc Thành"


def test_no_correction_before_a_first_number_or_once_held(state_session, clerk):
    with pytest.raises(ParticipantError, match="chưa được cấp số"):
        session_document_correct(session=state_session, kind="TB", user=clerk, reason="x")
    session_document_take(session=state_session, kind="TB", user=clerk, on_date=D(2025, 11, 5))
    state_session.status = "held"
    state_session.save(update_fields=["status"])
    with pytest.raises(ParticipantError, match="không thay thế"):
        session_document_correct(session=state_session, kind="TB", user=clerk, reason="x")
    assert SessionDocument.objects.count() == 1


def test_the_page_replaces_and_lists_the_old_one_downloadable(state_session, clerk, clerk_client):
    first = session_document_take(session=state_session, kind="TB", user=clerk, on_date=D(2025, 11, 5))
    url = reverse("sessions_app:document_correct", args=[state_session.pk, "TB"])
    response = clerk_client.post(url, {"fix-tb-issued_on": "06/11/2025", "reason": ""}, follow=True)
    assert "Cần ghi lý do thay thế" in response.content.decode()
    assert SessionDocument.objects.count() == 1
    clerk_client.post(url, {"fix-tb-issued_on": "06/11/2025", "reason": "Đổi giờ họp"})
    fixed = SessionDocument.objects.get(replaces=first)
    page = clerk_client.get(reverse("sessions_app:documents", args=[state_session.pk])).content.decode()
    assert 'id="replaced-documents"' in page and "Đã bị thay thế" in page
    assert 'id="announcement-replaces"' in page and "Đổi giờ họp" in page
    old = clerk_client.get(reverse("sessions_app:document_pdf", args=[state_session.pk, first.pk])).getvalue()
    assert old == bytes(first.pdf)
    current = clerk_client.get(reverse("sessions_app:announcement_pdf", args=[state_session.pk])).getvalue()
    assert current == bytes(fixed.pdf)


def test_an_old_document_without_a_snapshot_is_frozen_on_first_download(state_session, clerk, clerk_client):
    doc = session_document_take(session=state_session, kind="TB", user=clerk, on_date=D(2025, 11, 5))
    # As numbered before documents were frozen.
    SessionDocument.objects.filter(pk=doc.pk).update(snapshot=None, pdf=None, pdf_sha256="")
    url = reverse("sessions_app:announcement_pdf", args=[state_session.pk])
    first = clerk_client.get(url).getvalue()
    stored = SessionDocument.objects.get(pk=doc.pk)
    assert stored.snapshot is not None and hashlib.sha256(first).hexdigest() == stored.pdf_sha256
    state_session.venue = "Nhà văn hóa ấp 3"
    state_session.save()
    assert clerk_client.get(url).getvalue() == first
