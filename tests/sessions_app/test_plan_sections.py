"""A plan's body is the office's own: sections numbered from their levels, printed as the seeds wrote them."""

import difflib
import re
import unicodedata
from pathlib import Path

import pytest
from django.urls import reverse

from directory import demo as directory_demo
from sessions_app import demo as sessions_demo
from sessions_app.models import BasisVerb, Plan, PlanLegalBasis, PlanSection, section_labels
from sessions_app.pdf import render_plan
from sessions_app.services import plan_document
from tests.factories import PlanFactory

from .pdf_helpers import read_pdf

SEEDS = Path("/work/shared/seeds")
if not SEEDS.exists():  # the seeds travel with the shared folder beside the checkout
    SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def words(text):
    return re.findall(r"\w+", unicodedata.normalize("NFC", text).casefold())


def in_order_share(seed_text, printed_text):
    """The share of the seed's words that the print has in the same order (difflib's matching blocks)."""
    seed, printed = words(seed_text), words(printed_text)
    matcher = difflib.SequenceMatcher(None, seed, printed, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(seed)


def pdf_text(plan):
    _, data = render_plan(plan)
    return "\n".join(read_pdf(data)[1])


def pdf_reading_text(plan):
    """The print as a reader reads it: pypdf's layout mode keeps the foot's two columns side by side
    (the plain extraction puts the recipients, a float, before the text above them)."""
    _, data = render_plan(plan)
    reader, _ = read_pdf(data)
    return "\n".join(page.extract_text(extraction_mode="layout") for page in reader.pages)


@pytest.fixture
def seeded(db):
    communes = directory_demo.load()
    sessions_demo.load(communes)
    return communes


def test_section_numbers_come_from_the_levels_alone():
    levels = [1, 2, 3, 3, 2, 4, 4, 5, 1, 2, 5, 1]
    assert section_labels(levels) == ["I.", "1.", "1.1.", "1.2.", "2.", "a)", "b)", "-", "II.", "1.", "-", "III."]


@pytest.mark.parametrize(
    ("seed", "title_start"),
    [("003_", "Tổ chức Hội nghị đối thoại trực tiếp"), ("000_", "Tổ chức tiếp xúc, đối thoại trực tiếp giữa Bí thư")],
)
def test_seed_plans_print_back_with_98_percent_of_their_words_in_order(seeded, seed, title_start):
    (path,) = SEEDS.glob(f"{seed}*.txt")
    plan = Plan.objects.exclude(title__endswith=sessions_demo.SAMPLE_MARK).get(title__startswith=title_start)
    share = in_order_share(path.read_text(encoding="utf-8"), pdf_reading_text(plan))
    assert share >= 0.98, f"{path.name}: {share:.3f}"


def test_seed_003_keeps_its_four_parts_and_its_own_verbs(seeded):
    plan = Plan.objects.get(title="Tổ chức Hội nghị đối thoại trực tiếp với Nhân dân năm 2025 của UBND xã Lộc Thành")
    lines = [" ".join(line.split()) for line in pdf_text(plan).splitlines()]
    parts = [line for line in lines if re.match(r"^(I|II|III|IV|V)\. ", line)]
    assert parts == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN THAM DỰ",
        "III. NỘI DUNG, HÌNH THỨC ĐỐI THOẠI",
        "IV. TỔ CHỨC THỰC HIỆN",
    ]
    text = " ".join(lines)
    assert "Căn cứ Quyết định số 218-QĐ/TW" in text
    assert "Thực hiện Công văn số 8114/UBND-KGVX" in text
    assert "Căn cứ Công văn" not in text and "Căn cứ Kế hoạch số 22" not in text
    assert "4. Các phòng chuyên môn, các đơn vị thuộc UBND xã" in text  # the duties are items of part IV


def test_sample_plan_starts_at_part_one_and_prints_its_recipients(seeded):
    plan = Plan.objects.get(title__endswith=sessions_demo.SAMPLE_MARK)
    lines = [" ".join(line.split()) for line in pdf_text(plan).splitlines()]
    parts = [line for line in lines if re.match(r"^(I|II|III|IV)\. ", line)]
    assert parts == ["I. NỘI DUNG", "II. THỜI GIAN, ĐỊA ĐIỂM"]
    assert "Nơi nhận:" in lines
    assert "- Thường trực Đảng ủy xã (b/c);" in lines and "- Lưu: VT." in lines


