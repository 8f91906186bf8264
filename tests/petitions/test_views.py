import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from directory.models import Job
from petitions import services
from petitions.models import Answer, Attachment, Petition, Status
from tests.factories import SessionFactory, VillageFactory

from .importing import import_file, preview

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"petitions:{name}", args=args)


def login(client, user):
    client.force_login(user)
    return client


# --- scope -------------------------------------------------------------------------------


def test_unit_official_sees_only_own_units_petitions(client, routed, make_petition, officer, other_officer):
    unrouted = make_petition("Rác thải chưa được thu gom")
    login(client, officer)
    assert client.get(url("detail", routed.pk)).status_code == 200
    assert client.get(url("detail", unrouted.pk)).status_code == 404
    page = client.get(url("list"))
    assert [p.pk for p in page.context["rows"]] == [routed.pk]
    queue = client.get(url("queue"))
    assert [p.pk for p in queue.context["rows"]] == [routed.pk]


def test_other_unit_official_and_outsider_get_404(client, routed, other_officer, outsider):
    for user in (other_officer, outsider):
        login(client, user)
        assert client.get(url("detail", routed.pk)).status_code == 404
        response = client.post(url("action", routed.pk, "soan"), {"body": "Trả lời"})
        assert response.status_code == 404
    assert not Answer.objects.filter(petition=routed).exists()


def test_outsider_list_and_export_are_empty(client, routed, outsider, django_capture_on_commit_callbacks):
    login(client, outsider)
    assert list(client.get(url("list")).context["rows"]) == []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("export"))
    # Nothing of another commune is written: no export (404), or none started for an empty list.
    assert response.status_code in (302, 404)
    assert not Job.objects.filter(kind="petitions.export").exists()


def test_clerk_and_leader_see_the_whole_commune(client, routed, make_petition, clerk, leader):
    other = make_petition("Ý kiến khác")
    for user in (clerk, leader):
        login(client, user)
        assert {p.pk for p in client.get(url("list")).context["rows"]} == {routed.pk, other.pk}


def test_anonymous_user_is_sent_to_login(client, routed):
    response = client.get(url("detail", routed.pk))
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


# --- intake ------------------------------------------------------------------------------


