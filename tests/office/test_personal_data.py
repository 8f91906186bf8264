"""A person's data (Law 91/2025/QH15): found, exported, anonymised everywhere, and not kept past retention."""

import datetime
from io import BytesIO, StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from directory.models import DataRequest, Event
from office.personal_data import PersonalDataError, person_anonymise, person_find
from petitions import services as petition_services
from petitions.models import Attachment, Petition
from reception.models import Visit
from reception.services import reception_day_create, visit_record
from sessions_app.models import Participant, PrintJob
from tests.factories import OfficialFactory, PlanFactory, SessionFactory
from tests.petitions.factories import topic
from tests.sessions_app.factories import ParticipantFactory
from tests.spreadsheet_files import assert_house_face

NAME = "Nguyễn Thị Hoa"
PHONE = "0912345678"


@pytest.fixture
def people(commune, clerk, villages, other_commune):
    """Hoa's petitions (one renamed since), a namesake with another phone, a neighbour, and Hoa on a roster."""
    roads = topic("ha-tang")

    def petition(name, phone="", address="", **kw):
        return petition_services.petition_create(
            commune=kw.pop("commune", commune),
            by=kw.pop("by", clerk),
            content=kw.pop("content", "Đường liên thôn hư hỏng"),
            topic=roads,
            citizen_name=name,
            citizen_phone=phone,
            citizen_address=address,
            **kw,
        )

    hoa = petition(NAME, PHONE, "Số 5 thôn Tuyết Diêm", content=f"Tôi là {NAME}, đề nghị sửa đường.")
    renamed = petition("Nguyen Thi Hoa", "")
    renamed.citizen_name = "Trần Văn Bình"  # corrected later: the history still names Hoa
    renamed.save()
    namesake = petition(NAME, "0987654321")
    neighbour = petition("Lê Văn Nam", "0911111111", "Số 7 thôn Tuyết Diêm")
    elsewhere = petition(NAME, PHONE, commune=other_commune, by=None)
    session = SessionFactory(plan=PlanFactory(commune=commune), villages=villages)
    guest = ParticipantFactory(session=session, village=villages[0], full_name=NAME, phone="+84 912 345 678")
    other_guest = ParticipantFactory(session=session, village=villages[0], full_name="Lê Văn Nam", phone="0911111111")
    day = reception_day_create(
        commune=commune, by=clerk, day=datetime.date(2025, 11, 5), leader=OfficialFactory(commune=commune), place="UBND"
    )
    visit = visit_record(
        day=day,
        by=clerk,
        content=f"Bà {NAME} trình bày việc đường ngập.",
        outcome=Visit.Outcome.ANSWERED,
        citizen_name=NAME,
        citizen_phone=PHONE,
        citizen_address="Số 5 thôn Tuyết Diêm",
    )
    other_visit = visit_record(
        day=day, by=clerk, content="Hỏi về đất.", outcome=Visit.Outcome.GUIDED, citizen_name="Lê Văn Nam"
    )
    request = DataRequest.objects.create(
        commune=commune,
        person_name=NAME,
        contact=f"Thôn Tuyết Diêm, ĐT {PHONE}",
        kind=DataRequest.Kind.DELETE,
        received_on=datetime.date(2026, 1, 5),
    )
    return {
        "hoa": hoa,
        "renamed": renamed,
        "namesake": namesake,
        "neighbour": neighbour,
        "elsewhere": elsewhere,
        "guest": guest,
        "other_guest": other_guest,
        "request": request,
        "session": session,
        "visit": visit,
        "other_visit": other_visit,
    }


def test_the_person_is_found_without_accents_in_records_and_their_history(people, commune):
    found = person_find(commune=commune, name="nguyen thi hoa")
    assert found.ids == {
        "petitions": sorted([people["hoa"].pk, people["renamed"].pk, people["namesake"].pk]),
        "visits": [people["visit"].pk],
        "representatives": [],
        "participants": [people["guest"].pk],
        "data_requests": [people["request"].pk],
    }


def test_name_and_phone_together_leave_out_a_namesake_with_another_phone(people, commune):
    found = person_find(commune=commune, name="Nguyễn Thị Hoa", phone="0912 345 678")
    assert found.ids["petitions"] == sorted([people["hoa"].pk, people["renamed"].pk])
    assert found.ids["participants"] == [people["guest"].pk]


def test_a_search_needs_a_name_or_a_phone(commune, db):
    with pytest.raises(PersonalDataError, match="Nhập họ tên hoặc số điện thoại"):
        person_find(commune=commune, name="  ", phone="")


