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
                notice_change_status(obj=notice, to=NoticeStatus.ISSUED, by=leader)
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


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are only meaningful on PostgreSQL")
def test_two_drafts_of_one_session_approved_at_once_give_one_issued_notice():
    from conclusions.services import ConclusionError

    commune = CommuneFactory(name="Lộc Thành")
    issuer = StateIssuerFactory(commune=commune)
    session = held_session(commune, issuer, [VillageFactory(commune=commune)])
    leader = member(UserFactory(username="leader"), commune, "leader")
    drafts = [NoticeFactory(session=session, status=NoticeStatus.PENDING_APPROVAL).pk for _ in range(2)]
    barrier = threading.Barrier(len(drafts))
    refused, errors = [], []

    def worker(pk):
        try:
            barrier.wait()
            notice_change_status(obj=ConclusionNotice.objects.get(pk=pk), to=NoticeStatus.ISSUED, by=leader)
        except ConclusionError as exc:
            refused.append(str(exc))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(pk,)) for pk in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert refused == ["Buổi đã có thông báo kết luận; muốn sửa nội dung hãy lập thông báo đính chính."]
    assert ConclusionNotice.objects.filter(session=session, status=NoticeStatus.ISSUED).count() == 1
    assert list(
        ConclusionNotice.objects.filter(session=session).values_list("number", flat=True).order_by("number")
    ) == [
        1,
        None,
    ]
    assert DocumentCounter.objects.get(issuer=issuer, doc_type="TB").last_number == 1
