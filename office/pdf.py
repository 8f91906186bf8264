"""The printed report (Báo cáo), PDF or Word."""

from dialogue.documents.render import render

from .documents import report_document


def render_report(report, *, heading, number=None, issued_on=None, recipient="", narrative=None, fmt="pdf"):
    """The report (Báo cáo) of a period under HEADING (a reports.ReportHeading) -> (filename, bytes).

    Without NUMBER it prints the blank number line of a draft ("Số:      /BC-UBND"). With a
    RECIPIENT it prints "Kính gửi: …" and "Như trên" among the recipients. FMT: "pdf" or "docx".
    """
    doc = report_document(
        report, heading=heading, number=number, issued_on=issued_on, recipient=recipient, narrative=narrative
    )
    return render(doc, fmt)
