"""The session's programme: drafted from the session, edited on its page, printed in the official layout."""

import datetime

import pytest
from django.urls import reverse

from dialogue.http import NotPermitted
from proceedings.models import ProgrammeItem
from proceedings.services import ProceedingsError, programme_default, programme_rows, programme_save
from sessions_app.enums import SessionStatus

from ..sessions_app.pdf_helpers import embedded_font_files, read_pdf


def t(h, m=0):
    return datetime.time(h, m)


def test_the_default_programme_is_drafted_from_the_session(session):
    rows = programme_default(session)
    assert [(r["starts_at"], r["item"][:40], r["presenter"]) for r in rows] == [
        (t(8), "Tuyên bố lý do, giới thiệu đại biểu", "Đại diện Văn phòng HĐND và UBND xã"),
        (t(8, 15), "Báo cáo tình hình thực hiện nhiệm vụ chí", "Ông Hồ Quang Khánh, Chủ tịch UBND xã"),
        (t(8, 35), "Nhân dân phát biểu ý kiến, kiến nghị", "Nhân dân Ấp 1, Ấp 2"),
        (
            t(9, 35),
            "Trả lời, giải trình các ý kiến, kiến ngh",
            "Ông Hồ Quang Khánh, Chủ tịch UBND xã và lãnh đạo các cơ quan, đơn vị liên quan",
        ),
        (t(10, 20), "Phát biểu kết luận, bế mạc", "Ông Hồ Quang Khánh, Chủ tịch UBND xã"),
    ]


def test_a_party_session_without_a_date_drafts_comrades_and_no_times(commune, party_issuer, villages, chair):
    from tests.factories import PlanFactory, SessionFactory

    plan = PlanFactory(commune=commune, issuer=party_issuer)
    s = SessionFactory(plan=plan, villages=villages[:1], chair=chair)
    rows = programme_default(s)
    assert {r["starts_at"] for r in rows} == {None}
    assert rows[0]["presenter"] == "Đại diện Văn phòng Đảng ủy xã"
    assert rows[-1]["presenter"] == "Đồng chí Hồ Quang Khánh, Chủ tịch UBND xã"


def test_saving_replaces_the_programme_in_order(session, clerk):
    programme_save(session=session, rows=[{"starts_at": t(7, 30), "item": "Đón đại biểu", "presenter": ""}], user=clerk)
    programme_save(
        session=session,
        rows=[
            {"starts_at": t(8), "item": "Khai mạc", "presenter": "Ông A"},
            {"starts_at": None, "item": "Nhân dân phát biểu", "presenter": "Nhân dân"},
            {"starts_at": t(10), "item": "Bế mạc", "presenter": "Ông A"},
        ],
        user=clerk,
    )
    rows, is_default = programme_rows(session)
    assert is_default is False
    assert [(r.position, r.time_label, r.item) for r in rows] == [
        (1, "08 giờ 00", "Khai mạc"),
        (2, "", "Nhân dân phát biểu"),
        (3, "10 giờ 00", "Bế mạc"),
    ]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([], "Chương trình cần ít nhất một mục."),
        ([{"starts_at": t(8), "item": "", "presenter": "Ông A"}], "Mục 1 chưa có nội dung."),
        (
            [{"starts_at": t(9), "item": "Khai mạc"}, {"starts_at": t(8, 30), "item": "Bế mạc"}],
            "Giờ của mục 2 (08:30) sớm hơn giờ của mục trước (09:00).",
        ),
    ],
)
def test_bad_programmes_are_refused_and_change_nothing(session, clerk, rows, message):
    programme_save(session=session, rows=[{"starts_at": t(8), "item": "Khai mạc"}], user=clerk)
    with pytest.raises(ProceedingsError) as refused:
        programme_save(session=session, rows=rows, user=clerk)
    assert str(refused.value) == message
    assert list(ProgrammeItem.objects.filter(session=session).values_list("item", flat=True)) == ["Khai mạc"]


def test_only_the_office_of_the_side_writes_the_programme(session, party_clerk, leader):
    for user in (party_clerk, leader):
        with pytest.raises(NotPermitted):
            programme_save(session=session, rows=[{"item": "Khai mạc"}], user=user)
    assert not ProgrammeItem.objects.exists()


