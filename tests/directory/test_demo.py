from django.core.management import call_command

from directory.models import Commune, LegalBasis, Official, Unit, Village
from sessions_app.models import Plan, PlanDuty, PlanRecipient, Session


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Commune, Village, Unit, Official, LegalBasis, Plan, PlanDuty, PlanRecipient, Session)
    }


def test_load_demo_loads_both_seed_plans_and_is_idempotent(db):
    call_command("load_demo")
    first = counts()
    call_command("load_demo")
    assert counts() == first

    party = Plan.objects.get(issuer__symbol_code="ĐU", commune__name="Xuân Cảnh")
    assert party.signing_authority == "T/M BAN THƯỜNG VỤ"
    assert party.signer_title == "PHÓ BÍ THƯ"
    assert party.signer.full_name == "Nguyễn Văn Hải"
    assert [b.legal_basis.citation[:37] for b in party.plan_legal_bases.all()] == [
        "Quy định số 11-QĐi/TW ngày 18/02/2019"
    ]
    sessions = [(s.when, s.venue, sorted(v.full_name for v in s.villages.all())) for s in party.sessions.all()]
    assert sessions == [
        ("Quý III/2025", "Trụ sở thôn Tuyết Diêm 1", ["Thôn Tuyết Diêm 1", "Thôn Tuyết Diêm 2"]),
        ("Quý IV/2025", "Trụ sở thôn Sơn Trà", ["Thôn Sơn Trà", "Thôn Tân Hy 1"]),
    ]
    assert [d.heading or d.unit.name for d in party.duties.all()] == [
        "UBND xã",
        "Ban Xây dựng Đảng",
        "Văn phòng Đảng ủy",
        "Cơ quan Ủy ban Mặt trận Tổ quốc Việt Nam xã",
        "Các chi bộ thôn trên địa bàn xã",
    ]
    assert [str(r) for r in party.recipients.all()][0] == "Ban Tuyên giáo và Dân vận Tỉnh ủy (b/c)"

    state = Plan.objects.get(commune__name="Lộc Thành")
    assert state.signer.full_name == "Hồ Quang Khánh"
    assert state.announcement_lead_days == 5
    assert state.lead_time_below_law is True
    conference = state.sessions.get()
    # One half-day in 11/2025; the conclusions demo later fixes its exact date.
    assert (conference.period_start.year, conference.period_start.month) == (2025, 11)
    assert conference.venue == "Hội trường UBND xã Lộc Thành"
    assert conference.chair.full_name == "Hồ Quang Khánh"
    assert Village.objects.filter(commune__name="Lộc Thành", kind="Ấp").count() == 5
