"""Sample officials and household representatives of Lộc Thành, for the roster of seed 003's conference;
and one past conference, held a few weeks before load_demo first runs, for the petitions' and
conclusions' sample data.

Every name here is fictional (demo data), chosen to look plausible. The seed
sessions stay as the seeds give them (not yet held); what needs a held session
uses the past conference, whose plan and session are marked “dữ liệu mẫu” and dated relative to
the day of loading (live deadlines, overdue items, this year's report on any date).
Loaded by `manage.py load_demo`; idempotent: officials are found by name, the
roster is filled only with who is missing, the past plan by its mark.
"""

import datetime
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone

from directory.models import LegalBasis, Official, Unit

from .enums import PlanKind, SessionStatus
from .models import (
    BasisVerb,
    Participant,
    ParticipantGroup,
    Plan,
    PlanDuty,
    PlanLegalBasis,
    PlanRecipient,
    PlanSection,
    SectionBlock,
    SectionLevel,
    Session,
)
from .participants import roster_fill_from_composition
from .services import session_change_status, session_save

R = Official.Role

# (full name, honorific, position, role, unit name or None)
COMMUNE_OFFICIALS = [
    ("Trần Minh Đức", "Ông", "Bí thư Đảng ủy xã", R.PARTY_SECRETARY, "Đảng ủy xã Lộc Thành"),
    (
        "Lê Thị Hồng Nhung",
        "Bà",
        "Phó Bí thư Thường trực Đảng ủy, Chủ tịch HĐND xã",
        R.PARTY_DEPUTY,
        "Đảng ủy xã Lộc Thành",
    ),
    ("Phạm Văn Tài", "Ông", "Phó Chủ tịch HĐND xã", R.COUNCIL_STANDING, "Hội đồng nhân dân xã"),
    ("Nguyễn Thị Thu Hà", "Bà", "Phó Chủ tịch UBND xã", R.COMMITTEE_VICE, "UBND xã Lộc Thành"),
    ("Võ Thanh Sơn", "Ông", "Phó Chủ tịch UBND xã", R.COMMITTEE_VICE, "UBND xã Lộc Thành"),
    ("Đặng Quốc Bảo", "Ông", "Chánh Văn phòng Đảng ủy", R.PARTY_BODY_HEAD, "Văn phòng Đảng ủy"),
    ("Huỳnh Thị Mai", "Bà", "Trưởng Ban Xây dựng Đảng", R.PARTY_BODY_HEAD, "Ban Xây dựng Đảng"),
    ("Bùi Văn Lâm", "Ông", "Chủ tịch Ủy ban MTTQ Việt Nam xã", R.FRONT_HEAD, "Ủy ban Mặt trận Tổ quốc Việt Nam xã"),
    ("Đỗ Thị Lan", "Bà", "Chủ tịch Hội Liên hiệp Phụ nữ xã", R.MASS_ORG_HEAD, "Hội Liên hiệp Phụ nữ xã"),
    ("Ngô Văn Hùng", "Ông", "Chủ tịch Hội Nông dân xã", R.MASS_ORG_HEAD, "Hội Nông dân xã"),
    ("Trương Văn Phúc", "Ông", "Trưởng Công an xã", R.POLICE_CHIEF, "Công an xã"),
    ("Lý Minh Khoa", "Ông", "Chỉ huy trưởng Ban CHQS xã", R.MILITARY_COMMANDER, "Ban Chỉ huy Quân sự xã"),
    ("Phan Thị Ngọc", "Bà", "Chánh Văn phòng HĐND và UBND xã", R.OFFICE_HEAD, "Văn phòng HĐND và UBND xã"),
    ("Mai Văn Thắng", "Ông", "Trưởng Phòng Kinh tế", R.OFFICE_HEAD, "Phòng Kinh tế"),
    ("Tạ Thị Hạnh", "Bà", "Trưởng Phòng Văn hóa - Xã hội", R.OFFICE_HEAD, "Phòng Văn hóa - Xã hội"),
    ("Châu Văn Lợi", "Ông", "Giám đốc Trung tâm DVTH", R.OFFICE_HEAD, "Trung tâm DVTH"),
    ("Hà Thị Xuân", "Bà", "Hiệu trưởng Trường Tiểu học Lộc Thành", R.SCHOOL_HEAD, None),
]

