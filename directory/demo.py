"""The directory of the two seed plans' communes (shared/seeds), and the demo logins; loaded first by
`manage.py load_demo` (office), before each app's own `demo.py`.

Seed 000 does not name its commune; its villages (Tuyết Diêm, Sơn Trà, Tân Hy)
are stood in a sample commune "Xuân Cảnh". Seed 003 is the plan of xã Lộc Thành.
Names of signers are used as printed. Two deliberate corrections, as
domain.md §1 asks: the legal basis of seed 000 is cited as Quy định số
11-QĐi/TW ngày 18/02/2019 (the seed misprints it), and seed 003's 5-day
announcement lead time is kept as the plan says, so the app shows its warning.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Commune, LegalBasis, Membership, Official, Province, Unit, Village

DEMO_USERNAME = "vanthu"
DEMO_PASSWORD = "doithoai-2025"
ADMIN_USERNAME = "quantri"

LEGAL_BASES = [
    (
        "Quy định 11-QĐi/TW",
        "Quy định số 11-QĐi/TW ngày 18/02/2019 của Bộ Chính trị về trách nhiệm của người đứng đầu cấp ủy "
        "trong việc tiếp dân, đối thoại trực tiếp với dân và xử lý những phản ánh, kiến nghị của dân",
    ),
    (
        "Quyết định 218-QĐ/TW",
        "Quyết định số 218-QĐ/TW, ngày 12/12/2013 của Ban chấp hành Trung ương về ban hành Quy định về việc "
        "Mặt trận Tổ quốc Việt Nam, các đoàn thể chính trị - xã hội và Nhân dân tham gia góp ý xây dựng Đảng, "
        "xây dựng chính quyền",
    ),
    (
        "Công văn 8114/UBND-KGVX",
        "Công văn số 8114/UBND-KGVX ngày 22/10/2025 của UBND tỉnh về việc tiếp tục thực hiện đối thoại với Nhân dân",
    ),
    (
        "Kế hoạch 22-KH/ĐU",
        "Kế hoạch số 22-KH/ĐU ngày 22/10/2025 của Đảng uỷ xã về tiếp xúc, đối thoại trực tiếp giữa người đứng đầu "
        "cấp ủy Đảng, Chính quyền với Nhân dân trên địa bàn xã Lộc Thành năm 2025",
    ),
    (
        "Luật Thực hiện dân chủ ở cơ sở 2022",
        "Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15 ngày 10/11/2022",
    ),
    (
        "Luật Tiếp công dân 2013",
        "Luật Tiếp công dân số 42/2013/QH13 ngày 25/11/2013",
    ),
]

U = Unit.Kind


def _unit(commune, kind, name, **extra):
    unit, _ = Unit.objects.get_or_create(commune=commune, name=name, defaults={"kind": kind, **extra})
    return unit


def _official(commune, full_name, **fields):
    official, _ = Official.objects.get_or_create(commune=commune, full_name=full_name, defaults=fields)
    return official


def _village(commune, kind, name, position):
    village, _ = Village.objects.get_or_create(commune=commune, kind=kind, name=name, defaults={"position": position})
    return village


def load_party_commune():
    province, _ = Province.objects.get_or_create(name="Đắk Lắk")
    commune, _ = Commune.objects.get_or_create(province=province, kind=Commune.Kind.XA, name="Xuân Cảnh")
    villages = [
        _village(commune, "Thôn", name, i)
        for i, name in enumerate(["Tuyết Diêm 1", "Tuyết Diêm 2", "Sơn Trà", "Tân Hy 1"], start=1)
    ]
    party = _unit(
        commune,
        U.PARTY_COMMITTEE,
        "Đảng ủy xã Xuân Cảnh",
        symbol_code="ĐU",
        term_label="2025-2030",
        header_superior="ĐẢNG BỘ TỈNH ĐẮK LẮK",
        header_name="ĐẢNG ỦY XÃ XUÂN CẢNH",
        position=1,
    )
    ubnd = _unit(
        commune,
        U.PEOPLES_COMMITTEE,
        "UBND xã",
        symbol_code="UBND",
        header_name="ỦY BAN NHÂN DÂN XÃ XUÂN CẢNH",
        position=10,
    )
    _unit(commune, U.PARTY_BODY, "Ban Xây dựng Đảng", parent=party, position=2)
    _unit(commune, U.PARTY_BODY, "Văn phòng Đảng ủy", parent=party, position=3)
    _unit(commune, U.COUNCIL, "Hội đồng nhân dân xã", position=9)
    _unit(commune, U.FRONT, "Cơ quan Ủy ban Mặt trận Tổ quốc Việt Nam xã", position=20)
    _unit(commune, U.POLICE, "Công an xã", position=30)
    _unit(commune, U.MILITARY, "Ban Chỉ huy Quân sự xã", position=31)
    _unit(commune, U.STATE_CENTRE, "Trung tâm Cung ứng dịch vụ công", parent=ubnd, position=12)
    for i, v in enumerate(villages):
        _unit(commune, U.PARTY_CELL, f"Chi bộ thôn {v.name}", parent=party, village=v, position=40 + i)
    _official(
        commune,
        "Nguyễn Văn Hải",
        honorific="Ông",
        position="Phó Bí thư Đảng ủy xã",
        role=Official.Role.PARTY_DEPUTY,
        unit=party,
    )
    return commune


def load_state_commune():
    province, _ = Province.objects.get_or_create(name="Lâm Đồng")
    commune, _ = Commune.objects.get_or_create(province=province, kind=Commune.Kind.XA, name="Lộc Thành")
    villages = [_village(commune, "Ấp", str(i), i) for i in range(1, 6)]
    party = _unit(
        commune,
        U.PARTY_COMMITTEE,
        "Đảng ủy xã Lộc Thành",
        symbol_code="ĐU",
        term_label="2025-2030",
        header_superior="ĐẢNG BỘ TỈNH LÂM ĐỒNG",
        header_name="ĐẢNG ỦY XÃ LỘC THÀNH",
        position=1,
    )
    for i, name in enumerate(["Văn phòng Đảng ủy", "Ban Xây dựng Đảng", "Ủy ban Kiểm tra Đảng ủy"], start=2):
        _unit(commune, U.PARTY_BODY, name, parent=party, position=i)
    _unit(commune, U.COUNCIL, "Hội đồng nhân dân xã", position=9)
    ubnd = _unit(
        commune,
        U.PEOPLES_COMMITTEE,
        "UBND xã Lộc Thành",
        symbol_code="UBND",
        header_superior="",
        header_name="ỦY BAN NHÂN DÂN XÃ LỘC THÀNH",
        position=10,
    )
    _unit(commune, U.STATE_OFFICE, "Văn phòng HĐND và UBND xã", parent=ubnd, position=11)
    _unit(commune, U.STATE_OFFICE, "Phòng Kinh tế", parent=ubnd, position=12)
    _unit(commune, U.STATE_OFFICE, "Phòng Văn hóa - Xã hội", parent=ubnd, position=13)
    _unit(commune, U.STATE_CENTRE, "Trung tâm Phục vụ hành chính công", parent=ubnd, position=14)
    _unit(commune, U.STATE_CENTRE, "Trung tâm DVTH", parent=ubnd, position=15)
    _unit(commune, U.POLICE, "Công an xã", position=30)
    _unit(commune, U.MILITARY, "Ban Chỉ huy Quân sự xã", position=31)
    mttq = _unit(commune, U.FRONT, "Ủy ban Mặt trận Tổ quốc Việt Nam xã", position=20)
    for i, name in enumerate(
        [
            "Hội Nông dân xã",
            "Hội Liên hiệp Phụ nữ xã",
            "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã",
            "Hội Cựu chiến binh xã",
        ],
        start=21,
    ):
        _unit(commune, U.MASS_ORG, name, parent=mttq, position=i)
    for i, v in enumerate(villages):
        _unit(commune, U.PARTY_CELL, f"Chi bộ ấp {v.name}", parent=party, village=v, position=40 + i)
    _official(
        commune,
        "Hồ Quang Khánh",
        honorific="Ông",
        position="Chủ tịch UBND xã",
        role=Official.Role.COMMITTEE_CHAIR,
        unit=ubnd,
    )
    return commune


def demo_user(username, **defaults):
    user, created = get_user_model().objects.get_or_create(username=username, defaults=defaults)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def load_users():
    """The demo logins; made first, so that what the demo creates is recorded as done by the administrator."""
    admin = demo_user(ADMIN_USERNAME, first_name="Quản trị", is_staff=True, is_superuser=True)
    clerk = demo_user(DEMO_USERNAME, first_name="Văn thư", last_name="(mẫu)")
    return admin, clerk


#: Logins for the other roles, so each can be tried: (username, first name, role, unit name or None).
#: The unit official works for the office that the sample petitions of Lộc Thành are routed to.
ROLE_USERS = [
    ("donvi", "Cán bộ đơn vị", Membership.Role.UNIT_OFFICIAL, "Văn phòng HĐND và UBND xã"),
    ("giamsat", "Giám sát MTTQ", Membership.Role.SUPERVISOR, None),
    ("tinh", "Cán bộ tỉnh", Membership.Role.PROVINCE, None),
]


def load_memberships(clerk, communes):
    roles = {"Xuân Cảnh": Membership.Role.PARTY_OFFICE, "Lộc Thành": Membership.Role.STATE_OFFICE}
    for commune in communes:
        Membership.objects.get_or_create(user=clerk, commune=commune, role=roles[commune.name], unit=None)
    for username, first_name, role, unit_name in ROLE_USERS:
        user = demo_user(username, first_name=first_name, last_name="(mẫu)")
        for commune in communes:
            unit = None
            if unit_name:
                unit = Unit.objects.filter(commune=commune, name=unit_name).first()
                if unit is None:
                    continue
            Membership.objects.get_or_create(user=user, commune=commune, role=role, unit=unit)


@transaction.atomic
def load():
    """Load the users and the directory of both sample communes; return the communes. Idempotent.

    The seed plans and their sessions come next, from sessions_app.demo."""
    for short_name, citation in LEGAL_BASES:
        LegalBasis.objects.get_or_create(short_name=short_name, defaults={"citation": citation})
    admin, clerk = load_users()
    communes = [load_party_commune(), load_state_commune()]
    load_memberships(clerk, communes)
    return communes
