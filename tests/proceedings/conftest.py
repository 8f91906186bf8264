import pytest

from tests.conclusions.factories import held_session
from tests.factories import OfficialFactory


@pytest.fixture
def chair(commune):
    return OfficialFactory(commune=commune, full_name="Hồ Quang Khánh", position="Chủ tịch UBND xã")


@pytest.fixture
def secretary(commune):
    return OfficialFactory(
        commune=commune, honorific="Bà", full_name="Phan Thị Ngọc", position="Chánh Văn phòng HĐND và UBND xã"
    )


@pytest.fixture
def session(commune, state_issuer, villages, chair):
    s = held_session(commune, state_issuer, villages[:2], signer_title="CHỦ TỊCH")
    s.chair = chair
    s.save(update_fields=["chair"])
    return s
