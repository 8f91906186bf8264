import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse

from conclusions.enums import AssignmentStatus, NoticeStatus
from conclusions.models import ConclusionNotice, ProgressNote
from conclusions.services import assignment_save, notice_change_status
from sessions_app.enums import SessionStatus

from .factories import AssignmentFactory


@pytest.fixture
def issued(notice, clerk, leader, unit):
    assignment = assignment_save(assignment=AssignmentFactory.build(notice=notice, unit=unit), user=clerk)
    notice_change_status(obj=notice, to=NoticeStatus.PENDING_APPROVAL, by=clerk)
    notice_change_status(obj=notice, to=NoticeStatus.ISSUED, by=leader)
    notice.refresh_from_db()
    return notice, assignment


def test_every_object_url_answers_404_to_an_outsider(client, outsider, issued, session):
    notice, assignment = issued
    note = ProgressNote.objects.create(assignment=assignment, text="x", evidence=SimpleUploadedFile("a.pdf", b"%PDF-1"))
    patterns = get_resolver().namespace_dict["conclusions"][1].url_patterns
    object_ids = {
        "session_pk": session.pk,
        "notice_pk": notice.pk,
    }
    pk_for = {
        "assignment_detail": assignment.pk,
        "assignment_update": assignment.pk,
        "assignment_delete": assignment.pk,
        "assignment_status": assignment.pk,
        "assignment_progress": assignment.pk,
        "evidence": note.pk,
    }
    client.force_login(outsider)
    checked = []
    for pattern in patterns:
        params = pattern.pattern.converters.keys()
        if not params:
            continue
        kwargs = {p: object_ids.get(p) or pk_for.get(pattern.name, notice.pk) for p in params}
        url = reverse(f"conclusions:{pattern.name}", kwargs=kwargs)
        response = client.post(url) if pattern.name not in pk_for and "status" in pattern.name else client.get(url)
        if response.status_code == 405:
            response = client.post(url)
        assert response.status_code == 404, (pattern.name, response.status_code)
        checked.append(pattern.name)
    # With notice_unpublish (issue 13), the two .docx and the two signed-original URLs (issue 14).
    assert len(checked) == 22
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.ISSUED


def test_issued_notice_has_no_edit_page(clerk_client, issued):
    notice, _ = issued
    response = clerk_client.get(reverse("conclusions:notice_update", args=[notice.pk]), follow=True)
    assert "Thông báo đã trình duyệt hoặc đã ban hành, không sửa được." in response.content.decode()
    response = clerk_client.post(
        reverse("conclusions:notice_update", args=[notice.pk]), {"subject": "khác", "place": "x", "signer_title": "y"}
    )
    notice.refresh_from_db()
    assert notice.subject.startswith("Kết luận của Chủ tịch UBND xã")


def test_clerk_creates_a_notice_prefilled_and_approval_by_clerk_is_refused(clerk_client, session, clerk):
    page = clerk_client.get(reverse("conclusions:notice_create", args=[session.pk]))
    assert page.status_code == 200
    assert "Vào 08 giờ 00, ngày 20/11/2025, tại Hội trường UBND xã Lộc Thành" in page.content.decode()
    response = clerk_client.post(
        reverse("conclusions:notice_create", args=[session.pk]),
        {
            "place": "Lộc Thành",
            "subject": "Kết luận của Chủ tịch UBND xã",
            "facts": "Diễn biến",
            "conclusions": "Kết luận",
            "signer_title": "CHỦ TỊCH",
            "recipients": "Lưu: VT",
        },
    )
    notice = ConclusionNotice.objects.get()
    assert response.url == notice.get_absolute_url()
    body = clerk_client.get(notice.get_absolute_url()).content.decode()
    assert "Tạo dự thảo: Dự thảo</li>" in body
    assert "Dự thảo → Dự thảo" not in body
    clerk_client.post(reverse("conclusions:notice_status", args=[notice.pk]), {"to_status": "pending_approval"})
    response = clerk_client.post(reverse("conclusions:notice_status", args=[notice.pk]), {"to_status": "issued"})
    assert response.status_code == 404  # a refused write answers as a page out of scope does
    notice.refresh_from_db()
    assert (notice.status, notice.number) == (NoticeStatus.PENDING_APPROVAL, None)


def test_assignment_with_a_deadline_before_the_session_shows_the_error(clerk_client, notice, unit):
    response = clerk_client.post(
        reverse("conclusions:assignment_create", args=[notice.pk]),
        {"unit": unit.pk, "task": "Sửa đường", "deadline": "2025-11-01"},
    )
    assert "không được trước ngày tổ chức buổi (20/11/2025)" in response.content.decode()
    assert notice.assignments.count() == 0


