"""Twenty notices of one issuer issued at once: numbers 1..k, no gap, no repeat (PostgreSQL)."""

import threading

import pytest
from django.db import connection, transaction

from conclusions.enums import NoticeStatus
from conclusions.models import ConclusionNotice
from conclusions.services import notice_change_status
from directory.models import DocumentCounter

from ..factories import CommuneFactory, StateIssuerFactory, UserFactory, VillageFactory, member
from .factories import NoticeFactory, held_session


class Abandon(Exception):
    pass


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are only meaningful on PostgreSQL")
def test_concurrent_issues_give_gapless_unique_numbers_even_with_rollbacks():
    commune = CommuneFactory(name="Lộc Thành")
    issuer = StateIssuerFactory(commune=commune)
    villages = [VillageFactory(commune=commune)]
    leader = member(UserFactory(username="leader"), commune, "leader")
    notices = []
    for _ in range(20):
        notice = NoticeFactory(session=held_session(commune, issuer, villages), status=NoticeStatus.PENDING_APPROVAL)
        notices.append(notice.pk)
    rolled_back = set(notices[::4])  # 5 of 20 abandon their transaction after taking a number
    barrier = threading.Barrier(len(notices))
    errors = []

    def worker(pk):
        try:
            barrier.wait()
            with transaction.atomic():
                notice = ConclusionNotice.objects.get(pk=pk)
                notice_change_status(notice=notice, to_status=NoticeStatus.ISSUED, user=leader)
                if pk in rolled_back:
                    raise Abandon
        except Abandon:
            pass
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(pk,)) for pk in notices]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    issued = ConclusionNotice.objects.filter(status=NoticeStatus.ISSUED)
    numbers = sorted(issued.values_list("number", flat=True))
    k = len(notices) - len(rolled_back)
    assert numbers == list(range(1, k + 1))
    assert set(issued.values_list("pk", flat=True)) == set(notices) - rolled_back
    assert ConclusionNotice.objects.filter(pk__in=rolled_back, number__isnull=True).count() == len(rolled_back)
    assert DocumentCounter.objects.get(issuer=issuer, doc_type="TB").last_number == k
