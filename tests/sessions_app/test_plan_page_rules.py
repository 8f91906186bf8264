"""The plan's page rules, read from the PDF: the sessions table's header on every page, no row split,
no heading alone at the foot of a page, the signature never alone, "DỰ THẢO" and no number on a draft."""

import datetime
import re

import pytest

from sessions_app.models import PlanSection
from sessions_app.pdf import render_plan
from tests.factories import PlanFactory, SessionFactory

from .pdf_helpers import read_pdf, text_runs

HEADER = "Đối tượng tổ chức tiếp xúc, đối thoại"


def page_of(texts, marker):
    pages = [i for i, text in enumerate(texts) if re.search(rf"(?<!\w){re.escape(marker)}(?!\w)", text)]
    assert len(pages) == 1, (marker, pages)
    return pages[0]


@pytest.fixture
def long_table_plan(commune, state_issuer, villages):
    plan = PlanFactory(commune=commune, issuer=state_issuer, closing="Trên đây là Kế hoạch của xã.")
    PlanSection.objects.create(
        plan=plan,
        position=0,
        level=1,
        title="NỘI DUNG",
        body="\n".join(f"Đoạn {i} của phần nội dung." for i in range(12)),
    )
    PlanSection.objects.create(plan=plan, position=1, level=2, title="Thời gian, địa điểm", block="sessions")
    for i in range(1, 21):
        # Four or five lines in the table's narrow column (more than orphans + widows): a split row
        # would put Đầu on one page and Cuối on the next.
        SessionFactory(
            plan=plan,
            villages=villages[:1],
            title=f"Đầu{i:02d} đối thoại trực tiếp giữa người đứng đầu cấp ủy, chính quyền với Nhân dân "
            f"các thôn, ấp trên địa bàn xã về các vấn đề dân sinh Cuối{i:02d}",
            venue=f"Nhà văn hóa {i}",
        )
    return plan


def test_the_sessions_table_header_repeats_on_every_page_and_no_row_is_split(long_table_plan):
    intro = long_table_plan.sections.get(position=0)
    for lead in range(0, 30, 3):  # moves the table down line by line, so some row meets a page's foot
        intro.body = "\n".join(f"Đoạn {i} của phần nội dung." for i in range(lead))
        intro.save()
        _, data = render_plan(long_table_plan)
        reader, texts = read_pdf(data)
        row_pages = {}
        for i in range(1, 21):
            first, last = page_of(texts, f"Đầu{i:02d}"), page_of(texts, f"Cuối{i:02d}")
            assert first == last, f"row {i:02d} split over pages {first + 1} and {last + 1} (lead {lead})"
            row_pages.setdefault(first, []).append(i)
        assert len(row_pages) >= 2, "the table must run over more than one page for this test to mean anything"
        for page, rows in row_pages.items():
            runs = text_runs(reader.pages[page])
            header = [r for r in runs if HEADER in r[0]]
            assert header, f"no table header on page {page + 1} (lead {lead})"
            first_row = [r for r in runs if f"Đầu{rows[0]:02d}" in r[0]]
            assert header[0][2] > first_row[0][2]  # above the page's first row (PDF y grows upwards)


@pytest.mark.parametrize("lead", range(0, 40, 4))
def test_no_heading_is_left_alone_at_the_foot_of_a_page_nor_the_signature(commune, state_issuer, lead):
    plan = PlanFactory(commune=commune, issuer=state_issuer, signer_title="CHỦ TỊCH", closing="Trên đây là Kế hoạch.")
    PlanSection.objects.create(
        plan=plan,
        position=0,
        level=1,
        title="MỞ ĐẦU",
        body="\n".join(f"Dòng dẫn {i} của kế hoạch." for i in range(lead)),
    )
    for n in range(1, 9):
        PlanSection.objects.create(
            plan=plan,
            position=n,
            level=2,
            title=f"Tiêu đề mục Mục{n}",
            body="\n".join(
                f"Thân{n}x{k} nội dung của mục, đủ dài để chiếm trọn một dòng in trên trang A4." for k in range(4)
            ),
        )
    _, data = render_plan(plan)
    _, texts = read_pdf(data)
    for n in range(1, 9):
        assert page_of(texts, f"Mục{n}") == page_of(texts, f"Thân{n}x0"), f"heading {n} alone (lead {lead})"
    (signer_page,) = [t for t in texts if "CHỦ TỊCH" in t]
    assert "Trên đây là Kế hoạch." in signer_page


def test_a_draft_prints_du_thao_and_no_number_a_numbered_plan_its_number(commune, state_issuer):
    draft = PlanFactory(commune=commune, issuer=state_issuer, number=None)
    _, data = render_plan(draft)
    reader, (first, *_) = read_pdf(data)
    assert "DỰ THẢO" in first
    (line,) = [ln for ln in first.splitlines() if ln.startswith("Số")]
    assert re.fullmatch(r"Số:\s*/KH-UBND", line.strip()), line
    mark = [r for r in text_runs(reader.pages[0]) if r[0] == "DỰ THẢO"]
    assert mark and mark[0][2] > 842 - 80  # at the top of the first page

    numbered = PlanFactory(commune=commune, issuer=state_issuer, number=8, issued_on=datetime.date(2025, 3, 1))
    _, data = render_plan(numbered)
    _, (first, *_) = read_pdf(data)
    assert "DỰ THẢO" not in first
    assert "Số: 08/KH-UBND" in first
