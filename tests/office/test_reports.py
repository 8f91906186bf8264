import datetime
import io

import pytest
from django.urls import reverse
from freezegun import freeze_time
from openpyxl import load_workbook

from conclusions.enums import AssignmentStatus, NoticeStatus
from conclusions.services import assignment_change_status, assignment_save, notice_change_status
from directory.models import Commune, Membership
from directory.permissions import report_communes
from office.periods import period_of, plan_period
from office.reports import COMMUNE_COLUMNS, build_report, report_xlsx
from sessions_app.enums import SessionStatus
from sessions_app.models import Participant
from tests.conclusions.factories import AssignmentFactory, NoticeFactory, PetitionFactory, TopicFactory
from tests.factories import SessionFactory, UserFactory, aware, member
from tests.sessions_app.pdf_helpers import read_pdf
from tests.spreadsheet_files import assert_house_face

TODAY = datetime.date(2026, 1, 10)


def pdf_text(content):
    _, pages = read_pdf(content)
    return "\n".join(pages)


def lines_of(content):
    return [" ".join(line.split()) for line in pdf_text(content).splitlines()]


@pytest.fixture
def figures(session, villages, clerk, leader, unit, other_unit, officer, other_officer, other_commune):
    """A small half-year: 2 sessions (1 held), 5 petitions in the period, 2 assignments (1 overdue)."""
    SessionFactory(plan=session.plan, villages=[villages[2]], quarter=4, year=2025)
    SessionFactory(plan=session.plan, villages=[villages[0]], quarter=None, year=2024, month=5)
    a, b = TopicFactory(code="thu-a", name="Giao thông"), TopicFactory(code="thu-b", name="Đất đai")
    PetitionFactory(session=session, topic=a, kind="kien_nghi", answered_on_spot=True, status="closed")
    PetitionFactory(
        session=session,
        topic=a,
        kind="phan_anh",
        status="answered",
        deadline=datetime.date(2025, 11, 30),
        answered_at=aware(2025, 11, 25),
    )
    PetitionFactory(
        session=session,
        topic=b,
        kind="kien_nghi",
        competence="transfer",
        status="answered",
        deadline=datetime.date(2025, 12, 5),
        answered_at=aware(2025, 12, 10),
    )
    first = PetitionFactory(
        session=session, topic=b, kind="y_kien", status="routed", deadline=datetime.date(2025, 12, 1)
    )
    PetitionFactory(session=session, topic=b, kind="y_kien", status="received", repeat_of=first)
    PetitionFactory(session=session, topic=b, received_on=datetime.date(2024, 5, 2))
    PetitionFactory(commune=other_commune, topic=a)
    for group, invited, present in (("officials", 2, 1), ("households", 3, 2)):
        for i in range(invited):
            Participant.objects.create(
                session=session,
                group=group,
                honorific="Bà",
                full_name=f"{group} {i}",
                attended_at=aware(2025, 11, 20) if i < present else None,
            )
    notice = NoticeFactory(session=session)
    late = assignment_save(assignment=AssignmentFactory.build(notice=notice, unit=unit), user=clerk)
    done = assignment_save(assignment=AssignmentFactory.build(notice=notice, unit=other_unit), user=clerk)
    notice_change_status(obj=notice, to=NoticeStatus.PENDING_APPROVAL, by=clerk)
    notice_change_status(obj=notice, to=NoticeStatus.ISSUED, by=leader)
    assignment_change_status(obj=done, to=AssignmentStatus.DONE, by=other_officer, note="Xong")
    # Counted as done once confirmed (issue 10).
    assignment_change_status(obj=done, to=AssignmentStatus.CONFIRMED, by=leader, note="Đạt")
    return late


