"""Pages of the roster, letters and attendance: what each persona may reach (outsiders get 404)."""

import datetime
import json

import pytest
from django.urls import reverse

from sessions_app.models import Participant, PrintJob, SessionDocument
from sessions_app.participants import session_document_take

from .factories import ParticipantFactory
from .pdf_helpers import read_pdf


@pytest.fixture
def person(state_session, villages):
    return ParticipantFactory(session=state_session, full_name="Nguyễn Thị Mai", honorific="Bà", village=villages[0])


@pytest.fixture
def gm(state_session):
    return session_document_take(session=state_session, kind="GM", on_date=datetime.date(2025, 11, 5))


def urls(session, person):
    pk = session.pk
    return {
        "get": [
            reverse("sessions_app:roster", args=[pk]),
            reverse("sessions_app:documents", args=[pk]),
            reverse("sessions_app:attendance", args=[pk]),
            reverse("sessions_app:attendance_counts", args=[pk]),
            reverse("sessions_app:roster_xlsx", args=[pk]),
            reverse("sessions_app:signature_sheet_pdf", args=[pk]),
            reverse("sessions_app:invitation_pdf", args=[pk, person.pk]),
            reverse("sessions_app:checkin", args=[person.checkin_token]),
        ],
        "post": [
            reverse("sessions_app:roster_fill", args=[pk]),
            reverse("sessions_app:attendance_tick", args=[pk, person.pk]),
            reverse("sessions_app:participant_response", args=[pk, person.pk]),
            reverse("sessions_app:participant_delete", args=[pk, person.pk]),
            reverse("sessions_app:invitation_batch", args=[pk]),
            reverse("sessions_app:document_create", args=[pk, "TB"]),
            reverse("sessions_app:checkin", args=[person.checkin_token]),
        ],
    }


def test_outsider_gets_404_everywhere(client, outsider, state_session, person, gm):
    client.force_login(outsider)
    all_urls = urls(state_session, person)
    assert [client.get(u).status_code for u in all_urls["get"]] == [404] * len(all_urls["get"])
    assert [client.post(u).status_code for u in all_urls["post"]] == [404] * len(all_urls["post"])
    assert Participant.objects.get().attended_at is None


@pytest.mark.parametrize("persona", ["officer", "province_user"])
def test_unit_official_and_province_user_see_no_roster(request, client, persona, state_session, person, gm):
    """Rosters carry citizens' names and phone numbers: not for unit officials nor the province."""
    client.force_login(request.getfixturevalue(persona))
    all_urls = urls(state_session, person)
    assert [client.get(u).status_code for u in all_urls["get"]] == [404] * len(all_urls["get"])
    assert [client.post(u).status_code for u in all_urls["post"]] == [404] * len(all_urls["post"])
    assert Participant.objects.get().attended_at is None


@pytest.mark.parametrize("persona", ["leader", "supervisor", "party_clerk"])
def test_readers_of_the_commune_read_but_cannot_change_the_roster(request, client, persona, state_session, person, gm):
    """Leaders and the MTTQ supervisor read; the Party office reads a state session's roster, writes none."""
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("sessions_app:roster", args=[state_session.pk])).status_code == 200
    assert client.get(reverse("sessions_app:roster_xlsx", args=[state_session.pk])).status_code == 200
    assert client.get(reverse("sessions_app:checkin", args=[person.checkin_token])).status_code == 404
    posts = urls(state_session, person)["post"]
    assert [client.post(u).status_code for u in posts] == [404] * len(posts)
    person.refresh_from_db()
    assert (person.attended_at, person.response, Participant.objects.count()) == (None, "invited", 1)
    assert SessionDocument.objects.filter(session=state_session).count() == 1


def test_clerk_reaches_every_page(clerk_client, state_session, person, gm):
    codes = [clerk_client.get(u).status_code for u in urls(state_session, person)["get"]]
    assert codes == [200] * len(codes)


def test_roster_page_shows_empty_places(clerk_client, state_session, person):
    response = clerk_client.get(reverse("sessions_app:roster", args=[state_session.pk]))
    assert "Ấp 1: 1/5 chủ hộ" in response.content.decode()
    assert "Ấp 2: 0/5 chủ hộ" in response.content.decode()


