"""Writes of the office layer: numbering and printing a report upward."""

import hashlib

from django.db import transaction

from dialogue.http import NotPermitted
from directory.audit import event_log
from directory.models import Event
from directory.numbering import NumberingError, document_symbol, number_take
from directory.permissions import can_manage

from .models import IssuedReport
from .pdf import render_report
from .reports import REPORT_DOC_TYPE


class ReportError(Exception):
    """A report that cannot be numbered; the message says why, in Vietnamese."""


def report_issue(*, user, heading, report, issued_on, recipient="", narrative=None, fmt="pdf"):
    """Number and print REPORT under HEADING: the one way a report gets a number.

    Takes the next BC number of the heading's issuer for ISSUED_ON's period in the same
    transaction as the printing (a failed print gives the number back), keeps the printed PDF
    and its SHA-256 (an IssuedReport: every later download returns it), and logs the issue in
    the event log. Returns (number, filename, bytes) of FMT ("pdf" or "docx": both are kept).
    Refuses a province-wide report (no issuing unit of the commune prints it) and a user who may
    not manage the issuer's commune.
    """
    if heading.issuer is None:
        raise ReportError("Báo cáo nhiều xã, phường chỉ in bản chưa có số: số do cơ quan của tỉnh cấp.")
    commune = heading.issuer.commune
    if not can_manage(user, commune, side=heading.issuer.side):
        raise NotPermitted("Bạn không có quyền lấy số báo cáo của xã này.")
    with transaction.atomic():
        try:
            number = number_take(issuer=heading.issuer, doc_type=REPORT_DOC_TYPE, on_date=issued_on)
        except NumberingError as exc:
            raise ReportError(str(exc)) from exc
        printed = {"heading": heading, "number": number, "issued_on": issued_on, "recipient": recipient}
        filename, content = render_report(report, **printed, narrative=narrative)
        docx_name, docx = render_report(report, **printed, narrative=narrative, fmt="docx")
        symbol = document_symbol(issuer=heading.issuer, doc_type=REPORT_DOC_TYPE, number=number)
        IssuedReport.objects.create(
            commune=commune,
            issuer=heading.issuer,
            number=number,
            symbol=symbol,
            issued_on=issued_on,
            period_label=report["period_label"][:120],
            filename=filename,
            pdf=content,
            docx=docx,
            sha256=hashlib.sha256(content).hexdigest(),
            issued_by=user,
        )
        event_log(
            user=user,
            action=Event.Action.ISSUED,
            commune=commune,
            detail=f"Báo cáo số {symbol} {report['period_label']}",
        )
    if fmt == "docx":
        return number, docx_name, docx
    return number, filename, content
