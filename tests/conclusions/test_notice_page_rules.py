"""The conclusion notice's page rules, read from the PDF: no heading (I. ĐÁNH GIÁ CHUNG, II. KẾT LUẬN,
III. GIAO NHIỆM VỤ) left alone at the foot of a page, the signature never alone on a page.

As in tests/sessions_app/test_plan_page_rules, each test first lays its input out with the rule's
CSS switched off and checks that the rule is then broken, so it fails whenever that CSS goes:
`.body p.heading { … break-after: avoid; }` (pdf/document.html) and `.foot { … break-before: avoid; }`
(static/pdf/document.css). The assignments print as numbered paragraphs, not a table: no row rule.
"""

import pytest

from conclusions.documents import notice_document
from conclusions.pdf import render_notice
from dialogue.documents.pdf import document_html

from ..sessions_app.pdf_helpers import alone_at_foot, foot_alone, page_runs, rule_off
from .factories import AssignmentFactory

HEADING_ALONE_OFF = ".body p.heading { break-after: auto !important; }"
FOOT_ALONE_OFF = ".foot { break-before: auto !important; }"
HEADINGS = [("CHUNG", "Đánh0"), ("LUẬN", "Kết0"), ("VỤ", "Giao0")]
LINE = "nội dung của thông báo, đủ dài để chiếm trọn một dòng in trên trang A4."


@pytest.fixture
def long_notice(notice, unit):
    notice.assessment = "\n".join(f"Đánh{k} {LINE}" for k in range(4))
    notice.conclusions = "\n".join(f"Kết{k} {LINE}" for k in range(4))
    notice.closing = "Đề nghị các đơn vị nghiêm túc thực hiện Cuốibài."
    for k in range(4):
        AssignmentFactory(notice=notice, unit=unit, task=f"Giao{k} {LINE}")

    def build(lead):
        notice.facts = "\n".join(f"Dòng{i} {LINE}" for i in range(lead))
        notice.save()
        return notice

    return build


def first_breaking(leads, build, css, broken):
    for lead in leads:
        notice = build(lead)
        if broken(page_runs(rule_off(document_html(notice_document(notice)), css))):
            return notice
    pytest.fail(f"no input breaks the rule without its CSS ({css}): the test would prove nothing")


def test_no_heading_of_the_notice_is_left_alone_at_the_foot_of_a_page(long_notice):
    notice = first_breaking(range(0, 45), long_notice, HEADING_ALONE_OFF, lambda p: alone_at_foot(p, HEADINGS))
    pages = page_runs(render_notice(notice)[1])
    assert len(pages) >= 2
    assert alone_at_foot(pages, HEADINGS) == []


def test_the_notice_signature_never_stands_alone_on_a_page(long_notice):
    notice = first_breaking(
        range(10, 60), long_notice, FOOT_ALONE_OFF, lambda p: foot_alone(p, "CHỦ TỊCH", ["Cuốibài"])
    )
    pages = page_runs(render_notice(notice)[1])
    assert len(pages) >= 2
    assert not foot_alone(pages, "CHỦ TỊCH", ["Cuốibài"])
