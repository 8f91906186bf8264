"""A numbered plan is read-only; a change after numbering is a correction: a new plan, with its own
number, that names the one it replaces (issue 10)."""

import datetime
import hashlib

import pytest
from django.urls import reverse

from directory.models import Event, LegalBasis
from sessions_app.models import (
    BasisVerb,
    Plan,
    PlanDuty,
    PlanIssuedCopy,
    PlanLegalBasis,
    PlanRecipient,
    PlanSection,
    Session,
)
from sessions_app.services import SessionError, plan_correct, plan_number_check

from ..factories import OfficialFactory, PlanFactory, SessionFactory
from .pdf_helpers import read_pdf

REPLACES_LINE = "(Kế hoạch này thay thế Kế hoạch số 15/KH-UBND ngày 05/01/2026.)"


def issued_plan(commune, issuer, unit):
    """A plan with a basis, three sections, a duty, two recipients and a signer, numbered 15 (frozen)."""
    signer = OfficialFactory(commune=commune, full_name="Hồ Quang Khánh")
    plan = PlanFactory(
        commune=commune,
        issuer=issuer,
        number=None,
        signer=signer,
        signing_authority="TM. ỦY BAN NHÂN DÂN",
        year=2026,
        period_label="năm 2026",
        title="Tổ chức Hội nghị đối thoại năm 2026",
        preamble="Ủy ban nhân dân xã xây dựng Kế hoạch như sau:",
    )
    basis = LegalBasis.objects.create(short_name="Luật THDC", citation="Luật Thực hiện dân chủ ở cơ sở năm 2022")
    PlanLegalBasis.objects.create(plan=plan, legal_basis=basis, verb=BasisVerb.IMPLEMENTING, position=0)
    PlanSection.objects.create(plan=plan, position=0, level=1, title="MỤC ĐÍCH, YÊU CẦU", body="Lắng nghe Nhân dân.")
    PlanSection.objects.create(plan=plan, position=1, level=1, title="THỜI GIAN, ĐỊA ĐIỂM", block="sessions")
    PlanSection.objects.create(plan=plan, position=2, level=1, title="TỔ CHỨC THỰC HIỆN", block="duties")
    PlanDuty.objects.create(plan=plan, unit=unit, text="Chuẩn bị hội trường.", position=0)
    PlanRecipient.objects.create(plan=plan, name="TT. Đảng ủy xã", for_report=True, position=0)
    PlanRecipient.objects.create(plan=plan, name="Lưu: VT", position=1)
    plan.number, plan.issued_on = 15, datetime.date(2026, 1, 5)
    plan.save()
    plan_number_check(plan=plan)
    return plan


def contents(plan):
    """What a plan says, apart from its number and date: to compare a plan with its copy."""
    return {
        "fields": [
            getattr(plan, f)
            for f in ("kind", "issuer_id", "place", "title", "year", "period_label", "preamble", "closing")
        ]
        + [plan.signer_id, plan.signer_title, plan.signing_authority, plan.announcement_lead_days],
        "bases": list(plan.plan_legal_bases.values_list("legal_basis_id", "verb", "position")),
        "sections": list(plan.sections.values_list("position", "level", "title", "body", "block")),
        "duties": list(plan.duties.values_list("unit_id", "heading", "text", "position")),
        "recipients": list(plan.recipients.values_list("name", "for_report", "position")),
    }


def edit_page_data(response, **overrides):
    """The plan's edit form as the page would post it back unchanged, with OVERRIDES."""
    data = {}
    forms = [response.context["form"]]
    for formset in response.context["formsets"].values():
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for bound in form:
            value = bound.value()
            if isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
                continue
            if isinstance(value, datetime.date):
                value = value.isoformat()
            data[bound.html_name] = "" if value is None else value
    data.update(overrides)
    return data


@pytest.fixture
def plan(commune, state_issuer, unit):
    return issued_plan(commune, state_issuer, unit)


# --- 1. a numbered plan is read-only ---------------------------------------------------------------


