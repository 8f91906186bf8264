"""The minutes: drafted from the session's records, edited, signed, numbered once and frozen."""

import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from dialogue.http import NotPermitted
from directory.models import DocumentCounter, Event
from proceedings.enums import MinutesStatus
from proceedings.models import Minutes, MinutesTransition
from proceedings.pdf import render_minutes
from proceedings.services import (
    ProceedingsError,
    minutes_change_status,
    minutes_refill,
    minutes_save,
    minutes_start,
    programme_save,
)
from sessions_app.enums import SessionStatus
from sessions_app.models import Participant, ParticipantGroup

from ..conclusions.factories import PetitionFactory, held_session
from ..factories import OfficialFactory
from ..sessions_app.pdf_helpers import read_pdf

FROZEN = "Biên bản đã ký và cấp số, không được sửa."


def _people(session, villages):
    now = timezone.now()
    rows = [
        (ParticipantGroup.OFFICIALS, "Trần Minh Đức", "Bí thư Đảng ủy xã", None, now),
        (ParticipantGroup.OFFICIALS, "Nguyễn Thị Thu Hà", "Phó Chủ tịch UBND xã", None, now),
        (ParticipantGroup.OFFICIALS, "Lý Minh Khoa", "Chỉ huy trưởng Ban CHQS xã", None, None),
        (ParticipantGroup.VILLAGE_DELEGATES, "Võ Văn Ba", "Trưởng ấp 1", villages[0], now),
        (ParticipantGroup.HOUSEHOLDS, "Lê Văn Tám", "", villages[0], now),
        (ParticipantGroup.HOUSEHOLDS, "Trần Thị Lan", "", villages[1], None),
    ]
    for group, name, title, village, at in rows:
        Participant.objects.create(
            session=session, group=group, honorific="Ông", full_name=name, title=title, village=village, attended_at=at
        )


def _petitions(session, villages):
    PetitionFactory(
        session=session,
        code="KN-2025-001",
        village=villages[0],
        citizen_name="Lê Văn Tám",
        content="Đường liên ấp xuống cấp, đề nghị sửa chữa.",
        answered_on_spot=True,
        spot_answer_by="Bà Nguyễn Thị Thu Hà, Phó Chủ tịch UBND xã",
        spot_answer="Xã đưa vào kế hoạch sửa chữa quý I.",
    )
    PetitionFactory(
        session=session,
        code="KN-2025-002",
        village=villages[1],
        citizen_name="Trần Thị Lan",
        content="Đề nghị cấp giấy chứng nhận quyền sử dụng đất.",
    )
    PetitionFactory(
        session=session,
        code="KN-2025-003",
        village=villages[1],
        citizen_name="Người Tố Cáo",
        kind="to_cao",
        content="Tố cáo cán bộ địa chính.",
    )


@pytest.fixture
def records(session, villages):
    _people(session, villages)
    _petitions(session, villages)
    return session


@pytest.fixture
def minutes(records, clerk):
    return minutes_start(session=records, user=clerk)


