"""The printed report: who issues it, its number, addressee, signature and every table row."""

import pytest
from django.urls import reverse
from freezegun import freeze_time

from directory.models import Event, Membership
from sessions_app.models import Plan
from tests.conclusions.factories import PetitionFactory, TopicFactory
from tests.factories import CommuneFactory, PlanFactory, SessionFactory, UserFactory, member
from tests.office.test_reports import lines_of, pdf_text

H2 = {"nam": 2025, "ky": "h2"}
PRINT = {
    "ngay": "2026-01-12",
    "kinh_gui": "Ủy ban nhân dân tỉnh Lâm Đồng",
    "tham_quyen": "TM. ỦY BAN NHÂN DÂN",
    "chuc_vu": "CHỦ TỊCH",
    "nguoi_ky": "Hồ Quang Khánh",
}


def url(name, params):
    from urllib.parse import urlencode

    return f"{reverse(name)}?{urlencode(params)}"


@pytest.fixture
def petitions(session):
    """Five kinds and two competences: every row must print (kinds were paired with competences)."""
    topic = TopicFactory(code="thu-a", name="Giao thông")
    for kind in ("y_kien", "kien_nghi", "phan_anh", "khieu_nai", "to_cao"):
        PetitionFactory(session=session, topic=topic, kind=kind, competence="commune")
    PetitionFactory(session=session, topic=topic, kind="kien_nghi", competence="transfer")


def test_draft_prints_a_blank_number_and_every_kind_and_competence_row(petitions, clerk_client):
    with freeze_time("2026-01-10"):
        response = clerk_client.get(reverse("office:report_pdf"), H2)
    assert response["Content-Type"] == "application/pdf"
    lines = lines_of(response.content)
    assert "Số: /BC-UBND" in lines
    assert "ỦY BAN NHÂN DÂN XÃ LỘC THÀNH" in " ".join(lines[:3])
    assert "Kính gửi: Ủy ban nhân dân tỉnh Lâm Đồng." in lines
    for row in ("Ý kiến 1", "Kiến nghị 2", "Phản ánh 1", "Khiếu nại 1", "Tố cáo 1", "Thuộc thẩm quyền của xã 5"):
        assert row in lines, row
    assert "Chuyển cấp tỉnh hoặc cơ quan khác 1" in lines
    assert "CHỦ TỊCH" in lines  # the signature of the issuer's plan
    assert "- Như trên;" in lines


def test_taking_a_number_uses_the_register_and_logs_the_issue(petitions, clerk_client, clerk):
    first = clerk_client.post(url("office:report_pdf", H2), {**PRINT, "lay_so": "1"})
    second = clerk_client.post(url("office:report_pdf", H2), {**PRINT, "lay_so": "1"})
    assert first["Content-Type"] == "application/pdf"
    assert "Số: 01/BC-UBND" in lines_of(first.content)
    lines = lines_of(second.content)
    assert "Số: 02/BC-UBND" in lines
    assert "Lộc Thành, ngày 12 tháng 01 năm 2026" in lines
    assert ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"] == lines[lines.index("CHỦ TỊCH") - 1 : lines.index("CHỦ TỊCH") + 1]
    assert "Hồ Quang Khánh" in lines
    assert list(Event.objects.filter(action="issued").values_list("detail", flat=True).order_by("pk")) == [
        "Báo cáo số 01/BC-UBND 6 tháng cuối năm 2025",
        "Báo cáo số 02/BC-UBND 6 tháng cuối năm 2025",
    ]


def test_a_draft_print_takes_no_number_and_without_addressee_prints_no_nhu_tren(petitions, clerk_client):
    response = clerk_client.post(url("office:report_pdf", H2), {**PRINT, "kinh_gui": "", "du_thao": "1"})
    lines = lines_of(response.content)
    assert "Số: /BC-UBND" in lines
    assert not any("Kính gửi" in line or "Như trên" in line for line in lines)
    assert "- Lưu: VT." in lines
    assert not Event.objects.filter(action="issued").exists()


def test_only_the_office_takes_a_number(petitions, client, leader, officer):
    client.force_login(officer)
    assert client.post(url("office:report_pdf", H2), {**PRINT, "lay_so": "1"}).status_code == 404
    client.force_login(leader)
    response = client.post(url("office:report_pdf", H2), {**PRINT, "lay_so": "1"})
    assert response.status_code == 404  # NotPermitted: the leader reads the report, the office numbers it
    assert not Event.objects.filter(action="issued").exists()


def test_bad_print_input_prints_nothing(petitions, clerk_client):
    response = clerk_client.post(url("office:report_pdf", H2), {**PRINT, "ngay": "32/13/2025", "lay_so": "1"})
    assert response.status_code == 302
    assert not Event.objects.filter(action="issued").exists()


def test_party_plan_report_signs_for_the_standing_committee_and_has_a_clean_subject(
    commune, party_issuer, villages, clerk_client
):
    plan = PlanFactory(
        commune=commune,
        issuer=party_issuer,
        kind="party_dialogue",
        title="Tiếp xúc, đối thoại trực tiếp của Bí thư Đảng ủy xã với Nhân dân năm 2025",
        signing_authority="T/M BAN THƯỜNG VỤ",
        signer_title="PHÓ BÍ THƯ",
        number=None,
    )
    assert str(plan).startswith("(Dự thảo)")
    SessionFactory(plan=plan, villages=villages[:1], quarter=None)
    response = clerk_client.get(reverse("office:report_pdf"), {"nam": 2025, "ky": "nam", "ke_hoach": plan.pk})
    text = pdf_text(response.content)
    lines = lines_of(response.content)
    assert "ĐẢNG ỦY XÃ LỘC THÀNH" in " ".join(lines[:3])
    assert "Số -BC/ĐU" in lines
    assert "T/M BAN THƯỜNG VỤ" in lines and "PHÓ BÍ THƯ" in lines
    assert "Kính gửi: Ban Thường vụ Tỉnh ủy Lâm Đồng." in lines
    assert "Kết quả tiếp xúc, đối thoại trực tiếp với Nhân dân năm 2025" in lines
    assert "Dự thảo" not in text and "CHỦ TỊCH" not in text
    assert "- Lưu Văn phòng Đảng ủy." in lines