def test_add_one_person_form(clerk_client, state_session, villages):
    url = reverse("sessions_app:participant_create", args=[state_session.pk])
    response = clerk_client.post(
        url,
        {
            "group": "households",
            "honorific": "Ông",
            "full_name": "Lê  Văn Tám",
            "village": villages[1].pk,
            "phone": "09x",
        },
    )
    assert response.status_code == 200
    assert "không phải số điện thoại" in response.content.decode()
    response = clerk_client.post(
        url,
        {
            "group": "households",
            "honorific": "Ông",
            "full_name": "Lê Văn Tám",
            "village": villages[1].pk,
            "phone": "0912.345.678",
        },
    )
    assert response.status_code == 302
    p = Participant.objects.get()
    assert (p.full_name, p.phone, p.village_id) == ("Lê Văn Tám", "0912345678", villages[1].pk)


def test_one_letter_pdf_needs_a_number_first(clerk_client, state_session, person):
    url = reverse("sessions_app:invitation_pdf", args=[state_session.pk, person.pk])
    assert clerk_client.get(url).status_code == 404
    response = clerk_client.post(
        reverse("sessions_app:document_create", args=[state_session.pk, "GM"]),
        {"gm-issued_on": "2025-11-05", "gm-content": "Lắng nghe ý kiến của Nhân dân."},
    )
    assert response.status_code == 302
    response = clerk_client.get(url)
    assert response["Content-Type"] == "application/pdf"
    _, (text,) = read_pdf(response.content)
    assert "Kính gửi: Bà Nguyễn Thị Mai" in text
    assert "Số: 01/GM-UBND" in text
    assert SessionDocument.objects.get().content == "Lắng nghe ý kiến của Nhân dân."


