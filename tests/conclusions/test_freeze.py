"""An issued notice is frozen in the model itself, not only in the services."""

import pytest
from django.db.models import ProtectedError

from conclusions.enums import NoticeStatus
from conclusions.models import ConclusionNotice
from conclusions.services import ConclusionError, assignment_save, notice_change_status, notice_publish_results

from .factories import AssignmentFactory, NoticeFactory, PetitionFactory

FROZEN = "Thông báo đã ban hành không được sửa; muốn sửa nội dung hãy lập thông báo đính chính."


@pytest.fixture
def issued(notice, clerk, leader):
    notice_change_status(obj=notice, to=NoticeStatus.PENDING_APPROVAL, by=clerk)
    notice_change_status(obj=notice, to=NoticeStatus.ISSUED, by=leader)
    return ConclusionNotice.objects.get(pk=notice.pk)


def test_saving_a_changed_issued_notice_is_refused(issued):
    issued.conclusions = "Nội dung khác"
    with pytest.raises(ConclusionError, match=FROZEN):
        issued.save()
    issued.refresh_from_db()
    assert issued.conclusions == "Giao các đơn vị khẩn trương giải quyết các kiến nghị của Nhân dân."


def test_number_and_pdf_of_an_issued_notice_cannot_be_rewritten(issued):
    pdf = bytes(issued.pdf)
    issued.number, issued.pdf = 7, b"%PDF-fake"
    with pytest.raises(ConclusionError, match=FROZEN):
        issued.save(update_fields=["number", "pdf"])
    issued.refresh_from_db()
    assert (issued.number, bytes(issued.pdf)) == (1, pdf)


def test_publishing_the_results_still_saves_an_issued_notice(issued, clerk):
    notice_publish_results(notice=issued, user=clerk, on_date=issued.issued_on)
    issued.save()  # unchanged frozen fields: allowed
    assert ConclusionNotice.objects.get(pk=issued.pk).results_published_on == issued.issued_on


def test_bulk_delete_and_update_of_issued_notices_are_refused(issued, session):
    draft = NoticeFactory(session=session)
    with pytest.raises(ConclusionError, match="Thông báo đã ban hành không được xóa."):
        ConclusionNotice.objects.filter(session=session).delete()
    with pytest.raises(ConclusionError, match=FROZEN):
        ConclusionNotice.objects.filter(session=session).update(subject="Khác")
    assert ConclusionNotice.objects.filter(session=session).count() == 2
    assert ConclusionNotice.objects.get(pk=issued.pk).subject == issued.subject
    assert ConclusionNotice.objects.filter(pk=draft.pk).update(subject="Dự thảo khác") == 1
    assert ConclusionNotice.objects.filter(pk=issued.pk).update(results_published_on=issued.issued_on) == 1
    assert ConclusionNotice.objects.filter(pk=draft.pk).delete()[0] == 1


def test_a_petition_assigned_by_an_issued_notice_cannot_be_deleted(notice, session, clerk, leader, unit):
    petition = PetitionFactory(session=session, code="KN-2025-001")
    assignment = assignment_save(
        assignment=AssignmentFactory.build(notice=notice, unit=unit), user=clerk, petitions=[petition]
    )
    notice_change_status(obj=notice, to=NoticeStatus.PENDING_APPROVAL, by=clerk)
    notice_change_status(obj=notice, to=NoticeStatus.ISSUED, by=leader)
    with pytest.raises(ProtectedError) as refused:
        petition.delete()
    assert [str(link) for link in refused.value.protected_objects] == [
        "KN-2025-001 – nhiệm vụ của Thông báo số 01/TB-UBND"
    ]
    assert list(assignment.petitions.values_list("code", flat=True)) == ["KN-2025-001"]


def test_a_petition_of_a_draft_assignment_can_still_be_deleted(notice, session, clerk, unit):
    petition = PetitionFactory(session=session)
    assignment = assignment_save(
        assignment=AssignmentFactory.build(notice=notice, unit=unit), user=clerk, petitions=[petition]
    )
    petition.delete()
    assert list(assignment.petitions.all()) == []