# Per ấp (1–5): Bí thư chi bộ, Trưởng ấp, Trưởng Ban CTMT (fictional).
VILLAGE_OFFICIALS = {
    "1": [("Nguyễn Văn Bình", "Ông"), ("Trần Thị Cúc", "Bà"), ("Lê Văn Dũng", "Ông")],
    "2": [("Phạm Văn Em", "Ông"), ("Hoàng Văn Giang", "Ông"), ("Vũ Thị Hoa", "Bà")],
    "3": [("Đinh Văn Khải", "Ông"), ("Lương Văn Long", "Ông"), ("Cao Thị Minh", "Bà")],
    "4": [("Tô Văn Nam", "Ông"), ("Kiều Thị Oanh", "Bà"), ("Dương Văn Phát", "Ông")],
    "5": [("Quách Văn Quang", "Ông"), ("Âu Thị Sen", "Bà"), ("Lâm Văn Tùng", "Ông")],
}
VILLAGE_ROLES = [
    (R.CELL_SECRETARY, "Bí thư Chi bộ ấp {}"),
    (R.VILLAGE_HEAD, "Trưởng ấp {}"),
    (R.FRONT_BOARD_HEAD, "Trưởng Ban công tác Mặt trận ấp {}"),
]

# A few household representatives of ấp 1 and 3 (the rest are imported or added by the clerk).
HOUSEHOLDS = [
    ("1", "Ông", "Nguyễn Văn Thành", "0912345601"),
    ("1", "Bà", "Trần Thị Út", "0912345602"),
    ("3", "Ông", "Lê Văn Vĩnh", "0912345603"),
]


def load(communes):
    """The seed plans and their sessions, then Lộc Thành's officials, roster and past conference."""
    by_name = {c.name: c for c in communes}
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if "Xuân Cảnh" in by_name:
        load_party_plan(by_name["Xuân Cảnh"], admin)
    if "Lộc Thành" in by_name:
        load_state_plan(by_name["Lộc Thành"], admin)
    commune = by_name.get("Lộc Thành")
    if commune is None:
        return
    units = {u.name: u for u in Unit.objects.filter(commune=commune)}
    for full_name, honorific, position, role, unit_name in COMMUNE_OFFICIALS:
        Official.objects.get_or_create(
            commune=commune,
            full_name=full_name,
            defaults={"honorific": honorific, "position": position, "role": role, "unit": units.get(unit_name)},
        )
    villages = {v.name: v for v in commune.villages.all()}
    for village_name, people in VILLAGE_OFFICIALS.items():
        village = villages.get(village_name)
        if village is None:
            continue
        for (full_name, honorific), (role, position) in zip(people, VILLAGE_ROLES, strict=True):
            Official.objects.get_or_create(
                commune=commune,
                full_name=full_name,
                village=village,
                defaults={"honorific": honorific, "position": position.format(village_name), "role": role},
            )
    load_past_conference(commune)
    session = (
        Session.objects.filter(plan__commune=commune, plan__issuer__symbol_code="UBND", year=2025)
        .exclude(plan__title__endswith=SAMPLE_MARK)
        .first()
    )
    if session is None:
        return
    roster_fill_from_composition(session=session)
    for village_name, honorific, full_name, phone in HOUSEHOLDS:
        village = villages.get(village_name)
        if village is None or session.participants.filter(full_name=full_name, village=village).exists():
            continue
        Participant.objects.create(
            session=session,
            group=ParticipantGroup.HOUSEHOLDS,
            honorific=honorific,
            full_name=full_name,
            title=f"Đại diện hộ gia đình, ấp {village_name}",
            village=village,
            phone=phone,
            position=session.participants.count() + 1,
        )


#: The label of every record of the sample data that is not in the seeds.
SAMPLE_MARK = "(dữ liệu mẫu)"
#: The past conference is held this many days before the day load_demo first runs: its notice's
#: assignments are then partly overdue and partly still running, and its petitions are recent.
PAST_CONFERENCE_DAYS_AGO = 35
PAST_CONFERENCE_TIME = datetime.time(8, 0)


def past_conference_day(today):
    """The day of the sample conference: PAST_CONFERENCE_DAYS_AGO before TODAY, in TODAY's year when it can be.

    In the first weeks of January it moves to 1 January, so this year's report (the report page's
    default) still shows it; only on 1 and 2 January does it stay in the year before.
    """
    day = today - datetime.timedelta(days=PAST_CONFERENCE_DAYS_AGO)
    new_year = datetime.date(today.year, 1, 1)
    if day < new_year and (today - new_year).days >= 2:
        day = new_year
    return day