def test_new_minutes_are_drafted_from_the_sessions_records(minutes, session, chair):
    assert (minutes.status, minutes.number, minutes.issuer, minutes.chair) == (
        MinutesStatus.DRAFT,
        None,
        session.plan.issuer,
        chair,
    )
    assert minutes.place == "Lộc Thành"
    assert minutes.time_place == (
        "Thời gian: 08 giờ 00, ngày 20/11/2025.\nĐịa điểm: Hội trường UBND xã Lộc Thành.\nHình thức: trực tiếp."
    )
    assert minutes.attendance.splitlines() == [
        "Chủ trì: Ông Hồ Quang Khánh, Chủ tịch UBND xã.",
        "Thành phần tham dự (theo điểm danh):",
        "- Đại biểu xã: có mặt 2/3 người được mời.",
        "- Đại biểu thôn, ấp: có mặt 1/1 người được mời.",
        "- Đại diện hộ gia đình: có mặt 1/2 người được mời.",
        "Tổng số có mặt: 4/6 người được mời.",
        "Đại biểu xã có mặt: Ông Trần Minh Đức, Bí thư Đảng ủy xã; Ông Nguyễn Thị Thu Hà, Phó Chủ tịch UBND xã.",
    ]
    assert minutes.opinions.splitlines() == [
        "Tại buổi có 3 ý kiến, kiến nghị của Nhân dân; 1 ý kiến được trả lời trực tiếp tại buổi.",
        "1. Lê Văn Tám (Ấp 1), lĩnh vực Đất đai (KN-2025-001): Đường liên ấp xuống cấp, đề nghị sửa chữa.",
        "Trả lời tại buổi – Bà Nguyễn Thị Thu Hà, Phó Chủ tịch UBND xã: Xã đưa vào kế hoạch sửa chữa quý I.",
        "2. Trần Thị Lan (Ấp 2), lĩnh vực Đất đai (KN-2025-002): Đề nghị cấp giấy chứng nhận quyền sử dụng đất.",
        "Chưa trả lời tại buổi: ý kiến được ghi nhận, giao cơ quan, đơn vị xem xét, trả lời bằng văn bản.",
        # A denunciation protects who made it: the minutes never print the name.
        "3. Người nêu (giữ bí mật) (Ấp 2), lĩnh vực Đất đai (KN-2025-003): Tố cáo cán bộ địa chính.",
        "Chưa trả lời tại buổi: ý kiến được ghi nhận, giao cơ quan, đơn vị xem xét, trả lời bằng văn bản.",
    ]
    assert minutes.course.splitlines()[1] == (
        "1. 08 giờ 00: Tuyên bố lý do, giới thiệu đại biểu (Đại diện Văn phòng HĐND và UBND xã)."
    )
    assert list(MinutesTransition.objects.filter(minutes=minutes).values_list("note", flat=True)) == ["Tạo dự thảo"]


def test_the_course_follows_the_saved_programme(records, clerk):
    from datetime import time

    programme_save(
        session=records, rows=[{"starts_at": time(7, 30), "item": "Khai mạc", "presenter": "Ông A"}], user=clerk
    )
    minutes = minutes_start(session=records, user=clerk)
    assert minutes.course == "Buổi diễn ra theo chương trình:\n1. 07 giờ 30: Khai mạc (Ông A)."


def test_minutes_are_written_only_for_a_held_session_and_only_once(session, clerk):
    minutes_start(session=session, user=clerk)
    with pytest.raises(ProceedingsError, match="Buổi đã có biên bản."):
        minutes_start(session=session, user=clerk)
    session.status = SessionStatus.ANNOUNCED
    session.save(update_fields=["status"])
    Minutes.objects.all().delete()
    with pytest.raises(ProceedingsError, match="chỉ lập biên bản khi buổi đã tổ chức"):
        minutes_start(session=session, user=clerk)
    assert not Minutes.objects.exists()


def test_the_other_side_and_readers_may_not_write_minutes(session, party_clerk, supervisor, leader):
    for user in (party_clerk, supervisor, leader):
        with pytest.raises(NotPermitted):
            minutes_start(session=session, user=user)
    assert not Minutes.objects.exists()


def test_refill_takes_late_records_and_keeps_chair_secretary_and_place(minutes, session, villages, clerk, secretary):
    minutes.secretary, minutes.place, minutes.opinions = secretary, "Xã Lộc Thành", "Sửa tay"
    minutes_save(minutes=minutes, user=clerk)
    PetitionFactory(session=session, code="KN-2025-009", village=villages[0], citizen_name="", content="Ý kiến muộn.")
    minutes_refill(minutes=minutes, user=clerk)
    minutes.refresh_from_db()
    assert (minutes.secretary, minutes.place) == (secretary, "Xã Lộc Thành")
    assert minutes.opinions.splitlines()[0].startswith("Tại buổi có 4 ý kiến")
    assert "Người dân (không nêu tên) (Ấp 1), lĩnh vực Đất đai (KN-2025-009): Ý kiến muộn." in minutes.opinions


