import datetime
import threading

import pytest
from django.db import connection, transaction

from directory.models import DocumentCounter
from directory.numbering import NumberingError, document_symbol, number_line, number_take

from ..factories import PartyIssuerFactory, StateIssuerFactory, UnitFactory


def test_state_numbers_restart_each_year(commune):
    issuer = StateIssuerFactory(commune=commune)
    taken = [number_take(issuer=issuer, doc_type="GM", on_date=datetime.date(2025, 12, 30)) for _ in range(3)]
    next_year = number_take(issuer=issuer, doc_type="GM", on_date=datetime.date(2026, 1, 2))
    assert taken == [1, 2, 3]
    assert next_year == 1
    assert number_take(issuer=issuer, doc_type="TB", on_date=datetime.date(2026, 1, 2)) == 1


def test_party_numbers_run_through_the_term(commune):
    issuer = PartyIssuerFactory(commune=commune)
    first = number_take(issuer=issuer, doc_type="TB", on_date=datetime.date(2025, 12, 30))
    second = number_take(issuer=issuer, doc_type="TB", on_date=datetime.date(2026, 1, 2))
    assert (first, second) == (1, 2)
    assert DocumentCounter.objects.get(issuer=issuer, doc_type="TB").period == "2025-2030"


def test_symbols_follow_each_side():
    state = StateIssuerFactory.build(symbol_code="UBND")
    party = PartyIssuerFactory.build(symbol_code="ĐU")
    assert document_symbol(issuer=state, doc_type="KH", number=15) == "15/KH-UBND"
    assert number_line(issuer=state, doc_type="GM", number=5) == "Số: 05/GM-UBND"
    assert document_symbol(issuer=party, doc_type="KH", number=22) == "22-KH/ĐU"
    assert number_line(issuer=party, doc_type="GM", number=7) == "Số 07-GM/ĐU"


def test_a_unit_that_is_not_an_issuer_gets_no_number(commune):
    office = UnitFactory(commune=commune)
    with pytest.raises(NumberingError):
        number_take(issuer=office, doc_type="GM", on_date=datetime.date(2026, 1, 2))


def test_rolled_back_number_is_taken_again(commune):
    issuer = StateIssuerFactory(commune=commune)
    day = datetime.date(2026, 2, 1)
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            number_take(issuer=issuer, doc_type="GM", on_date=day)
            raise RuntimeError("the document failed to save")
    assert number_take(issuer=issuer, doc_type="GM", on_date=day) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are only meaningful on PostgreSQL")
def test_concurrent_takers_never_share_a_number():
    from ..factories import CommuneFactory

    issuer = StateIssuerFactory(commune=CommuneFactory())
    results, errors = [], []
    barrier = threading.Barrier(10)

    def take():
        from django.db import connection as conn

        try:
            barrier.wait()
            with transaction.atomic():
                results.append(number_take(issuer=issuer, doc_type="GM", on_date=datetime.date(2026, 3, 1)))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=take) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == list(range(1, 11))
