"""The change history (django-simple-history): rows written with the user and the diff, shown on each page."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directory.history import history_entries
from petitions import services as petition_services
from sessions_app.models import Participant, Plan, Session
from sessions_app.participants import roster_fill_from_composition
from tests.conclusions.factories import NoticeFactory, held_session
from tests.factories import OfficialFactory, PlanFactory, SessionFactory, aware
from tests.petitions.factories import topic
from tests.sessions_app.factories import ParticipantFactory
from tests.sessions_app.test_plan_views import plan_post


def test_editing_a_plan_writes_a_history_row_with_the_user_and_the_change(clerk_client, clerk, state_issuer):
    # A draft: a numbered plan is no longer edited (a correction replaces it).
    clerk_client.post(reverse("sessions_app:plan_create"), plan_post(state_issuer, number=""))
    plan = Plan.objects.get()
    clerk_client.post(
        reverse("sessions_app:plan_update", args=[plan.pk]),
        plan_post(state_issuer, number="", title="Tổ chức Hội nghị đối thoại năm 2026 (sửa)", place="Xã Lộc Thành"),
    )
    rows = list(plan.history.order_by("history_date"))
    assert [(r.history_type, r.history_user) for r in rows] == [("+", clerk), ("~", clerk)]
    delta = rows[1].diff_against(rows[0], included_fields=["title", "place", "number"])
    assert sorted((c.field, c.old, c.new) for c in delta.changes) == [
        ("place", "Lộc Thành", "Xã Lộc Thành"),
        ("title", "Tổ chức Hội nghị đối thoại năm 2026", "Tổ chức Hội nghị đối thoại năm 2026 (sửa)"),
    ]


def test_the_plan_page_shows_who_changed_what_and_when(clerk_client, clerk, state_issuer, commune):
    clerk_client.post(reverse("sessions_app:plan_create"), plan_post(state_issuer, number=""))
    plan = Plan.objects.get()
    data = plan_post(
        state_issuer,
        number="",
        title="Kế hoạch đã sửa",
        **{
            "recipients-TOTAL_FORMS": "1",
            "recipients-0-name": "Thường trực Đảng ủy xã",
            "recipients-0-position": "0",
        },
    )
    clerk_client.post(reverse("sessions_app:plan_update", args=[plan.pk]), data)
    when = timezone.localtime(plan.history.latest("history_date").history_date).strftime("%d/%m/%Y %H:%M")
    page = clerk_client.get(plan.get_absolute_url()).content.decode()
    assert "Lịch sử thay đổi" in page
    # On a phone the table scrolls inside its box instead of widening the page.
    assert '<div class="table-responsive">\n  <table class="table table-sm history-table">' in page
    assert "<strong>Trích yếu</strong>: Tổ chức Hội nghị đối thoại năm 2026 → Kế hoạch đã sửa" in page
    assert f'<td class="text-nowrap">{when}</td>' in page
    assert "<td>Văn thư</td>" in page
    assert "<td>Nơi nhận: Thường trực Đảng ủy xã</td>" in page


def test_a_status_move_shows_in_the_history_of_the_session(clerk_client, commune):
    session = SessionFactory(plan=PlanFactory(commune=commune), starts_at=aware(2030, 3, 10, 8, 0), quarter=None)
    clerk_client.post(reverse("sessions_app:session_status", args=[session.pk]), {"to_status": "scheduled"})
    [entry] = [e for e in history_entries(session) if e.action == "Sửa"]
    assert entry.user == "Văn thư"
    assert [(c.label, c.old, c.new) for c in entry.changes] == [("Trạng thái", "Dự kiến", "Đã lên lịch")]
    page = clerk_client.get(session.get_absolute_url()).content.decode()
    assert "<strong>Trạng thái</strong>: Dự kiến → Đã lên lịch" in page
    # The existing table of status moves is still there.
    assert 'id="session-history"' in page


def test_a_removed_participant_stays_in_the_roster_history(clerk_client, commune, villages):
    session = SessionFactory(plan=PlanFactory(commune=commune), villages=villages)
    p = ParticipantFactory(session=session, village=villages[0], full_name="Lê Văn Tám")
    clerk_client.post(reverse("sessions_app:participant_delete", args=[session.pk, p.pk]))
    assert not Participant.objects.filter(pk=p.pk).exists()
    assert list(Participant.history.filter(id=p.pk).values_list("history_type", flat=True).order_by("history_id")) == [
        "+",
        "-",
    ]
    page = clerk_client.get(reverse("sessions_app:roster", args=[session.pk])).content.decode()
    assert "<td>Xóa</td>\n        <td>Ông Lê Văn Tám</td>" in page


def test_filling_the_roster_in_bulk_writes_history_for_each_row(clerk, commune, villages):
    session = SessionFactory(plan=PlanFactory(commune=commune), villages=villages)
    OfficialFactory(commune=commune, role="committee_chair", full_name="Phạm Văn Chủ")
    OfficialFactory(commune=commune, role="village_head", village=villages[0], full_name="Đỗ Thị Trưởng")
    assert roster_fill_from_composition(session=session, user=clerk) == 2
    rows = Participant.history.filter(session_id=session.pk).order_by("full_name")
    assert [(r.full_name, r.history_type, r.history_user) for r in rows] == [
        ("Phạm Văn Chủ", "+", clerk),
        ("Đỗ Thị Trưởng", "+", clerk),
    ]


def test_the_petition_page_names_the_new_topic_of_a_classification(clerk_client, clerk, commune, villages):
    roads, land = topic("ha-tang"), topic("dat-dai")
    p = petition_services.petition_create(
        commune=commune, by=clerk, content="Đường hư hỏng", topic=roads, village=villages[0]
    )
    clerk_client.post(
        reverse("petitions:action", args=[p.pk, "phan-loai"]),
        {"topic": land.pk, "kind": "phan_anh", "competence": "commune"},
    )
    changes = {(c.label, c.old, c.new) for e in history_entries(p) for c in e.changes}
    assert changes == {
        ("Lĩnh vực", roads.name, land.name),
        ("Loại", "Kiến nghị", "Phản ánh"),
        ("Trạng thái", "Mới tiếp nhận", "Đã phân loại"),
    }
    page = clerk_client.get(p.get_absolute_url()).content.decode()
    assert "<strong>Loại</strong>: Kiến nghị → Phản ánh" in page


def test_the_notice_page_shows_its_history_and_that_of_its_assignments(
    clerk_client, clerk, commune, state_issuer, villages, unit
):
    from conclusions.models import Assignment

    session = held_session(commune, state_issuer, villages, signer_title="CHỦ TỊCH")
    notice = NoticeFactory(session=session, created_by=clerk)
    a = Assignment.objects.create(
        notice=notice, unit=unit, task="Sửa đường liên thôn", deadline=datetime.date(2026, 1, 31)
    )
    a.deadline = datetime.date(2026, 2, 28)
    a.save()
    page = clerk_client.get(notice.get_absolute_url()).content.decode()
    assert "<td>Nhiệm vụ: Sửa đường liên thôn</td>" in page
    assert "<strong>Hạn hoàn thành</strong>: 31/01/2026 → 28/02/2026" in page
    page = clerk_client.get(a.get_absolute_url()).content.decode()
    assert "<strong>Hạn hoàn thành</strong>: 31/01/2026 → 28/02/2026" in page


def test_the_history_costs_the_same_queries_for_many_changes(clerk_client, commune):
    session = SessionFactory(plan=PlanFactory(commune=commune))

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            history_entries(session)
        return len(ctx.captured_queries)

    session.venue = "Nhà văn hóa 0"
    session.save()
    few = queries()
    for i in range(1, 15):
        session.venue = f"Nhà văn hóa {i}"
        session.chair = OfficialFactory(commune=commune)
        session.save()
    assert len(history_entries(session)) == 16
    assert queries() == few + 1  # one more: the chairs' names, all in one query


def test_history_rows_are_kept_on_the_session_table(commune):
    session = SessionFactory(plan=PlanFactory(commune=commune))
    session.notes = "Ghi chú mới"
    session.save()
    assert Session.history.filter(id=session.pk).count() == 2


def test_a_long_history_shows_only_the_latest_rows(clerk_client, commune, monkeypatch):
    from directory import history

    monkeypatch.setattr(history, "LIMIT", 3)
    session = SessionFactory(plan=PlanFactory(commune=commune))
    for i in range(5):
        session.venue = f"Nhà văn hóa {i}"
        session.save()
    entries = history_entries(session)
    assert entries.truncated
    # The three latest rows are read, and the version before the oldest of them to compare it with.
    assert [(c.old, c.new) for e in entries for c in e.changes] == [
        ("Nhà văn hóa 3", "Nhà văn hóa 4"),
        ("Nhà văn hóa 2", "Nhà văn hóa 3"),
        ("Nhà văn hóa 1", "Nhà văn hóa 2"),
    ]
    page = clerk_client.get(session.get_absolute_url()).content.decode()
    assert "Chỉ hiện các thay đổi gần nhất." in page