def test_half_year_report_figures(figures, commune):
    r = build_report(communes=Commune.objects.filter(pk=commune.pk), period=period_of("h2", 2025), today=TODAY)
    assert r["period_label"] == "6 tháng cuối năm 2025"
    assert r["sessions"] == {"planned": 2, "held": 1, "cancelled": 0}
    assert [(v["village__name"], v["planned"], v["held"]) for v in r["by_village"]] == [
        ("1", 1, 1),
        ("2", 1, 1),
        ("3", 2, 1),
    ]
    assert r["attendance"] == [("Đại biểu xã", 2, 1), ("Đại biểu thôn, ấp", 0, 0), ("Đại diện hộ gia đình", 3, 2)]
    assert r["attendance_total"] == (5, 3)
    assert r["petitions"] == {
        "total": 5,
        "people": 5,
        "group_petitions": 0,
        "on_spot": 1,
        "written_on_time": 1,
        "written_late": 1,
        "still_open": 2,
        "open_overdue": 1,
        "repeated_unresolved": 1,
    }
    assert r["by_topic"] == [("Đất đai", 3), ("Giao thông", 2)]
    assert r["by_kind"] == [("Kiến nghị", 2), ("Ý kiến", 2), ("Phản ánh", 1)]
    assert r["by_competence"] == [("Thuộc thẩm quyền của xã", 4), ("Chuyển cấp tỉnh hoặc cơ quan khác", 1)]
    assert [(p["times"], p["topic__name"]) for p in r["repeated"]] == [(2, "Đất đai")]
    assert r["assignments"] == {"total": 2, "done": 1, "awaiting": 0, "overdue": 1}
    assert [(u["unit__name"], u["n"], u["days_late"]) for u in r["overdue_by_unit"]] == [("Phòng Kinh tế", 1, 10)]


def test_plan_report_counts_the_plans_sessions_only(figures, commune, session):
    r = build_report(communes=Commune.objects.filter(pk=commune.pk), period=plan_period(session.plan))
    assert r["sessions"]["planned"] == 3
    assert r["petitions"]["total"] == 6


def test_province_user_sees_every_commune_of_the_province(figures, commune, other_commune):
    province_user = member(UserFactory(username="tinh"), commune, Membership.Role.PROVINCE)
    communes = report_communes(province_user, commune)
    assert sorted(communes.values_list("name", flat=True)) == ["Lộc Nam", "Lộc Thành"]
    r = build_report(communes=communes, period=period_of("nam", 2025), today=TODAY)
    assert r["petitions"]["total"] == 6
    assert [(c["plan__commune__name"], c["planned"], c["held"]) for c in r["by_commune"]] == [("Lộc Thành", 2, 1)]


def test_the_province_sees_the_communes_side_by_side_those_behind_first(figures, commune, other_commune, client):
    """Lộc Thành has a session of Q4 2025 not held and an open petition past its deadline; Lộc Nam
    held no session and has one petition in time, and held its reception days: it comes second."""
    from reception.models import ReceptionDay
    from tests.factories import OfficialFactory

    leader = OfficialFactory(commune=other_commune)
    for month in range(1, 13):
        for day in (5, 20):
            ReceptionDay.objects.create(
                commune=other_commune, day=datetime.date(2025, month, day), leader=leader, place="UBND"
            )
    province_user = member(UserFactory(username="tinh"), commune, Membership.Role.PROVINCE)
    r = build_report(communes=report_communes(province_user, commune), period=period_of("nam", 2025), today=TODAY)
    rows = [
        (
            c["name"],
            c["planned"],
            c["held"],
            c["not_held"],
            c["petitions"],
            c["overdue"],
            c["reception_days"],
            c["reception_missing"],
        )  # fmt: skip
        for c in r["communes_side_by_side"]
    ]
    assert rows == [("Lộc Thành", 2, 1, 1, 5, 1, 0, 24), ("Lộc Nam", 0, 0, 0, 1, 0, 24, 0)]
    assert r["communes_side_by_side"][0]["behind"] == [
        "chưa tổ chức buổi đến hạn",
        "thiếu ngày tiếp công dân",
        "có ý kiến quá hạn trả lời",
    ]
    assert r["communes_side_by_side"][1]["behind"] == []
    client.force_login(province_user)
    with freeze_time("2026-01-10"):
        page = client.get(reverse("office:report"), {"nam": 2025, "ky": "nam"}).content.decode()
        book = load_workbook(io.BytesIO(client.get(reverse("office:report_excel"), {"nam": 2025, "ky": "nam"}).content))
    table = page[page.index('id="communes-side-by-side"') :]
    assert table.index("Lộc Thành") < table.index("Lộc Nam")
    sheet = [list(row) for row in book["Các xã, phường"].iter_rows(values_only=True)]
    assert sheet[2] == COMMUNE_COLUMNS
    year = "từ ngày 01/01/2025 đến ngày 31/12/2025"
    assert sheet[3] == ["Lộc Thành", year, 2, 1, 1, 5, 1, 0, 24, "; ".join(r["communes_side_by_side"][0]["behind"])]
    assert sheet[4] == ["Lộc Nam", year, 0, 0, 0, 1, 0, 24, 0, None]


