"""The stamp route: the shared letter rendered once, each person's part laid over it, asserted on the PDF."""

import io
import shutil
import subprocess
import unicodedata

import pytest
from PIL import Image, ImageChops

from sessions_app import stamp
from sessions_app.models import Participant
from sessions_app.participants import session_document_take
from sessions_app.pdf import render_invitations
from sessions_app.printing import render_batch

from .factories import ParticipantFactory
from .pdf_helpers import image_count, page_sizes, read_pdf, text_runs

LONG_TITLE = "Đại diện hộ gia đình, Trưởng Ban công tác Mặt trận ấp 3, Tổ trưởng tổ tự quản"
#: With a long name, five lines of addressee: more than the shared letter leaves room for.
TALLER_TITLE = (
    "Đại diện hộ gia đình, Trưởng Ban công tác Mặt trận ấp 3, Tổ trưởng tổ tự quản số 5, "
    "Chi hội trưởng Chi hội Cựu chiến binh, Tổ trưởng tổ hòa giải ấp 3, Ủy viên Ban Thanh tra nhân dân"
)
TALLER_NAME = "Nguyễn Thị Ánh Tuyết Hoàng Phương Thảo Bảo Ngọc Minh Châu Thanh Hương Diễm Quỳnh Kim Ngân Mỹ Duyên Lan"


def _people(session, villages, titles):
    names = ["Nguyễn Thị Ánh Tuyết", "Trần Văn Đức", "Lê Thị Hường", "Đặng Quốc Bảo"]
    return [
        ParticipantFactory(
            session=session,
            full_name=names[i % 4],
            honorific="Bà" if "Thị" in names[i % 4] else "Ông",
            title=title,
            village=villages[0],
        )
        for i, title in enumerate(titles)
    ]


def _fonts(reader):
    """BaseFont names of every font that a page or a form it draws uses, and whether each is embedded."""
    found = {}

    def visit(resources):
        resources = resources.get_object()
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            for target in [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]:
                descriptor = target["/FontDescriptor"].get_object()
                found[str(target["/BaseFont"]).split("+")[1]] = "/FontFile2" in descriptor
        for ref in (resources.get("/XObject") or {}).values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Form":
                visit(xobject["/Resources"])

    for page in reader.pages:
        visit(page["/Resources"])
    return found


def _addressee_lines(text):
    """The lines from "Kính gửi:" to the next block (the body, or Nơi nhận: WeasyPrint paints floats first)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Kính gửi:"))
    end = next(i for i, line in enumerate(lines) if i > start and (line == "Nơi nhận:" or "kính mời" in line))
    return lines[start:end]


def _stamped_and_full(session, people):
    """(route, stamped reader, its texts, full reader, its texts) of PEOPLE's letters."""
    doc = session_document_take(session=session, kind="GM")
    _, stamped, route = render_batch(session, people, document=doc, route="stamp")
    _, full = render_invitations(session, people, document=doc)
    return route, *read_pdf(stamped), *read_pdf(full)


def test_stamped_letters_read_like_full_letters_in_reading_order(state_session, villages):
    people = _people(state_session, villages, ["Trưởng ấp 1", "Trưởng ấp 2", LONG_TITLE, "Trưởng ấp 4"])
    route, reader, texts, full_reader, full_texts = _stamped_and_full(state_session, people)
    assert route == "stamp"
    assert len(texts) == 4 and page_sizes(reader) == {(595, 842)}
    assert _fonts(reader) == {
        "Liberation-Serif": True,
        "Liberation-Serif-Bold": True,
        "Liberation-Serif-Italic": True,
        "Liberation-Serif-Bold-Italic": True,
    }
    assert image_count(reader) == 4
    for text, full_text, person in zip(texts, full_texts, people, strict=True):
        lines = text.splitlines()
        # The letterhead, then the addressee, then the body: the order a reader reads the page in.
        assert lines.index("GIẤY MỜI") < lines.index(_addressee_lines(text)[0])
        assert " ".join(_addressee_lines(text)) == f"Kính gửi: {person.addressee}"
        assert _addressee_lines(text) == _addressee_lines(full_text)
        for shared in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 01/GM-UBND", "Nơi nhận:", "Mã điểm danh"):
            assert shared in lines
        assert f"kính mời {person.honorific} đến dự" in text
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in text
    # Every piece of text at the same place, in the same font and size as in the full letters.
    for page, full_page in zip(reader.pages, full_reader.pages, strict=True):
        assert sorted(text_runs(page)) == sorted(text_runs(full_page))


