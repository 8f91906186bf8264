"""The printed report (Báo cáo)."""

from dialogue.pdf import render_pdf
from directory.letterhead import Letterhead
from directory.numbering import number_line

from .reports import REPORT_DOC_TYPE


def render_report(report, *, heading, number=None, issued_on=None, recipient=""):
    """The report (Báo cáo) of a period under HEADING (a reports.ReportHeading) -> (filename, bytes).

    Without NUMBER it prints the blank number line of a draft ("Số:      /BC-UBND"). With a
    RECIPIENT it prints "Kính gửi: …" and "Như trên" among the recipients.
    """
    line = heading.number_line
    if number is not None:
        line = number_line(issuer=heading.issuer, doc_type=REPORT_DOC_TYPE, number=number)
    recipients = [("Như trên", False)] if recipient else []
    recipients += [(copy, False) for copy in heading.copies]
    recipients.append(("Lưu Văn phòng Đảng ủy" if heading.side == "party" else "Lưu: VT", False))
    head = Letterhead(
        side=heading.side,
        superior=heading.superior,
        issuer=heading.issuer_name,
        number_line=line,
        place=heading.place,
        issued_on=issued_on,
        type_name="BÁO CÁO",
        subject=f"Kết quả tiếp xúc, đối thoại trực tiếp với Nhân dân {report['period_label']}",
        signing_authority=heading.signing_authority,
        signer_title=heading.signer_title,
        signer_name=heading.signer_name,
        recipients=recipients,
    )
    name = f"bao-cao-doi-thoai-{number:02d}.pdf" if number is not None else "bao-cao-doi-thoai-du-thao.pdf"
    context = {"head": head, "r": report, "recipient": recipient}
    return render_pdf("pdf/report.html", context, filename=name)