def _province_report(user, commune, period):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        r = build_report(communes=report_communes(user, commune), period=period, today=TODAY)
    return r, len(queries)


def test_each_commune_of_a_province_report_counts_over_its_own_cut_off(commune, other_commune, db):
    """The province counts from the 15th to the 14th; Lộc Nam keeps the calendar month: each
    commune's petitions, sessions and reception days are those of its own dates, in as many
    queries as when every commune follows the province."""
    from reception.models import ReceptionDay
    from tests.factories import OfficialFactory

    province_user = member(UserFactory(username="tinh"), commune, Membership.Role.PROVINCE)
    third = Commune.objects.create(province=commune.province, name="Lộc Bắc")
    province = commune.province
    province.report_cutoff_day = 15
    province.save()
    for c in (commune, other_commune):
        for day in (datetime.date(2024, 12, 20), datetime.date(2025, 12, 20)):
            PetitionFactory(commune=c, received_on=day)
            ReceptionDay.objects.create(commune=c, day=day, leader=OfficialFactory(commune=c), place="UBND")
    one_rule, same_rule_queries = _province_report(province_user, commune, period_of("nam", 2025, cutoff=15))
    # Every commune from 15/12/2024 to 14/12/2025: the petitions of 20/12/2024 are in.
    assert {c["name"]: (c["dates"], c["petitions"]) for c in one_rule["communes_side_by_side"]} == {
        "Lộc Thành": ("từ ngày 15/12/2024 đến ngày 14/12/2025", 1),
        "Lộc Nam": ("từ ngày 15/12/2024 đến ngày 14/12/2025", 1),
        "Lộc Bắc": ("từ ngày 15/12/2024 đến ngày 14/12/2025", 0),
    }
    assert one_rule["other_dates"] == []

    other_commune.report_cutoff_day = 1  # the calendar year: 20/12/2025 in, 20/12/2024 out
    other_commune.save()
    third.report_cutoff_day = 20
    third.save()
    r, mixed_queries = _province_report(province_user, commune, period_of("nam", 2025, cutoff=15))
    assert mixed_queries == same_rule_queries
    rows = {c["name"]: c for c in r["communes_side_by_side"]}
    assert {name: (row["dates"], row["petitions"], row["reception_days"]) for name, row in rows.items()} == {
        "Lộc Thành": ("từ ngày 15/12/2024 đến ngày 14/12/2025", 1, 1),
        "Lộc Nam": ("từ ngày 01/01/2025 đến ngày 31/12/2025", 1, 1),
        "Lộc Bắc": ("từ ngày 20/12/2024 đến ngày 19/12/2025", 0, 0),
    }
    assert (r["petitions"]["total"], r["reception"]["days"]) == (2, 2)
    assert r["period_dates"] == "từ ngày 15/12/2024 đến ngày 14/12/2025"
    assert r["other_dates"] == [
        ("từ ngày 01/01/2025 đến ngày 31/12/2025", 1),
        ("từ ngày 20/12/2024 đến ngày 19/12/2025", 1),
    ]
    sheet = load_workbook(io.BytesIO(report_xlsx(r)))["Các xã, phường"]
    assert {row[0]: row[1] for row in sheet.iter_rows(min_row=4, values_only=True)} == {
        name: row["dates"] for name, row in rows.items()
    }
    # Lộc Nam alone, under the province's period, is counted over its own calendar year too.
    alone = build_report(
        communes=Commune.objects.filter(pk=other_commune.pk), period=period_of("nam", 2025, cutoff=15), today=TODAY
    )
    assert (alone["period_dates"], alone["petitions"]["total"]) == ("từ ngày 01/01/2025 đến ngày 31/12/2025", 1)


