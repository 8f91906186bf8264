"""The one numbering service for official documents (KH, GM, TB, BC …).

State documents (Decree 30) restart at 01 on 1 January and are unique per issuer
within the year; Party documents (Guide 36) run from 01 through the committee's
term. A number is taken inside the caller's transaction: if that transaction
rolls back, so does the number, so issued numbers have no gaps and no repeats.
"""

from django.db import IntegrityError, transaction

from .models import DocumentCounter, ExternalNumber, Unit


class NumberingError(Exception):
    pass


def numbering_period(*, issuer, on_date):
    """The period a number belongs to: the year, or the Party committee's term."""
    if issuer.side == Unit.Side.PARTY:
        if not issuer.term_label:
            raise NumberingError(f"Chưa khai báo nhiệm kỳ của {issuer.name}, không cấp được số văn bản Đảng.")
        return issuer.term_label
    return str(on_date.year)


def _locked_counter(*, issuer, doc_type, period):
    # Create the row if it is missing; concurrent creators collide on the unique
    # constraint, and the loser simply goes on to lock the winner's row.
    if not DocumentCounter.objects.filter(issuer=issuer, doc_type=doc_type, period=period).exists():
        try:
            with transaction.atomic():
                DocumentCounter.objects.create(issuer=issuer, doc_type=doc_type, period=period)
        except IntegrityError:
            pass
    return DocumentCounter.objects.select_for_update().get(issuer=issuer, doc_type=doc_type, period=period)


def number_take(*, issuer, doc_type, on_date):
    """Take the next number for ISSUER and DOC_TYPE on ON_DATE and return it.

    Side effects: creates the counter row for the period if missing and
    increments it under a row lock (SELECT … FOR UPDATE on PostgreSQL; SQLite
    serialises writers with its IMMEDIATE transactions). Must run inside the
    transaction that stores the numbered document.
    """
    if not issuer.is_issuer or not issuer.symbol_code:
        raise NumberingError(f"{issuer.name} chưa được khai báo là cơ quan ban hành văn bản (thiếu ký hiệu).")
    period = numbering_period(issuer=issuer, on_date=on_date)
    with transaction.atomic():
        counter = _locked_counter(issuer=issuer, doc_type=doc_type, period=period)
        counter.last_number += 1
        # A number the e-office register gave is never handed out again.
        taken = set(
            ExternalNumber.objects.filter(
                issuer=issuer, doc_type=doc_type, period=period, number__gte=counter.last_number
            ).values_list("number", flat=True)
        )
        while counter.last_number in taken:
            counter.last_number += 1
        counter.save(update_fields=["last_number"])
        return counter.last_number


def number_used_message(*, issuer, doc_type, number, on_date):
    """Why NUMBER cannot be taken from the e-office for ISSUER and DOC_TYPE on ON_DATE, or "" (a read, no lock).

    For a form's early message; number_register_external checks again under the lock.
    """
    try:
        period = numbering_period(issuer=issuer, on_date=on_date)
    except NumberingError as exc:
        return str(exc)
    last = (
        DocumentCounter.objects.filter(issuer=issuer, doc_type=doc_type, period=period)
        .values_list("last_number", flat=True)
        .first()
        or 0
    )
    if (
        number <= last
        or ExternalNumber.objects.filter(issuer=issuer, doc_type=doc_type, period=period, number=number).exists()
    ):
        return _used_message(issuer=issuer, doc_type=doc_type, number=number, period=period)
    return ""


def _used_message(*, issuer, doc_type, number, period):
    symbol = document_symbol(issuer=issuer, doc_type=doc_type, number=number)
    span = f"nhiệm kỳ {period}" if issuer.side == Unit.Side.PARTY else f"năm {period}"
    return (
        f"Số {symbol} đã được dùng cho một văn bản khác của {issuer.name} trong {span}; "
        "kiểm tra lại số trên hệ thống quản lý văn bản."
    )


def number_register_external(*, issuer, doc_type, number, on_date):
    """Record NUMBER, given to a document by the office's external register (e-office), and return it.

    Refuses (NumberingError, nothing recorded) a number under 1 or one already used for ISSUER and
    DOC_TYPE in the period of ON_DATE (the year; the Party committee's term): one the counter
    handed out (all up to its last number) or one registered before. Side effects: an
    ExternalNumber row, which number_take then skips. Runs under the counter's row lock, in the
    caller's transaction, like number_take.
    """
    if not issuer.is_issuer or not issuer.symbol_code:
        raise NumberingError(f"{issuer.name} chưa được khai báo là cơ quan ban hành văn bản (thiếu ký hiệu).")
    if not number or number < 1:
        raise NumberingError("Số văn bản bắt đầu từ 1.")
    period = numbering_period(issuer=issuer, on_date=on_date)
    with transaction.atomic():
        counter = _locked_counter(issuer=issuer, doc_type=doc_type, period=period)
        used = (
            number <= counter.last_number
            or ExternalNumber.objects.filter(issuer=issuer, doc_type=doc_type, period=period, number=number).exists()
        )
        if used:
            raise NumberingError(_used_message(issuer=issuer, doc_type=doc_type, number=number, period=period))
        ExternalNumber.objects.create(issuer=issuer, doc_type=doc_type, period=period, number=number, issued_on=on_date)
        return number


def document_symbol(*, issuer, doc_type, number):
    """'15/KH-UBND' on the state side, '22-KH/ĐU' on the Party side; numbers 1–9 as 01–09."""
    num = f"{number:02d}" if number is not None else "\u00a0" * 4
    if issuer.side == Unit.Side.PARTY:
        return f"{num}-{doc_type}/{issuer.symbol_code}"
    return f"{num}/{doc_type}-{issuer.symbol_code}"


def number_line(*, issuer, doc_type, number):
    """The printed line: 'Số: 15/KH-UBND' (state, with a colon) or 'Số 22-KH/ĐU' (Party, without)."""
    symbol = document_symbol(issuer=issuer, doc_type=doc_type, number=number)
    return f"Số {symbol}" if issuer.side == Unit.Side.PARTY else f"Số: {symbol}"