def test_unit_official_sees_and_reports_own_assignment_only(client, officer, other_officer, issued):
    _, assignment = issued
    client.force_login(other_officer)
    assert client.get(assignment.get_absolute_url()).status_code == 404
    client.force_login(officer)
    assert client.get(assignment.get_absolute_url()).status_code == 200
    client.post(
        reverse("conclusions:assignment_progress", args=[assignment.pk]),
        {"text": "Đã khảo sát", "evidence": SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test", "application/pdf")},
    )
    note = ProgressNote.objects.get()
    assert (note.text, note.evidence_name) == ("Đã khảo sát", "bien-ban.pdf")
    assert not note.evidence.name.endswith("bien-ban.pdf")
    download = client.get(reverse("conclusions:evidence", args=[note.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.IN_PROGRESS


def test_evidence_of_a_wrong_kind_is_refused(client, officer, issued):
    _, assignment = issued
    client.force_login(officer)
    response = client.post(
        reverse("conclusions:assignment_progress", args=[assignment.pk]),
        {"text": "x", "evidence": SimpleUploadedFile("virus.exe", b"MZ", "application/octet-stream")},
        follow=True,
    )
    assert "không đúng loại cho phép" in response.content.decode()
    assert ProgressNote.objects.count() == 0


def test_board_shows_overdue_first_with_days_late(clerk_client, issued, notice, clerk, other_unit):
    from freezegun import freeze_time

    _, late = issued
    notice2 = ConclusionNotice.objects.get(pk=notice.pk)
    assert notice2.is_issued
    with freeze_time("2026-01-05"):
        page = clerk_client.get(reverse("conclusions:board"), {"theo": "don_vi"})
    html = page.content.decode()
    assert "Quá hạn 5 ngày" in html
    assert html.index("Phòng Kinh tế") < html.index("Quá hạn 5 ngày")
    assert f'<div class="small text-muted">Thông báo số {notice2.symbol}</div>' in html


def test_session_page_shows_the_publication_countdown(clerk_client, issued, session):
    from freezegun import freeze_time

    with freeze_time("2025-11-25"):
        page = clerk_client.get(session.get_absolute_url())
    html = page.content.decode()
    assert "trước ngày 30/11/2025: còn 5 ngày" in html
    session.refresh_from_db()
    assert session.status == SessionStatus.CONCLUDED


def test_publishing_results_is_recorded(clerk_client, issued):
    notice, _ = issued
    clerk_client.post(reverse("conclusions:notice_publish", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.results_published_on == datetime.date.today()


def test_admin_cannot_change_or_delete_an_issued_notice(client, issued):
    from django.contrib.auth import get_user_model

    notice, _ = issued
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "mat-khau-thu-123")
    client.force_login(admin)
    change = reverse("admin:conclusions_conclusionnotice_change", args=[notice.pk])
    response = client.post(change, {"subject": "Sửa trái phép", "place": "x", "signer_title": "y"})
    assert response.status_code == 403
    delete = reverse("admin:conclusions_conclusionnotice_delete", args=[notice.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    notice.refresh_from_db()
    assert notice.subject.startswith("Kết luận của Chủ tịch UBND xã")


def test_outsider_list_and_board_show_nothing_of_another_commune(client, outsider, issued):
    notice, assignment = issued
    client.force_login(outsider)
    for name in ("conclusions:list", "conclusions:board"):
        html = client.get(reverse(name)).content.decode()
        assert notice.symbol not in html
        assert assignment.task not in html


def test_countdown_starts_when_the_conference_is_held_before_any_notice(clerk_client, session):
    from freezegun import freeze_time

    with freeze_time("2025-11-22"):
        html = clerk_client.get(session.get_absolute_url()).content.decode()
    assert "Công khai kết quả hội nghị trong 10 ngày kể từ hội nghị" in html
    assert "trước ngày 30/11/2025: còn 8 ngày. Cần ban hành thông báo kết luận để công khai." in html
    assert "Đã công khai kết quả" not in html


def test_party_session_has_no_publication_countdown(clerk_client, party_session):
    html = clerk_client.get(party_session.get_absolute_url()).content.decode()
    assert 'id="publication-countdown"' not in html


def test_only_managers_see_the_published_button(client, clerk, leader, issued, session):
    client.force_login(clerk)
    assert ">Công khai</button>" in client.get(session.get_absolute_url()).content.decode()
    client.force_login(leader)
    html = client.get(session.get_absolute_url()).content.decode()
    assert 'id="publication-countdown"' in html
    assert ">Công khai</button>" not in html


def test_correction_page_says_the_original_assignments_stay_followed(clerk_client, issued):
    notice, _ = issued
    response = clerk_client.post(reverse("conclusions:notice_correct", args=[notice.pk]), follow=True)
    help_line = (
        "Các nhiệm vụ đã giao trong Thông báo số 01/TB-UBND vẫn được tiếp tục theo dõi, không chuyển sang thông báo "
        "đính chính; chỉ thêm nhiệm vụ ở đây khi cần giao thêm việc mới."
    )
    assert help_line in response.content.decode()
    correction = ConclusionNotice.objects.get(corrects=notice)
    assert correction.assignments.count() == 0
    assert help_line in clerk_client.get(reverse("conclusions:notice_update", args=[correction.pk])).content.decode()


def test_notice_list_scrolls_in_its_box_on_phones(clerk_client, notice):
    body = clerk_client.get(reverse("conclusions:list")).content.decode()
    assert '<div class="table-responsive">\n<table class="table table-sm" id="notice-list">' in body


@pytest.mark.parametrize("persona", ["clerk", "leader", "officer", "other_officer", "supervisor", "province_user"])
def test_a_notice_page_links_only_assignments_the_reader_may_open(request, client, issued, persona):
    notice, assignment = issued
    client.force_login(request.getfixturevalue(persona))
    response = client.get(notice.get_absolute_url())
    if response.status_code == 404:
        return
    page = response.content.decode()
    assert assignment.task[:50] in page  # the task is listed for every reader of the notice ...
    linked = f'href="{assignment.get_absolute_url()}"' in page
    opens = client.get(assignment.get_absolute_url()).status_code == 200
    assert linked == opens  # ... and a link only where it opens
