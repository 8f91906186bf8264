"""The leader's briefing pack before a session: open and repeated petitions of its villages,
overdue assignments of earlier notices that touch them, the last session's results there."""

import datetime

import pytest
from django.urls import reverse
from freezegun import freeze_time

from conclusions.enums import AssignmentStatus, NoticeStatus
from petitions.enums import Status
from proceedings.briefing import briefing_pack
from sessions_app.enums import SessionStatus

from ..conclusions.factories import AssignmentFactory, NoticeFactory, PetitionFactory, held_session
from ..factories import PlanFactory, SessionFactory, aware
from ..sessions_app.pdf_helpers import read_pdf

TODAY = "2026-02-10 09:00"


def _issued(session, number):
    session.status = SessionStatus.CONCLUDED
    session.save(update_fields=["status"])
    return NoticeFactory(
        session=session,
        status=NoticeStatus.ISSUED,
        number=number,
        number_period="2025",
        issued_on=session.session_date + datetime.timedelta(days=5),
    )


@pytest.fixture
def world(commune, state_issuer, villages, unit):
    """Ấp 1 and Ấp 2 meet on 01/03/2026; Ấp 1 met on 01/06/2025, Ấp 3 alone on 01/09/2025."""
    a1, a2, a3 = villages
    w = type("World", (), {})()
    w.upcoming = SessionFactory(
        plan=PlanFactory(commune=commune, issuer=state_issuer),
        villages=[a1, a2],
        quarter=None,
        year=2026,
        starts_at=aware(2026, 3, 1),
    )
    w.past = held_session(commune, state_issuer, [a1], starts_at=aware(2025, 6, 1))
    w.other = held_session(commune, state_issuer, [a3], starts_at=aware(2025, 9, 1))
    w.spot = PetitionFactory(
        session=w.past, code="KN-A", village=a1, answered_on_spot=True, status=Status.ANSWERED, content="Trả lời rồi"
    )
    w.open = PetitionFactory(
        session=w.past,
        code="KN-B",
        village=a1,
        status=Status.ROUTED,
        unit=unit,
        deadline=datetime.date(2025, 7, 1),
        content="Đèn đường ấp 1 hỏng",
    )
    w.closed = PetitionFactory(code="KN-C", commune=commune, village=a2, status=Status.CLOSED, content="Đã xong")
    w.root = PetitionFactory(code="KN-D", commune=commune, village=a2, content="Ngập nước đường ấp 2")
    w.repeat = PetitionFactory(code="KN-E", commune=commune, village=a2, repeat_of=w.root, content="Lại ngập nước")
    w.elsewhere = PetitionFactory(code="KN-F", commune=commune, village=a3, content="Ấp 3 thiếu nước sạch")
    w.own = PetitionFactory(session=w.upcoming, code="KN-G", village=a1, content="Nêu tại chính buổi này")
    notice = _issued(w.past, 1)
    w.late = AssignmentFactory(notice=notice, unit=unit, task="Sửa đèn đường ấp 1", deadline=datetime.date(2025, 8, 1))
    w.done = AssignmentFactory(
        notice=notice, unit=unit, task="Đã sửa", deadline=datetime.date(2025, 8, 1), status=AssignmentStatus.DONE
    )
    w.running = AssignmentFactory(notice=notice, unit=unit, task="Chưa đến hạn", deadline=datetime.date(2026, 6, 1))
    other_notice = _issued(w.other, 2)
    w.not_ours = AssignmentFactory(
        notice=other_notice, unit=unit, task="Nước sạch ấp 3", deadline=datetime.date(2025, 10, 1)
    )
    w.touching = AssignmentFactory(
        notice=other_notice, unit=unit, task="Khơi thông cống ấp 2", deadline=datetime.date(2025, 10, 1)
    )
    w.touching.petitions.set([w.root])
    return w


@freeze_time(TODAY)
def test_the_pack_holds_what_stands_unresolved_in_the_sessions_villages(world, leader):
    pack = briefing_pack(world.upcoming, leader)
    assert [v.full_name for v in pack["villages"]] == ["Ấp 1", "Ấp 2"]
    # Open: routed or just received, of Ấp 1 and Ấp 2, not of this session itself; oldest deadline first.
    assert [p.code for p in pack["open"]] == ["KN-B", "KN-D", "KN-E"]
    assert [(p.code, p.times) for p in pack["repeated"]] == [("KN-D", 2)]
    assert [a.task for a in pack["overdue"]] == ["Sửa đèn đường ấp 1", "Khơi thông cống ấp 2"]
    last = pack["last"]
    assert last["session"] == world.past
    assert last["petitions"] == {"total": 2, "on_spot": 1, "answered": 1, "open": 1}
    assert last["notice"].symbol == "01/TB-UBND"
    assert last["assignments"] == {"total": 3, "done": 1}


@freeze_time(TODAY)
def test_the_leader_reads_the_page_and_the_pdf(client, world, leader):
    client.force_login(leader)
    html = client.get(reverse("proceedings:briefing", args=[world.upcoming.pk])).content.decode()
    for text in ("Ngập nước đường ấp 2", "Đèn đường ấp 1 hỏng", "Sửa đèn đường ấp 1", "Khơi thông cống ấp 2"):
        assert text in html
    for text in ("Ấp 3 thiếu nước sạch", "Nước sạch ấp 3", "Nêu tại chính buổi này", "Chưa đến hạn"):
        assert text not in html
    response = client.get(reverse("proceedings:briefing_pdf", args=[world.upcoming.pk]))
    _, pages = read_pdf(response.content)
    text = " ".join(" ".join(pages).split())
    assert "TÀI LIỆU PHỤC VỤ LÃNH ĐẠO" in text
    assert text.index("I. Ý kiến nêu nhiều lần") < text.index("KN-D") < text.index("II. Ý kiến, kiến nghị còn")
    assert "01/TB-UBND" in text
    assert "Ý kiến, kiến nghị của các thôn, ấp này tại buổi: 2; trả lời tại buổi: 1" in text
    assert "Ấp 3 thiếu nước sạch" not in text


def test_an_empty_pack_says_so(client, commune, state_issuer, villages, clerk):
    session = SessionFactory(plan=PlanFactory(commune=commune, issuer=state_issuer), villages=villages[2:])
    client.force_login(clerk)
    html = client.get(reverse("proceedings:briefing", args=[session.pk])).content.decode()
    assert html.count("<p>Không có.</p>") == 3
    assert "Chưa có buổi tiếp xúc nào trước đây tại các thôn, ấp này." in html


def test_only_leaders_and_offices_read_the_pack(
    client, world, supervisor, officer, province_user, outsider, party_clerk
):
    url = reverse("proceedings:briefing", args=[world.upcoming.pk])
    for user in (supervisor, officer, province_user, outsider):
        client.force_login(user)
        assert client.get(url).status_code == 404
        html = client.get(world.upcoming.get_absolute_url()).content.decode()
        assert 'id="session-briefing"' not in html
    client.force_login(party_clerk)
    assert client.get(url).status_code == 200
