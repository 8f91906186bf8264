"""The plan's page rules, read from the PDF: the sessions table's header on every page, no row split,
no heading alone at the foot of a page, the signature never alone, "DỰ THẢO" and no number on a draft.

Each page-rule test first lays its input out with the rule's CSS switched off (pdf_helpers.rule_off)
and checks that the rule is then broken, so the test fails whenever that CSS goes:
- header on every page: the <thead> of pdf/includes/blocks.html (display: table-header-group);
- no row split: `table.grid tr, table.stats tr { break-inside: avoid; }` (pdf/document.html);
- no heading alone: `.body p.heading { … break-after: avoid; }` (pdf/document.html);
- the signature never alone: `.foot { … break-before: avoid; }` (static/pdf/document.css).
"""

import datetime
import re

import pytest

from dialogue.documents.pdf import document_html
from sessions_app.documents import plan_as_document
from sessions_app.models import PlanSection
from sessions_app.pdf import render_plan
from tests.factories import PlanFactory, SessionFactory

from .pdf_helpers import (
    alone_at_foot,
    foot_alone,
    page_runs,
    pages_without_header,
    read_pdf,
    rule_off,
    split_rows,
    text_runs,
    where,
)

HEADER = "Đối tượng tổ chức tiếp xúc, đối thoại"
HEADER_OFF = "thead { display: table-row-group !important; }"
ROW_SPLIT_OFF = "table.grid tr, table.stats tr { break-inside: auto !important; }"
HEADING_ALONE_OFF = ".body p.heading { break-after: auto !important; }"
FOOT_ALONE_OFF = ".foot { break-before: auto !important; }"
ROWS = [(f"Đầu{i:02d}", f"Cuối{i:02d}") for i in range(1, 21)]


def plan_pdf_without(plan, css):
    return rule_off(document_html(plan_as_document(plan)), css)


def first_breaking(leads, build, css, broken):
    """The first lead whose input (BUILD(lead), a plan) breaks the rule once CSS switches it off."""
    for lead in leads:
        plan = build(lead)
        if broken(page_runs(plan_pdf_without(plan, css))):
            return plan
    pytest.fail(f"no input breaks the rule without its CSS ({css}): the test would prove nothing")


@pytest.fixture
def long_table_plan(commune, state_issuer, villages):
    """A plan whose sessions table runs over pages, each row four or five lines high in the table's
    narrow column (more than orphans + widows, so a row can split): Đầu starts a row, Cuối ends it.
    build(lead) puts LEAD lines of text before the table, moving it down line by line."""
    plan = PlanFactory(commune=commune, issuer=state_issuer, closing="Trên đây là Kế hoạch của xã.")
    intro = PlanSection.objects.create(plan=plan, position=0, level=1, title="NỘI DUNG", body="")
    PlanSection.objects.create(plan=plan, position=1, level=2, title="Lịch tổ chức các buổi", block="sessions")
    for first, last in ROWS:
        SessionFactory(
            plan=plan,
            villages=villages[:1],
            title=f"{first} đối thoại trực tiếp giữa người đứng đầu cấp ủy, chính quyền với Nhân dân "
            f"các thôn, ấp trên địa bàn xã về các vấn đề dân sinh {last}",
            venue="Nhà văn hóa ấp",
        )

    def build(lead):
        intro.body = "\n".join(f"Đoạn {i} của phần nội dung." for i in range(lead))
        intro.save()
        return plan

    return build


def test_no_row_of_the_sessions_table_is_split_across_pages(long_table_plan):
    plan = first_breaking(range(0, 30, 2), long_table_plan, ROW_SPLIT_OFF, lambda pages: split_rows(pages, ROWS))
    pages = page_runs(render_plan(plan)[1])
    assert len(set(_row_pages(pages))) >= 2, "the table must run over pages"
    assert split_rows(pages, ROWS) == []


def _row_pages(pages):
    return [where(pages, first)[0] for first, _ in ROWS]


def test_the_sessions_table_header_repeats_above_the_rows_of_every_page(long_table_plan):
    first_words = [first for first, _ in ROWS]
    plan = first_breaking(
        [0], long_table_plan, HEADER_OFF, lambda pages: pages_without_header(pages, HEADER, first_words)
    )
    pages = page_runs(render_plan(plan)[1])
    assert len(set(_row_pages(pages))) >= 2, "the table must run over pages"
    assert pages_without_header(pages, HEADER, first_words) == []


def test_the_heading_over_the_sessions_table_is_not_left_alone_at_a_page_foot(long_table_plan):
    """The table moved down line by line until, without the rule, its heading ends a page and the
    table starts on the next: with it, the heading goes over with the table's first row."""
    pair = [("buổi", "Đầu01")]
    plan = first_breaking(range(0, 40, 3), long_table_plan, HEADING_ALONE_OFF, lambda pages: alone_at_foot(pages, pair))
    assert alone_at_foot(page_runs(render_plan(plan)[1]), pair) == []


def _sections_plan(commune, state_issuer, lead):
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
    return plan


HEADINGS = [(f"Mục{n}", f"Thân{n}x0") for n in range(1, 9)]


def test_no_heading_is_left_alone_at_the_foot_of_a_page(commune, state_issuer):
    """Eight headings of one line, each followed by four one-line paragraphs, moved down line by line
    until, without the rule, one of them ends a page: with it, the heading goes over with its text."""
    plan = first_breaking(
        range(0, 40),
        lambda lead: _sections_plan(commune, state_issuer, lead),
        HEADING_ALONE_OFF,
        lambda pages: alone_at_foot(pages, HEADINGS),
    )
    assert alone_at_foot(page_runs(render_plan(plan)[1]), HEADINGS) == []


def test_the_signature_never_stands_alone_on_a_page(commune, state_issuer):
    """Plans of growing length until, without the rule, the signature block is pushed alone onto a
    page of its own: with it, the closing paragraph goes over with it, above the signer's title."""

    def build(lines):
        plan = PlanFactory(
            commune=commune,
            issuer=state_issuer,
            signer_title="CHỦ TỊCH",
            closing="Trên đây là Kế hoạch tổ chức đối thoại của xã Cuốibài.",
        )
        PlanSection.objects.create(
            plan=plan,
            title="NỘI DUNG",
            body="\n".join(f"Nội dung thứ {i} của kế hoạch tiếp xúc, đối thoại." for i in range(lines)),
        )
        return plan

    plan = first_breaking(
        range(14, 50), build, FOOT_ALONE_OFF, lambda pages: foot_alone(pages, "CHỦ TỊCH", ["Cuốibài"])
    )
    pages = page_runs(render_plan(plan)[1])
    assert len(pages) >= 2
    assert not foot_alone(pages, "CHỦ TỊCH", ["Cuốibài"])


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
