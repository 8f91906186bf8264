"""The reception-day register: days, visits, a visit recorded as a petition, and the report's figures."""

import datetime

import pytest
from django.urls import reverse
from freezegun import freeze_time

from dialogue.http import NotPermitted
from directory.models import Commune
from office.periods import period_of
from office.reports import build_report
from petitions.models import Petition
from reception.models import ReceptionDay, Visit
from reception.services import ReceptionError, reception_day_create, visit_record
from tests.factories import OfficialFactory
from tests.petitions.factories import topic

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def chairman(commune):
    return OfficialFactory(commune=commune, full_name="Lê Văn Chủ", position="Chủ tịch UBND xã")


def representative_rows(*rows, initial=0):
    """The POST data of the representatives' rows (prefix "dd"): ROWS of (name, address, phone)."""
    data = {"dd-TOTAL_FORMS": str(len(rows)), "dd-INITIAL_FORMS": str(initial)}
    for i, (name, address, phone) in enumerate(rows):
        data.update({f"dd-{i}-name": name, f"dd-{i}-address": address, f"dd-{i}-phone": phone})
    return data


def _day(commune, clerk, chairman, day, **kw):
    return reception_day_create(commune=commune, by=clerk, day=day, leader=chairman, place="Trụ sở UBND xã", **kw)


def test_a_reception_day_without_a_leader_or_in_the_future_is_refused(commune, clerk, chairman, other_commune):
    with pytest.raises(ReceptionError, match="Ghi rõ lãnh đạo tiếp công dân."):
        reception_day_create(commune=commune, by=clerk, day=D(2025, 11, 5), leader=None, place="Trụ sở")
    stranger = OfficialFactory(commune=other_commune)
    with pytest.raises(ReceptionError, match="Lãnh đạo tiếp công dân phải là cán bộ của xã."):
        reception_day_create(commune=commune, by=clerk, day=D(2025, 11, 5), leader=stranger, place="Trụ sở")
    with freeze_time("2025-11-10"), pytest.raises(ReceptionError, match="không sau hôm nay"):
        _day(commune, clerk, chairman, D(2025, 11, 11))
    assert ReceptionDay.objects.count() == 0


def test_the_page_refuses_a_day_without_a_leader_and_saves_nothing(client, clerk, commune):
    client.force_login(clerk)
    page = client.post(reverse("reception:days"), {"day": "2025-11-05", "kind": "regular", "place": "Trụ sở"})
    assert "Ghi rõ lãnh đạo tiếp công dân." in page.content.decode()
    assert ReceptionDay.objects.count() == 0