def past_plan_title(year):
    return f"Tổ chức Hội nghị đối thoại trực tiếp với Nhân dân năm {year} của UBND xã Lộc Thành {SAMPLE_MARK}"


def load_past_conference(commune, today=None):
    """A conference of Lộc Thành held a few weeks ago, walked from draft to held; sample data, not in the seeds.

    Dated relative to TODAY (default: the day load_demo runs); a second run finds the plan by its
    mark and changes nothing, whatever the date.
    """
    issuer = Unit.objects.filter(commune=commune, kind=Unit.Kind.PEOPLES_COMMITTEE).first()
    chair = Official.objects.filter(commune=commune, role=Official.Role.COMMITTEE_CHAIR).first()
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if issuer is None:
        return None
    existing = Plan.objects.filter(commune=commune, issuer=issuer, title__endswith=SAMPLE_MARK).first()
    if existing is not None:
        return existing.sessions.first()
    day = past_conference_day(today or timezone.localdate())
    plan = Plan.objects.create(
        commune=commune,
        title=past_plan_title(day.year),
        kind=PlanKind.STATE_CONFERENCE,
        issuer=issuer,
        number=12,
        place=commune.name,
        issued_on=day - datetime.timedelta(days=36),
        year=day.year,
        period_label=f"năm {day.year}",
        signer_title="CHỦ TỊCH",
        signer=chair,
    )
    PlanSection.objects.create(
        plan=plan,
        position=0,
        level=SectionLevel.PART,
        title="NỘI DUNG",
        body="Dữ liệu mẫu: một hội nghị đã tổ chức, để có kiến nghị và thông báo kết luận mẫu.",
    )
    PlanSection.objects.create(
        plan=plan, position=1, level=SectionLevel.PART, title="THỜI GIAN, ĐỊA ĐIỂM", block=SectionBlock.SESSIONS
    )
    for i, name in enumerate(("Thường trực Đảng ủy xã", "Lưu: VT")):
        PlanRecipient.objects.create(plan=plan, name=name, for_report=i == 0, position=i)
    plan.refresh_search_text()
    session = session_save(
        session=Session(
            plan=plan,
            title=f"Hội nghị đối thoại trực tiếp với Nhân dân năm {day.year} {SAMPLE_MARK}",
            year=day.year,
            starts_at=timezone.make_aware(datetime.datetime.combine(day, PAST_CONFERENCE_TIME)),
            venue="Hội trường UBND xã Lộc Thành",
            chair=chair,
            notes="Dữ liệu mẫu, không có trong hai kế hoạch mẫu.",
        ),
        villages=list(commune.villages.order_by("position", "pk")),
        user=admin,
    )
    for status in (SessionStatus.SCHEDULED, SessionStatus.ANNOUNCED, SessionStatus.HELD):
        session_change_status(obj=session, to=status, by=admin, note="Dữ liệu mẫu")
    return session


# --- the seed plans (shared/seeds) and their sessions, on the directory of directory.demo ----------

SEEDS = json.loads((Path(__file__).parent / "demo_seed_plans.json").read_text(encoding="utf-8"))


def _plan(commune, seed, *, bases, duties, **fields):
    """Create the plan once; a second run finds it by commune and title and changes nothing."""
    plan, created = Plan.objects.get_or_create(commune=commune, title=fields.pop("title"), defaults=fields)
    if not created:
        return plan, False
    for i, (key, verb) in enumerate(bases):
        PlanLegalBasis.objects.create(
            plan=plan, legal_basis=LegalBasis.objects.get(short_name=key), verb=verb, position=i
        )
    for i, section in enumerate(seed["sections"]):
        PlanSection.objects.create(plan=plan, position=i, **section)
    for i, ((heading, text), unit) in enumerate(zip(seed["duties"], duties, strict=True)):
        PlanDuty.objects.create(
            plan=plan, unit=unit, heading="" if unit and unit.name == heading else heading, text=text, position=i
        )
    for i, name in enumerate(seed["recipients"]):
        for_report = name.endswith("(b/c)")
        PlanRecipient.objects.create(
            plan=plan, name=name.removesuffix("(b/c)").strip(), for_report=for_report, position=i
        )
    plan.refresh_search_text()
    return plan, True