def test_a_chair_of_another_commune_is_refused(minutes, clerk, other_commune):
    minutes.chair = OfficialFactory(commune=other_commune)
    with pytest.raises(ProceedingsError, match="không thuộc"):
        minutes_save(minutes=minutes, user=clerk)


def sign(minutes, by, when="2026-01-05 09:00"):
    with freeze_time(when):
        return minutes_change_status(obj=minutes, to=MinutesStatus.SIGNED, by=by)


def test_signing_needs_chair_and_secretary(minutes, clerk):
    minutes.chair = None
    minutes_save(minutes=minutes, user=clerk)
    with pytest.raises(ProceedingsError) as refused:
        sign(minutes, clerk)
    assert str(refused.value) == "Cần chọn chủ trì và thư ký trước khi ký biên bản."
    assert Minutes.objects.get(pk=minutes.pk).status == MinutesStatus.DRAFT
    assert not DocumentCounter.objects.exists()


@pytest.fixture
def signed(minutes, clerk, secretary):
    minutes.secretary = secretary
    minutes_save(minutes=minutes, user=clerk)
    sign(minutes, clerk)
    return Minutes.objects.get(pk=minutes.pk)


def test_signing_numbers_once_and_freezes_text_and_pdf(signed, clerk):
    assert (signed.status, signed.number, signed.number_period, signed.symbol) == ("signed", 1, "2026", "01/BB-UBND")
    assert signed.signed_on.isoformat() == "2026-01-05"
    assert signed.pdf_sha256 == hashlib.sha256(bytes(signed.pdf)).hexdigest()
    assert signed.snapshot["symbol"] == "01/BB-UBND"
    assert signed.snapshot["secretary"] == "Bà Phan Thị Ngọc, Chánh Văn phòng HĐND và UBND xã"
    assert signed.snapshot["opinions"] == signed.opinions
    assert Event.objects.filter(action="issued", object_type="proceedings.minutes").count() == 1
    with pytest.raises(ProceedingsError, match="Không thể chuyển biên bản từ “Đã ký” sang “Đã ký”."):
        sign(signed, clerk, when="2026-01-06 09:00")
    assert DocumentCounter.objects.get(doc_type="BB").last_number == 1
    assert Minutes.objects.get(pk=signed.pk).number == 1


def test_signed_minutes_refuse_every_edit(signed, clerk):
    pdf = bytes(signed.pdf)
    signed.opinions = "Nội dung khác"
    with pytest.raises(ProceedingsError, match=FROZEN):
        signed.save()
    with pytest.raises(ProceedingsError, match="Biên bản đã ký và cấp số, không sửa được."):
        minutes_save(minutes=signed, user=clerk)
    with pytest.raises(ProceedingsError, match="Biên bản đã ký và cấp số, không sửa được."):
        minutes_refill(minutes=Minutes.objects.get(pk=signed.pk), user=clerk)
    with pytest.raises(ProceedingsError, match=FROZEN):
        Minutes.objects.filter(pk=signed.pk).update(number=7)
    with pytest.raises(ProceedingsError, match="Biên bản đã ký không được xóa."):
        Minutes.objects.filter(pk=signed.pk).delete()
    fresh = Minutes.objects.get(pk=signed.pk)
    assert (fresh.number, bytes(fresh.pdf), fresh.opinions == signed.snapshot["opinions"]) == (1, pdf, True)


def test_the_edit_page_of_signed_minutes_refuses_with_a_message(client, signed, clerk):
    client.force_login(clerk)
    url = reverse("proceedings:minutes_update", args=[signed.pk])
    response = client.post(url, {"place": "Khác", "opinions": "Khác"}, follow=True)
    assert "Biên bản đã ký và cấp số, không sửa được." in response.content.decode()
    assert Minutes.objects.get(pk=signed.pk).place == "Lộc Thành"


