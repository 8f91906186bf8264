import datetime

import pytest
from django.core.cache import cache

from conclusions.enums import NoticeStatus
from petitions import services as ps
from tests.conclusions.factories import NoticeFactory, held_session
from tests.factories import OfficialFactory, PlanFactory, SessionFactory, aware
from tests.petitions.factories import topic

CITIZEN = {"citizen_name": "Nguyễn Văn Bí Mật", "citizen_phone": "0912345678", "citizen_address": "Số 7 hẻm Kín"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    from public import reads

    cache.clear()
    reads._versions.clear()
    yield
    cache.clear()
    reads._versions.clear()


@pytest.fixture
def roads(db):
    return topic("ha-tang")


@pytest.fixture
def upcoming(commune, state_issuer, villages):
    """A scheduled session in the future, chaired, not yet published."""
    plan = PlanFactory(commune=commune, issuer=state_issuer, year=2099)
    chair = OfficialFactory(commune=commune, full_name="Lê Văn Chủ", position="Chủ tịch UBND xã", phone="0988000111")
    session = SessionFactory(
        plan=plan,
        villages=villages[:2],
        quarter=None,
        starts_at=aware(2099, 5, 20, 8, 0),
        venue="Nhà văn hóa ấp 1",
        title="Đối thoại về đường liên ấp",
        chair=chair,
    )
    session.status = "scheduled"
    session.save(update_fields=["status"])
    return session


@pytest.fixture
def concluded(commune, state_issuer, villages, clerk, unit, roads, leader):
    """A held session with an issued notice (not yet published) and its petitions:
    an answered one, a confidential one, a denunciation."""
    session = held_session(commune, state_issuer, villages, starts_at=aware(2025, 11, 20, 8, 0))
    made = {}
    for key, extra in {
        "answered": {},
        "confidential": {"is_confidential": True},
        "denunciation": {"kind": "to_cao"},
    }.items():
        p = ps.petition_create(
            commune=commune,
            by=clerk,
            content=f"Nội dung {key}: đường ấp 2 ngập nước",
            topic=roads,
            village=villages[0],
            session=session,
            received_on=datetime.date(2025, 11, 20),
            **CITIZEN,
            **extra,
        )
        made[key] = p
    p = made["answered"]
    ps.petition_classify(petition=p, by=clerk, topic=roads, kind="kien_nghi", competence="commune")
    ps.petition_route(petition=p, by=clerk, unit=unit)
    ps.petition_answer_draft(petition=p, by=clerk, body="Đã nạo vét mương thoát nước ấp 2.")
    ps.petition_answer_approve(petition=p, by=leader)
    notice = NoticeFactory(
        session=session,
        status=NoticeStatus.ISSUED,
        number=3,
        number_period="2025",
        issued_on=datetime.date(2025, 11, 25),
        pdf=b"%PDF-1.4 public notice",
        snapshot={"subject": "Kết luận hội nghị đối thoại năm 2025", "conclusions": "Giao UBND xã xử lý."},
    )
    made["session"] = session
    made["notice"] = notice
    return made