def test_province_report_prints_under_the_province_not_one_commune(petitions, commune, client):
    CommuneFactory(name="Lộc Nam", province=commune.province)
    province_user = member(UserFactory(username="tinh"), commune, Membership.Role.PROVINCE)
    client.force_login(province_user)
    response = client.get(reverse("office:report_pdf"), H2)
    lines = lines_of(response.content)
    assert " ".join(lines[:2]) == "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"
    assert "XÃ LỘC THÀNH" not in " ".join(lines)
    assert "Số: /BC-UBND" in lines
    assert any(line.startswith("Lâm Đồng, ngày") for line in lines)
    refused = client.post(url("office:report_pdf", H2), {**PRINT, "lay_so": "1"})
    assert refused.status_code == 302
    assert not Event.objects.filter(action="issued").exists()


def test_report_page_offers_the_print_form_with_defaults(petitions, clerk_client, session):
    Plan.objects.filter(pk=session.plan_id).update(signing_authority="KT. CHỦ TỊCH", signer_title="PHÓ CHỦ TỊCH")
    with freeze_time("2026-01-10"):
        html = clerk_client.get(reverse("office:report"), H2).content.decode()
    assert 'name="ngay" id="id_ngay" value="10/01/2026"' in html
    assert 'value="Ủy ban nhân dân tỉnh Lâm Đồng"' in html
    assert 'id="id_chuc_vu" value="PHÓ CHỦ TỊCH"' in html
    assert "Lấy số và in báo cáo" in html


def test_a_commune_without_issuer_gets_a_message(clerk_client, commune):
    response = clerk_client.get(reverse("office:report_pdf"), H2, follow=True)
    assert "Xã chưa khai báo cơ quan ban hành văn bản." in response.content.decode()


def test_an_issued_report_is_kept_and_downloaded_byte_for_byte(petitions, session, clerk_client, client, officer):
    import hashlib

    from office.models import IssuedReport

    issued = clerk_client.post(url("office:report_pdf", H2), {**PRINT, "lay_so": "1"}).content
    [kept] = IssuedReport.objects.all()
    assert (kept.symbol, kept.sha256) == ("01/BC-UBND", hashlib.sha256(issued).hexdigest())
    # The figures of the period change afterwards: the issued report does not.
    PetitionFactory(session=session, topic=TopicFactory(code="thu-b", name="Đất đai"), kind="to_cao")
    assert clerk_client.post(url("office:report_pdf", H2), {**PRINT, "du_thao": "1"}).content != issued
    assert clerk_client.get(kept.get_absolute_url()).getvalue() == issued
    page = clerk_client.get(url("office:report", H2)).content.decode()
    assert f'<a href="{kept.get_absolute_url()}">Báo cáo số 01/BC-UBND</a>' in page
    # A unit official reads no report, issued or not.
    client.force_login(officer)
    assert client.get(kept.get_absolute_url()).status_code == 404


def test_monthly_party_report_and_nine_month_state_report_with_cutoff_15(
    commune, state_issuer, party_issuer, villages, clerk_client
):
    """Done when: the monthly Party report and the 9-month State report, cut-off 15 → 14."""
    commune.report_cutoff_day = 15
    commune.save()
    with freeze_time("2026-10-01"):
        party = lines_of(
            clerk_client.get(
                reverse("office:report_pdf"), {"ky": "thang", "nam": 2026, "thang": 9, "ben": "party"}
            ).content
        )
        state = lines_of(
            clerk_client.get(reverse("office:report_pdf"), {"ky": "m9", "nam": 2026, "ben": "state"}).content
        )
    party_text, state_text = " ".join(party), " ".join(state)
    assert "ĐẢNG ỦY XÃ LỘC THÀNH" in " ".join(party[:3])
    assert "Kết quả tiếp xúc, đối thoại trực tiếp với Nhân dân tháng 9 năm 2026" in party_text
    assert "số liệu tính từ ngày 15/08/2026 đến ngày 14/09/2026" in party_text
    assert "Kính gửi: Ban Thường vụ Tỉnh ủy Lâm Đồng." in party
    assert "- Ban Nội chính Tỉnh ủy Lâm Đồng;" in party
    assert "- Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng;" in party
    assert "5. Tiếp công dân" in party_text
    assert "ỦY BAN NHÂN DÂN" in " ".join(state[:3])
    assert "Kết quả tiếp xúc, đối thoại trực tiếp với Nhân dân 9 tháng năm 2026" in state_text
    assert "số liệu tính từ ngày 15/12/2025 đến ngày 14/09/2026" in state_text
    assert "Kính gửi: Ủy ban nhân dân tỉnh Lâm Đồng." in state
    assert "- Thanh tra tỉnh Lâm Đồng;" in state
    assert "Ban Nội chính" not in state_text
