import pytest

from tests.factories import PlanFactory, SessionFactory, aware


@pytest.fixture
def state_session(commune, state_issuer, villages):
    plan = PlanFactory(commune=commune, issuer=state_issuer, signer_title="CHỦ TỊCH")
    return SessionFactory(
        plan=plan,
        villages=villages,
        starts_at=aware(2025, 11, 20, 8, 0),
        venue="Hội trường UBND xã Lộc Thành",
        title="Hội nghị đối thoại trực tiếp với Nhân dân năm 2025",
    )


@pytest.fixture
def party_session(commune, party_issuer, villages):
    plan = PlanFactory(
        commune=commune,
        issuer=party_issuer,
        signing_authority="T/M BAN THƯỜNG VỤ",
        signer_title="PHÓ BÍ THƯ",
    )
    # An exact date and time: a letter cannot be numbered for a quarter (participants.session_document_missing).
    return SessionFactory(
        plan=plan, villages=villages[:2], quarter=None, starts_at=aware(2025, 9, 12, 8, 0), venue="Trụ sở thôn"
    )
