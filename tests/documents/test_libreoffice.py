"""Every document kind's .docx opens in LibreOffice and lays out as its WeasyPrint PDF.

A .docx of each kind (notice, village copies, announcement, invitation single and batch,
signature sheet, report, letter to the citizen, programme, minutes, briefing pack, the plan as a
draft and numbered) is converted to PDF by LibreOffice (`soffice --headless --convert-to pdf`, all
files in one call, with a profile of the test's own), and each conversion must:

- open (a PDF with pages), every page A4 (595 × 842 pt);
- have as many pages as the WeasyPrint PDF, give or take one (PAGE_SLACK): the page breaks the
  documents ask for (a new page per letter or copy, the annex) are structural and must land the
  same, but two layout engines measure lines differently (font metrics, justification, the
  line height of "1.15" against CSS, Word's widow and orphan control), so a long document may end
  a few lines over or under a page;
- carry the main text: the words of the .docx, in order (SequenceMatcher over the words, at
  least MIN_SIMILARITY, the rest being running page numbers and repeated table header rows),
  and each kind's key lines exactly.

Without LibreOffice the module skips (apt-get install libreoffice-writer-nogui); with
REQUIRE_LIBREOFFICE=1 (CI) a missing soffice fails the run instead.
"""

import datetime
import difflib
import io
import os
import shutil
import subprocess

import pytest
from django.test import Client
from freezegun import freeze_time
from pypdf import PdfReader

from conclusions.enums import NoticeStatus
from conclusions.pdf import render_notice, render_village_copies
from conclusions.services import notice_change_status
from dialogue.documents.docx import render_document_docx
from petitions import services as petition_services
from petitions.letters import citizen_letter_issue, render_letters
from proceedings.briefing import briefing_pack
from proceedings.enums import MinutesStatus
from proceedings.pdf import render_briefing, render_minutes, render_programme
from proceedings.services import minutes_change_status, minutes_save, minutes_start, programme_rows
from sessions_app.documents import announcement_document, invitation_document, signature_sheet_document
from sessions_app.models import Participant, PlanSection
from sessions_app.participants import session_document_take
from sessions_app.pdf import render_announcement, render_invitations, render_plan, render_signature_sheet
from tests.conclusions.factories import NoticeFactory, PetitionFactory, TopicFactory, held_session
from tests.document_text import docx_text, pdf_pages
from tests.factories import OfficialFactory, PlanFactory
from tests.office.test_report_pdf import H2, PRINT, url
from tests.petitions.factories import topic
from tests.sessions_app.factories import ParticipantFactory

SOFFICE = os.environ.get("SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")
A4_PT = (595.28, 841.89)
PAGE_SLACK = 1
MIN_SIMILARITY = 0.97

pytestmark = [pytest.mark.libreoffice, pytest.mark.django_db]


