"""The statistics tables (Biểu 1–4) against hand-built petitions, on the page, in Excel and in the PDF."""

import datetime
import io

import pytest
from django.urls import reverse
from freezegun import freeze_time
from openpyxl import load_workbook

from directory.models import Commune
from office.periods import period_of
from office.reports import build_report
from petitions.models import ReportingField
from tests.conclusions.factories import PetitionFactory, TopicFactory
from tests.factories import aware
from tests.sessions_app.pdf_helpers import read_pdf

TODAY = datetime.date(2026, 1, 10)
D = datetime.date


@pytest.fixture
def petitions(session):
    """Ten petitions of the second half of 2025, one of each result the tables tell apart."""
    fields = {f.code: f for f in ReportingField.objects.all()}
    roads = TopicFactory(code="thu-a", name="Giao thông", position=1, reporting_field=fields["kinh-te-ha-tang"])
    land = TopicFactory(code="thu-b", name="Đất đai", position=2, reporting_field=fields["dat-dai"])

    def make(topic, kind, status, competence="commune", **fields):
        return PetitionFactory(session=session, topic=topic, kind=kind, status=status, competence=competence, **fields)

    make(roads, "kien_nghi", "closed", answered_on_spot=True, people_count=7, representatives="Ông A, bà B")
    make(roads, "phan_anh", "answered", deadline=D(2025, 12, 5), answered_at=aware(2025, 12, 1))
    make(roads, "kien_nghi", "closed", deadline=D(2025, 11, 30), answered_at=aware(2025, 11, 25))
    make(roads, "khieu_nai", "transferred", competence="transfer", transfer_reply_due=D(2025, 12, 31))
    make(
        roads,
        "kien_nghi",
        "transferred",
        competence="transfer",
        transfer_reply_due=D(2025, 12, 1),
        transfer_replied_on=D(2025, 12, 20),
    )
    first = make(land, "to_cao", "routed", deadline=D(2025, 12, 1))
    make(land, "kien_nghi", "received", repeat_of=first)
    make(land, "kien_nghi", "closed_unresolved")
    make(land, "y_kien", "duplicate")
    make(land, "phan_anh", "answered", competence="transfer", deadline=D(2025, 12, 1), answered_at=aware(2025, 12, 10))
    PetitionFactory(session=session, topic=land, received_on=D(2025, 6, 30))  # before the period


BIEU_1 = [
    ["Số buổi tiếp xúc, đối thoại theo kế hoạch", 1],
    ["Số buổi đã tổ chức", 1],
    ["Số lượt người tham dự", 0],
    ["Số ngày lãnh đạo tiếp công dân", 0],
    ["Số lượt tiếp công dân", 0],
    ["Số người được tiếp", 0],
    ["Số đoàn đông người được tiếp", 0],
    ["– Lượt tiếp vụ việc mới", 0],
    ["– Lượt tiếp vụ việc cũ", 0],
    ["Số ngày tiếp còn thiếu so với quy định (2 ngày/tháng)", 12],
    ["Số ý kiến, kiến nghị (vụ việc) tiếp nhận", 10],
    ["– Vụ việc mới", 9],
    ["– Vụ việc cũ (đã nêu trước đây)", 1],
    ["Số người nêu ý kiến, kiến nghị", 16],
    ["Số ý kiến của đoàn đông người (từ 5 người)", 1],
]
BIEU_2_HEADER = ["Lĩnh vực", "Tổng số", "Ý kiến", "Kiến nghị", "Phản ánh", "Khiếu nại", "Tố cáo"]
#: Every field of the forms, in their order, the two topics under theirs.
BIEU_2 = [
    ["Đất đai", 5, 1, 2, 1, 0, 1],
    ["Nhà ở, xây dựng, quy hoạch", 0, 0, 0, 0, 0, 0],
    ["Chế độ, chính sách, an sinh xã hội", 0, 0, 0, 0, 0, 0],
    ["Tài nguyên, môi trường", 0, 0, 0, 0, 0, 0],
    ["Kinh tế, hạ tầng, nông nghiệp", 5, 0, 3, 1, 1, 0],
    ["An ninh, trật tự", 0, 0, 0, 0, 0, 0],
    ["Thủ tục hành chính, cán bộ, công chức", 0, 0, 0, 0, 0, 0],
    ["Tư pháp", 0, 0, 0, 0, 0, 0],
    ["Đảng, đoàn thể", 0, 0, 0, 0, 0, 0],
    ["Khác", 0, 0, 0, 0, 0, 0],
]
BIEU_2_TOTAL = ["Tổng cộng", 10, 1, 5, 2, 1, 1]
BIEU_3 = [
    ["Thuộc thẩm quyền của xã", 7, 3, 2, 1, 0, 0, 1, 1],
    ["Chuyển cấp tỉnh hoặc cơ quan khác", 3, 1, 0, 0, 2, 1, 0, 0],
]
BIEU_3_TOTAL = ["Tổng cộng", 10, 4, 2, 1, 2, 1, 1, 1]
BIEU_4 = [
    ["Trả lời trực tiếp tại buổi", 1, "10,0"],
    ["Trả lời bằng văn bản đúng hạn", 2, "20,0"],
    ["Trả lời bằng văn bản quá hạn", 1, "10,0"],
    ["Đang giải quyết, trong hạn", 1, "10,0"],
    ["Đang giải quyết, đã quá hạn", 1, "10,0"],
    ["Đã chuyển cơ quan khác, quá hạn chưa có trả lời", 1, "10,0"],
]


