import pytest

from .factories import NoticeFactory, held_session


@pytest.fixture
def session(commune, state_issuer, villages):
    return held_session(commune, state_issuer, villages, signer_title="CHỦ TỊCH")


@pytest.fixture
def party_session(commune, party_issuer, villages):
    return held_session(
        commune, party_issuer, villages[:2], signing_authority="T/M BAN THƯỜNG VỤ", signer_title="PHÓ BÍ THƯ"
    )


@pytest.fixture
def notice(session, clerk):
    return NoticeFactory(session=session, created_by=clerk)