@pytest.fixture
def soffice():
    if SOFFICE is None:
        message = "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
        if os.environ.get("REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(message + " (REQUIRE_LIBREOFFICE=1)")
        pytest.skip(message)
    return SOFFICE


def convert(soffice, files, workdir):
    """FILES {name: .docx bytes} -> {name: PDF bytes}, in one soffice run with its own profile."""
    src, out = workdir / "docx", workdir / "pdf"
    src.mkdir()
    out.mkdir()
    paths = []
    for name, data in files.items():
        path = src / f"{name}.docx"
        path.write_bytes(data)
        paths.append(str(path))
    profile = (workdir / "lo-profile").as_uri()
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore"]
    command += ["--convert-to", "pdf", "--outdir", str(out), *paths]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    converted = {name: out / f"{name}.pdf" for name in files}
    missing = [name for name, path in converted.items() if not path.exists()]
    assert not missing, f"soffice did not convert {missing}: {run.returncode} {run.stderr[-2000:]}"
    return {name: path.read_bytes() for name, path in converted.items()}


# --- the documents ------------------------------------------------------------------------------


def _issue(notice, clerk, leader):
    notice_change_status(obj=notice, to=NoticeStatus.PENDING_APPROVAL, by=clerk)
    with freeze_time("2026-01-05 09:00"):
        notice_change_status(obj=notice, to=NoticeStatus.ISSUED, by=leader)
    notice.refresh_from_db()


def _participants(session, villages):
    for i in range(45):
        ParticipantFactory(
            session=session,
            full_name=f"Nguyễn Văn Hộ {i}",
            title=f"Trưởng ban công tác Mặt trận và Chi hội trưởng Chi hội Nông dân mã{i}",
            village=villages[i % 3],
        )
    return list(Participant.objects.filter(session=session).ordered_for_sheet())


def _plan_sections(plan):
    """Sections of every level, a long part and the sessions table, as an office writes them."""
    rows = [
        (1, "MỤC ĐÍCH, YÊU CẦU", "\n".join(f"Yêu cầu thứ {i} của hội nghị đối thoại với Nhân dân." for i in range(25))),
        (2, "Mục đích", "Lắng nghe ý kiến, kiến nghị của Nhân dân."),
        (3, "Tiểu mục", "Nắm bắt tâm tư, nguyện vọng."),
        (4, "Điểm", "Giải thích, trả lời trực tiếp."),
        (5, "", "Gạch đầu dòng của kế hoạch."),
        (1, "THỜI GIAN, ĐỊA ĐIỂM", "Các buổi tiếp xúc, đối thoại như sau:"),
        (1, "TỔ CHỨC THỰC HIỆN", "Văn phòng HĐND và UBND xã chuẩn bị các điều kiện phục vụ."),
    ]
    for position, (level, title, body) in enumerate(rows):
        block = "sessions" if title == "THỜI GIAN, ĐỊA ĐIỂM" else "text"
        PlanSection.objects.create(plan=plan, position=position, level=level, title=title, body=body, block=block)
    return plan


def _letter(commune, clerk, leader, unit, villages):
    roads = topic("ha-tang")
    p = petition_services.petition_create(
        commune=commune,
        by=clerk,
        content="Đường liên thôn bị hư hỏng nặng",
        topic=roads,
        village=villages[0],
        received_on=datetime.date(2025, 10, 1),
    )
    petition_services.petition_classify(petition=p, by=clerk, topic=roads, kind="kien_nghi", competence="commune")
    petition_services.petition_route(petition=p, by=clerk, unit=unit)
    petition_services.petition_answer_draft(petition=p, by=clerk, body="Đường sẽ được sửa trong quý I năm 2026.")
    petition_services.petition_answer_approve(petition=p, by=leader)
    p.refresh_from_db()
    return citizen_letter_issue(petition=p, kind="answer", by=clerk)


def _minutes(session, clerk, commune):
    minutes = minutes_start(session=session, user=clerk)
    minutes.chair = OfficialFactory(commune=commune, full_name="Hồ Quang Khánh", position="Chủ tịch UBND xã")
    minutes.secretary = OfficialFactory(commune=commune, honorific="Bà", full_name="Phan Thị Ngọc")
    minutes.opinions += "\n" + "\n".join(f"Ý kiến bổ sung số {i} của Nhân dân về đường giao thông." for i in range(30))
    minutes_save(minutes=minutes, user=clerk)
    draft = render_minutes(minutes), render_minutes(minutes, "docx")
    with freeze_time("2026-01-05 09:00"):
        minutes_change_status(obj=minutes, to=MinutesStatus.SIGNED, by=clerk)
    return draft, (("x.pdf", bytes(minutes.pdf)), ("x.docx", bytes(minutes.docx)))


@pytest.fixture
def documents(commune, state_issuer, villages, unit, clerk, leader):
    """{kind: (WeasyPrint PDF, .docx, [key lines])} for every kind."""
    session = held_session(commune, state_issuer, villages, signer_title="CHỦ TỊCH")
    docs = {}

    def add(kind, pdf, docx, *keys):
        docs[kind] = (pdf[1], docx[1], list(keys))

    notice = NoticeFactory(session=session, created_by=clerk, signing_authority="TM. ỦY BAN NHÂN DÂN")
    notice.conclusions = "\n".join(
        f"Kết luận thứ {i}: các đơn vị rà soát, giải quyết dứt điểm kiến nghị." for i in range(40)
    )
    notice.save()
    add("notice-draft", render_notice(notice), render_notice(notice, "docx"), "DỰ THẢO", "THÔNG BÁO")
    _issue(notice, clerk, leader)
    add("notice", render_notice(notice), render_notice(notice, "docx"), "Số: 01/TB-UBND", "Kết luận thứ 39")
    add("village-copies", render_village_copies(notice), render_village_copies(notice, "docx"), "Trưởng Ấp 3")

    people = _participants(session, villages)
    gm = session_document_take(session=session, kind="GM", on_date=datetime.date(2025, 11, 5))
    one = render_invitations(session, people[:1], document=gm)
    add("invitation", one, render_document_docx(invitation_document(session, people[:1], document=gm)), "GIẤY MỜI")
    batch = people[:6]
    add(
        "invitation-batch",
        render_invitations(session, batch, document=gm),
        render_document_docx(invitation_document(session, batch, document=gm)),
        f"Kính gửi: {batch[-1].addressee}",
    )
    tb = session_document_take(session=session, kind="TB", on_date=datetime.date(2025, 11, 10))
    add(
        "announcement",
        render_announcement(session, document=tb),
        render_document_docx(announcement_document(session, document=tb)),
        "Số: 01/TB-UBND",
    )
    add(
        "signature-sheet",
        render_signature_sheet(session, people),
        render_document_docx(signature_sheet_document(session, people)),
        "DANH SÁCH ĐẠI BIỂU KÝ TÊN",
        "Nguyễn Văn Hộ 44",
    )

    for kind in ("y_kien", "kien_nghi", "phan_anh", "khieu_nai", "to_cao"):
        PetitionFactory(session=session, topic=TopicFactory(code="thu-a", name="Giao thông"), kind=kind)
    client = Client()
    client.force_login(clerk)
    report = [client.post(url(f"office:report_{fmt}", H2), {**PRINT, "du_thao": "1"}) for fmt in ("pdf", "docx")]
    add("report", ("", report[0].content), ("", report[1].content), "Kính gửi: Ủy ban nhân dân tỉnh Lâm Đồng.")

    letter = _letter(commune, clerk, leader, unit, villages)
    add(
        "letter",
        ("", bytes(letter.pdf)),
        render_letters([letter], filename="thu", fmt="docx"),
        "Đường sẽ được sửa trong quý I năm 2026.",
    )

    plan = _plan_sections(session.plan)
    add("plan", render_plan(plan), render_plan(plan, "docx"), "KẾ HOẠCH", "III. TỔ CHỨC THỰC HIỆN", "a) Điểm")
    draft = _plan_sections(PlanFactory(commune=commune, issuer=state_issuer, number=None))
    add("plan-draft", render_plan(draft), render_plan(draft, "docx"), "DỰ THẢO", "Số: /KH-UBND")

    rows, _ = programme_rows(session)
    add("programme", render_programme(session, rows), render_programme(session, rows, "docx"), "CHƯƠNG TRÌNH")
    draft, signed = _minutes(session, clerk, commune)
    add("minutes-draft", *draft, "DỰ THẢO", "BIÊN BẢN", "Ý kiến bổ sung số 29")
    add("minutes", *signed, "Số: 01/BB-UBND", "Phan Thị Ngọc")
    pack = briefing_pack(session, clerk)
    add(
        "briefing",
        render_briefing(session, pack),
        render_briefing(session, pack, "docx"),
        "TÀI LIỆU PHỤC VỤ LÃNH ĐẠO",
        "IV. Kết quả buổi tiếp xúc trước tại các thôn, ấp này",
    )
    return docs


def _words(text):
    return " ".join(text.split())


def test_every_document_kind_opens_in_libreoffice_as_a4_with_its_pages_and_text(soffice, documents, tmp_path):
    converted = convert(soffice, {kind: docx for kind, (_, docx, _) in documents.items()}, tmp_path)
    problems = []
    for kind, (weasy, docx, keys) in documents.items():
        reader = PdfReader(io.BytesIO(converted[kind]))
        pages = len(reader.pages)
        if not pages:
            problems.append(f"{kind}: LibreOffice's PDF has no page")
            continue
        for n, page in enumerate(reader.pages, 1):
            size = (float(page.mediabox.width), float(page.mediabox.height))
            if any(abs(a - b) > 1 for a, b in zip(size, A4_PT, strict=True)):
                problems.append(f"{kind}: page {n} is {size[0]:.0f} × {size[1]:.0f} pt, not A4")
        expected = len(PdfReader(io.BytesIO(weasy)).pages)
        if abs(pages - expected) > PAGE_SLACK:
            problems.append(f"{kind}: {pages} pages in LibreOffice, {expected} in WeasyPrint")
        text = _words(" ".join(pdf_pages(converted[kind])))
        for key in keys:
            if _words(key) not in text:
                problems.append(f"{kind}: {key!r} missing from LibreOffice's PDF")
        words = docx_text(docx).split()
        similarity = difflib.SequenceMatcher(None, words, text.split(), autojunk=False).ratio()
        if similarity < MIN_SIMILARITY:
            problems.append(f"{kind}: only {similarity:.1%} of the .docx's words in order in LibreOffice's PDF")
    assert not problems, "\n".join(problems)
