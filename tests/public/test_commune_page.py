"""The commune's public page: only what the office published, never a citizen's personal data."""

import pytest
from django.urls import reverse

from conclusions.errors import ConclusionError
from conclusions.services import notice_publish_results, notice_unpublish_results
from directory.models import Event
from sessions_app.participants import session_document_take
from sessions_app.services import (
    SessionError,
    session_announcement_publish,
    session_announcement_unpublish,
    session_change_status,
)

from .conftest import CITIZEN

pytestmark = pytest.mark.django_db


def page(client, commune):
    return client.get(reverse("public:commune", args=[commune.pk]))


def test_unpublished_session_is_not_on_the_page(client, commune, upcoming):
    response = page(client, commune)
    assert response.status_code == 200
    assert "Đối thoại về đường liên ấp" not in response.content.decode()
    assert "Chưa có buổi tiếp xúc, đối thoại nào được thông báo." in response.content.decode()


def test_published_session_shows_time_venue_villages_chair(client, commune, upcoming, clerk):
    assert session_announcement_publish(session=upcoming, by=clerk) is True
    html = page(client, commune).content.decode()
    assert "Đối thoại về đường liên ấp" in html
    assert "08 giờ 00, ngày 20/05/2099" in html
    assert "Nhà văn hóa ấp 1" in html
    for village in upcoming.villages.all():
        assert village.full_name in html
    assert "Lê Văn Chủ, Chủ tịch UBND xã" in html
    assert "0988000111" not in html  # the chair's phone is not the public's


def test_numbering_the_announcement_publishes_it_and_logs_it(commune, upcoming, clerk):
    session_document_take(session=upcoming, kind="TB", user=clerk)
    upcoming.refresh_from_db()
    assert upcoming.announcement_published_at is not None
    event = Event.objects.get(action=Event.Action.PUBLISHED)
    assert (event.object_type, event.object_id, event.detail) == (
        "sessions_app.session",
        str(upcoming.pk),
        "announcement numbered",
    )
    assert event.commune == commune


def test_marking_announced_publishes(commune, upcoming, clerk):
    session_change_status(obj=upcoming, to="announced", by=clerk)
    upcoming.refresh_from_db()
    assert upcoming.announcement_published_at is not None


def test_a_draft_session_cannot_be_published(commune, upcoming, clerk):
    upcoming.status = "draft"
    upcoming.save(update_fields=["status"])
    with pytest.raises(SessionError):
        session_announcement_publish(session=upcoming, by=clerk)
    upcoming.refresh_from_db()
    assert upcoming.announcement_published_at is None


def test_unpublishing_needs_a_reason_and_is_logged(client, commune, upcoming, clerk):
    session_announcement_publish(session=upcoming, by=clerk)
    with pytest.raises(SessionError):
        session_announcement_unpublish(session=upcoming, by=clerk, reason="  ")
    upcoming.refresh_from_db()
    assert upcoming.announcement_published_at is not None
    session_announcement_unpublish(session=upcoming, by=clerk, reason="Đổi địa điểm")
    assert "Đối thoại về đường liên ấp" not in page(client, commune).content.decode()
    event = Event.objects.get(action=Event.Action.UNPUBLISHED)
    assert event.detail == "announcement: Đổi địa điểm"


def test_publish_and_unpublish_buttons(client, commune, upcoming, clerk):
    client.force_login(clerk)
    response = client.post(reverse("sessions_app:session_publish", args=[upcoming.pk]))
    assert response.status_code == 302
    upcoming.refresh_from_db()
    assert upcoming.announcement_published_at is not None
    client.post(reverse("sessions_app:session_unpublish", args=[upcoming.pk]), {"reason": ""})
    upcoming.refresh_from_db()
    assert upcoming.announcement_published_at is not None  # refused: no reason
    client.post(reverse("sessions_app:session_unpublish", args=[upcoming.pk]), {"reason": "Nhầm lịch"})
    upcoming.refresh_from_db()
    assert upcoming.announcement_published_at is None