def test_the_export_holds_the_persons_records_and_nothing_of_others(clerk_client, people):
    request = people["request"]
    response = clerk_client.get(
        reverse("office:person_data_export", args=[request.pk]), {"ten": NAME, "dien_thoai": PHONE}
    )
    assert response.status_code == 200
    wb = load_workbook(BytesIO(response.content))
    assert wb.sheetnames == [
        "Ý kiến, kiến nghị",
        "Lịch sử - Ý kiến, kiến nghị",
        "Lượt tiếp công dân",
        "Lịch sử - Lượt tiếp công dân",
        "Người đại diện đoàn",
        "Lịch sử - Người đại diện đoàn",
        "Người được mời",
        "Lịch sử - Người được mời",
        "Yêu cầu dữ liệu",
        "Lịch sử - Yêu cầu dữ liệu",
    ]
    assert_house_face(wb)
    petitions = wb["Ý kiến, kiến nghị"]
    header = [c.value for c in petitions[1]]
    assert "Mã số" in header and "Người tạo" in header
    assert "Buổi tiếp xúc" in [c.value for c in wb["Người được mời"][1]]
    received = petitions.cell(row=2, column=header.index("Ngày tiếp nhận") + 1)
    assert received.is_date
    code = header.index("Mã tiếp nhận")
    assert sorted(r[code] for r in petitions.iter_rows(min_row=2, values_only=True)) == sorted(
        [people["hoa"].code, people["renamed"].code]
    )
    everything = " ".join(str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v is not None)
    assert "Số 5 thôn Tuyết Diêm" in everything
    assert "+84 912 345 678" in everything
    assert "Bà Nguyễn Thị Hoa trình bày việc đường ngập." in everything
    for other in ("Lê Văn Nam", "0911111111", "Số 7 thôn Tuyết Diêm", "0987654321", people["elsewhere"].code):
        assert other not in everything
    # The renamed petition's old name is in its history sheet.
    history = [r for r in wb["Lịch sử - Ý kiến, kiến nghị"].iter_rows(min_row=2, values_only=True)]
    assert [r[2] for r in history].count("Sửa") == 1
    events = Event.objects.filter(action=Event.Action.EXPORTED).order_by("detail")
    assert [e.detail for e in events] == [
        f"person data_requests {request.pk}",
        f"person participants {people['guest'].pk}",
        f"person petitions {people['hoa'].pk}-{people['renamed'].pk}",  # made one after the other: a range
        f"person visits {people['visit'].pk}",
    ]


def _texts_holding(table, key, ids, needle):
    """Rows of TABLE whose KEY is in IDS with NEEDLE in any column, by raw SQL (no model code in between)."""
    quote = connection.ops.quote_name
    marks = ",".join(["%s"] * len(ids))
    found = 0
    with connection.cursor() as cursor:
        for column in connection.introspection.get_table_description(cursor, table):
            cursor.execute(
                f"SELECT COUNT(*) FROM {quote(table)} WHERE {quote(key)} IN ({marks}) "
                f"AND CAST({quote(column.name)} AS TEXT) LIKE %s",
                [*ids, f"%{needle}%"],
            )
            found += cursor.fetchone()[0]
    return found


def _tables(petition_ids, participant_ids, visit_ids):
    return {
        "reception_visit": ("id", visit_ids),
        "reception_historicalvisit": ("id", visit_ids),
        "petitions_petition": ("id", petition_ids),
        "petitions_historicalpetition": ("id", petition_ids),
        "petitions_petitiontransition": ("petition_id", petition_ids),
        "sessions_app_participant": ("id", participant_ids),
        "sessions_app_historicalparticipant": ("id", participant_ids),
    }