def test_batch_print_page_reports_progress(
    clerk_client, state_session, person, gm, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.DOCUMENTS_DIR = tmp_path
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = clerk_client.post(reverse("sessions_app:invitation_batch", args=[state_session.pk]), {})
    job = PrintJob.objects.get()
    assert response.url == reverse("sessions_app:print_job", args=[state_session.pk, job.pk])
    assert len(callbacks) == 1  # the background thread starts after the commit
    status = clerk_client.get(response.url + "?json=1").json()
    assert (status["status"], status["done"], status["total"]) == ("pending", 0, 1)
    from sessions_app.printing import print_job_run

    print_job_run(job.pk, gm.pk)
    status = clerk_client.get(response.url + "?json=1").json()
    assert (status["status"], status["done"], status["percent"]) == ("done", 1, 100)
    pdf = clerk_client.get(status["download"])
    _, (text,) = read_pdf(b"".join(pdf.streaming_content))
    assert "Bà Nguyễn Thị Mai" in text


def test_tick_attendance_by_fetch_returns_live_counts(clerk_client, state_session, person):
    url = reverse("sessions_app:attendance_tick", args=[state_session.pk, person.pk])
    response = clerk_client.post(url, {"present": "1"}, headers={"x-requested-with": "fetch"})
    data = json.loads(response.content)
    assert data["present"] is True
    assert data["counts"]["households"] == {"invited": 1, "present": 1}
    response = clerk_client.post(url, {"present": "0"}, headers={"x-requested-with": "fetch"})
    assert json.loads(response.content)["counts"]["total"] == {"invited": 1, "present": 0}


def test_qr_checkin_marks_the_person_present(clerk_client, state_session, person):
    url = reverse("sessions_app:checkin", args=[person.checkin_token])
    assert "Xác nhận có mặt" in clerk_client.get(url).content.decode()
    clerk_client.post(url)
    person.refresh_from_db()
    assert person.attended_at is not None


def test_attendance_search_ignores_accents(clerk_client, state_session, person, villages):
    ParticipantFactory(session=state_session, full_name="Trần Văn Đông", village=villages[0])
    response = clerk_client.get(reverse("sessions_app:attendance", args=[state_session.pk]), {"q": "dong"})
    body = response.content.decode()
    assert "Trần Văn Đông" in body
    assert "Nguyễn Thị Mai" not in body


def test_attendance_row_says_who_has_not_arrived_yet(clerk_client, state_session, person, villages):
    person.title = ""
    person.save()
    body = clerk_client.get(reverse("sessions_app:attendance", args=[state_session.pk])).content.decode()
    # No dangling separator before the village when the person has no title.
    assert f'<div class="small text-muted">{villages[0].full_name}</div>' in body
    assert ">Chưa đến</button>" in body
    assert ">Vắng</button>" not in body
    checkin = clerk_client.get(reverse("sessions_app:checkin", args=[person.checkin_token])).content.decode()
    assert f"<p>{villages[0].full_name}<br>" in checkin


def test_session_page_links_to_roster(clerk_client, state_session):
    body = clerk_client.get(state_session.get_absolute_url()).content.decode()
    assert reverse("sessions_app:roster", args=[state_session.pk]) in body


def test_letter_dated_after_the_session_is_refused(clerk_client, state_session):
    response = clerk_client.post(
        reverse("sessions_app:document_create", args=[state_session.pk, "GM"]),
        {"gm-issued_on": "2025-11-21", "gm-content": ""},
        follow=True,
    )
    assert "Ngày ban hành không thể sau ngày tổ chức buổi (20/11/2025)." in response.content.decode()
    assert not SessionDocument.objects.exists()
    clerk_client.post(
        reverse("sessions_app:document_create", args=[state_session.pk, "GM"]),
        {"gm-issued_on": "2025-11-20", "gm-content": ""},
    )
    assert SessionDocument.objects.get().issued_on == datetime.date(2025, 11, 20)


@pytest.mark.parametrize(("kind", "label"), [("GM", "giấy mời"), ("TB", "thông báo")])
def test_no_number_for_a_letter_or_announcement_of_an_undated_session(clerk_client, commune, state_issuer, kind, label):
    from directory.models import DocumentCounter
    from tests.factories import PlanFactory, SessionFactory

    session = SessionFactory(plan=PlanFactory(commune=commune, issuer=state_issuer), quarter=4, year=2025)
    prefix = kind.lower()
    response = clerk_client.post(
        reverse("sessions_app:document_create", args=[session.pk, kind]),
        {f"{prefix}-issued_on": "2025-10-01", f"{prefix}-content": ""},
        follow=True,
    )
    assert (
        f"Chưa cấp số được {label}: buổi tiếp xúc chưa có ngày giờ cụ thể (mới ghi “Quý IV/2025”). "
        "Nhập ngày giờ tổ chức ở trang sửa buổi rồi cấp số."
    ) in response.content.decode()
    assert (SessionDocument.objects.count(), DocumentCounter.objects.count()) == (0, 0)


def test_roster_and_attendance_are_paged_with_bounded_queries(clerk_client, state_session, villages, person):
    """A roster of any size: 100 people a page, the same queries at 150 as at 200 people."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sessions_app.views.rosters import ROSTER_PAGE

    for i in range(149):
        ParticipantFactory(session=state_session, full_name=f"Lê Văn Hộ {i:03d}", village=villages[1])
    urls = [reverse(f"sessions_app:{name}", args=[state_session.pk]) for name in ("roster", "attendance")]
    small = {}
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            first = clerk_client.get(url)
        small[url] = len(ctx.captured_queries)
        assert len(first.context["participants"]) == ROSTER_PAGE
        second = clerk_client.get(url, {"trang": 2})
        assert len(second.context["participants"]) == 150 - ROSTER_PAGE
        assert {p.pk for p in first.context["participants"]}.isdisjoint(p.pk for p in second.context["participants"])
        assert "trang=2" in first.content.decode() and "trang=1" in second.content.decode()
        # Narrowed by village, and by name without accents, across the whole roster.
        by_village = clerk_client.get(url, {"thon": villages[0].pk})
        assert [p.pk for p in by_village.context["participants"]] == [person.pk]
        found = clerk_client.get(url, {"q": "le van ho 148"})
        assert [p.full_name for p in found.context["participants"]] == ["Lê Văn Hộ 148"]
    for i in range(50):
        ParticipantFactory(session=state_session, full_name=f"Thêm Người {i}", village=villages[1])
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            clerk_client.get(url)
        assert len(ctx.captured_queries) == small[url]


def test_a_tick_on_a_later_page_comes_back_to_that_page(clerk_client, state_session, villages, person):
    last = ParticipantFactory(session=state_session, full_name="Trần Thị Cuối", village=villages[0])
    url = reverse("sessions_app:attendance", args=[state_session.pk])
    page = clerk_client.get(url, {"q": "cuoi"})
    assert 'name="back" value="q=cuoi"' in page.content.decode()
    tick = reverse("sessions_app:attendance_tick", args=[state_session.pk, last.pk])
    response = clerk_client.post(tick, {"present": "1", "back": "q=cuoi&trang=3&evil=x"})
    assert response["Location"] == f"{url}?q=cuoi&trang=3#p{last.pk}"
    last.refresh_from_db()
    assert last.attended_at is not None