def test_session_intake_keeps_its_place(client, clerk, commune, villages, roads):
    session = SessionFactory(plan__commune=commune, villages=villages[:2])
    login(client, clerk)
    response = client.post(
        url("session_intake", session.pk),
        {"anonymous": "on", "citizen_name": "", "village": villages[1].pk, "topic": roads.pk,
         "kind": "kien_nghi", "content": "Đề nghị lắp đèn đường", "received_on": "2025-10-01"},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == url("session_intake", session.pk)
    p = Petition.objects.get()
    assert (p.session, p.source, p.citizen_name, p.village) == (session, "session", "", villages[1])
    form = client.get(url("session_intake", session.pk)).context["form"]
    assert (form.fields["village"].initial, form.fields["topic"].initial) == (villages[1].pk, roads.pk)


def test_session_intake_says_nothing_is_recorded_yet_without_a_number(client, clerk, commune, villages):
    session = SessionFactory(plan__commune=commune, villages=villages[:1])
    login(client, clerk)
    body = client.get(url("session_intake", session.pk)).content.decode()
    assert '<li class="list-group-item text-muted list-empty">Chưa có ý kiến nào.</li>' in body


def test_intake_form_refuses_bad_input(client, clerk, commune, other_commune, roads):
    login(client, clerk)
    foreign = VillageFactory(commune=other_commune)
    response = client.post(url("create"), {"source": "letter", "village": foreign.pk, "topic": roads.pk,
                                           "kind": "kien_nghi", "content": ""})  # fmt: skip
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["content"] == ["Nội dung ý kiến không được để trống."]
    assert "village" in errors
    assert Petition.objects.count() == 0


def test_form_states_why_personal_data_is_collected(client, clerk):
    login(client, clerk)
    assert "91/2025/QH15" in client.get(url("create")).content.decode()


def test_unit_official_cannot_open_intake(client, officer):
    login(client, officer)
    assert client.get(url("create")).status_code == 404


# --- search, filters, pages --------------------------------------------------------------


def test_accent_insensitive_search(client, clerk, make_petition):
    land = make_petition("Tranh chấp đất đai giữa hai hộ")
    road = make_petition("Đường vào xóm bị sạt lở")
    make_petition("Rác thải sinh hoạt")
    login(client, clerk)
    assert [p.pk for p in client.get(url("list"), {"q": "dat dai"}).context["rows"]] == [land.pk]
    assert [p.pk for p in client.get(url("list"), {"q": "duong"}).context["rows"]] == [road.pk]
    assert [p.pk for p in client.get(url("list"), {"q": "ĐƯỜNG"}).context["rows"]] == [road.pk]


def test_filters_and_overdue(client, clerk, routed, make_petition, unit):
    other = make_petition("Ý kiến khác")
    Petition.objects.filter(pk=routed.pk).update(deadline=datetime.date(2020, 1, 6))
    login(client, clerk)
    assert [p.pk for p in client.get(url("list"), {"qua_han": "1"}).context["rows"]] == [routed.pk]
    assert [p.pk for p in client.get(url("list"), {"don_vi": unit.pk}).context["rows"]] == [routed.pk]
    assert [p.pk for p in client.get(url("list"), {"trang_thai": "received"}).context["rows"]] == [other.pk]
    assert "Quá hạn" in client.get(url("queue")).content.decode()


def test_keyset_pages_walk_the_whole_list_with_constant_queries(client, clerk, commune, roads):
    for i in range(120):
        Petition.objects.create(
            commune=commune, topic=roads, content=f"Ý kiến {i}", code=f"T-{i}",
            received_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=i // 3),
        )  # fmt: skip
    login(client, clerk)
    seen, cursor, counts = [], None, []
    while True:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url("list"), {"sau": cursor} if cursor else {})
        counts.append(len(ctx.captured_queries))
        seen += [p.pk for p in response.context["rows"]]
        cursor = response.context["next_cursor"]
        if not cursor:
            break
    expected = list(Petition.objects.order_by("-received_on", "-id").values_list("pk", flat=True))
    assert seen == expected
    assert len(set(counts)) == 1


# --- export and import -------------------------------------------------------------------


def test_export_stores_formula_like_text_as_text(client, clerk, make_petition, export):
    make_petition('=HYPERLINK("http://x")', citizen_name="+Nguyễn")
    login(client, clerk)
    ws = load_workbook(io.BytesIO(export(client))).active
    row = ws[2]
    # Read as typed (no visible apostrophe), stored as a text cell that never runs.
    assert (row[4].value, row[4].data_type, row[4].quotePrefix) == ("+Nguyễn", "s", True)
    assert (row[8].value, row[8].data_type, row[8].quotePrefix) == ('=HYPERLINK("http://x")', "s", True)


def test_export_has_the_house_face_with_real_dates(client, clerk, make_petition, export):
    from tests.spreadsheet_files import assert_house_face

    petition = make_petition("Đường hỏng")
    login(client, clerk)
    book = load_workbook(io.BytesIO(export(client)))
    assert_house_face(book)
    received = book.active["B2"]
    assert received.is_date and received.value.date() == petition.received_on


def xlsx(rows):
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("y-kien.xlsx", out.getvalue())


HEADER = ["Ngày tiếp nhận", "Người nêu", "Thôn, ấp", "Lĩnh vực", "Loại", "Nội dung"]