def test_the_edit_page_of_a_numbered_plan_refuses_every_write(clerk_client, plan, state_issuer):
    before = contents(plan)
    url = reverse("sessions_app:plan_update", args=[plan.pk])
    response = clerk_client.get(url, follow=True)
    message = "Kế hoạch số 15/KH-UBND đã ban hành: không sửa được nội dung, căn cứ, các mục, nhiệm vụ"
    assert response.redirect_chain == [(plan.get_absolute_url(), 302)]
    assert message in response.content.decode()
    sections = list(plan.sections.all())
    [recipient, _] = plan.recipients.all()
    crafted = {
        "kind": "state_conference",
        "issuer": state_issuer.pk,
        "place": "Nơi khác",
        "title": "Trích yếu đã sửa",
        "year": "2026",
        "period_label": "năm 2026",
        "announcement_lead_days": "7",
        "signer_title": "PHÓ CHỦ TỊCH",
        "bases-TOTAL_FORMS": "0",
        "bases-INITIAL_FORMS": "0",
        "duties-TOTAL_FORMS": "0",
        "duties-INITIAL_FORMS": "0",
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "1",
        "sections-0-id": sections[0].pk,
        "sections-0-level": "1",
        "sections-0-title": "ĐÃ SỬA",
        "sections-0-block": "text",
        "sections-0-position": "0",
        "recipients-TOTAL_FORMS": "1",
        "recipients-INITIAL_FORMS": "1",
        "recipients-0-id": recipient.pk,
        "recipients-0-DELETE": "on",
    }
    response = clerk_client.post(url, crafted, follow=True)
    assert message in response.content.decode()
    plan.refresh_from_db()
    assert contents(plan) == before


def test_the_plan_page_hides_the_edit_button_of_a_numbered_plan_and_still_adds_sessions(clerk_client, plan):
    html = clerk_client.get(plan.get_absolute_url()).content.decode()
    assert reverse("sessions_app:plan_update", args=[plan.pk]) not in html
    assert "+ Thêm buổi" in html
    assert "Đính chính / thay thế kế hoạch" in html
    # Sessions are not part of the issued text: they are still added (the frozen PDF keeps its table).
    assert clerk_client.get(reverse("sessions_app:session_create", args=[plan.pk])).status_code == 200
    draft = PlanFactory(commune=plan.commune, issuer=plan.issuer, number=None)
    html = clerk_client.get(draft.get_absolute_url()).content.decode()
    assert reverse("sessions_app:plan_update", args=[draft.pk]) in html
    assert "Đính chính / thay thế kế hoạch" not in html


def test_the_service_refuses_to_save_a_numbered_plan_again(plan):
    plan.title = "Sửa qua lệnh"
    with pytest.raises(SessionError, match="Kế hoạch số 15/KH-UBND đã ban hành: không sửa được nữa"):
        plan_number_check(plan=plan, number_before=15)


