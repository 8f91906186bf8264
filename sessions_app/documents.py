"""The printed documents of plans and sessions as documents of the model (dialogue.documents): the
plan (KH), the invitation (GM, one letter per participant), the public announcement (TB) and the
signature sheet.

Each is built once and rendered to PDF and Word. The invitation and the announcement are built
from the text frozen when they were numbered (SessionDocument.snapshot), the same snapshot their
PDF is printed from, so the .docx of a numbered document says what its PDF says.
"""

import struct
import zlib

from dialogue.documents.model import Document, Heading, Image, Paragraph, Part, Row, Table
from directory.letterhead import letterhead

from .models import SectionBlock, SectionLevel, basis_paragraphs
from .pdf import (
    _frozen_context,
    _signature,
    announcement_snapshot,
    checkin_urls,
    invitation_snapshot,
    plan_outline,
    qr_code,
)

#: The heading style of each section level: parts, items and sub-items bold, points italic, dashes plain.
_HEADING_STYLE = {SectionLevel.LETTER: "italic", SectionLevel.DASH: "plain"}
SESSIONS_HEADER = ["TT", "Đối tượng tổ chức tiếp xúc, đối thoại", "Thời gian", "Địa điểm"]


def plan_as_document(plan):
    """The plan (Kế hoạch) in its issuer's official layout, as a document of the model.

    Header blocks, number and date lines, title and subject; the correction's line, the legal
    bases (each with its own verb), the preamble; the office's own sections numbered from their
    levels (pdf.plan_outline), duties as items and the sessions table where the sections put
    them; the closing, the signature block and "Nơi nhận". A draft (no number) carries "DỰ THẢO"
    and an empty number line. Both the PDF and the .docx are rendered from it.
    """
    head = letterhead(
        issuer=plan.issuer,
        doc_type=plan.DOC_TYPE,
        number=plan.number,
        place=plan.place,
        issued_on=plan.issued_on,
        type_name="KẾ HOẠCH",
        subject=plan.title,
        recipients=[(r.name, r.for_report) for r in plan.recipients.all()],
        **_signature(plan),
    )
    blocks = []
    if plan.replaces_line:
        blocks.append(Paragraph(plan.replaces_line, "noindent italic"))
    blocks += [Paragraph(b) for b in basis_paragraphs(plan.plan_legal_bases.select_related("legal_basis"))]
    if plan.preamble:
        blocks.append(Paragraph(plan.preamble))
    sessions = None
    for item in plan_outline(plan):
        if item.title:
            blocks.append(Heading(f"{item.label} {item.title}", _HEADING_STYLE.get(item.level, "")))
            blocks += [Paragraph(line) for line in item.lines]
        else:
            blocks += [Paragraph(f"{item.label} {line}" if i == 0 else line) for i, line in enumerate(item.lines)]
        if item.block == SectionBlock.SESSIONS:
            if sessions is None:
                sessions = [
                    Row([f"{n:02d}", s.display_title, s.when, s.venue])
                    for n, s in enumerate(plan.sessions.prefetch_related("villages"), 1)
                ]
            blocks.append(Table(header=[SESSIONS_HEADER], rows=sessions, widths=[12, 73, 40, 40], align=["center"]))
    if plan.closing:
        blocks.append(Paragraph(plan.closing))
    number = f"{plan.number:02d}" if plan.number else "du-thao"
    return Document(
        title=f"Kế hoạch {plan.title}",
        filename=f"ke-hoach-{number}-{plan.year}",
        parts=[head.part(blocks=blocks, draft=not plan.number)],
        side=head.side,
    )


QR_CAPTION = "Mã điểm danh"


def _qr_png(url, scale=4):
    """The letter's QR code as a PNG of SCALE pixels a module (Word smooths a picture it enlarges,
    so the modules are drawn at size). Written here from segno's matrix: segno's own PNG writer
    takes longer than the rest of a letter's .docx."""
    matrix = qr_code(url).matrix
    rows = []
    for modules in matrix:
        line = b"\x00" + b"".join((b"\x00" if dark else b"\xff") * scale for dark in modules)
        rows.extend([line] * scale)
    width = len(matrix[0]) * scale
    height = len(matrix) * scale

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 6))
        + chunk(b"IEND", b"")
    )


def _replaces(name, context):
    """A correction's first line, naming the document it replaces (participants.session_document_correct)."""
    if not context.get("replaces"):
        return []
    return [Paragraph(f"({name} này thay thế {name} số {context['replaces']}.)", "noindent italic")]