def test_import_is_all_or_nothing(client, clerk, villages):
    login(client, clerk)
    bad = xlsx([HEADER,
                ["01/10/2025", "Nguyễn Văn A", villages[0].full_name, "Môi trường", "Kiến nghị", "Rác thải"],
                ["01/10/2025", "ẩn danh", villages[0].name, "Chăn nuôi", "Kiến nghị", "Mùi hôi"],
                ["01/10/2025", "", "", "Hạ tầng, giao thông, thủy lợi", "", ""]])  # fmt: skip
    response = preview(client, bad)
    assert response.context["preview"]["check"].errors == [
        (3, "Lĩnh vực", "Lĩnh vực “Chăn nuôi” không có trong danh mục."),
        (4, "Nội dung", "Nội dung ý kiến không được để trống."),
    ]
    assert response.context["preview"]["token"] == ""  # nothing to confirm
    assert 'id="import-confirm"' not in response.content.decode()
    assert Petition.objects.count() == 0
    good = xlsx([HEADER,
                 ["01/10/2025", "Nguyễn Văn A", villages[0].full_name, "moi truong", "Kiến nghị", "Rác thải"],
                 ["02/10/2025", "ẩn danh", villages[1].name, "Hạ tầng, giao thông, thủy lợi", "Phản ánh",
                  "Đường hỏng"]])  # fmt: skip
    response = import_file(client, good)
    assert response.status_code == 302
    rows = list(Petition.objects.order_by("received_on").values_list("citizen_name", "village", "kind", "source"))
    assert rows == [("Nguyễn Văn A", villages[0].pk, "kien_nghi", "before_session"),
                    ("", villages[1].pk, "phan_anh", "before_session")]  # fmt: skip


def test_import_refuses_a_file_that_is_not_xlsx(client, clerk):
    login(client, clerk)
    fake = SimpleUploadedFile("y-kien.xlsx", b"PK\x03\x04 not really a workbook")
    response = client.post(url("import"), {"file": fake})
    assert response.context["form"].errors["file"] == ["Nội dung tệp “y-kien.xlsx” không phải là tệp .xlsx hợp lệ."]
    assert Petition.objects.count() == 0


# --- attachments -------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_attachment_checked_and_stored_under_a_generated_name(client, clerk, routed, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    login(client, clerk)
    client.post(url("action", routed.pk, "dinh-kem"), {"file": SimpleUploadedFile("ảnh đơn.png", PNG)})
    a = Attachment.objects.get()
    assert a.original_name == "ảnh đơn.png"
    assert a.file.name.startswith(f"petitions/{routed.pk}/")
    assert "đơn" not in a.file.name and a.file.name.endswith(".png")
    response = client.get(url("attachment", a.pk))
    assert b"".join(response.streaming_content) == PNG