def test_a_custom_range_counts_the_same_days_for_every_commune(commune, other_commune, db):
    province_user = member(UserFactory(username="tinh"), commune, Membership.Role.PROVINCE)
    other_commune.report_cutoff_day = 20
    other_commune.save()
    for c in (commune, other_commune):
        PetitionFactory(commune=c, received_on=datetime.date(2025, 3, 3))
    period = period_of("tuy_chon", start=datetime.date(2025, 3, 1), end=datetime.date(2025, 3, 31))
    r, _ = _province_report(province_user, commune, period)
    assert {c["name"]: (c["dates"], c["petitions"]) for c in r["communes_side_by_side"]} == {
        "Lộc Thành": ("từ ngày 01/03/2025 đến ngày 31/03/2025", 1),
        "Lộc Nam": ("từ ngày 01/03/2025 đến ngày 31/03/2025", 1),
    }
    assert r["other_dates"] == []


def test_a_single_communes_report_has_no_side_by_side_table(figures, commune):
    r = build_report(communes=Commune.objects.filter(pk=commune.pk), period=period_of("nam", 2025), today=TODAY)
    assert r["communes_side_by_side"] == []


def test_report_page_excel_and_pdf(figures, clerk_client):
    with freeze_time("2026-01-10"):
        page = clerk_client.get(reverse("office:report"), {"nam": 2025, "ky": "h2"})
        assert page.status_code == 200
        html = page.content.decode()
        assert 'id="fig-sessions">1/2<' in html
        assert 'id="fig-petitions">5<' in html
        assert "js-chart" in html and "<script>" not in html
        xlsx = clerk_client.get(reverse("office:report_excel"), {"nam": 2025, "ky": "h2"})
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        rows = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
        assert rows["Số ý kiến, kiến nghị"] == 5
        assert rows["Nhiệm vụ quá hạn"] == 1
        book = load_workbook(io.BytesIO(xlsx.content))
        assert_house_face(book, header_row=3)
        assert book.sheetnames[0] == "Tổng hợp" and "Theo lĩnh vực" in book.sheetnames
        pdf = clerk_client.get(reverse("office:report_pdf"), {"nam": 2025, "ky": "h2"})
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "BÁO CÁO" in text
    assert "Tổng số 5 ý kiến, kiến nghị" in text


def test_report_of_an_outsider_shows_nothing_of_another_commune(figures, client, outsider):
    client.force_login(outsider)
    page = client.get(reverse("office:report"), {"nam": 2025, "ky": "nam"})
    assert 'id="fig-petitions">1<' in page.content.decode()  # only their own commune's one petition


def test_unit_official_gets_no_report(figures, client, officer):
    client.force_login(officer)
    assert client.get(reverse("office:report")).status_code == 404


def test_session_status_is_not_touched_by_reports(figures, session):
    session.refresh_from_db()
    assert session.status == SessionStatus.CONCLUDED


def test_written_answer_on_time_until_local_midnight_of_the_deadline(session, commune):
    topic = TopicFactory(code="thu-a", name="Giao thông")
    deadline = datetime.date(2025, 12, 1)
    for answered in (aware(2025, 12, 1, 23, 59), aware(2025, 12, 2, 0, 1), aware(2025, 12, 1, 6, 0)):
        PetitionFactory(session=session, topic=topic, status="answered", deadline=deadline, answered_at=answered)
    r = build_report(communes=Commune.objects.filter(pk=commune.pk), period=period_of("h2", 2025), today=TODAY)
    assert (r["petitions"]["written_on_time"], r["petitions"]["written_late"]) == (2, 1)


