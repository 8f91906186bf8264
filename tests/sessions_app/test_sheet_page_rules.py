"""The page rules of the signature sheet and the invitation batch, read from the PDF.

As in test_plan_page_rules, each test first lays its input out with the rule's CSS switched off
(pdf_helpers.rule_off) and checks that the rule is then broken, so it fails whenever that CSS goes:
- no sheet row split (a person signing on one page for a name printed on the next):
  `table.grid tr, table.stats tr { break-inside: avoid; }` (pdf/document.html);
- the header row on every page: the <thead> of pdf/includes/blocks.html;
- a village's title row never ends a page: `tr.group { break-after: avoid; }` (pdf/document.html);
- a letter's signature never alone on its second page: `.foot { … break-before: avoid; }`
  (static/pdf/document.css), which pdf/invitations.html shares.
"""

import pytest

from dialogue.documents.pdf import document_html
from sessions_app.documents import signature_sheet_document
from sessions_app.models import Participant
from sessions_app.participants import session_document_take
from sessions_app.pdf import (
    invitation_context,
    invitation_html,
    invitation_letters,
    render_invitations,
    render_signature_sheet,
)
from sessions_app.printing import render_batch
from tests.factories import VillageFactory

from .factories import ParticipantFactory
from .pdf_helpers import alone_at_foot, foot_alone, page_runs, pages_without_header, rule_off, split_rows, where

HEADER_OFF = "thead { display: table-row-group !important; }"
ROW_SPLIT_OFF = "table.grid tr, table.stats tr { break-inside: auto !important; }"
GROUP_ALONE_OFF = "tr.group { break-after: auto !important; }"
FOOT_ALONE_OFF = ".foot { break-before: auto !important; }"


def sheet_pdf(session, css=None):
    rows = Participant.objects.filter(session=session).ordered_for_sheet()
    if css is None:
        return render_signature_sheet(session, rows)[1]
    return rule_off(document_html(signature_sheet_document(session, rows)), css)


def first_breaking(leads, build, render_off, broken):
    for lead in leads:
        built = build(lead)
        if broken(page_runs(render_off(built))):
            return built
    pytest.fail("no input breaks the rule without its CSS: the test would prove nothing")


#: (name, last word of the title) of each tall row: a title of five or six lines in its column.
TALL = [(f"Hộ{i:02d}", f"Cuối{i:02d}") for i in range(1, 25)]


@pytest.fixture
def tall_sheet(state_session, villages):
    """A sheet of LEAD one-line rows (village 1), then rows whose "Chức vụ, đơn vị" runs over five or
    six lines (village 2): build(lead) moves the tall rows down row by row."""
    for i, (name, last) in enumerate(TALL):
        ParticipantFactory(
            session=state_session,
            full_name=f"Nguyễn Văn {name}",
            village=villages[1],
            title=f"Ủy viên Ban công tác Mặt trận, Chi hội trưởng Chi hội Nông dân, Tổ trưởng tổ hòa giải, "
            f"Trưởng ban điều hành khu dân cư và tổ an ninh trật tự cơ sở số {i} {last}",
        )
    short = []

    def build(lead):
        while len(short) < lead:
            short.append(ParticipantFactory(session=state_session, village=villages[0]))
        return state_session

    return build


def test_no_signature_sheet_row_is_split_across_pages(tall_sheet):
    """A row split would print the name on one page and leave half its signature box on the next."""
    session = first_breaking(
        range(0, 12), tall_sheet, lambda s: sheet_pdf(s, ROW_SPLIT_OFF), lambda pages: split_rows(pages, TALL)
    )
    pages = page_runs(sheet_pdf(session))
    assert len({where(pages, name)[0] for name, _ in TALL}) >= 2, "the sheet must run over pages"
    assert split_rows(pages, TALL) == []