def _session(plan, villages, *, user, **fields):
    existing = Session.objects.filter(plan=plan, venue=fields["venue"], year=fields["year"]).first()
    if existing:
        return existing
    return session_save(session=Session(plan=plan, **fields), villages=villages, user=user)


def _seed_units(commune):
    return {u.name: u for u in Unit.objects.filter(commune=commune)}


def load_party_plan(commune, user):
    units = _seed_units(commune)
    ubnd, xdd, vpdu = units["UBND xã"], units["Ban Xây dựng Đảng"], units["Văn phòng Đảng ủy"]
    party, mttq = units["Đảng ủy xã Xuân Cảnh"], units["Cơ quan Ủy ban Mặt trận Tổ quốc Việt Nam xã"]
    villages = list(commune.villages.filter(kind="Thôn").order_by("position"))
    signer = Official.objects.get(commune=commune, full_name="Nguyễn Văn Hải")
    seed = SEEDS["party"]
    plan, _ = _plan(
        commune,
        seed,
        title="Tổ chức tiếp xúc, đối thoại trực tiếp giữa Bí thư Đảng uỷ với Nhân dân trên địa bàn xã "
        "6 tháng cuối năm 2025",
        bases=[("Quy định 11-QĐi/TW", BasisVerb.IMPLEMENTING)],
        duties=[ubnd, xdd, vpdu, mttq, None],
        kind=PlanKind.PARTY_SECRETARY,
        issuer=party,
        place="Xuân Cảnh",
        year=2025,
        period_label="6 tháng cuối năm 2025",
        preamble=seed["preamble"],
        closing=seed["closing"],
        signing_authority="T/M BAN THƯỜNG VỤ",
        signer_title="PHÓ BÍ THƯ",
        signer=signer,
    )
    _session(
        plan,
        villages[0:2],
        user=user,
        title="Đối thoại trực tiếp với Nhân dân Thôn Tuyết Diêm 1 và Tuyết Diêm 2",
        year=2025,
        quarter=3,
        venue="Trụ sở thôn Tuyết Diêm 1",
    )
    _session(
        plan,
        villages[2:4],
        user=user,
        title="Đối thoại trực tiếp với Nhân dân Thôn Sơn Trà và Thôn Tân Hy 1",
        year=2025,
        quarter=4,
        venue="Trụ sở thôn Sơn Trà",
    )


def load_state_plan(commune, user):
    units = _seed_units(commune)
    vp, vhxh, dvth = units["Văn phòng HĐND và UBND xã"], units["Phòng Văn hóa - Xã hội"], units["Trung tâm DVTH"]
    ubnd, police, mttq = units["UBND xã Lộc Thành"], units["Công an xã"], units["Ủy ban Mặt trận Tổ quốc Việt Nam xã"]
    villages = list(commune.villages.filter(kind="Ấp").order_by("position"))
    chair = Official.objects.get(commune=commune, full_name="Hồ Quang Khánh")
    seed = SEEDS["state"]
    plan, _ = _plan(
        commune,
        seed,
        title="Tổ chức Hội nghị đối thoại trực tiếp với Nhân dân năm 2025 của UBND xã Lộc Thành",
        # Seed 003 cites the first "Căn cứ", then "Thực hiện" the letter and, in the same paragraph, the plan.
        bases=[
            ("Quyết định 218-QĐ/TW", BasisVerb.BASED_ON),
            ("Công văn 8114/UBND-KGVX", BasisVerb.IMPLEMENTING),
            ("Kế hoạch 22-KH/ĐU", BasisVerb.CONTINUED),
        ],
        duties=[vp, vhxh, dvth, None, police, mttq],
        kind=PlanKind.STATE_CONFERENCE,
        issuer=ubnd,
        place="Lộc Thành",
        year=2025,
        period_label="năm 2025",
        preamble=seed["preamble"],
        closing=seed["closing"],
        announcement_lead_days=5,
        signing_authority="",
        signer_title="CHỦ TỊCH",
        signer=chair,
    )
    _session(
        plan,
        villages,
        user=user,
        title="Hội nghị đối thoại trực tiếp với Nhân dân năm 2025",
        year=2025,
        month=11,
        venue="Hội trường UBND xã Lộc Thành",
        chair=chair,
        notes="01 buổi, trong tháng 11/2025 (thời gian cụ thể sẽ có thông báo sau).",
    )
