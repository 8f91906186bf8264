"""The plan in Word: one document of the model printed to PDF and .docx, the same words in the same
order; a draft marked "DỰ THẢO" without a number; a numbered plan's .docx frozen with its PDF."""

import datetime
import re

import pytest
from django.urls import reverse

from directory import demo as directory_demo
from directory.models import LegalBasis
from sessions_app import demo as sessions_demo
from sessions_app.models import BasisVerb, Plan, PlanIssuedCopy, PlanLegalBasis, PlanSection
from sessions_app.pdf import render_plan
from tests.document_text import docx_document, docx_header_rows, docx_text, pdf_text
from tests.factories import PlanFactory, SessionFactory

from .pdf_helpers import read_pdf, text_runs
from .test_plan_views import plan_post

SEED_003 = "Tổ chức Hội nghị đối thoại trực tiếp với Nhân dân năm 2025 của UBND xã Lộc Thành"


def both_texts(plan):
    """The plan's .docx and PDF, each as its words in order (NFC, whitespace collapsed)."""
    _, docx = render_plan(plan, "docx")
    _, pdf = render_plan(plan, "pdf")
    return docx_text(docx), pdf_text(pdf, repeated_headers=docx_header_rows(docx)), docx


def docx_paragraphs(data):
    return [" ".join(p.text.split()) for p in docx_document(data).paragraphs]


@pytest.fixture
def seeded(db):
    communes = directory_demo.load()
    sessions_demo.load(communes)
    return communes


def test_seed_003_says_in_word_what_its_pdf_says_with_its_four_parts(seeded):
    plan = Plan.objects.get(title=SEED_003)
    word, pdf, data = both_texts(plan)
    assert word == pdf
    parts = [p for p in docx_paragraphs(data) if re.match(r"^(I|II|III|IV|V)\. ", p)]
    assert parts == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN THAM DỰ",
        "III. NỘI DUNG, HÌNH THỨC ĐỐI THOẠI",
        "IV. TỔ CHỨC THỰC HIỆN",
    ]
    assert "Căn cứ Quyết định số 218-QĐ/TW" in word and "Thực hiện Công văn số 8114/UBND-KGVX" in word
    assert "4. Các phòng chuyên môn, các đơn vị thuộc UBND xã" in word  # the duties, items of part IV
    assert word.index("I. MỤC ĐÍCH, YÊU CẦU") < word.index("IV. TỔ CHỨC THỰC HIỆN") < word.index("Nơi nhận:")


def test_seed_plans_say_the_same_in_word_and_pdf_the_sessions_table_included(seeded):
    for plan in Plan.objects.all():
        word, pdf, data = both_texts(plan)
        assert word == pdf, plan.title
    sample = Plan.objects.get(title__endswith=sessions_demo.SAMPLE_MARK)  # its part II is the sessions table
    word, _, data = both_texts(sample)
    header = "TT Đối tượng tổ chức tiếp xúc, đối thoại Thời gian Địa điểm"
    assert header in docx_header_rows(data)
    assert (
        word.index("II. THỜI GIAN, ĐỊA ĐIỂM") < word.index(header) < word.index(f"01 {sample.sessions.first().title}")
    )


@pytest.mark.parametrize("side", ["state", "party"])
def test_a_draft_carries_du_thao_and_no_number_in_both(commune, state_issuer, party_issuer, side):
    issuer = state_issuer if side == "state" else party_issuer
    draft = PlanFactory(commune=commune, issuer=issuer, number=None, closing="Trên đây là Kế hoạch của xã.")
    basis = LegalBasis.objects.create(short_name="Luật TCCQĐP", citation="Luật Tổ chức chính quyền địa phương năm 2025")
    PlanLegalBasis.objects.create(plan=draft, legal_basis=basis, verb=BasisVerb.BASED_ON, position=0)
    PlanSection.objects.create(plan=draft, position=0, level=1, title="MỤC ĐÍCH", body="Lắng nghe Nhân dân.")
    PlanSection.objects.create(plan=draft, position=1, level=4, title="Yêu cầu", body="Đúng thời gian.")
    PlanSection.objects.create(plan=draft, position=2, level=5, title="", body="Dòng gạch đầu dòng.")
    word, pdf, data = both_texts(draft)
    assert word == pdf
    assert word.startswith("DỰ THẢO ")
    # The number line with room for the number the register gives (Decree 30; Guide 36 for the Party).
    assert ("Số: /KH-UBND " if side == "state" else "Số -KH/ĐU ") in word
    assert not re.search(r"Số:? ?\d", word)
    assert "Căn cứ Luật Tổ chức chính quyền địa phương năm 2025; I. MỤC ĐÍCH Lắng nghe Nhân dân. a) Yêu cầu" in word
    assert "- Dòng gạch đầu dòng. Trên đây là Kế hoạch của xã." in word
    # The point "a)" prints italic, not bold, in Word as in the PDF; a part's heading bold in both.
    (point,) = [p for p in docx_document(data).paragraphs if p.text == "a) Yêu cầu"]
    assert (point.runs[0].font.italic, point.runs[0].font.bold) == (True, None)
    runs = text_runs(read_pdf(render_plan(draft)[1])[0].pages[0])
    fonts = {text: font.split("+")[-1] for text, _, _, font, _ in runs}
    assert fonts["a) Yêu cầu"] == "Liberation-Serif-Italic"
    assert fonts["I. MỤC ĐÍCH"] == "Liberation-Serif-Bold"