def test_unpublished_notice_and_its_petitions_are_not_shown(client, commune, concluded):
    html = page(client, commune).content.decode()
    assert "Nội dung answered" not in html
    assert "Chưa có kết quả nào được công khai." in html
    url = reverse("public:notice_pdf", args=[commune.pk, concluded["notice"].pk])
    assert client.get(url).status_code == 404


def test_published_results_show_answer_and_never_personal_data(client, commune, concluded, clerk, unit):
    notice_publish_results(notice=concluded["notice"], user=clerk)
    html = page(client, commune).content.decode()
    assert "Nội dung answered: đường ấp 2 ngập nước" in html
    assert "Đã nạo vét mương thoát nước ấp 2." in html
    assert unit.name in html
    assert "Giao UBND xã xử lý." in html
    # Never a confidential petition, never a denunciation, never a citizen's name, phone, address.
    assert "Nội dung confidential" not in html
    assert "Nội dung denunciation" not in html
    for value in CITIZEN.values():
        assert value not in html
    assert concluded["answered"].code not in html
    assert concluded["answered"].lookup_code not in html
    pdf = client.get(reverse("public:notice_pdf", args=[commune.pk, concluded["notice"].pk]))
    assert (pdf.status_code, pdf.content) == (200, b"%PDF-1.4 public notice")
    event = Event.objects.get(action=Event.Action.PUBLISHED)
    assert event.detail == f"results {concluded['notice'].symbol}"


def test_notice_unpublish_needs_a_reason(client, commune, concluded, clerk):
    notice = concluded["notice"]
    notice_publish_results(notice=notice, user=clerk)
    with pytest.raises(ConclusionError):
        notice_unpublish_results(notice=notice, user=clerk, reason="")
    notice_unpublish_results(notice=notice, user=clerk, reason="Sai nội dung trả lời")
    notice.refresh_from_db()
    assert notice.results_published_on is None
    assert "Nội dung answered" not in page(client, commune).content.decode()
    assert Event.objects.get(action=Event.Action.UNPUBLISHED).detail.endswith(": Sai nội dung trả lời")


