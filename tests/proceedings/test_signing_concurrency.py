"""The same minutes signed from two pages at once: one number, one signing (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from directory.models import DocumentCounter
from proceedings.enums import MinutesStatus
from proceedings.models import Minutes, MinutesTransition
from proceedings.services import ProceedingsError, minutes_change_status, minutes_save, minutes_start

from ..conclusions.factories import held_session
from ..factories import CommuneFactory, OfficialFactory, StateIssuerFactory, UserFactory, VillageFactory, member


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are only meaningful on PostgreSQL")
def test_minutes_signed_twice_at_once_take_one_number():
    commune = CommuneFactory(name="Lộc Thành")
    issuer = StateIssuerFactory(commune=commune)
    clerk = member(UserFactory(username="clerk"), commune, "state_office")
    session = held_session(commune, issuer, [VillageFactory(commune=commune)])
    minutes = minutes_start(session=session, user=clerk)
    minutes.chair, minutes.secretary = OfficialFactory(commune=commune), OfficialFactory(commune=commune)
    minutes_save(minutes=minutes, user=clerk)
    barrier = threading.Barrier(2)
    refused, errors = [], []

    def worker():
        try:
            barrier.wait()
            minutes_change_status(obj=Minutes.objects.get(pk=minutes.pk), to=MinutesStatus.SIGNED, by=clerk)
        except ProceedingsError as exc:
            refused.append(str(exc))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert refused == ["Không thể chuyển biên bản từ “Đã ký” sang “Đã ký”."]
    assert Minutes.objects.get(pk=minutes.pk).number == 1
    assert DocumentCounter.objects.get(issuer=issuer, doc_type="BB").last_number == 1
    assert MinutesTransition.objects.filter(minutes=minutes, to_status=MinutesStatus.SIGNED).count() == 1
