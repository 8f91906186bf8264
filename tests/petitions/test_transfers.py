"""A transfer followed to the end: where it went, the letter, the reply's due date, the reply."""

import datetime
import re

import pytest
from django.urls import reverse
from freezegun import freeze_time

from dialogue.http import NotPermitted
from petitions import services
from petitions.models import Petition

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def transferred(make_petition, clerk):
    with freeze_time("2025-10-06"):  # a Monday
        p = make_petition(content="Quốc lộ qua xã bị sụt lún", received_on=D(2025, 10, 1))
        return services.petition_transfer(
            petition=p, by=clerk, to_body="Sở Xây dựng tỉnh", letter="15/UBND-VP", on=D(2025, 10, 6)
        )


def test_transfer_records_where_the_letter_and_the_reply_due(transferred):
    p = Petition.objects.get(pk=transferred.pk)
    assert (p.status, p.transfer_to, p.transfer_letter, p.transferred_on) == (
        "transferred",
        "Sở Xây dựng tỉnh",
        "15/UBND-VP",
        D(2025, 10, 6),
    )
    assert p.transfer_reply_due == D(2025, 11, 3)  # 20 working days after Monday 06/10/2025
    assert (p.transfer_state, p.transfer_state_label) == ("awaiting", "Đã chuyển, chờ trả lời")


def test_the_reply_is_recorded_and_the_petition_shows_answered_by_the_receiving_body(client, transferred, clerk):
    client.force_login(clerk)
    url = reverse("petitions:action", args=[transferred.pk, "tra-loi-chuyen"])
    with freeze_time("2025-11-10"):
        client.post(url, {"replied_on": "2025-11-07", "letter": "88/SXD-HT", "reply": "Sở sẽ sửa trong quý I/2026."})
        page = client.get(transferred.get_absolute_url()).content.decode()
    p = Petition.objects.get(pk=transferred.pk)
    assert (p.transfer_replied_on, p.transfer_reply_letter, p.transfer_reply) == (
        D(2025, 11, 7),
        "88/SXD-HT",
        "Sở sẽ sửa trong quý I/2026.",
    )
    assert p.status == "transferred" and p.transfer_state == "answered"
    assert "Cơ quan nhận đã trả lời" in page
    assert "Trả lời ngày 07/11/2025 (văn bản số 88/SXD-HT)" in page


@pytest.mark.parametrize(
    ("replied_on", "reply", "message"),
    [
        (D(2025, 10, 5), "Trả lời", "Ngày trả lời không được trước ngày chuyển (06/10/2025)."),
        (D(2025, 11, 11), "Trả lời", "Ngày trả lời không được sau hôm nay."),
        (D(2025, 11, 7), "  ", "Ghi tóm tắt nội dung trả lời của cơ quan nhận."),
    ],
)
def test_a_bad_reply_is_refused_and_nothing_saved(transferred, clerk, replied_on, reply, message):
    with freeze_time("2025-11-10"), pytest.raises(services.PetitionError, match=re.escape(message)):
        services.petition_transfer_reply(petition=transferred, by=clerk, replied_on=replied_on, reply=reply)
    p = Petition.objects.get(pk=transferred.pk)
    assert (p.transfer_replied_on, p.transfer_reply) == (None, "")


def test_a_reply_dated_before_the_transfer_is_said_on_the_page(client, transferred, clerk):
    client.force_login(clerk)
    url = reverse("petitions:action", args=[transferred.pk, "tra-loi-chuyen"])
    with freeze_time("2025-11-10"):
        page = client.post(url, {"replied_on": "2025-10-01", "reply": "Trả lời"}, follow=True).content.decode()
    assert "Ngày trả lời không được trước ngày chuyển (06/10/2025)." in page
    assert Petition.objects.get(pk=transferred.pk).transfer_replied_on is None


def test_a_second_reply_and_a_reply_to_an_untransferred_petition_are_refused(transferred, routed, clerk):
    with freeze_time("2025-11-10"):
        services.petition_transfer_reply(petition=transferred, by=clerk, replied_on=D(2025, 11, 7), reply="Xong")
        with pytest.raises(services.PetitionError, match=re.escape("Đã ghi trả lời của cơ quan nhận ngày 07/11/2025.")):
            services.petition_transfer_reply(petition=transferred, by=clerk, replied_on=D(2025, 11, 8), reply="Lại")
        with pytest.raises(services.PetitionError, match="Chỉ ghi trả lời của cơ quan nhận cho ý kiến đã chuyển đi."):
            services.petition_transfer_reply(petition=routed, by=clerk, replied_on=D(2025, 11, 8), reply="Xong")


def test_a_unit_official_may_not_record_a_reply(transferred, officer):
    with pytest.raises(NotPermitted):
        services.petition_transfer_reply(petition=transferred, by=officer, replied_on=D(2025, 11, 7), reply="Xong")


def test_the_transfers_list_puts_the_overdue_first_and_filters_them(client, transferred, make_petition, clerk):
    with freeze_time("2025-11-01"):
        later = services.petition_transfer(
            petition=make_petition(content="Cầu treo xuống cấp", received_on=D(2025, 10, 20)),
            by=clerk,
            to_body="Sở Giao thông",
        )
    client.force_login(clerk)
    with freeze_time("2025-11-10"):
        listing = client.get(reverse("petitions:transfers")).content.decode()
        overdue = client.get(reverse("petitions:transfers"), {"qua_han": "1"}).content.decode()
    assert listing.index(transferred.code) < listing.index(later.code)
    assert listing.count("transfer-overdue") == 1
    assert transferred.code in overdue and later.code not in overdue