def test_plan_page_offers_word_beside_pdf_and_a_draft_downloads_its_current_text(clerk_client, state_issuer):
    clerk_client.post(reverse("sessions_app:plan_create"), plan_post(state_issuer, number=""))
    plan = Plan.objects.get()
    body = clerk_client.get(plan.get_absolute_url()).content.decode()
    assert reverse("sessions_app:plan_pdf", args=[plan.pk]) in body
    assert f'href="{reverse("sessions_app:plan_docx", args=[plan.pk])}"' in body and "Tải Word" in body
    response = clerk_client.get(reverse("sessions_app:plan_docx", args=[plan.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert response["Content-Disposition"] == 'attachment; filename="ke-hoach-du-thao-2026.docx"'
    text = docx_text(response.content)
    assert "DỰ THẢO" in text and "Tổ chức Hội nghị đối thoại năm 2026" in text


def test_a_numbered_plan_docx_is_frozen_with_its_pdf_and_never_changes(clerk_client, commune, state_issuer, villages):
    clerk_client.post(reverse("sessions_app:plan_create"), plan_post(state_issuer))
    plan = Plan.objects.get()
    copy = PlanIssuedCopy.objects.get(plan=plan)
    assert copy.docx
    url = reverse("sessions_app:plan_docx", args=[plan.pk])
    response = clerk_client.get(url)
    assert response["Content-Disposition"] == 'attachment; filename="ke-hoach-15-2026.docx"'
    first = response.content
    assert first == bytes(copy.docx)
    frozen = docx_text(first)
    assert frozen == pdf_text(bytes(copy.pdf), repeated_headers=docx_header_rows(first))
    assert "Số: 15/KH-UBND" in frozen and "DỰ THẢO" not in frozen
    # After numbering: the edit page refuses, but the rows the plan prints may still change
    # underneath (a section, the signer's title, a new session, the issuer's name).
    data = plan_post(state_issuer, signer=plan.signer_id, title="Trích yếu đã sửa")
    assert clerk_client.post(reverse("sessions_app:plan_update", args=[plan.pk]), data).status_code == 302
    PlanSection.objects.create(plan=plan, position=0, level=1, title="PHẦN THÊM SAU", block="sessions")
    Plan.objects.filter(pk=plan.pk).update(signer_title="PHÓ CHỦ TỊCH")
    SessionFactory(plan=plan, villages=villages[:1], quarter=2, year=2026, venue="Nhà văn hóa mới")
    state_issuer.name = "Ủy ban nhân dân xã Lộc Thành mới"
    state_issuer.header_name = "ỦY BAN NHÂN DÂN XÃ LỘC THÀNH MỚI"
    state_issuer.save()
    assert clerk_client.get(url).content == first
    live = docx_text(render_plan(Plan.objects.get(pk=plan.pk), "docx")[1])
    assert "PHẦN THÊM SAU" in live and "PHẦN THÊM SAU" not in frozen  # the test would see a change


def test_a_plan_numbered_before_word_was_kept_offers_its_pdf_alone(clerk_client, commune, state_issuer):
    plan = PlanFactory(commune=commune, issuer=state_issuer, number=3, issued_on=datetime.date(2025, 3, 1))
    _, pdf = render_plan(plan)
    PlanIssuedCopy.objects.create(plan=plan, pdf=pdf, sha256="x" * 64, number=3)
    assert clerk_client.get(reverse("sessions_app:plan_docx", args=[plan.pk])).status_code == 404
    body = clerk_client.get(plan.get_absolute_url()).content.decode()
    assert "Tải Word" not in body and reverse("sessions_app:plan_pdf", args=[plan.pk]) in body