def test_statistics_tables_count_the_hand_built_petitions(petitions, commune):
    r = build_report(communes=Commune.objects.filter(pk=commune.pk), period=period_of("h2", 2025), today=TODAY)
    summary, by_kind, results, timeliness = r["tables"]
    assert summary.rows == BIEU_1
    assert (by_kind.header, by_kind.rows, by_kind.total) == (BIEU_2_HEADER, BIEU_2, BIEU_2_TOTAL)
    assert (results.rows, results.total) == (BIEU_3, BIEU_3_TOTAL)
    # The result columns (without "of which overdue") add up to the total of each row.
    for row in [*results.rows, results.total]:
        assert row[2] + row[3] + row[5] + row[7] + row[8] == row[1]
    assert timeliness.rows == BIEU_4


def test_statistics_tables_on_the_page_in_excel_sheets_and_in_the_pdf(petitions, clerk_client):
    query = {"nam": 2025, "ky": "h2"}
    with freeze_time("2026-01-10"):
        html = clerk_client.get(reverse("office:report"), query).content.decode()
        xlsx = clerk_client.get(reverse("office:report_excel"), query)
        pdf = clerk_client.get(reverse("office:report_pdf"), query)
    assert 'id="bieu-3"' in html
    assert 'id="fig-people">16 người nêu, 1 đoàn đông người<' in html
    assert "Biểu 3. Kết quả giải quyết theo thẩm quyền" in html
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames[0] == "Tổng hợp"
    assert book.sheetnames[-4:] == ["Biểu 1", "Biểu 2", "Biểu 3", "Biểu 4"]
    rows = [list(row) for row in book["Biểu 2"].iter_rows(values_only=True)]
    assert rows[0] == ["Biểu 2. Phân loại ý kiến, kiến nghị theo loại và lĩnh vực", *[None] * 6]
    assert rows[1][0] == "Kỳ báo cáo: 6 tháng cuối năm 2025 (từ ngày 01/07/2025 đến ngày 31/12/2025)"
    assert rows[2:] == [BIEU_2_HEADER, *BIEU_2, BIEU_2_TOTAL]
    sheet3 = [list(row) for row in book["Biểu 3"].iter_rows(values_only=True)]
    assert sheet3[3:6] == [*BIEU_3, BIEU_3_TOTAL]
    _, pages = read_pdf(pdf.content)
    annex = " ".join(" ".join(page.split()) for page in pages[1:])
    assert "BIỂU SỐ LIỆU KÈM THEO BÁO CÁO" in annex
    assert "Biểu 4. Thời hạn giải quyết, trả lời" in annex
    assert "Tổng cộng 10 1 5 2 1 1" in annex
    assert "Tổng số 10 ý kiến, kiến nghị của 16 người nêu (trong đó 1 ý kiến của đoàn đông người)" in " ".join(
        " ".join(page.split()) for page in pages
    )


def test_biểu_2_counts_each_topic_under_its_reporting_field_and_the_unmapped_apart(
    petitions, session, commune, clerk_client
):
    water = TopicFactory(code="thu-c", name="Nước sạch", commune=commune)  # the commune's own, not mapped yet
    PetitionFactory(session=session, topic=water, kind="kien_nghi")

    def bieu_2():
        r = build_report(communes=Commune.objects.filter(pk=commune.pk), period=period_of("h2", 2025), today=TODAY)
        return {row[0]: row[1] for row in r["tables"][1].rows}

    rows = bieu_2()
    assert (rows["Chưa xếp lĩnh vực báo cáo"], rows["Kinh tế, hạ tầng, nông nghiệp"]) == (1, 5)
    assert list(rows)[-1] == "Chưa xếp lĩnh vực báo cáo"
    # The office maps its topic on the topic's page; the report follows.
    infrastructure = ReportingField.objects.get(code="kinh-te-ha-tang")
    page = clerk_client.post(
        reverse("petitions:topic_update", args=[water.pk]),
        {"name": "Nước sạch", "reporting_field": infrastructure.pk, "position": 0, "is_active": "on"},
    )
    assert page.status_code == 302
    assert "Kinh tế, hạ tầng, nông nghiệp" in clerk_client.get(reverse("petitions:topic_list")).content.decode()
    rows = bieu_2()
    assert "Chưa xếp lĩnh vực báo cáo" not in rows and rows["Kinh tế, hạ tầng, nông nghiệp"] == 6


def test_every_shared_topic_is_counted_under_a_reporting_field(db):
    from petitions.models import Topic

    assert not Topic.objects.filter(commune=None, reporting_field=None).exists()
