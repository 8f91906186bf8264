"""The report (Báo cáo) as a document of the model (dialogue.documents): built once, printed to PDF and Word."""

from django.utils.text import Truncator

from dialogue.documents.model import Document, Heading, Paragraph, Row, Table
from directory.letterhead import Letterhead
from directory.numbering import number_line

from .reports import REPORT_DOC_TYPE


def report_filename(number):
    return f"bao-cao-doi-thoai-{number:02d}" if number is not None else "bao-cao-doi-thoai-du-thao"


#: The sections the office writes around the figures (ReportPrintForm), in the order they print.
NARRATIVE = (
    ("assessment", "ĐÁNH GIÁ CHUNG"),
    ("difficulties", "KHÓ KHĂN, VƯỚNG MẮC"),
    ("proposals", "KIẾN NGHỊ, ĐỀ XUẤT"),
)
ROMAN = ("I", "II", "III", "IV", "V")
EMPTY_TABLE = "Không có."


def _written(text):
    """The office's text as paragraphs: one per blank-line block, its lines kept."""
    blocks = []
    for para in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in para.splitlines() if line.strip()]
        if lines:
            blocks.append(Paragraph(" ".join(lines), lines=lines if len(lines) > 1 else []))
    return blocks


def _with_narrative(blocks, narrative):
    """BLOCKS (the figures) as "I. KẾT QUẢ THỰC HIỆN", then each section NARRATIVE holds text for,
    numbered on; without any text, the figures alone, as before."""
    written = [(title, _written((narrative or {}).get(key))) for key, title in NARRATIVE]
    written = [(title, paras) for title, paras in written if paras]
    if not written:
        return blocks
    out = [Heading(f"{ROMAN[0]}. KẾT QUẢ THỰC HIỆN"), *blocks]
    for i, (title, paras) in enumerate(written, 1):
        out += [Heading(f"{ROMAN[i]}. {title}"), *paras]
    return out


def _grid(header, rows, total=None):
    if not rows:  # an empty table prints "Không có.", not a bare header
        return Paragraph(EMPTY_TABLE)
    body = [Row([str(c) for c in r]) for r in rows]
    if total:
        body.append(Row([str(c) for c in total], kind="total"))
    return Table(header=[header], rows=body)


def _reception(rec):
    text = (
        f"Lãnh đạo tiếp công dân {rec['days']} ngày; tiếp {rec['visits']} lượt, {rec['people']} người"
        + (f" ({rec['group_visits']} đoàn đông người)" if rec.get("group_visits") else "")
        + f"; vụ việc mới {rec['new']}, vụ việc cũ {rec['old']}."
    )
    for label, n in rec.get("by_outcome", []):
        if n:
            text += f" {label}: {n} lượt."
    if rec.get("days_missing"):
        months = "; ".join(f"{m['start']:%d/%m}–{m['end']:%d/%m/%Y}: {m['held']} ngày" for m in rec["missing"])
        text += f" Còn thiếu {rec['days_missing']} ngày tiếp so với quy định ít nhất 2 ngày mỗi tháng ({months})."
    return text


