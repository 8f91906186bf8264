"""The register of personal-data requests (Law 91/2025/QH15): deadlines, one extension, the event log."""

import datetime

import pytest
from django.test import Client
from freezegun import freeze_time

from directory.models import DataRequest, Event, Holiday
from directory.services import DataRequestError, data_request_change_status

S = DataRequest.Status


@pytest.fixture
def data_request(commune, clerk):
    # Monday 29/12/2025; Thursday 1/1/2026 is a holiday.
    Holiday.objects.create(day=datetime.date(2026, 1, 1), name="Tết Dương lịch")
    return DataRequest.objects.create(
        commune=commune,
        person_name="Trần Thị Bưởi",
        kind=DataRequest.Kind.CORRECT,
        received_on=datetime.date(2025, 12, 30),
        created_by=clerk,
    )


def test_deadlines_skip_weekends_and_holidays(data_request):
    # Tuesday 30/12 + 2 working days: Wed 31/12, (Thu 1/1 holiday), Fri 2/1.
    assert data_request.acknowledge_by == datetime.date(2026, 1, 2)
    assert data_request.due_on == datetime.date(2026, 1, 14)


def test_the_request_moves_through_the_register(data_request, clerk):
    data_request_change_status(obj=data_request, to=S.ACKNOWLEDGED, by=clerk, on=datetime.date(2025, 12, 31))
    data_request_change_status(
        obj=data_request,
        to=S.EXTENDED,
        by=clerk,
        note="Cần xác minh với thôn",
        on=datetime.date(2026, 1, 10),
    )
    data_request.refresh_from_db()
    assert (data_request.status, data_request.acknowledged_on) == (S.EXTENDED, datetime.date(2025, 12, 31))
    assert data_request.due_on == datetime.date(2026, 1, 29)
    with pytest.raises(DataRequestError, match="Không thể chuyển"):
        data_request_change_status(obj=data_request, to=S.EXTENDED, by=clerk, note="lần hai")
    with pytest.raises(DataRequestError, match="Cần ghi kết quả"):
        data_request_change_status(obj=data_request, to=S.DONE, by=clerk)
    data_request_change_status(
        obj=data_request, to=S.DONE, by=clerk, note="Đã sửa địa chỉ", on=datetime.date(2026, 1, 20)
    )
    data_request.refresh_from_db()
    assert (data_request.status, data_request.closed_on, data_request.outcome) == (
        S.DONE,
        datetime.date(2026, 1, 20),
        "Đã sửa địa chỉ",
    )
    details = list(
        Event.objects.filter(action=Event.Action.DATA_REQUEST).order_by("id").values_list("detail", flat=True)
    )
    assert details == ["received -> acknowledged", "acknowledged -> extended", "extended -> done"]
    # The event names the record, never the person.
    assert not Event.objects.filter(detail__contains="Bưởi").exists()


def test_extension_needs_a_reason(data_request, clerk):
    data_request_change_status(obj=data_request, to=S.ACKNOWLEDGED, by=clerk)
    with pytest.raises(DataRequestError, match="lý do gia hạn"):
        data_request_change_status(obj=data_request, to=S.EXTENDED, by=clerk, note="  ")
    data_request.refresh_from_db()
    assert data_request.status == S.ACKNOWLEDGED


def test_list_flags_late_requests(clerk_client, data_request):
    with freeze_time("2026-01-05 09:00:00"):
        html = clerk_client.get("/danh-muc/yeu-cau-du-lieu/").content.decode()
    assert "Trần Thị Bưởi" in html
    assert "02/01/2026" in html and "14/01/2026" in html
    assert html.count("Quá hạn") == 1  # acknowledgement late, completion not yet


def test_clerk_registers_a_request_and_viewing_it_is_logged(clerk_client, clerk, commune):
    response = clerk_client.post(
        "/danh-muc/yeu-cau-du-lieu/them/",
        {
            "person_name": "Lê Văn Tám",
            "contact": "Thôn 1",
            "kind": "see",
            "description": "",
            "received_on": "05/01/2026",
        },
    )
    obj = DataRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/danh-muc/yeu-cau-du-lieu/{obj.pk}/"
    assert (obj.commune, obj.created_by, obj.received_on) == (commune, clerk, datetime.date(2026, 1, 5))
    clerk_client.get(response["Location"])
    viewed = Event.objects.get(action=Event.Action.VIEWED_PERSONAL_DATA)
    assert (viewed.object_type, viewed.object_id, viewed.user) == ("directory.datarequest", str(obj.pk), clerk)
    response = clerk_client.post(f"/danh-muc/yeu-cau-du-lieu/{obj.pk}/trang-thai/", {"to_status": "done", "note": ""})
    obj.refresh_from_db()
    assert obj.status == S.RECEIVED
    assert "Cần ghi kết quả" in Client.get(clerk_client, response["Location"]).content.decode()


def test_officer_cannot_see_the_register(client, officer, data_request):
    client.force_login(officer)
    assert client.get("/danh-muc/yeu-cau-du-lieu/").status_code == 404
    assert client.get(f"/danh-muc/yeu-cau-du-lieu/{data_request.pk}/").status_code == 404