def test_a_cancelled_session_keeps_its_programme(session, clerk):
    session.status = SessionStatus.CANCELLED
    session.save(update_fields=["status"])
    with pytest.raises(ProceedingsError, match="Buổi đã hủy"):
        programme_save(session=session, rows=[{"item": "Khai mạc"}], user=clerk)


def _post(rows):
    data = {"rows-TOTAL_FORMS": str(len(rows)), "rows-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"rows-{i}-{key}"] = value
    return data


def test_the_office_edits_the_programme_on_its_page_and_the_session_page_shows_it(client, session, clerk):
    client.force_login(clerk)
    url = reverse("proceedings:programme_edit", args=[session.pk])
    page = client.get(url).content.decode()
    assert "Chương trình dự kiến" in page
    assert "Đại diện Văn phòng HĐND và UBND xã</textarea>" in page
    response = client.post(
        url,
        _post(
            [
                {"position": "2", "starts_at": "08:30", "item": "Nhân dân phát biểu", "presenter": "Nhân dân Ấp 1"},
                {"position": "1", "starts_at": "08:00", "item": "Khai mạc", "presenter": "Ông Hồ Quang Khánh"},
                {"position": "3", "starts_at": "", "item": "Bỏ dòng này", "presenter": "", "DELETE": "on"},
            ]
        ),
    )
    assert response.status_code == 302
    assert [(r.time_label, r.item, r.presenter) for r in ProgrammeItem.objects.filter(session=session)] == [
        ("08 giờ 00", "Khai mạc", "Ông Hồ Quang Khánh"),
        ("08 giờ 30", "Nhân dân phát biểu", "Nhân dân Ấp 1"),
    ]
    html = client.get(session.get_absolute_url()).content.decode()
    section = html[html.index('id="session-programme"') :]
    assert section.index("Khai mạc") < section.index("Nhân dân phát biểu")
    assert "Sửa chương trình" in section


def test_a_bad_time_on_the_page_is_refused_with_a_message(client, session, clerk):
    client.force_login(clerk)
    url = reverse("proceedings:programme_edit", args=[session.pk])
    response = client.post(url, _post([{"position": "1", "starts_at": "25:99", "item": "Khai mạc"}]))
    assert response.status_code == 200
    assert "Giờ ghi theo dạng hh:mm, ví dụ 08:00." in response.content.decode()
    assert not ProgrammeItem.objects.exists()


def test_the_programme_prints_in_the_official_layout(client, session, clerk, supervisor):
    programme_save(
        session=session,
        rows=[
            {"starts_at": t(8), "item": "Khai mạc", "presenter": "Ông Hồ Quang Khánh"},
            {"starts_at": t(8, 30), "item": "Nhân dân phát biểu ý kiến", "presenter": "Nhân dân Ấp 1"},
        ],
        user=clerk,
    )
    client.force_login(supervisor)
    response = client.get(reverse("proceedings:programme_pdf", args=[session.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader, pages = read_pdf(response.content)
    text = "\n".join(pages)
    lines = [line.strip() for line in text.splitlines()]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "CHƯƠNG TRÌNH" in lines
    assert "Lộc Thành, ngày 20 tháng 11 năm 2025" in text
    assert "Thời gian: 08 giờ 00, ngày 20/11/2025" in lines
    assert text.index("Khai mạc") < text.index("Nhân dân phát biểu ý kiến")
    assert "08 giờ 30" in text
    assert embedded_font_files(reader)


def test_a_long_programme_repeats_its_table_header_and_splits_no_row(session, clerk):
    from proceedings.pdf import render_programme

    rows = [
        {"starts_at": None, "item": f"Mục số {n}: " + "nội dung dài của chương trình " * 4, "presenter": f"Người {n}"}
        for n in range(1, 41)
    ]
    saved = programme_save(session=session, rows=rows, user=clerk)
    _, pages = read_pdf(render_programme(session, saved)[1])
    assert len(pages) >= 2
    for text in pages:
        flat = " ".join(text.split())
        assert "Thời gian Nội dung Người thực hiện" in flat
    # Each item's number and its presenter stay on one page.
    for n in range(1, 41):
        [page] = [text for text in pages if f"Mục số {n}:" in text]
        assert f"Người {n}" in page.split(f"Mục số {n}:")[1][:400]