def test_anonymising_leaves_no_trace_of_the_name_in_the_tables_and_their_history(
    people, clerk, commune, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    hoa = people["hoa"]
    scan = petition_services.petition_attach(
        petition=hoa, by=clerk, upload=SimpleUploadedFile("don.pdf", b"%PDF-1.4 don", content_type="application/pdf")
    )
    scan_path = tmp_path / scan.file.name
    assert scan_path.exists()
    letters = tmp_path / "job-1-giay-moi.pdf"
    letters.write_bytes(b"%PDF-1.4 Nguyen Thi Hoa")
    job = PrintJob.objects.create(session=people["session"], status=PrintJob.Status.DONE, path=str(letters))
    hoa.citizen_address = "Số 5A thôn Tuyết Diêm"  # one more history row holding the address
    hoa.save()
    tables = _tables([hoa.pk, people["renamed"].pk], [people["guest"].pk], [people["visit"].pk])
    assert {t: _texts_holding(t, *spec, NAME) for t, spec in tables.items()} == {
        "reception_visit": 2,  # name and content
        "reception_historicalvisit": 2,
        "petitions_petition": 2,  # name and content
        "petitions_historicalpetition": 4,  # two rows of Hoa x (name, content); the renamed one: no accents
        "petitions_petitiontransition": 0,
        "sessions_app_participant": 1,
        "sessions_app_historicalparticipant": 1,
    }

    with TestCase.captureOnCommitCallbacks(execute=True):
        done = person_anonymise(
            commune=commune,
            user=clerk,
            petition_ids=[hoa.pk, people["renamed"].pk],
            participant_ids=[people["guest"].pk],
            visit_ids=[people["visit"].pk],
            data_request=people["request"],
        )
    assert done == {"petitions": 2, "visits": 1, "representatives": 0, "participants": 1, "attachments": 1}
    for needle in (NAME, "Nguyen Thi Hoa", PHONE, "912 345 678", "Tuyết Diêm"):
        holding = {t: _texts_holding(t, *spec, needle) for t, spec in tables.items()}
        assert holding == dict.fromkeys(tables, 0), needle
    hoa.refresh_from_db()
    assert (hoa.citizen_name, hoa.citizen_phone, hoa.citizen_address) == ("", "", "")
    assert hoa.content == "Tôi là [ẩn danh], đề nghị sửa đường."
    assert hoa.citizen_display == "ẩn danh"
    assert hoa.status == "received"
    assert not Attachment.objects.filter(pk=scan.pk).exists()
    assert not scan_path.exists()
    job.refresh_from_db()
    assert (job.path, letters.exists()) == ("", False)
    guest = Participant.objects.get(pk=people["guest"].pk)
    assert (guest.full_name, guest.phone) == ("Ẩn danh", "")
    # The others are untouched.
    assert Petition.objects.get(pk=people["namesake"].pk).citizen_name == NAME
    assert Petition.objects.get(pk=people["elsewhere"].pk).citizen_name == NAME
    assert Participant.objects.get(pk=people["other_guest"].pk).full_name == "Lê Văn Nam"
    visit = Visit.objects.get(pk=people["visit"].pk)
    assert (visit.citizen_name, visit.content, visit.outcome) == (
        "",
        "Bà [ẩn danh] trình bày việc đường ngập.",
        "answered",
    )
    assert Visit.objects.get(pk=people["other_visit"].pk).citizen_name == "Lê Văn Nam"
    events = Event.objects.filter(action=Event.Action.CHANGED_PERSONAL_DATA).order_by("detail")
    assert [(e.object_id, e.detail) for e in events] == [
        (str(people["request"].pk), f"anonymised participants (request) {people['guest'].pk}"),
        (
            str(people["request"].pk),
            f"anonymised petitions (request) {hoa.pk}-{people['renamed'].pk}",
        ),
        (str(people["request"].pk), f"anonymised visits (request) {people['visit'].pk}"),
    ]


def test_the_register_leads_to_the_persons_data_and_anonymises_after_confirmation(clerk_client, people):
    request = people["request"]
    detail = clerk_client.get(request.get_absolute_url()).content.decode()
    search_url = reverse("office:person_data", args=[request.pk])
    assert f'href="{search_url}"' in detail
    page = clerk_client.get(search_url).content.decode()  # the request's name and phone are the default search
    assert people["hoa"].code in page
    assert people["namesake"].code not in page
    assert people["neighbour"].code not in page
    assert (
        Event.objects.filter(action=Event.Action.VIEWED_PERSONAL_DATA, detail__startswith="person petitions").count()
        == 1
    )
    assert "Bà Nguyễn Thị Hoa" not in page and f'name="visits" value="{people["visit"].pk}"' in page
    chosen = {
        "ten": NAME,
        "dien_thoai": PHONE,
        "petitions": [people["hoa"].pk],
        "participants": [people["guest"].pk],
        "visits": [people["visit"].pk],
    }
    url = reverse("office:person_data_anonymise", args=[request.pk])
    confirm = clerk_client.post(url, chosen).content.decode()
    assert "Xác nhận xóa thông tin cá nhân" in confirm
    assert "Đang xử lý: sau khi xóa sẽ không liên hệ được" in confirm
    assert "Lượt tiếp công dân (1)" in confirm
    assert Petition.objects.get(pk=people["hoa"].pk).citizen_name == NAME  # nothing yet
    response = clerk_client.post(url, {**chosen, "confirm": "1"}, follow=True)
    assert (
        "Đã xóa thông tin cá nhân khỏi: 1 ý kiến, kiến nghị; 1 lượt tiếp công dân; 1 người trong danh sách mời"
        in response.content.decode()
    )
    assert Petition.objects.get(pk=people["hoa"].pk).citizen_name == ""
    assert Petition.objects.get(pk=people["renamed"].pk).citizen_name == "Trần Văn Bình"  # not chosen


def test_a_record_the_search_did_not_find_cannot_be_anonymised(clerk_client, people):
    url = reverse("office:person_data_anonymise", args=[people["request"].pk])
    response = clerk_client.post(
        url, {"ten": NAME, "dien_thoai": PHONE, "petitions": [people["neighbour"].pk], "confirm": "1"}, follow=True
    )
    assert "hợp lệ" in response.content.decode()
    assert Petition.objects.get(pk=people["neighbour"].pk).citizen_name == "Lê Văn Nam"
    assert not Event.objects.filter(action=Event.Action.CHANGED_PERSONAL_DATA).exists()


def test_only_a_request_to_delete_anonymises(clerk_client, people):
    request = people["request"]
    request.kind = DataRequest.Kind.SEE
    request.save()
    url = reverse("office:person_data_anonymise", args=[request.pk])
    response = clerk_client.post(url, {"ten": NAME, "petitions": [people["hoa"].pk], "confirm": "1"}, follow=True)
    assert "Chỉ xóa thông tin cá nhân khi giải quyết yêu cầu xóa dữ liệu." in response.content.decode()
    assert Petition.objects.get(pk=people["hoa"].pk).citizen_name == NAME


# --- retention -----------------------------------------------------------------------------------


@pytest.fixture
def aged(people, clerk):
    """Hoa's petition closed 6 years ago, the neighbour's closed yesterday, the namesake's still open."""
    old = people["hoa"]
    petition_services.petition_change_status(obj=old, to="closed_unresolved", by=clerk, note="Không liên lạc được")
    Petition.objects.filter(pk=old.pk).update(closed_at=timezone.now() - datetime.timedelta(days=6 * 365))
    recent = people["neighbour"]
    petition_services.petition_change_status(obj=recent, to="transferred", by=clerk, note="Chuyển tỉnh")
    return people


def test_retention_anonymises_only_petitions_closed_longer_ago_than_the_setting(aged, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 1826
    out = StringIO()
    call_command("anonymise_closed_petitions", stdout=out)
    assert out.getvalue().startswith("Đã ẩn danh 1 ý kiến, kiến nghị kết thúc trước")
    assert Petition.objects.get(pk=aged["hoa"].pk).citizen_name == ""
    assert not Petition.history.filter(id=aged["hoa"].pk, citizen_name=NAME).exists()
    assert Petition.objects.get(pk=aged["neighbour"].pk).citizen_name == "Lê Văn Nam"
    assert Petition.objects.get(pk=aged["namesake"].pk).citizen_name == NAME
    assert Petition.objects.get(pk=aged["elsewhere"].pk).citizen_name == NAME
    [event] = Event.objects.filter(action=Event.Action.CHANGED_PERSONAL_DATA)
    assert event.detail == f"anonymised petitions (retention 1826 days) {aged['hoa'].pk}"
    # Run again: nothing left to do.
    out = StringIO()
    call_command("anonymise_closed_petitions", stdout=out)
    assert out.getvalue().startswith("Đã ẩn danh 0 ý kiến")


def test_the_dry_run_counts_and_changes_nothing(aged):
    before = list(Petition.objects.order_by("pk").values_list("citizen_name", "citizen_phone", "citizen_address"))
    history_before = Petition.history.count()
    out = StringIO()
    call_command("anonymise_closed_petitions", "--dry-run", "--days", "30", stdout=out)
    assert out.getvalue().startswith("Chạy thử: 1 ý kiến, kiến nghị kết thúc trước")
    assert "Chưa thay đổi gì." in out.getvalue()
    after = list(Petition.objects.order_by("pk").values_list("citizen_name", "citizen_phone", "citizen_address"))
    assert after == before
    assert Petition.history.count() == history_before
    assert not Event.objects.filter(action=Event.Action.CHANGED_PERSONAL_DATA).exists()