def _body(r, many):
    s, p, a = r["sessions"], r["petitions"], r["assignments"]
    blocks = [
        Paragraph(
            "Thực hiện kế hoạch tiếp xúc, đối thoại trực tiếp với Nhân dân, kết quả "
            + r["period_label"]
            + (f" (số liệu tính {r['period_dates']})" if r.get("period_dates") else "")
            + (f" trên địa bàn {len(r['communes'])} xã, phường" if many else "")
            + "".join(f"; {n} xã, phường theo ngày chốt riêng tính {d}" for d, n in r.get("other_dates", ()))
            + " như sau:"
        ),
        Heading("1. Số buổi tiếp xúc, đối thoại"),
        Paragraph(
            f"Theo kế hoạch: {s['planned']} buổi; đã tổ chức: {s['held']} buổi"
            + (f"; hủy: {s['cancelled']} buổi" if s.get("cancelled") else "")
            + "."
        ),
    ]
    if many and r.get("by_commune"):
        rows = [(i, c["plan__commune__name"], c["planned"], c["held"]) for i, c in enumerate(r["by_commune"], 1)]
        blocks.append(_grid(["TT", "Xã, phường", "Theo kế hoạch", "Đã tổ chức"], rows))
    elif not many and r.get("by_village"):
        rows = [
            (i, f"{v['village__kind']} {v['village__name']}", v["planned"], v["held"])
            for i, v in enumerate(r["by_village"], 1)
        ]
        blocks.append(_grid(["TT", "Thôn, ấp", "Theo kế hoạch", "Đã tổ chức"], rows))
    total = r["attendance_total"]
    blocks += [
        Heading("2. Thành phần tham dự"),
        _grid(["Nhóm", "Được mời", "Có mặt"], r["attendance"], ["Tổng cộng", total[0], total[1]]),
        Heading("3. Ý kiến, kiến nghị của Nhân dân"),
        Paragraph(
            f"Tổng số {p['total']} ý kiến, kiến nghị của {p['people']} người nêu"
            + (f" (trong đó {p['group_petitions']} ý kiến của đoàn đông người)" if p.get("group_petitions") else "")
            + f"; đã trả lời trực tiếp tại buổi {p['on_spot']}; trả lời bằng văn bản đúng hạn {p['written_on_time']}, "
            f"quá hạn {p['written_late']}; đang xử lý {p['still_open']} (quá hạn {p['open_overdue']}); nêu lại nhiều "
            f"lần chưa giải quyết dứt điểm {p['repeated_unresolved']}."
        ),
        _grid(["Lĩnh vực", "Số ý kiến"], r["by_topic"]),
        _grid(["Loại", "Số ý kiến"], r["by_kind"]),
        _grid(["Thẩm quyền giải quyết", "Số ý kiến"], r["by_competence"]),
        Heading("4. Thực hiện thông báo kết luận"),
        Paragraph(f"Tổng số nhiệm vụ được giao: {a['total']}; đã hoàn thành: {a['done']}; quá hạn: {a['overdue']}."),
    ]
    if r.get("overdue_by_unit"):
        rows = [
            (u["unit__name"] + (f" ({u['unit__commune__name']})" if many else ""), u["n"], u["days_late"])
            for u in r["overdue_by_unit"]
        ]
        blocks.append(_grid(["Đơn vị", "Nhiệm vụ quá hạn", "Trễ nhiều nhất (ngày)"], rows))
    blocks += [Heading("5. Tiếp công dân"), Paragraph(_reception(r["reception"]))]
    if r.get("repeated"):
        blocks.append(Heading("6. Ý kiến nêu lại nhiều lần, chưa được giải quyết dứt điểm"))
        for item in r["repeated"]:
            content = Truncator(item["content"]).chars(160)
            blocks.append(Paragraph(f"- {content} ({item['topic__name']}; nêu {item['times']} lần)."))
    return blocks


def _annex(r):
    period = r["period_label"] + (f" ({r['period_dates']})" if r.get("period_dates") else "")
    blocks = [
        Paragraph("BIỂU SỐ LIỆU KÈM THEO BÁO CÁO", "upper-head"),
        Paragraph(f"Kỳ báo cáo: {period}", "sub small"),
    ]
    for t in r["tables"]:  # office.statistics.StatTable
        rows = [Row([str(c) for c in row]) for row in t.rows]
        if t.total:
            rows.append(Row([str(c) for c in t.total], kind="total"))
        table = Table(header=[list(t.header)], rows=rows, style="stats") if rows else Paragraph(EMPTY_TABLE)
        blocks += [Heading(t.title), table]
        if t.note:
            blocks.append(Paragraph(t.note, "noindent italic small"))
    return blocks


def report_document(report, *, heading, number=None, issued_on=None, recipient="", narrative=None):
    """The report of a period under HEADING (a reports.ReportHeading); without NUMBER, the blank number line.
    NARRATIVE: the office's assessment, difficulties and proposals (keys of NARRATIVE), printed after the figures."""
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
    many = len(report["communes"]) > 1
    part = head.part(
        addressee=f"Kính gửi: {recipient}." if recipient else "",
        blocks=_with_narrative(_body(report, many), narrative),
        annex=_annex(report),
    )
    return Document(
        title=f"Báo cáo {report['period_label']}",
        filename=report_filename(number),
        parts=[part],
        side=heading.side,
        template="pdf/kinds/report.html",
    )