def test_attachment_of_wrong_kind_or_too_large_is_refused(client, clerk, routed, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    login(client, clerk)
    exe = SimpleUploadedFile("don.pdf", b"MZ\x90\x00 an exe")
    response = client.post(url("action", routed.pk, "dinh-kem"), {"file": exe}, follow=True)
    assert "Nội dung tệp “don.pdf” không phải là tệp .pdf hợp lệ." in response.content.decode()
    response = client.post(
        url("action", routed.pk, "dinh-kem"), {"file": SimpleUploadedFile("don.exe", b"MZ")}, follow=True
    )
    assert "không đúng loại cho phép" in response.content.decode()
    big = SimpleUploadedFile("scan.pdf", b"%PDF-1.4" + b"0" * (10 * 1024 * 1024 + 1))
    response = client.post(url("action", routed.pk, "dinh-kem"), {"file": big}, follow=True)
    assert "quá lớn" in response.content.decode()
    assert Attachment.objects.count() == 0


# --- actions through the pages -----------------------------------------------------------


def test_pages_carry_a_petition_to_closed(client, clerk, leader, officer, make_petition, unit, roads):
    p = make_petition()
    login(client, clerk)
    client.post(url("action", p.pk, "phan-loai"), {"topic": roads.pk, "kind": "kien_nghi", "competence": "commune"})
    client.post(url("action", p.pk, "giao"), {"unit": unit.pk})
    login(client, officer)
    client.post(url("action", p.pk, "soan"), {"body": "Xã sẽ sửa đường trong quý I/2026."})
    login(client, leader)
    client.post(url("action", p.pk, "duyet"))
    login(client, clerk)
    client.post(url("action", p.pk, "dong-tinh"))
    p.refresh_from_db()
    assert p.status == Status.CLOSED
    page = client.get(url("detail", p.pk)).content.decode()
    assert "Xã sẽ sửa đường trong quý I/2026." in page


def test_a_domain_error_becomes_a_message(client, clerk, make_petition):
    p = make_petition()
    login(client, clerk)
    response = client.post(url("action", p.pk, "ket-thuc"), follow=True)
    assert f"Không thể chuyển ý kiến {p.code} từ “Mới tiếp nhận” sang “Đã kết thúc”." in response.content.decode()


def test_a_refused_write_answers_404_as_a_page_out_of_scope(client, clerk, make_petition):
    p = make_petition()
    login(client, clerk)
    assert client.post(url("action", p.pk, "duyet")).status_code == 404


def test_state_changes_are_post_only(client, clerk, make_petition):
    p = make_petition()
    login(client, clerk)
    assert client.get(url("action", p.pk, "ket-thuc")).status_code == 405


def test_repeat_suggestion_endpoint(client, clerk, make_petition, villages, roads):
    earlier = make_petition("Đường liên thôn Tuyết Diêm bị hư hỏng nặng, mùa mưa lầy lội")
    make_petition("Đường liên thôn Tuyết Diêm bị hư hỏng nặng", village=villages[1])
    login(client, clerk)
    data = client.get(
        url("suggest"), {"content": "duong lien thon Tuyet Diem hu hong", "topic": roads.pk, "village": villages[0].pk}
    ).json()
    assert [r["id"] for r in data["results"]] == [earlier.pk]


def test_repeated_list_shows_unresolved_chains_only(client, clerk, make_petition):
    first = make_petition()
    make_petition(repeat_of=first)
    make_petition("Ý kiến khác")
    settled = make_petition("Rác thải chưa thu gom")
    again = make_petition("Rác thải chưa thu gom", repeat_of=settled)
    for p in (settled, again):
        services.petition_mark_duplicate(petition=p, by=clerk, of=first)
    login(client, clerk)
    rows = client.get(url("repeated")).context["rows"]
    assert [(p.pk, p.times) for p in rows] == [(first.pk, 2)]


def test_repeated_list_pages_by_fifty_and_its_queries_do_not_grow(client, clerk, make_petition):
    """The page reads the chains from the repeats; petitions raised once never enter its count."""
    firsts = [make_petition(f"Ý kiến số {i}") for i in range(52)]
    for p in firsts:
        make_petition(p.content, repeat_of=p)
    make_petition(firsts[0].content, repeat_of=firsts[0])
    login(client, clerk)
    with CaptureQueriesContext(connection) as small:
        rows = client.get(url("repeated")).context["rows"]
    assert len(rows) == 50
    assert (rows[0].pk, rows[0].times) == (firsts[0].pk, 3)
    second = client.get(url("repeated"), {"trang": 2})
    assert len(second.context["rows"]) == 2
    assert {p.pk for p in second.context["rows"]}.isdisjoint(p.pk for p in rows)
    assert "trang=1" in second.content.decode()
    for i in range(30):
        make_petition(f"Chỉ nêu một lần {i}")
    for p in firsts[:10]:
        make_petition(p.content, repeat_of=p)
    with CaptureQueriesContext(connection) as big:
        client.get(url("repeated"))
    assert len(big.captured_queries) == len(small.captured_queries)


def test_import_refuses_legacy_encodings_and_formulas(client, clerk):
    login(client, clerk)
    upload = xlsx([HEADER,
                   ["01/10/2025", "NguyÔn V¨n A", "", "Môi trường", "", "Rác thải"],
                   ["01/10/2025", "", "", "Môi trường", "", "=1+1"]])  # fmt: skip
    errors = preview(client, upload).context["preview"]["check"].errors
    assert [e[0] for e in errors] == [2, 3, 3]
    assert "TCVN3" in errors[0][2]
    assert "công thức" in errors[1][2]
    assert errors[2] == (3, "Nội dung", "Nội dung ý kiến không được để trống.")
    assert Petition.objects.count() == 0


def test_import_from_csv(client, clerk, villages):
    login(client, clerk)
    data = "Lĩnh vực,Nội dung,Thôn, ấp\n".replace("Thôn, ấp", '"Thôn, ấp"')
    data += f'Môi trường,Rác thải chưa thu gom,"{villages[0].full_name}"\n'
    upload = SimpleUploadedFile("y-kien.csv", data.encode("utf-8"))
    response = import_file(client, upload)
    assert response.status_code == 302
    assert list(Petition.objects.values_list("content", "village")) == [("Rác thải chưa thu gom", villages[0].pk)]


def test_deadline_sort_pages_through_nulls(client, clerk, commune, roads):
    for i in range(60):
        Petition.objects.create(
            commune=commune, topic=roads, content=f"Ý kiến {i}", code=f"H-{i}", received_on=datetime.date(2025, 1, 1),
            deadline=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 5) if i % 2 else None,
        )  # fmt: skip
    login(client, clerk)
    first = client.get(url("list"), {"sap_xep": "han"})
    second = client.get(url("list"), {"sap_xep": "han", "sau": first.context["next_cursor"]})
    seen = [p.pk for p in first.context["rows"]] + [p.pk for p in second.context["rows"]]
    expected = [p.pk for p in sorted(Petition.objects.all(), key=lambda p: (p.deadline is None, p.deadline, -p.pk))]
    assert seen == expected
    assert second.context["next_cursor"] is None