def test_a_visit_recorded_as_a_petition_enters_the_same_handling(client, clerk, commune, chairman):
    day = _day(commune, clerk, chairman, D(2025, 11, 5))
    earlier = Petition.objects.create(
        commune=commune, code="KN-OLD-1", received_on=D(2025, 3, 1), topic=topic("ha-tang"), content="Đường hỏng"
    )
    client.force_login(clerk)
    response = client.post(
        day.get_absolute_url(),
        {
            "citizen_name": "Phạm Thị Dân",
            "people_count": 6,
            **representative_rows(("Bà Phạm Thị Dân", "Thôn 1", ""), ("Ông Lê Văn Hùng", "", "0912000111")),
            "matter": "new",
            "content": "Đường liên thôn lại hỏng",
            "outcome": "recorded",
            "topic": topic("ha-tang").pk,
            "earlier_code": "KN-OLD-1",
        },
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    p = visit.petition
    assert (visit.matter, visit.earlier_petition, visit.is_group) == ("old", earlier, True)
    assert (p.source, p.received_on, p.people_count, p.repeat_of, p.status) == (
        "reception",
        D(2025, 11, 5),
        6,
        earlier,
        "received",
    )
    page = client.get(day.get_absolute_url()).content.decode()
    assert "Đoàn đông người" in page and p.code in page
    assert [str(r) for r in visit.representatives.all()] == ["Bà Phạm Thị Dân, Thôn 1", "Ông Lê Văn Hùng, 0912000111"]
    assert p.representatives == "Bà Phạm Thị Dân, Thôn 1; Ông Lê Văn Hùng, 0912000111"
    assert "Đại diện: Bà Phạm Thị Dân, Thôn 1; Ông Lê Văn Hùng, 0912000111" in page


def test_a_recorded_visit_needs_a_topic_and_nothing_is_saved(commune, clerk, chairman):
    day = _day(commune, clerk, chairman, D(2025, 11, 5))
    with pytest.raises(ReceptionError, match="chọn lĩnh vực"):
        visit_record(day=day, by=clerk, content="Xin cấp sổ đỏ", outcome="recorded")
    assert (Visit.objects.count(), Petition.objects.count()) == (0, 0)


def test_unit_officials_and_supervisors_cannot_write_the_register(commune, clerk, chairman, officer, supervisor):
    day = _day(commune, clerk, chairman, D(2025, 11, 5))
    for user in (officer, supervisor):
        with pytest.raises(NotPermitted):
            visit_record(day=day, by=user, content="Hỏi chế độ", outcome="answered")


def test_report_counts_reception_days_visits_people_and_the_days_missing(commune, clerk, chairman, clerk_client):
    commune.report_cutoff_day = 15
    commune.save()
    with freeze_time("2026-01-10"):
        d1 = _day(commune, clerk, chairman, D(2025, 11, 20))  # month of December (15/11–14/12)
        d2 = _day(commune, clerk, chairman, D(2025, 12, 10), kind="scheduled")  # December too
        d3 = _day(commune, clerk, chairman, D(2025, 12, 15), kind="ad_hoc")  # January (15/12–14/01)
        _day(commune, clerk, chairman, D(2025, 11, 14))  # November: outside Q4's December
        visit_record(day=d1, by=clerk, content="Hỏi chế độ", outcome="answered")
        visit_record(day=d2, by=clerk, content="Tranh chấp đất", outcome="guided", people_count=8)
        visit_record(day=d3, by=clerk, content="Hỏi lại", outcome="answered", matter="old", people_count=2)
        period = period_of("thang", 2025, month=12, cutoff=15)
        r = build_report(communes=Commune.objects.filter(pk=commune.pk), period=period)
        assert (r["reception"]["days"], r["reception"]["visits"], r["reception"]["people"]) == (2, 2, 9)
        assert (r["reception"]["group_visits"], r["reception"]["days_missing"]) == (1, 0)
        january = build_report(
            communes=Commune.objects.filter(pk=commune.pk), period=period_of("thang", 2026, month=1, cutoff=15)
        )
        assert (january["reception"]["days"], january["reception"]["old"], january["reception"]["days_missing"]) == (
            1,
            1,
            1,
        )
        q4 = build_report(communes=Commune.objects.filter(pk=commune.pk), period=period_of("q4", 2025, cutoff=15))
        # October (15/09–14/10): 0, November (15/10–14/11): 1, December: 2 → 2 + 1 missing.
        assert [(m["start"], m["held"]) for m in q4["reception"]["missing"]] == [
            (D(2025, 9, 15), 0),
            (D(2025, 10, 15), 1),
        ]
        assert q4["reception"]["days_missing"] == 3
        page = clerk_client.get(reverse("office:report"), {"ky": "q4", "nam": 2025}).content.decode()
    assert 'id="reception-figures">3 ngày tiếp, 2 lượt, 9 người, 1 đoàn đông người.<' in page
    assert "Còn thiếu 3 ngày tiếp so với quy định" in page


def test_the_dashboard_shows_the_months_reception_duty_under_the_communes_cut_off(
    commune, clerk, chairman, clerk_client, client, officer
):
    commune.report_cutoff_day = 15
    commune.save()
    with freeze_time("2025-11-20"):
        _day(commune, clerk, chairman, D(2025, 11, 14))  # November's (15/10–14/11): not this month's
        _day(commune, clerk, chairman, D(2025, 11, 16))  # December's (15/11–14/12)
        page = clerk_client.get(reverse("dashboard")).content.decode()
        assert "Tiếp công dân tháng 12 năm 2025" in page
        assert "từ ngày 15/11/2025 đến ngày 14/12/2025" in page
        assert "<strong>1/2</strong>" in page and "còn thiếu 1 ngày</strong>, còn 24 ngày đến hết kỳ" in page
        assert "16/11 – Lê Văn Chủ" in page and "14/11 – Lê Văn Chủ" not in page
        _day(commune, clerk, chairman, D(2025, 11, 18), kind="ad_hoc")
        page = clerk_client.get(reverse("dashboard")).content.decode()
        assert "<strong>2/2</strong>" in page and "đã đủ" in page and "còn thiếu" not in page
        # A unit official does not read the register: no panel.
        client.force_login(officer)
        assert 'id="reception-duty"' not in client.get(reverse("dashboard")).content.decode()


def test_the_dashboard_counts_the_calendar_month_without_a_cut_off(commune, clerk, chairman, clerk_client):
    with freeze_time("2025-12-31"):
        _day(commune, clerk, chairman, D(2025, 11, 30))
        page = clerk_client.get(reverse("dashboard")).content.decode()
    assert "Tiếp công dân tháng 12 năm 2025" in page and "<strong>0/2</strong>" in page
    assert "còn thiếu 2 ngày</strong>, còn 0 ngày đến hết kỳ" in page


def test_the_office_corrects_a_day_and_a_visit_under_the_same_rules(commune, clerk, chairman, client, other_commune):
    day = _day(commune, clerk, chairman, D(2025, 11, 5))
    visit = visit_record(day=day, by=clerk, content="Hỏi chế độ", outcome="answered", citizen_name="Phạm Văn A")
    client.force_login(clerk)
    edit = reverse("reception:day_edit", args=[day.pk])
    stranger = OfficialFactory(commune=other_commune)
    page = client.post(edit, {"day": "05/11/2025", "kind": "regular", "leader": stranger.pk, "place": "Nhà văn hóa"})
    assert page.status_code == 200  # a leader of another commune is not even a choice
    day.refresh_from_db()
    assert day.place == "Trụ sở UBND xã"
    response = client.post(edit, {"day": "06/11/2025", "kind": "ad_hoc", "leader": chairman.pk, "place": "Nhà văn hóa"})
    assert response.status_code == 302
    day.refresh_from_db()
    assert (day.day, day.kind, day.place) == (D(2025, 11, 6), "ad_hoc", "Nhà văn hóa")
    page = client.get(day.get_absolute_url()).content.decode()
    assert reverse("reception:visit_edit", args=[visit.pk]) in page
    url = reverse("reception:visit_edit", args=[visit.pk])
    form = {"citizen_name": "Phạm Văn An", "people_count": 1, "matter": "new", "content": "", "outcome": "answered",
            **representative_rows()}  # fmt: skip
    assert "Ghi nội dung công dân trình bày." in client.post(url, form).content.decode()
    visit.refresh_from_db()
    assert (visit.citizen_name, visit.content) == ("Phạm Văn A", "Hỏi chế độ")
    assert "ghi một lượt tiếp mới" in client.post(url, {**form, "content": "Hỏi", "outcome": "recorded",
                                                         "topic": topic("ha-tang").pk}).content.decode()  # fmt: skip
    assert client.post(url, {**form, "content": "Hỏi chế độ chính sách"}).status_code == 302
    visit.refresh_from_db()
    assert (visit.citizen_name, visit.content) == ("Phạm Văn An", "Hỏi chế độ chính sách")
    assert visit.history.count() == 2


def test_a_visit_that_recorded_a_petition_keeps_its_outcome(commune, clerk, chairman):
    from reception.services import visit_update

    day = _day(commune, clerk, chairman, D(2025, 11, 5))
    visit = visit_record(day=day, by=clerk, content="Xin cấp sổ đỏ", outcome="recorded", topic=topic("ha-tang"))
    with pytest.raises(ReceptionError, match="giữ kết quả “Tiếp nhận đơn”"):
        visit_update(obj=visit, by=clerk, content="Xin cấp sổ đỏ", outcome="answered")
    visit.refresh_from_db()
    assert visit.outcome == "recorded" and visit.petition is not None


def test_the_admin_shows_the_register_and_changes_nothing(commune, clerk, chairman, admin_client):
    day = _day(commune, clerk, chairman, D(2025, 11, 5))
    visit = visit_record(day=day, by=clerk, content="Hỏi chế độ", outcome="answered", citizen_name="Phạm Văn A")
    assert "Trụ sở UBND xã" in admin_client.get(reverse("admin:reception_receptionday_changelist")).content.decode()
    page = admin_client.get(reverse("admin:reception_receptionday_change", args=[day.pk])).content.decode()
    assert "Phạm Văn A" in page and 'name="_save"' not in page
    assert admin_client.get(reverse("admin:reception_visit_change", args=[visit.pk])).status_code == 200
    assert admin_client.get(reverse("admin:reception_visit_add")).status_code == 403
    admin_client.post(reverse("admin:reception_visit_change", args=[visit.pk]), {"content": "Khác"})
    visit.refresh_from_db()
    assert visit.content == "Hỏi chế độ"
