import datetime

import pytest
from django.core.management import call_command
from freezegun import freeze_time

from conclusions.models import Assignment, ConclusionNotice
from directory.models import Commune, LegalBasis, Membership, Official, Unit, Village
from petitions.models import Petition
from sessions_app.demo import past_conference_day
from sessions_app.models import Participant, Plan, PlanDuty, PlanRecipient, Session, SessionTransition


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Commune,
            Village,
            Unit,
            Official,
            LegalBasis,
            Membership,
            Plan,
            PlanDuty,
            PlanRecipient,
            Session,
            SessionTransition,
            Participant,
            Petition,
            ConclusionNotice,
            Assignment,
        )
    }


def test_load_demo_loads_both_seed_plans_and_is_idempotent(db):
    call_command("load_demo")
    first = counts()
    call_command("load_demo")
    assert counts() == first

    party = Plan.objects.get(issuer__symbol_code="ĐU", commune__name="Xuân Cảnh")
    assert party.signing_authority == "T/M BAN THƯỜNG VỤ"
    assert party.signer_title == "PHÓ BÍ THƯ"
    assert party.signer.full_name == "Nguyễn Văn Hải"
    assert [b.legal_basis.citation[:37] for b in party.plan_legal_bases.all()] == [
        "Quy định số 11-QĐi/TW ngày 18/02/2019"
    ]
    sessions = [(s.when, s.venue, sorted(v.full_name for v in s.villages.all())) for s in party.sessions.all()]
    assert sessions == [
        ("Quý III/2025", "Trụ sở thôn Tuyết Diêm 1", ["Thôn Tuyết Diêm 1", "Thôn Tuyết Diêm 2"]),
        ("Quý IV/2025", "Trụ sở thôn Sơn Trà", ["Thôn Sơn Trà", "Thôn Tân Hy 1"]),
    ]
    assert [d.heading or d.unit.name for d in party.duties.all()] == [
        "UBND xã",
        "Ban Xây dựng Đảng",
        "Văn phòng Đảng ủy",
        "Cơ quan Ủy ban Mặt trận Tổ quốc Việt Nam xã",
        "Các chi bộ thôn trên địa bàn xã",
    ]
    assert [str(r) for r in party.recipients.all()][0] == "Ban Tuyên giáo và Dân vận Tỉnh ủy (b/c)"

    state = Plan.objects.get(commune__name="Lộc Thành", year=2025)
    assert state.signer.full_name == "Hồ Quang Khánh"
    assert state.announcement_lead_days == 5
    assert state.lead_time_below_law is True
    conference = state.sessions.get()
    # One half-day in 11/2025, the date announced later: the seed session stays so.
    assert (conference.when, conference.status, conference.starts_at) == ("Tháng 11/2025", "draft", None)
    assert conference.venue == "Hội trường UBND xã Lộc Thành"
    assert conference.chair.full_name == "Hồ Quang Khánh"
    assert Village.objects.filter(commune__name="Lộc Thành", kind="Ấp").count() == 5


def test_load_demo_keeps_the_seeds_wording(db):
    call_command("load_demo")
    state = Plan.objects.get(commune__name="Lộc Thành", year=2025)
    duty = state.duties.get(position=5)
    assert duty.heading == "Đề nghị Ủy ban Mặt trận Tổ Quốc Việt Nam xã, các tổ chức chính trị - xã hội"
    assert duty.text.startswith("Phối hợp cùng UBND xã trong việc tuyên truyền")
    form = state.sections.get(title="Hình thức đối thoại")
    assert (form.level, form.body) == (2, "Đối thoại trực tiếp với Chủ tịch UBND xã và các đại biểu dự Hội nghị.")
    assert Unit.objects.filter(commune__name="Xuân Cảnh", kind=Unit.Kind.COUNCIL).count() == 1


def test_load_demo_on_a_fresh_database_records_the_administrator_as_creator(db):
    call_command("load_demo")
    creators = set(SessionTransition.objects.filter(note="Tạo buổi").values_list("by__username", flat=True))
    assert creators == {"quantri"}


@freeze_time("2026-03-20 09:00:00+07:00")
def test_held_sample_data_lives_on_a_labelled_past_conference(db):
    call_command("load_demo")
    # The citizen's side (public/demo.py) issued its notice: the conference is concluded.
    past = Session.objects.get(status="concluded")
    assert past.title == "Hội nghị đối thoại trực tiếp với Nhân dân năm 2026 (dữ liệu mẫu)"
    assert past.plan.title.endswith("(dữ liệu mẫu)")
    assert past.when == "08 giờ 00, ngày 13/02/2026"  # 35 days before the day of loading
    assert set(Petition.objects.filter(session__isnull=False).values_list("session", flat=True)) == {past.pk}
    assert ConclusionNotice.objects.get().session == past
    coming = Session.objects.get(status="announced")
    assert coming.title == "Hội nghị đối thoại trực tiếp với Nhân dân sắp tổ chức (dữ liệu mẫu)"
    others = Session.objects.exclude(pk__in=[past.pk, coming.pk])
    assert sorted(others.values_list("status", flat=True)) == ["draft"] * 3