def test_viewing_and_exporting_personal_data_is_logged(client, clerk, make_petition, commune, export):
    from directory.models import Event

    p = make_petition(citizen_name="Nguyễn Văn A")
    login(client, clerk)
    client.get(url("detail", p.pk))
    export(client)
    job = Job.objects.get(kind="petitions.export")
    events = list(
        Event.objects.filter(commune=commune).order_by("id").values_list("action", "object_id", "username", "detail")
    )
    # The petitions written (by id), then the download of the file.
    assert events[-3:] == [
        ("viewed_personal_data", str(p.pk), "clerk", ""),
        ("exported", str(job.pk), "clerk", f"petitions {p.pk}"),
        ("exported", str(job.pk), "clerk", "petitions.export"),
    ]


def test_detail_of_a_repeat_shows_the_whole_chain(client, clerk, make_petition):
    first = make_petition(received_on=datetime.date(2024, 9, 1))
    again = make_petition(repeat_of=first)
    login(client, clerk)
    for p in (first, again):
        response = client.get(url("detail", p.pk))
        assert [c.pk for c in response.context["chain"]] == [first.pk, again.pk]


def test_answer_template_fills_the_draft(client, officer, routed, roads):
    from petitions.models import AnswerTemplate

    template = AnswerTemplate.objects.create(topic=roads, title="Đưa vào kế hoạch", body="UBND xã đã đưa vào kế hoạch.")
    login(client, officer)
    response = client.get(url("detail", routed.pk), {"mau": template.pk})
    assert response.context["answer_form"].initial["body"] == "UBND xã đã đưa vào kế hoạch."
    assert "Đưa vào kế hoạch" in response.content.decode()


def test_petition_gathered_before_a_session(client, clerk, commune, villages, roads):
    session = SessionFactory(plan__commune=commune, villages=villages[:1])
    login(client, clerk)
    response = client.post(
        url("create"),
        {"source": "before_session", "for_session": session.pk, "citizen_name": "Hà Văn B", "village": villages[0].pk,
         "topic": roads.pk, "kind": "kien_nghi", "content": "Đề nghị làm cầu qua suối"},
    )  # fmt: skip
    p = Petition.objects.get()
    assert response["Location"] == url("detail", p.pk)
    assert (p.source, p.session, p.citizen_name) == ("before_session", session, "Hà Văn B")


# --- scope of suggestions and links; queue; anonymous search ----------------------------


def test_suggestions_come_only_from_petitions_the_user_may_see(
    make_petition, clerk, outsider, commune, roads, villages
):
    earlier = make_petition("Đường liên thôn Ấp 1 bị hư hỏng nặng")
    typed = "Duong lien thon Ap 1 hu hong nang"
    kwargs = {"commune": commune, "topic": roads, "village": villages[0], "content": typed}
    assert [p.pk for p in services.similar_petitions(user=clerk, **kwargs)] == [earlier.pk]
    assert services.similar_petitions(user=outsider, **kwargs) == []