def test_the_admin_shows_a_numbered_plan_and_changes_nothing(admin_client, plan):
    url = reverse("admin:sessions_app_plan_change", args=[plan.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()  # read-only: no input
    assert admin_client.post(url, {"title": "Sửa trong trang quản trị"}).status_code == 403
    plan.refresh_from_db()
    assert plan.title == "Tổ chức Hội nghị đối thoại năm 2026"


# --- 2. the correction -----------------------------------------------------------------------------


def test_a_correction_needs_a_reason_and_a_numbered_plan(clerk_client, plan):
    url = reverse("sessions_app:plan_correct", args=[plan.pk])
    response = clerk_client.post(url, {"reason": "  "}, follow=True)
    assert "Cần ghi lý do đính chính / thay thế kế hoạch" in response.content.decode()
    draft = PlanFactory(commune=plan.commune, issuer=plan.issuer, number=None)
    response = clerk_client.post(reverse("sessions_app:plan_correct", args=[draft.pk]), {"reason": "x"}, follow=True)
    assert "Kế hoạch còn là dự thảo (chưa có số): sửa trực tiếp" in response.content.decode()
    assert Plan.objects.filter(replaces__isnull=False).count() == 0


def test_the_other_side_cannot_correct_a_plan(client, party_clerk, plan):
    client.force_login(party_clerk)
    response = client.post(reverse("sessions_app:plan_correct", args=[plan.pk]), {"reason": "Sai tên"})
    assert response.status_code == 404
    assert Plan.objects.count() == 1


def test_a_correction_is_a_copy_that_replaces_the_plan_when_numbered(clerk_client, clerk, plan, villages):
    session = SessionFactory(plan=plan, villages=villages[:1], quarter=2, year=2026)
    old_pdf = clerk_client.get(reverse("sessions_app:plan_pdf", args=[plan.pk])).getvalue()
    response = clerk_client.post(
        reverse("sessions_app:plan_correct", args=[plan.pk]), {"reason": "Sai tên đơn vị chủ trì"}, follow=True
    )
    new = Plan.objects.get(replaces=plan)
    assert response.redirect_chain == [(new.get_absolute_url(), 302)]
    assert "Dự thảo thay thế" in response.content.decode()
    assert (new.number, new.issued_on, new.correction_reason) == (None, None, "Sai tên đơn vị chủ trì")
    assert contents(new) == contents(plan)
    # Until the correction is numbered, the old plan is in force and keeps its sessions.
    assert list(plan.sessions.all()) == [session]
    assert plan.is_replaced is False
    html = clerk_client.get(plan.get_absolute_url()).content.decode()
    assert "Đang soạn" in html and "dự thảo kế hoạch thay thế" in html
    # One correction per plan: the draft is edited instead.
    with pytest.raises(SessionError, match="đã có kế hoạch thay thế đang soạn"):
        plan_correct(plan=plan, reason="Lần hai", by=clerk)
    draft_pdf = clerk_client.get(reverse("sessions_app:plan_pdf", args=[new.pk])).getvalue()
    draft_text = " ".join(" ".join(read_pdf(draft_pdf)[1]).split())
    assert REPLACES_LINE in draft_text and "DỰ THẢO" in draft_text

    # The office edits the draft and gives it its own number through the page.
    edit = reverse("sessions_app:plan_update", args=[new.pk])
    data = edit_page_data(clerk_client.get(edit), number="16", issued_on="2026-02-01", title="Trích yếu đã đính chính")
    response = clerk_client.post(edit, data, follow=True)
    assert "Đã lưu kế hoạch." in response.content.decode()
    new.refresh_from_db()
    plan.refresh_from_db()
    assert (new.number, new.title, plan.is_replaced) == (16, "Trích yếu đã đính chính", True)
    # The sessions go with the plan in force.
    assert list(new.sessions.all()) == [session]
    assert plan.sessions.count() == 0
    new_text = " ".join(" ".join(read_pdf(bytes(new.issued_copy.pdf))[1]).split())
    assert REPLACES_LINE in new_text and "DỰ THẢO" not in new_text
    # The replaced plan is still listed and downloads its frozen PDF, byte for byte.
    assert clerk_client.get(reverse("sessions_app:plan_pdf", args=[plan.pk])).getvalue() == old_pdf
    assert hashlib.sha256(old_pdf).hexdigest() == PlanIssuedCopy.objects.get(plan=plan).sha256
    listing = clerk_client.get(reverse("sessions_app:plan_list")).content.decode()
    assert '15/KH-UBND <span class="badge bg-secondary">Đã bị thay thế</span>' in listing
    assert "16/KH-UBND" in listing
    html = clerk_client.get(plan.get_absolute_url()).content.decode()
    assert "Đã bị thay thế</span> bởi" in html and "Kế hoạch số 16/KH-UBND" in html
    assert "Đính chính / thay thế kế hoạch" not in html
    # The history says why: the replacement's record carries the reason; the event log too.
    first = new.history.earliest("history_date")
    assert (first.history_user, first.correction_reason, first.replaces_id) == (
        clerk,
        "Sai tên đơn vị chủ trì",
        plan.pk,
    )
    events = Event.objects.filter(object_id=plan.pk, action=Event.Action.ISSUED).order_by("pk")
    details = list(events.values_list("detail", flat=True))
    assert details == [
        "KH 15/KH-UBND correction: Sai tên đơn vị chủ trì",
        "KH 15/KH-UBND replaced by 16/KH-UBND; sessions moved: 1",
    ]
    # The replaced plan cannot be corrected again: the chain goes on from the plan in force.
    with pytest.raises(SessionError, match="đã có kế hoạch thay thế đã ban hành"):
        plan_correct(plan=plan, reason="Lần hai", by=clerk)
    assert plan_correct(plan=new, reason="Đổi địa điểm", by=clerk).replaces == new


def test_a_correction_cannot_take_a_number_already_used(clerk_client, clerk, plan):
    new = plan_correct(plan=plan, reason="Sai chính tả", by=clerk)
    edit = reverse("sessions_app:plan_update", args=[new.pk])
    data = edit_page_data(clerk_client.get(edit), number="15", issued_on="2026-02-01")
    response = clerk_client.post(edit, data)
    assert response.status_code == 200
    new.refresh_from_db()
    assert (new.number, plan.is_replaced) == (None, False)


def test_a_correction_issued_after_a_session_is_refused_and_nothing_moves(clerk_client, clerk, plan, villages):
    session = SessionFactory(plan=plan, villages=villages[:1], quarter=1, year=2026)
    new = plan_correct(plan=plan, reason="Sai ngày", by=clerk)
    edit = reverse("sessions_app:plan_update", args=[new.pk])
    data = edit_page_data(clerk_client.get(edit), number="16", issued_on="2026-05-04")
    response = clerk_client.post(edit, data)
    assert "Ngày ban hành không thể sau thời gian tổ chức của buổi" in response.content.decode()
    new.refresh_from_db()
    session.refresh_from_db()
    assert (new.number, session.plan_id, Session.objects.filter(plan=new).count()) == (None, plan.pk, 0)