def test_demo_commune_has_a_public_page_with_an_announced_session_and_a_published_result(db, client):
    from django.urls import reverse

    call_command("load_demo")
    commune = Commune.objects.get(name="Lộc Thành")
    notice = ConclusionNotice.objects.get()
    assert (notice.status, notice.results_published_on is not None) == ("issued", True)
    html = client.get(reverse("public:commune", args=[commune.pk])).content.decode()
    assert "Hội nghị đối thoại trực tiếp với Nhân dân sắp tổ chức (dữ liệu mẫu)" in html
    assert f"Thông báo kết luận số {notice.symbol}" in html
    answered = Petition.objects.filter(session=notice.session).exclude(status="received").first()
    assert answered is not None
    lookup = client.post(reverse("public:lookup"), {"ma": answered.lookup_code}).content.decode()
    assert answered.get_status_display() in lookup


def test_demo_has_a_login_for_each_role_that_sees_what_its_role_allows(db, client):
    from django.urls import reverse

    call_command("load_demo")
    roles = dict(
        Membership.objects.filter(user__username__in=["donvi", "giamsat", "tinh"])
        .values_list("user__username", "role")
        .distinct()
    )
    assert roles == {"donvi": "unit_official", "giamsat": "supervisor", "tinh": "province"}

    routed = Petition.objects.get(commune__name="Lộc Thành", status="routed")
    assert client.login(username="donvi", password="doithoai-2025")
    queue = client.get(reverse("petitions:queue"))
    assert [p.pk for p in queue.context["rows"]] == [routed.pk]

    client.logout()
    assert client.login(username="giamsat", password="doithoai-2025")
    plan = Plan.objects.exclude(title__endswith="(dữ liệu mẫu)").get(
        commune__name="Lộc Thành", title__contains="năm 2025"
    )
    assert client.get(reverse("sessions_app:plan_detail", args=[plan.pk])).status_code == 200
    assert client.get(reverse("sessions_app:plan_update", args=[plan.pk])).status_code == 404


def seed_sessions():
    sessions = Session.objects.exclude(plan__title__endswith="(dữ liệu mẫu)")
    return sorted((s.when, s.status, s.starts_at) for s in sessions)


@pytest.mark.parametrize("today", ["2025-07-10", "2026-12-03", "2027-05-31"])
def test_the_sample_conference_is_dated_relative_to_the_day_of_loading(db, today):
    with freeze_time(f"{today} 10:00:00+07:00"):
        call_command("load_demo")
    day = datetime.date.fromisoformat(today)
    past = Session.objects.get(status="concluded")
    assert past.session_date == day - datetime.timedelta(days=35)
    assert past.plan.year == past.year == past.session_date.year
    assert past.plan.issued_on < past.session_date
    # The petitions are of the conference's day (the repeat raised a year before it) ...
    assert set(Petition.objects.filter(session=past).values_list("received_on", flat=True)) == {past.session_date}
    # ... and the notice's assignments are partly overdue, partly still running, on the day of loading.
    deadlines = sorted(Assignment.objects.filter(notice__session=past).values_list("deadline", flat=True))
    assert [d < day for d in deadlines] == [True, True, False]
    # The seed sessions stay as the seeds print them, whatever the day.
    assert seed_sessions() == [
        ("Quý III/2025", "draft", None),
        ("Quý IV/2025", "draft", None),
        ("Tháng 11/2025", "draft", None),
    ]


def test_load_demo_on_a_later_day_changes_nothing(db):
    with freeze_time("2026-03-20 10:00:00+07:00"):
        call_command("load_demo")
    first = counts()
    held = Session.objects.get(status="concluded").starts_at
    with freeze_time("2026-09-01 10:00:00+07:00"):
        call_command("load_demo")
    assert counts() == first
    assert Session.objects.get(status="concluded").starts_at == held


@pytest.mark.parametrize(
    ("today", "day"),
    [
        ("2026-12-03", "2026-10-29"),
        ("2026-01-20", "2026-01-01"),  # kept in this year's report
        ("2026-01-02", "2025-11-28"),  # too close to new year: stays a few weeks back
    ],
)
def test_the_sample_conference_day(today, day):
    assert past_conference_day(datetime.date.fromisoformat(today)) == datetime.date.fromisoformat(day)