def test_the_draft_prints_dự_thảo_and_no_number_the_signed_copy_its_number(client, minutes, clerk, secretary):
    _, pages = read_pdf(render_minutes(minutes)[1])
    draft = "\n".join(pages)
    assert "DỰ THẢO" in draft
    assert "BIÊN BẢN" in draft
    assert "01/BB" not in draft
    assert "Lê Văn Tám (Ấp 1), lĩnh vực Đất đai (KN-2025-001)" in " ".join(draft.split())
    assert "Người Tố Cáo" not in draft
    minutes.secretary = secretary
    minutes_save(minutes=minutes, user=clerk)
    sign(minutes, clerk)
    client.force_login(clerk)
    response = client.get(reverse("proceedings:minutes_pdf", args=[minutes.pk]))
    stored = Minutes.objects.get(pk=minutes.pk)
    assert response.content == bytes(stored.pdf)
    _, pages = read_pdf(response.content)
    text = "\n".join(pages)
    lines = [line.strip() for line in text.splitlines()]
    assert "Số: 01/BB-UBND" in lines
    assert "Lộc Thành, ngày 05 tháng 01 năm 2026" in text
    assert "DỰ THẢO" not in text
    assert text.index("THƯ KÝ") < text.index("Phan Thị Ngọc")
    assert "Hồ Quang Khánh" in text.split("CHỦ TRÌ")[-1]


def test_party_minutes_take_the_party_number(commune, party_issuer, villages, party_clerk, chair, secretary):
    session = held_session(commune, party_issuer, villages[:1])
    minutes = minutes_start(session=session, user=party_clerk)
    minutes.chair, minutes.secretary = chair, secretary
    minutes_save(minutes=minutes, user=party_clerk)
    sign(minutes, party_clerk)
    assert (minutes.symbol, minutes.number_period) == ("01-BB/ĐU", "2025-2030")


def test_the_office_drafts_edits_and_signs_in_the_browser_pages(client, records, clerk, secretary):
    client.force_login(clerk)
    html = client.get(records.get_absolute_url()).content.decode()
    assert "Lập biên bản từ dữ liệu của buổi" in html
    response = client.post(reverse("proceedings:minutes_create", args=[records.pk]))
    minutes = Minutes.objects.get(session=records)
    assert response["Location"] == minutes.get_absolute_url()
    page = client.get(minutes.get_absolute_url()).content.decode()
    assert "Trả lời tại buổi – Bà Nguyễn Thị Thu Hà" in page
    form = client.get(reverse("proceedings:minutes_update", args=[minutes.pk])).content.decode()
    assert "Phan Thị Ngọc" in form
    data = {
        "place": "Lộc Thành",
        "chair": str(minutes.chair_id),
        "secretary": str(secretary.pk),
        "time_place": minutes.time_place,
        "attendance": minutes.attendance,
        "course": minutes.course,
        "opinions": minutes.opinions + "\nBổ sung của thư ký.",
        "closing": minutes.closing,
    }
    assert client.post(reverse("proceedings:minutes_update", args=[minutes.pk]), data).status_code == 302
    with freeze_time("2026-01-05 09:00"):
        response = client.post(
            reverse("proceedings:minutes_status", args=[minutes.pk]), {"to_status": "signed"}, follow=True
        )
    assert "Biên bản đã ký, cấp số 01/BB-UBND và khóa nội dung." in response.content.decode()
    minutes.refresh_from_db()
    assert minutes.opinions.endswith("Bổ sung của thư ký.")
    client.force_login(clerk)  # the frozen clock's sign-in time has aged past the session's limit
    html = client.get(records.get_absolute_url()).content.decode()
    assert "Biên bản số 01/BB-UBND" in html


def test_unit_officials_and_the_province_do_not_see_the_minutes_panel(client, minutes, officer, province_user):
    for user in (officer, province_user):
        client.force_login(user)
        html = client.get(minutes.session.get_absolute_url()).content.decode()
        assert 'id="session-minutes"' not in html
        assert client.get(minutes.get_absolute_url()).status_code == 404