def _received(session, topic, *days):
    for day in days:
        PetitionFactory(session=session, topic=topic, received_on=day)


def test_monthly_report_with_the_communes_cutoff_on_screen_excel_and_pdf(session, commune, clerk_client):
    commune.report_cutoff_day = 15
    commune.save()
    topic = TopicFactory(code="thu-a", name="Giao thông")
    D = datetime.date
    # 14/02 belongs to February's report; 15/02 to 14/03 to March's; 15/03 to April's.
    _received(session, topic, D(2026, 2, 14), D(2026, 2, 15), D(2026, 3, 1), D(2026, 3, 14), D(2026, 3, 15))
    query = {"ky": "thang", "nam": 2026, "thang": 3}
    with freeze_time("2026-03-20"):
        html = clerk_client.get(reverse("office:report"), query).content.decode()
        assert "Báo cáo kết quả tiếp xúc, đối thoại tháng 3 năm 2026" in html
        assert "Số liệu tính từ ngày 15/02/2026 đến ngày 14/03/2026" in html
        assert "từ ngày 15 tháng trước đến ngày 14 tháng báo cáo" in html
        assert 'id="fig-petitions">3<' in html
        xlsx = clerk_client.get(reverse("office:report_excel"), query)
        rows = [row for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True)]
        assert rows[0][0] == "Kết quả tiếp xúc, đối thoại trực tiếp với Nhân dân tháng 3 năm 2026"
        assert rows[1][0] == "Số liệu tính từ ngày 15/02/2026 đến ngày 14/03/2026"
        assert {row[0]: row[1] for row in rows if row and row[0]}["Số ý kiến, kiến nghị"] == 3
        pdf = clerk_client.get(reverse("office:report_pdf"), query)
    text = " ".join(lines_of(pdf.content))
    assert "Kết quả tiếp xúc, đối thoại trực tiếp với Nhân dân tháng 3 năm 2026" in text
    assert "số liệu tính từ ngày 15/02/2026 đến ngày 14/03/2026" in text
    assert "Tổng số 3 ý kiến, kiến nghị" in text


def test_nine_month_and_custom_reports_on_the_page(session, commune, clerk_client):
    commune.report_cutoff_day = 15
    commune.save()
    topic = TopicFactory(code="thu-a", name="Giao thông")
    D = datetime.date
    _received(session, topic, D(2025, 12, 14), D(2025, 12, 15), D(2026, 9, 14), D(2026, 9, 15))
    with freeze_time("2026-10-01"):
        html = clerk_client.get(reverse("office:report"), {"ky": "m9", "nam": 2026}).content.decode()
        assert "đối thoại 9 tháng năm 2026" in html
        assert "Số liệu tính từ ngày 15/12/2025 đến ngày 14/09/2026" in html
        assert 'id="fig-petitions">2<' in html
        custom = {"ky": "tuy_chon", "tu": "2025-12-14", "den": "2025-12-15"}
        html = clerk_client.get(reverse("office:report"), custom).content.decode()
        # As a clerk types them (dd/mm/yyyy, whatever the browser's language), shown back the same way.
        typed = clerk_client.get(reverse("office:report"), {"ky": "tuy_chon", "tu": "14/12/2025", "den": "15/12/2025"})
        typed = typed.content.decode()
    assert "đối thoại từ ngày 14/12/2025 đến ngày 15/12/2025" in html
    assert 'id="fig-petitions">2<' in html
    assert "đối thoại từ ngày 14/12/2025 đến ngày 15/12/2025" in typed
    assert 'name="tu" id="id_tu" value="14/12/2025"' in typed and 'data-picker="date"' in typed