def test_the_signature_sheet_header_row_repeats_above_the_rows_of_every_page(tall_sheet):
    names = [name for name, _ in TALL]
    session = first_breaking(
        [0], tall_sheet, lambda s: sheet_pdf(s, HEADER_OFF), lambda pages: pages_without_header(pages, "Ký tên", names)
    )
    pages = page_runs(sheet_pdf(session))
    assert len({where(pages, name)[0] for name in names}) >= 2, "the sheet must run over pages"
    assert pages_without_header(pages, "Ký tên", names) == []


def test_a_village_title_row_never_ends_a_page(state_session, commune):
    """Eight villages of seven people each, moved down row by row until, without the rule, a village's
    title row is the last of a page: with it, the title goes over with the village's first person."""
    hamlets = [VillageFactory(commune=commune, name=f"Xóm{g}", position=10 + g) for g in range(8)]
    for g, hamlet in enumerate(hamlets):
        for k in range(7):
            ParticipantFactory(session=state_session, full_name=f"Lê Văn Hộ{g}x{k}", village=hamlet)
    first_village = VillageFactory(commune=commune, name="Đầu", position=0)

    def pairs():
        rows = Participant.objects.filter(session=state_session).ordered_for_sheet()
        firsts = {}
        for p in rows:
            if p.village in hamlets:
                firsts.setdefault(p.village.name, p.full_name.split()[-1])
        return list(firsts.items())

    def build(lead):
        while Participant.objects.filter(village=first_village).count() < lead:
            ParticipantFactory(session=state_session, village=first_village)
        return state_session

    session = first_breaking(
        range(0, 20), build, lambda s: sheet_pdf(s, GROUP_ALONE_OFF), lambda pages: alone_at_foot(pages, pairs())
    )
    assert alone_at_foot(page_runs(sheet_pdf(session)), pairs()) == []


def test_a_letter_of_the_invitation_batch_never_leaves_its_signature_alone(state_session, villages):
    """A letter whose content grows sentence by sentence until, without the rule, its foot (Nơi nhận
    and the signature) is pushed alone onto a second page: with it, the last paragraph goes over too;
    in a batch, every letter keeps that and starts on a page of its own."""
    people = [
        ParticipantFactory(session=state_session, full_name=f"Trần Văn Mời{i}", village=villages[0]) for i in range(3)
    ]
    doc = session_document_take(session=state_session, kind="GM")

    def build(sentences):
        doc.snapshot = {
            **doc.snapshot,
            "content": " ".join(
                f"Câu {n} của nội dung hội nghị, đủ dài để chiếm gần một dòng in." for n in range(sentences)
            ),
        }
        return doc

    def html(document, some):
        return invitation_html(invitation_context(state_session, document), invitation_letters(some))

    doc = first_breaking(
        range(20, 90, 2),
        build,
        lambda d: rule_off(html(d, people[:1]), FOOT_ALONE_OFF),
        lambda pages: foot_alone(pages, "CHỦ TỊCH", ["tốt./."]),
    )
    pages = page_runs(render_invitations(state_session, people[:1], document=doc)[1])
    assert len(pages) == 2
    assert not foot_alone(pages, "CHỦ TỊCH", ["tốt./."])

    # The single route, and the stamp route (a two-page letter cannot be stamped: printed whole, in parts).
    single = render_invitations(state_session, people, document=doc)[1]
    _, stamped, route = render_batch(state_session, people, document=doc, route="stamp")
    assert route == "sequential"
    for data in (single, stamped):
        batch = page_runs(data)
        assert len(batch) == 6  # two pages a letter, each letter from a page of its own
        for n in range(3):
            first, second = batch[2 * n], batch[2 * n + 1]
            assert any(f"Mời{n}" in r[0] for r in first) and any(r[0] == "GIẤY MỜI" for r in first)
            (signer,) = [r for r in second if r[0] == "CHỦ TỊCH"]
            assert any("tốt./." in r[0] and r[2] > signer[2] for r in second), f"letter {n + 1}: signature alone"
