import pytest

from directory.models import Membership

from .factories import (
    CommuneFactory,
    PartyIssuerFactory,
    StateIssuerFactory,
    UnitFactory,
    UserFactory,
    VillageFactory,
    member,
)


@pytest.fixture
def commune(db):
    return CommuneFactory(name="Lộc Thành")


@pytest.fixture
def other_commune(db):
    return CommuneFactory(name="Lộc Nam")


@pytest.fixture
def state_issuer(commune):
    return StateIssuerFactory(commune=commune)


@pytest.fixture
def party_issuer(commune):
    return PartyIssuerFactory(commune=commune)


@pytest.fixture
def villages(commune):
    return [VillageFactory(commune=commune, name=str(i)) for i in range(1, 4)]


@pytest.fixture
def unit(commune):
    return UnitFactory(commune=commune, name="Phòng Kinh tế")


@pytest.fixture
def other_unit(commune):
    return UnitFactory(commune=commune, name="Phòng Văn hóa - Xã hội")


@pytest.fixture
def clerk(commune):
    """Office staff of the People's Committee of `commune`."""
    return member(UserFactory(username="clerk", first_name="Văn thư"), commune, Membership.Role.STATE_OFFICE)


@pytest.fixture
def party_clerk(commune):
    """Office staff of the Party committee of `commune`: runs the party side only."""
    return member(
        UserFactory(username="party_clerk", first_name="Văn phòng Đảng ủy"), commune, Membership.Role.PARTY_OFFICE
    )


@pytest.fixture
def supervisor(commune):
    """Of the Fatherland Front (MTTQ): reads everything of `commune`, changes nothing."""
    return member(UserFactory(username="supervisor", first_name="Ủy ban MTTQ"), commune, Membership.Role.SUPERVISOR)


@pytest.fixture
def province_user(commune):
    """Of the province: reads reports across the province's communes, no citizens' personal data."""
    return member(UserFactory(username="province", first_name="Sở Nội vụ"), commune, Membership.Role.PROVINCE)


@pytest.fixture
def leader(commune):
    return member(UserFactory(username="leader", first_name="Chủ tịch"), commune, Membership.Role.LEADER)


@pytest.fixture
def admin_role(commune):
    """The commune's administrator (the ADMIN membership role; not staff, not a superuser): office of both sides."""
    return member(UserFactory(username="admin_role", first_name="Quản trị xã"), commune, Membership.Role.ADMIN)


@pytest.fixture
def officer(commune, unit):
    return member(UserFactory(username="officer"), commune, Membership.Role.UNIT_OFFICIAL, unit=unit)


@pytest.fixture
def other_officer(commune, other_unit):
    return member(UserFactory(username="other_officer"), commune, Membership.Role.UNIT_OFFICIAL, unit=other_unit)


@pytest.fixture
def outsider(other_commune):
    """A clerk of another commune: must see nothing of `commune`."""
    return member(UserFactory(username="outsider"), other_commune, Membership.Role.STATE_OFFICE)


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    return client
