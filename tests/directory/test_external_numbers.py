"""Numbers from the office's e-office register: refused when used, never handed out again by the counter."""

import datetime

import pytest

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