def test_notice_unpublish_button(client, commune, concluded, clerk):
    notice = concluded["notice"]
    client.force_login(clerk)
    client.post(reverse("conclusions:notice_publish", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.results_published_on is not None
    client.post(reverse("conclusions:notice_unpublish", args=[notice.pk]), {"reason": "Đính chính"})
    notice.refresh_from_db()
    assert notice.results_published_on is None


def test_public_page_is_cacheable_and_keeps_the_csp(client, commune):
    response = page(client, commune)
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "Set-Cookie" not in response.headers


def test_unknown_commune_is_404(client):
    assert client.get(reverse("public:commune", args=[999999])).status_code == 404


def test_another_communes_results_stay_on_their_page(client, commune, other_commune, concluded, clerk):
    notice_publish_results(notice=concluded["notice"], user=clerk)
    html = page(client, other_commune).content.decode()
    assert "Nội dung answered" not in html


def test_a_publication_is_on_the_cached_page_at_once(client, commune, upcoming, concluded, clerk):
    assert "Đối thoại về đường liên ấp" not in page(client, commune).content.decode()  # now cached
    session_announcement_publish(session=upcoming, by=clerk)
    assert "Đối thoại về đường liên ấp" in page(client, commune).content.decode()
    notice_publish_results(notice=concluded["notice"], user=clerk)
    assert "Nội dung answered" in page(client, commune).content.decode()
    notice_unpublish_results(notice=concluded["notice"], user=clerk, reason="Sai")
    assert "Nội dung answered" not in page(client, commune).content.decode()


def test_a_cached_page_costs_no_query(client, commune, upcoming, concluded, clerk, django_assert_num_queries):
    session_announcement_publish(session=upcoming, by=clerk)
    notice_publish_results(notice=concluded["notice"], user=clerk)
    first = page(client, commune)
    with django_assert_num_queries(0):
        again = page(client, commune)
    assert again.content == first.content and "Nội dung answered" in again.content.decode()
    assert "public" in again["Cache-Control"] and "Set-Cookie" not in again.headers


def test_a_publication_through_another_worker_is_on_the_page_within_a_second(
    client, commune, upcoming, clerk, monkeypatch
):
    """Each web process trusts the publication version it read for VERSION_RECHECK_SECONDS; one
    that did not log the publication itself (another gunicorn worker) reads it again after that."""
    from public import reads

    clock = [1000.0]
    monkeypatch.setattr(reads.time, "monotonic", lambda: clock[0])
    assert "Đối thoại về đường liên ấp" not in page(client, commune).content.decode()
    remembered = dict(reads._versions)
    session_announcement_publish(session=upcoming, by=clerk)
    reads._versions.update(remembered)  # this process never saw the publication being logged
    clock[0] += reads.VERSION_RECHECK_SECONDS / 2
    assert "Đối thoại về đường liên ấp" not in page(client, commune).content.decode()
    clock[0] += reads.VERSION_RECHECK_SECONDS
    assert "Đối thoại về đường liên ấp" in page(client, commune).content.decode()


def test_a_commune_removed_meanwhile_is_404_once_its_cached_page_is_gone(client, commune, django_assert_num_queries):
    from public import reads

    assert page(client, commune).status_code == 200
    reads._versions.clear()
    assert client.get(reverse("public:commune", args=[commune.pk + 1000])).status_code == 404
    assert commune.pk + 1000 not in reads._versions


def test_a_cancelled_published_session_says_so(client, commune, upcoming, clerk):
    session_announcement_publish(session=upcoming, by=clerk)
    page(client, commune)
    session_change_status(obj=upcoming, to="cancelled", by=clerk, note="Mưa bão")
    html = page(client, commune).content.decode()
    assert "Đối thoại về đường liên ấp" in html
    assert "Đã hủy" in html


def test_page_queries_do_not_grow_with_petitions(client, commune, concluded, clerk, django_assert_max_num_queries):
    notice_publish_results(notice=concluded["notice"], user=clerk)
    with django_assert_max_num_queries(8):
        page(client, commune)


def test_a_session_with_many_petitions_shows_the_first_few_and_the_rest_a_page_at_a_time(
    client, commune, concluded, clerk, villages, roads, settings, django_assert_max_num_queries
):
    from petitions import services as ps
    from public import reads

    session = concluded["session"]
    for n in range(1, 61):
        ps.petition_create(
            commune=commune,
            by=clerk,
            content=f"Ý kiến số {n:02d} về đường ấp",
            topic=roads,
            village=villages[0],
            session=session,
            received_on=session.period_start,
        )
    notice_publish_results(notice=concluded["notice"], user=clerk)
    with django_assert_max_num_queries(12):  # the same few queries whatever a session raised
        html = page(client, commune).content.decode()
    assert "Kết quả giải quyết ý kiến, kiến nghị (61)" in html  # 60 + the answered one; never the protected two
    assert html.count('class="petition"') == reads.PETITIONS_PER_SESSION_SHOWN
    more = reverse("public:session_results", args=[commune.pk, concluded["notice"].pk])
    assert f'href="{more}"' in html and "Xem tất cả 61 ý kiến, kiến nghị của buổi này" in html
    first = client.get(more).content.decode()
    assert first.count('class="petition"') == reads.RESULTS_PAGE_SIZE and "Trang 1/2" in first
    second = client.get(more, {"trang": 2}).content.decode()
    assert second.count('class="petition"') == 11 and "Ý kiến số 60 về đường ấp" in second
    assert "Nội dung confidential" not in first + second and "Nội dung denunciation" not in first + second
    notice_unpublish_results(notice=concluded["notice"], user=clerk, reason="Đính chính")
    assert client.get(more).status_code == 404