def _edit_data(plan, sections, **extra):
    data = {
        "kind": plan.kind,
        "issuer": plan.issuer_id,
        "place": plan.place,
        "title": plan.title,
        "year": plan.year,
        "period_label": plan.period_label,
        "announcement_lead_days": "7",
        "signer_title": plan.signer_title,
        "bases-TOTAL_FORMS": "0",
        "bases-INITIAL_FORMS": "0",
        "duties-TOTAL_FORMS": "0",
        "duties-INITIAL_FORMS": "0",
        "recipients-TOTAL_FORMS": "0",
        "recipients-INITIAL_FORMS": "0",
        "sections-TOTAL_FORMS": str(len(sections)),
        "sections-INITIAL_FORMS": str(sum(1 for s in sections if s.get("id"))),
    }
    for i, section in enumerate(sections):
        for key, value in section.items():
            data[f"sections-{i}-{key}"] = value
    data.update(extra)
    return data


def test_clerk_adds_moves_indents_and_removes_sections_and_the_numbers_follow(clerk_client, commune, state_issuer):
    plan = PlanFactory(commune=commune, issuer=state_issuer, number=None)
    first = PlanSection.objects.create(plan=plan, position=0, level=1, title="MỤC ĐÍCH")
    gone = PlanSection.objects.create(plan=plan, position=1, level=1, title="BỎ ĐI")
    url = reverse("sessions_app:plan_update", args=[plan.pk])
    response = clerk_client.post(
        url,
        _edit_data(
            plan,
            [
                {"id": first.pk, "level": "1", "title": "MỤC ĐÍCH", "body": "", "block": "text", "position": "1"},
                {"id": gone.pk, "level": "1", "title": "BỎ ĐI", "block": "text", "position": "2", "DELETE": "on"},
                {"level": "1", "title": "CĂN CỨ THỰC TIỄN", "body": "Tình hình xã.", "block": "text", "position": "0"},
                {"level": "2", "title": "", "body": "Mục con không tiêu đề.", "block": "text", "position": "3"},
                {"level": "5", "title": "", "body": "Một gạch đầu dòng.", "block": "text", "position": "4"},
            ],
        ),
    )
    assert response.status_code == 302, response.context["formsets"]["sections"].errors
    assert list(plan.sections.values_list("title", "level")) == [
        ("CĂN CỨ THỰC TIỄN", 1),
        ("MỤC ĐÍCH", 1),
        ("", 2),
        ("", 5),
    ]
    lines = [" ".join(line.split()) for line in pdf_text(plan).splitlines()]
    assert [ln for ln in lines if ln.startswith(("I.", "II.", "1.", "- Một"))] == [
        "I. CĂN CỨ THỰC TIỄN",
        "II. MỤC ĐÍCH",
        "1. Mục con không tiêu đề.",
        "- Một gạch đầu dòng.",
    ]
    page = clerk_client.get(reverse("sessions_app:plan_detail", args=[plan.pk])).content.decode()
    assert "II. MỤC ĐÍCH" in page


def test_a_section_with_neither_title_nor_text_is_refused(clerk_client, commune, state_issuer):
    plan = PlanFactory(commune=commune, issuer=state_issuer, number=None)
    url = reverse("sessions_app:plan_update", args=[plan.pk])
    response = clerk_client.post(
        url, _edit_data(plan, [{"level": "3", "title": "", "body": "", "block": "text", "position": "0"}])
    )
    assert response.status_code == 200
    assert "Ghi tiêu đề hoặc lời văn cho mục này (hoặc đánh dấu xóa)." in response.content.decode()
    assert plan.sections.count() == 0


def test_each_legal_basis_carries_its_own_verb(commune, state_issuer):
    from directory.models import LegalBasis  # noqa: PLC0415  (deferred: a test-local fixture row)

    plan = PlanFactory(commune=commune, issuer=state_issuer, number=None)
    for i, (name, verb) in enumerate(
        [("Luật A", BasisVerb.BASED_ON), ("Công văn B", BasisVerb.FOLLOWING), ("Kế hoạch C", BasisVerb.CONTINUED)]
    ):
        basis = LegalBasis.objects.create(short_name=name, citation=f"{name} của tỉnh")
        PlanLegalBasis.objects.create(plan=plan, legal_basis=basis, verb=verb, position=i)
    text = " ".join(" ".join(pdf_text(plan).split()).split())
    assert "Căn cứ Luật A của tỉnh; Theo Công văn B của tỉnh; Kế hoạch C của tỉnh;" in text


def test_a_numbered_plan_keeps_printing_its_frozen_text(clerk_client, commune, state_issuer):
    from sessions_app.models import PlanIssuedCopy  # noqa: PLC0415  (deferred: read only here)

    plan = PlanFactory(commune=commune, issuer=state_issuer, number=3)
    section = PlanSection.objects.create(plan=plan, level=1, title="NỘI DUNG BAN ĐẦU")
    _, data = render_plan(plan)
    PlanIssuedCopy.objects.create(plan=plan, pdf=data, sha256="x" * 64, number=3)
    section.title = "NỘI DUNG SỬA SAU"
    section.save()
    _, printed = plan_document(plan=plan)
    assert printed == data
    assert "NỘI DUNG BAN ĐẦU" in "\n".join(read_pdf(printed)[1])