def test_a_repeat_link_to_another_communes_petition_is_refused_with_a_message(
    client, clerk, outsider, commune, other_commune, roads
):
    foreign = services.petition_create(commune=other_commune, by=outsider, content="Đường hỏng", topic=roads)
    login(client, clerk)
    response = client.post(
        url("create"),
        {"source": "letter", "topic": roads.pk, "kind": "kien_nghi", "content": "Đường hỏng", "repeat_of": foreign.pk},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ý kiến được liên kết không thuộc xã này; chọn lại từ gợi ý." in page
    assert f'name="repeat_of" value="{foreign.pk}"' not in page
    assert Petition.objects.filter(commune=commune).count() == 0


def test_queue_offers_an_official_only_their_own_units(client, officer, clerk, unit, other_unit):
    login(client, officer)
    assert list(client.get(url("queue")).context["units"]) == [unit]
    login(client, clerk)
    assert set(client.get(url("queue")).context["units"]) == {unit, other_unit}


def test_searching_an_danh_finds_petitions_without_a_name(client, clerk, make_petition):
    nameless = make_petition("Rác thải chưa được thu gom")
    make_petition("Rác thải ven đường", citizen_name="Lê Văn Tám")
    login(client, clerk)
    assert [p.pk for p in client.get(url("list"), {"q": "ẩn danh"}).context["rows"]] == [nameless.pk]
    assert [p.pk for p in client.get(url("list"), {"q": "an danh"}).context["rows"]] == [nameless.pk]


def test_export_writes_every_row_past_a_sheet_and_logs_exactly_those(client, clerk, make_petition, export, monkeypatch):
    """No cap: more rows than a sheet holds go on in a second sheet; the log names every id written."""
    from directory.models import Event
    from petitions import resources

    monkeypatch.setattr(resources, "SHEET_ROWS", 3)
    monkeypatch.setattr(resources, "EXPORT_PROGRESS_EVERY", 2)
    petitions = [make_petition(f"Ý kiến số {i}") for i in range(5)]
    make_petition("Ở thôn khác", village=VillageFactory(commune=clerk.memberships.first().commune))
    login(client, clerk)
    book = load_workbook(io.BytesIO(export(client, thon=str(petitions[0].village_id))))
    assert book.sheetnames == ["Ý kiến, kiến nghị", "Ý kiến, kiến nghị (2)"]
    codes = [r[0] for ws in book.worksheets for r in ws.iter_rows(min_row=2, values_only=True)]
    assert sorted(codes) == sorted(p.code for p in petitions)
    job = Job.objects.get(kind="petitions.export")
    assert (job.status, job.total, job.done, job.params) == (
        "done",
        5,
        5,
        {"filters": {"thon": str(petitions[0].village_id)}},
    )
    [event, download] = Event.objects.filter(action="exported").order_by("id")
    assert event.detail == f"petitions {petitions[0].pk}-{petitions[-1].pk}"
    assert event.object_id == download.object_id == str(job.pk)
    # The job's page names the filter by name and shows the count; another user gets 404.
    page = client.get(reverse("directory:job", args=[job.pk])).content.decode()
    assert petitions[0].village.full_name in page and '5</span>/<span class="js-total">5' in page
    assert "Đã ghi 5 ý kiến vào tệp Excel." in page
    client.force_login(_other_clerk(clerk))
    assert client.get(reverse("directory:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("directory:job_file", args=[job.pk])).status_code == 404


def _other_clerk(clerk):
    from directory.models import Membership
    from tests.factories import UserFactory, member

    return member(UserFactory(username="clerk2"), clerk.memberships.first().commune, Membership.Role.STATE_OFFICE)


def test_an_export_with_nothing_to_write_starts_no_job(client, clerk, export):
    login(client, clerk)
    response = client.post(url("export"), {"q": "khong co gi"})
    assert response.status_code == 302 and "q=khong+co+gi" in response["Location"]
    assert not Job.objects.exists()
