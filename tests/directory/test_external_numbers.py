"""Numbers from the office's e-office register: refused when used, never handed out again by the counter."""

import datetime
import threading

import pytest
from django.db import connection, transaction

from directory.models import ExternalNumber
from directory.numbering import NumberingError, number_register_external, number_take, number_used_message

DAY = datetime.date(2025, 11, 5)


def test_the_counter_skips_a_number_the_e_office_gave(state_issuer):
    assert number_register_external(issuer=state_issuer, doc_type="TB", number=3, on_date=DAY) == 3
    assert number_register_external(issuer=state_issuer, doc_type="TB", number=4, on_date=DAY) == 4
    taken = [number_take(issuer=state_issuer, doc_type="TB", on_date=DAY) for _ in range(4)]
    assert taken == [1, 2, 5, 6]


def test_a_number_the_counter_gave_or_the_register_holds_is_refused(state_issuer):
    number_take(issuer=state_issuer, doc_type="TB", on_date=DAY)
    number_register_external(issuer=state_issuer, doc_type="TB", number=9, on_date=DAY)
    for number in (1, 9):
        with pytest.raises(NumberingError) as refused:
            number_register_external(issuer=state_issuer, doc_type="TB", number=number, on_date=DAY)
        assert str(refused.value) == (
            f"Số {number:02d}/TB-UBND đã được dùng cho một văn bản khác của {state_issuer.name} trong năm 2025; "
            "kiểm tra lại số trên hệ thống quản lý văn bản."
        )
        assert number_used_message(issuer=state_issuer, doc_type="TB", number=number, on_date=DAY) == str(refused.value)
    assert ExternalNumber.objects.count() == 1


def test_the_same_number_is_free_in_another_year_another_type_or_for_another_issuer(state_issuer, party_issuer):
    number_register_external(issuer=state_issuer, doc_type="TB", number=2, on_date=DAY)
    number_register_external(issuer=state_issuer, doc_type="TB", number=2, on_date=datetime.date(2026, 1, 3))
    number_register_external(issuer=state_issuer, doc_type="GM", number=2, on_date=DAY)
    number_register_external(issuer=party_issuer, doc_type="TB", number=2, on_date=DAY)
    assert ExternalNumber.objects.count() == 4


def test_a_party_number_is_unique_through_the_committees_term(party_issuer):
    number_register_external(issuer=party_issuer, doc_type="TB", number=7, on_date=DAY)
    with pytest.raises(NumberingError, match="trong nhiệm kỳ 2025-2030"):
        number_register_external(issuer=party_issuer, doc_type="TB", number=7, on_date=datetime.date(2027, 2, 1))


def test_number_zero_is_refused(state_issuer):
    with pytest.raises(NumberingError, match="Số văn bản bắt đầu từ 1."):
        number_register_external(issuer=state_issuer, doc_type="TB", number=0, on_date=DAY)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are only meaningful on PostgreSQL")
def test_counter_and_e_office_at_once_never_share_a_number():
    """Five clerks type e-office numbers 2, 4, 6, 8, 10 while five documents take the counter's next."""
    from tests.factories import CommuneFactory, StateIssuerFactory  # noqa: PLC0415  (deferred: own commune)

    issuer = StateIssuerFactory(commune=CommuneFactory())
    counted, typed, errors = [], [], []
    barrier = threading.Barrier(10)

    def work(external):
        from django.db import connection as conn  # noqa: PLC0415  (deferred: the thread's own connection)

        try:
            barrier.wait()
            with transaction.atomic():
                if external:
                    typed.append(number_register_external(issuer=issuer, doc_type="GM", number=external, on_date=DAY))
                else:
                    counted.append(number_take(issuer=issuer, doc_type="GM", on_date=DAY))
        except NumberingError:
            typed.append(None)  # the counter got there first: refused, as it must be
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in (2, 4, 6, 8, 10, 0, 0, 0, 0, 0)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    given = counted + [n for n in typed if n]
    assert len(given) == len(set(given)) == 5 + len([n for n in typed if n])