def invitation_document(session, participants, *, document, base_url=None, with_qr=True):
    """One letter per participant (each in a section of its own, no page numbers) of the numbered GM."""
    participants = list(participants)
    shared = _frozen_context(document.snapshot or invitation_snapshot(session, document))
    head = shared["head"]
    header, signature = head.header(), head.signature()
    urls = checkin_urls(participants, base_url=base_url) if with_qr else [""] * len(participants)
    parts = []
    for p, url in zip(participants, urls, strict=True):
        honorific = p.honorific
        blocks = [
            *_replaces("Giấy mời", shared),
            Paragraph(f"{shared['inviter']} trân trọng kính mời {honorific} đến dự {shared['event']}."),
            Paragraph(f"- Thời gian: {shared['when']}.", "item"),
            Paragraph(f"- Địa điểm: {shared['venue']}.", "item"),
        ]
        if shared["chair"]:
            blocks.append(Paragraph(f"- Chủ trì: {shared['chair']}.", "item"))
        if shared["content"]:
            blocks.append(Paragraph(f"- Nội dung: {shared['content']}", "item"))
        blocks.append(Paragraph(f"Rất mong {honorific} đến dự đúng thời gian để hội nghị đạt kết quả tốt./."))
        parts.append(
            Part(
                header=header,
                type_name=head.type_name,
                addressee=f"Kính gửi: {p.addressee}",
                blocks=blocks,
                signature=signature,
                recipients=list(head.recipients),
                foot_image=Image(_qr_png(url), 24, QR_CAPTION) if url else None,
                page_numbers=False,
            )
        )
    suffix = f"-{participants[0].pk}" if len(participants) == 1 else ""
    return Document(
        title=f"Giấy mời – {shared['title']}",
        filename=f"giay-moi-{document.number:02d}-{session.pk}{suffix}",
        parts=parts,
        side=head.side,
    )


def announcement_document(session, *, document):
    """The public announcement (Thông báo) of SESSION, from its frozen snapshot."""
    c = _frozen_context(document.snapshot or announcement_snapshot(session, document))
    head = c["head"]
    n = iter(range(1, 10))
    blocks = [
        *_replaces("Thông báo", c),
        Paragraph(
            f"Thực hiện {c['plan_ref']}, {c['inviter']} thông báo đến toàn thể Nhân dân {c['villages']} "
            f"về việc tổ chức {c['event']}, cụ thể như sau:"
        ),
        Paragraph(f"{next(n)}. Thời gian: {c['when']}.", "item"),
        Paragraph(f"{next(n)}. Địa điểm: {c['venue']}.", "item"),
    ]
    if c["chair"]:
        blocks.append(Paragraph(f"{next(n)}. Chủ trì: {c['chair']}.", "item"))
    kind = c["village_kind"]
    blocks += [
        Paragraph(f"{next(n)}. Nội dung: {c['content']}", "item"),
        Paragraph(
            f"{next(n)}. Cách thức tham gia: Nhân dân có ý kiến, kiến nghị, phản ánh trực tiếp tại hội nghị hoặc "
            f"gửi trước bằng văn bản cho Trưởng {kind}, Ban công tác Mặt trận {kind} hoặc {c['office']} "
            "trước ngày tổ chức.",
            "item",
        ),
        Paragraph(
            f"Đề nghị Trưởng các {kind} thông báo rộng rãi trên hệ thống loa truyền thanh, bảng tin và đến từng "
            "hộ gia đình để Nhân dân biết, tham gia đông đủ./."
        ),
    ]
    return Document(
        title=f"Thông báo – {c['title']}",
        filename=f"thong-bao-{document.number:02d}-{session.pk}",
        parts=[head.part(blocks=blocks)],
        side=head.side,
    )


def signature_sheet_document(session, participants):
    """The signature sheet, by village then given name (PARTICIPANTS come sorted: ordered_for_sheet).

    Its header row repeats on every page and no row splits, so a name and its signature box
    always stand on the same page.
    """
    rows = []
    title = None
    for n, p in enumerate(participants, 1):
        village = p.village.full_name if p.village else "Đại biểu xã"
        if village != title:
            rows.append(Row([village], kind="group"))
            title = village
        rows.append(
            Row([str(n), f"{p.honorific} {p.full_name}".strip(), p.title or (p.unit.name if p.unit else ""), ""])
        )
    issuer = session.plan.issuer
    table = Table(
        header=[["TT", "Họ và tên", "Chức vụ, đơn vị", "Ký tên"]],
        rows=rows,
        widths=[10, 62, 65, 28],
        align=["center", "", "", ""],
        row_height_pt=20,
    )
    blocks = [
        Paragraph((issuer.header_name or issuer.name).upper().replace("\\N", " "), "upper-head"),
        Paragraph("DANH SÁCH ĐẠI BIỂU KÝ TÊN", "upper-head"),
        Paragraph(f"{session.display_title} – {session.when} – {session.venue}", "sub"),
        table,
    ]
    return Document(
        title="Danh sách đại biểu ký tên",
        filename=f"danh-sach-ky-ten-{session.pk}",
        parts=[Part(blocks=blocks)],
        side="party" if issuer.side == "party" else "state",
        template="pdf/kinds/signature_sheet.html",
    )