def test_a_reversed_or_too_long_range_is_said_and_the_year_shown(session, clerk_client):
    with freeze_time("2026-03-20"):
        for tu, den, message in (
            ("2026-03-02", "2026-03-01", "Ngày kết thúc của kỳ báo cáo phải sau ngày bắt đầu."),
            ("2020-01-01", "2026-01-01", "Kỳ báo cáo đột xuất dài nhất 5 năm."),
        ):
            page = clerk_client.get(reverse("office:report"), {"ky": "tuy_chon", "tu": tu, "den": den})
            html = page.content.decode()
            assert page.status_code == 200
            assert f"Kỳ báo cáo chưa hợp lệ: {message}" in html
            assert "Báo cáo kết quả tiếp xúc, đối thoại năm 2026" in html


def test_commune_settings_refuse_a_cutoff_day_outside_1_to_28(commune, client, admin_role):
    client.force_login(admin_role)
    url = reverse("directory:commune_settings")
    data = {"kind": commune.kind, "name": commune.name, "province": commune.province_id, "report_cutoff_day": 29}
    page = client.post(url, data)
    assert "Ngày chốt số liệu phải từ 1 đến 28." in page.content.decode()
    commune.refresh_from_db()
    assert commune.report_cutoff_day is None
    client.post(url, {**data, "report_cutoff_day": 15})
    commune.refresh_from_db()
    assert commune.report_cutoff_day == 15


def test_report_compared_with_the_same_period_of_the_previous_year(session, commune, clerk_client):
    commune.report_cutoff_day = 15
    commune.save()
    topic = TopicFactory(code="thu-a", name="Giao thông")
    D = datetime.date
    _received(session, topic, D(2025, 2, 20), D(2025, 3, 14), D(2025, 3, 15), D(2026, 3, 1))
    with freeze_time("2026-03-20"):
        html = clerk_client.get(reverse("office:report"), {"ky": "thang", "nam": 2026, "thang": 3, "so_sanh": 1})
    html = html.content.decode()
    assert 'id="fig-petitions">1<' in html
    assert (
        "Cùng kỳ năm trước (tháng 3 năm 2025, từ ngày 15/02/2025 đến ngày 14/03/2025): "
        "0/0 buổi, 2 ý kiến, kiến nghị (2 người nêu), 0 ngày tiếp công dân, 0 lượt tiếp." in html
    )


def test_a_report_over_many_communes_is_made_by_the_task_queue_with_its_file(
    figures, clerk_client, clerk, monkeypatch, django_capture_on_commit_callbacks
):
    """Past REPORT_INLINE_COMMUNES (a province's report), Excel and the draft PDF are background jobs."""
    import office.views.reports as views
    from directory.models import Job

    monkeypatch.setattr(views, "REPORT_INLINE_COMMUNES", 0)
    query = {"nam": 2025, "ky": "h2"}
    with freeze_time("2026-01-10"):
        with django_capture_on_commit_callbacks(execute=True):
            response = clerk_client.get(reverse("office:report_excel"), query)
        job = Job.objects.get(kind="office.report_xlsx")
        assert response["Location"] == job.get_absolute_url()
        assert (job.status, job.owner, job.file_name) == ("done", clerk, "bao-cao-doi-thoai.xlsx")
        page = clerk_client.get(job.get_absolute_url()).content.decode()
        assert "Tải tệp kết quả" in page and "Báo cáo (Excel): 1 xã, phường" in page
        download = clerk_client.get(reverse("directory:job_file", args=[job.pk]))
        sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
        rows = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
        assert rows["Số ý kiến, kiến nghị"] == 5
        with django_capture_on_commit_callbacks(execute=True):
            clerk_client.get(reverse("office:report_pdf"), query)
        pdf_job = Job.objects.get(kind="office.report_pdf")
    assert (pdf_job.status, pdf_job.content_type) == ("done", "application/pdf")
    pdf = clerk_client.get(reverse("directory:job_file", args=[pdf_job.pk]))
    assert "Tổng số 5 ý kiến, kiến nghị" in pdf_text(b"".join(pdf.streaming_content))
