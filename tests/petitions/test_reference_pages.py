"""The office keeps topics, answer templates, deadline rules and holidays; demo holidays."""

import datetime

import pytest
from django.urls import reverse
from freezegun import freeze_time

from directory.models import Holiday
from petitions import demo, services
from petitions.models import AnswerTemplate, DeadlineRule, Petition, Topic

D = datetime.date
pytestmark = pytest.mark.django_db


def test_office_adds_a_holiday_that_deadlines_then_skip(client, clerk, commune, routed):
    client.force_login(clerk)
    response = client.post(reverse("directory:holiday_create"), {"day": "2025-10-02", "name": "Lễ hội làng"})
    assert response.status_code == 302
    assert list(Holiday.objects.values_list("commune", "day", "name")) == [(commune.pk, D(2025, 10, 2), "Lễ hội làng")]
    # Received Wed 1/10: Thu 2/10 is off now, so the 10th working day moves from 15/10 to 16/10.
    assert services.deadline_for(routed, "answer") == D(2025, 10, 16)
    again = client.post(reverse("directory:holiday_create"), {"day": "2025-10-02", "name": "Trùng"})
    assert "Ngày 02/10/2025 đã có trong lịch nghỉ." in again.content.decode()
    assert Holiday.objects.count() == 1
    page = client.get(reverse("directory:holiday_list")).content.decode()
    assert "Lễ hội làng" in page


def test_shared_rows_are_shown_but_not_edited_here(client, clerk, roads):
    shared = Holiday.objects.create(commune=None, day=D(2025, 9, 2), name="Quốc khánh")
    client.force_login(clerk)
    assert client.get(reverse("directory:holiday_update", args=[shared.pk])).status_code == 404
    assert client.get(reverse("petitions:topic_update", args=[roads.pk])).status_code == 404
    page = client.get(reverse("directory:holiday_list")).content.decode()
    assert "Quốc khánh" in page and "Dùng chung" in page


def test_another_communes_rows_answer_404(client, outsider, commune, roads):
    own = Topic.objects.create(commune=commune, code="rieng", name="Riêng")
    client.force_login(outsider)
    assert client.get(reverse("petitions:topic_update", args=[own.pk])).status_code == 404
    assert "Riêng" not in client.get(reverse("petitions:topic_list")).content.decode()


def test_office_adds_a_topic_and_an_answer_template(client, clerk, commune):
    client.force_login(clerk)
    client.post(reverse("petitions:topic_create"), {"name": "Nước sạch nông thôn", "position": 5, "is_active": "on"})
    topic = Topic.objects.get(commune=commune)
    assert (topic.code, topic.name, topic.position) == ("nuoc-sach-nong-thon", "Nước sạch nông thôn", 5)
    dup = client.post(reverse("petitions:topic_create"), {"name": "nước sạch nông thôn", "position": 1})
    assert "Đã có lĩnh vực cùng tên." in dup.content.decode()
    client.post(
        reverse("petitions:answer_template_create"),
        {"topic": topic.pk, "title": "Trả lời về nước sạch", "body": "UBND xã đã làm việc với đơn vị cấp nước."},
    )
    assert list(AnswerTemplate.objects.values_list("commune", "topic", "title")) == [
        (commune.pk, topic.pk, "Trả lời về nước sạch")
    ]
    client.post(reverse("petitions:topic_update", args=[topic.pk]), {"name": "Nước sạch", "position": 5})
    topic.refresh_from_db()
    assert (topic.name, topic.is_active) == ("Nước sạch", False)


@freeze_time("2025-10-01 09:00:00")
def test_a_commune_rule_changes_the_deadline(client, clerk, commune, make_petition, unit, roads):
    client.force_login(clerk)
    bad = client.post(reverse("petitions:deadline_rule_create"), {"step": "answer", "working_days": 0})
    assert "Số ngày làm việc từ 1 đến 60." in bad.content.decode()
    client.post(
        reverse("petitions:deadline_rule_create"), {"step": "answer", "working_days": 7, "legal_basis": "QĐ xã"}
    )
    assert list(DeadlineRule.objects.filter(commune=commune).values_list("step", "working_days")) == [("answer", 7)]
    twice = client.post(reverse("petitions:deadline_rule_create"), {"step": "answer", "working_days": 8})
    assert "Xã đã có quy tắc cho bước này; hãy sửa quy tắc đó." in twice.content.decode()
    p = make_petition(received_on=D(2025, 10, 1))
    services.petition_classify(petition=p, by=clerk, topic=roads, kind="kien_nghi", competence="commune")
    services.petition_route(petition=p, by=clerk, unit=unit)
    # 7 working days from Wed 1/10/2025: Fri 10/10.
    assert Petition.objects.get(pk=p.pk).deadline == D(2025, 10, 10)


def test_demo_seeds_the_national_holidays_once(db):
    demo.load_holidays()
    demo.load_holidays()
    days = set(Holiday.objects.filter(commune=None).values_list("day", flat=True))
    assert len(days) == Holiday.objects.count() == 30
    assert {D(2025, 9, 2), D(2026, 2, 17), D(2026, 4, 27)} <= days
    assert Holiday.objects.get(day=D(2025, 4, 7)).name == "Giỗ Tổ Hùng Vương (10/3 âm lịch)"