def test_party_letters_stamp_with_the_party_header(party_session, villages):
    people = _people(party_session, villages, ["Bí thư chi bộ ấp 1", "Trưởng ấp 2"])
    doc = session_document_take(session=party_session, kind="GM")
    _, data, route = render_batch(party_session, people, document=doc, route="stamp", with_qr=False)
    reader, texts = read_pdf(data)
    assert route == "stamp"
    assert image_count(reader) == 0
    for text, person in zip(texts, people, strict=True):
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "Số 01-GM/ĐU" in text and "T/M BAN THƯỜNG VỤ" in text
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text
        assert "Mã điểm danh" not in text
        assert f"Kính gửi: {person.addressee}" in text.splitlines()


def test_names_typed_with_combining_accents_stamp_in_nfc(state_session, villages):
    typed = "Nguye\u0302\u0303n Văn Hải"
    p = Participant(session=state_session, group="households", honorific="Ông", full_name=typed, village=villages[0])
    p.save()
    doc = session_document_take(session=state_session, kind="GM")
    _, data, _ = render_batch(state_session, [p], document=doc, route="stamp")
    _, (text,) = read_pdf(data)
    assert "Kính gửi: Ông Nguyễn Văn Hải" in text.splitlines()
    assert unicodedata.normalize("NFC", typed) == "Nguyễn Văn Hải"


def test_an_addressee_taller_than_the_room_prints_as_a_full_letter_in_its_place(state_session, villages):
    people = _people(state_session, villages, ["Trưởng ấp 1", TALLER_TITLE, "Trưởng ấp 3"])
    people[1].full_name = TALLER_NAME
    people[1].save()
    route, reader, texts, full_reader, full_texts = _stamped_and_full(state_session, people)
    assert route == "stamp (1 full letters)"
    assert len(_addressee_lines(full_texts[1])) > stamp.MAX_LINES
    assert len(texts) == 3 and image_count(reader) == 3
    assert [_addressee_lines(t) for t in texts] == [_addressee_lines(t) for t in full_texts]
    assert " ".join(_addressee_lines(texts[1])) == f"Kính gửi: Ông {TALLER_NAME}, {TALLER_TITLE}"
    for page, full_page in zip(reader.pages, full_reader.pages, strict=True):
        assert sorted(text_runs(page)) == sorted(text_runs(full_page))


def test_a_letter_longer_than_a_page_takes_the_parts_route(state_session, villages):
    people = _people(state_session, villages, ["Trưởng ấp 1", "Trưởng ấp 2"])
    # The content is given when numbering: a numbered letter prints the text frozen then.
    long_content = "Nghe Nhân dân phản ánh, kiến nghị về đất đai, môi trường, giao thông nông thôn. " * 40
    doc = session_document_take(session=state_session, kind="GM", content=long_content)
    _, data, route = render_batch(state_session, people, document=doc, route="stamp")
    reader, texts = read_pdf(data)
    assert route == "sequential"
    assert len(texts) == 4  # two pages a letter
    assert [t.split("Kính gửi: ")[1].splitlines()[0] for t in (texts[0], texts[2])] == [
        people[0].addressee,
        people[1].addressee,
    ]


def _pixels(data, page):
    png = subprocess.run(
        ["pdftoppm", "-r", "100", "-gray", "-f", str(page), "-l", str(page), "-"],
        input=data,
        capture_output=True,
        check=True,
    ).stdout
    return Image.open(io.BytesIO(png))


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) is not installed")
@pytest.mark.parametrize("side", ["state", "party"])
def test_stamped_pages_look_like_full_letters(request, side, villages):
    session = request.getfixturevalue(f"{side}_session")
    people = _people(session, villages, ["Trưởng ấp 1", LONG_TITLE, "Trưởng ấp 3"])
    doc = session_document_take(session=session, kind="GM")
    _, stamped, route = render_batch(session, people, document=doc, route="stamp")
    _, full = render_invitations(session, people, document=doc)
    assert route == "stamp"
    for page in (1, 2, 3):
        difference = ImageChops.difference(_pixels(stamped, page), _pixels(full, page))
        # Apart from anti-aliasing: no pixel differs by more than a faint grey.
        assert max(i for i, count in enumerate(difference.histogram()) if count) <= 32
