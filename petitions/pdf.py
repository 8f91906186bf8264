"""The citizen's receipt slip ("Phiếu tiếp nhận ý kiến"), printed at intake."""

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from dialogue.pdf import document_context, render_html
from directory.workdays import add_working_days

from .services import rule_days


def expected_answer_date(petition):
    """The day the citizen may expect an answer: the deadline once routed, else the legal answer
    window counted in working days from the day it was received."""
    if petition.deadline:
        return petition.deadline
    return add_working_days(petition.received_on, rule_days(petition.commune, "answer"), petition.commune)


def lookup_url(petition):
    # The lookup page belongs to the public app; it is reached by its name, not imported.
    return f"{settings.SITE_URL}{reverse('public:lookup')}?ma={petition.lookup_code}"


def render_receipt(petition):
    """The receipt slip of PETITION (A6) -> (filename, bytes): commune, date, receipt code, summary,
    expected answer date, and the lookup code with its QR code (the lookup address)."""
    url = lookup_url(petition)
    context = {
        **document_context(),
        "petition": petition,
        "commune": petition.commune,
        "expected": expected_answer_date(petition),
        "lookup_code": petition.lookup_code_display,
        "lookup_page": f"{settings.SITE_URL}{reverse('public:lookup')}",
        "qr": segno.make_qr(url, error="m").svg_data_uri(border=0, scale=3),
    }
    html = render_to_string("pdf/receipt.html", context)
    return render_html(html, filename=f"phieu-tiep-nhan-{petition.code}.pdf")
