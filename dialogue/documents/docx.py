"""The Word renderer of the document model (python-docx), in the layout of Decree 30 / Guide 36.

A4 portrait, the side's margins (the state's from static/pdf/document.css, the Party's from
settings.PARTY_PAGE_MARGINS, as the PDF), Times New Roman 14 pt, the header blocks as a
borderless two-column table, the motto with its rule, the number and date lines, the signature
block and "Nơi nhận" (12 pt label, 11 pt lines) as a borderless table. Table header rows repeat
on every page (w:tblHeader), no row splits (w:cantSplit), headings keep with the next paragraph.
Each part starts a new section; a part that restarts numbering restarts at 1 and prints no
number on its first page, as the PDF does.
"""

import io
import re
from copy import deepcopy

from django.conf import settings
from django.http import HttpResponse
from docx import Document as new_docx
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.image.image import Image as DocxImage
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.parts.image import ImagePart
from docx.section import Section
from docx.shared import Mm, Pt

from dialogue.pdf import DOCUMENT_CSS

from .model import MOTTO, NATION, PARTY_NAME, Heading, Image, Paragraph, Table, recipient_lines

FONT = "Times New Roman"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CENTER, JUSTIFY, LEFT, RIGHT = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.RIGHT,
)


def _margins_mm(text):
    """'20mm 15mm 20mm 30mm' -> (top, right, bottom, left) in mm."""
    values = [float(v) for v in re.findall(r"(\d+(?:\.\d+)?)mm", text)]
    if len(values) != 4:
        raise ValueError(f"Four margins in mm expected: {text!r}")
    return values


def state_margins_mm():
    """The state side's page margins, read from the PDF's own CSS (one place for both renderers)."""
    match = re.search(r"@page\s*{[^}]*?margin:\s*([^;]+);", DOCUMENT_CSS.read_text())
    return _margins_mm(match.group(1))


def side_margins_mm(side):
    return _margins_mm(settings.PARTY_PAGE_MARGINS) if side == "party" else state_margins_mm()


# --- Low-level helpers -------------------------------------------------------------------------


def _set_font(run, size=None, bold=None, italic=None):
    """SIZE, BOLD, ITALIC on RUN; the face is the Normal style's (Times New Roman for every script)."""
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if italic is not None:
        run.font.italic = italic


def _para(
    container, text="", *, size=None, bold=None, italic=None, align=None, indent_cm=0, before=0, after=0, lines=None
):
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if align is not None:
        p.alignment = align
    if indent_cm:
        fmt.first_line_indent = Mm(indent_cm * 10)
    for i, line in enumerate(lines if lines is not None else [text]):
        run = p.add_run(line)
        _set_font(run, size, bold, italic)
        if lines is not None and i < len(lines) - 1:
            run.add_break(WD_BREAK.LINE)
    return p


def _border(p, side, *, size=6):
    """A single rule on SIDE ('top', 'bottom', 'box') of paragraph P."""
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for name in ("top", "left", "bottom", "right") if side == "box" else (side,):
        el = OxmlElement(f"w:{name}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(size))
        el.set(qn("w:space"), "1")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    ppr.append(borders)


def _rule(container, width_mm, share):
    """A short horizontal rule SHARE of WIDTH_MM wide, centred: an empty 2 pt paragraph with a top border."""
    p = container.add_paragraph()
    inset = Mm(width_mm * (1 - share) / 2)
    fmt = p.paragraph_format
    fmt.left_indent = fmt.right_indent = inset
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(2)
    run = p.add_run("")
    _set_font(run, 2)
    _border(p, "top")
    return p


def _no_borders(table):
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for name in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{name}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)


def _row_flags(row, *, header=False):
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
    if header:
        trpr.append(OxmlElement("w:tblHeader"))


def _fixed_table(container, rows, widths_mm):
    table = container.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for i, width in enumerate(widths_mm):
        table.columns[i].width = Mm(width)
        for cell in table.columns[i].cells:
            cell.width = Mm(width)
    return table


def _cell(table, r, c):
    """Cell (R, C) emptied of its default paragraph, ready for _para()."""
    return _clear(table.cell(r, c))


def _clear(cell):
    for p in cell._tc.findall(qn("w:p")):
        cell._tc.remove(p)
    return cell


def _page_number(section):
    """A centred PAGE field, 13 pt, in SECTION's header; none on its first page."""
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.alignment = CENTER
    run = p.add_run()
    _set_font(run, 13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def _restart_at_one(section):
    sectpr = section._sectPr
    pg = OxmlElement("w:pgNumType")
    pg.set(qn("w:start"), "1")
    sectpr.append(pg)


# --- The parts of a document -------------------------------------------------------------------


class _Writer:
    def __init__(self, doc):
        self.model = doc
        self.party = doc.side == "party"
        self.docx = new_docx()
        top, right, bottom, left = side_margins_mm(doc.side)
        self.text_width = 210 - left - right
        section = self.docx.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.right_margin = Mm(top), Mm(right)
        section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
        section.header_distance = Mm(10)
        normal = self.docx.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(14)
        fonts = normal.element.get_or_add_rPr().find(qn("w:rFonts"))
        fonts.set(qn("w:eastAsia"), FONT)
        fonts.set(qn("w:cs"), FONT)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = 1.15
        self.docx.core_properties.title = doc.title
        self.docx.core_properties.language = "vi-VN"
        # python-docx's blank template opens with one empty paragraph; the first part replaces it.
        body = self.docx.element.body
        for p in body.findall(qn("w:p")):
            body.remove(p)
        self.body = body
        self.sentinel = body.find(qn("w:sectPr"))
        self.out = new_docx()  # the scratch document every piece is built in (piece())
        self.scratch = self.out.element.body
        for p in self.scratch.findall(qn("w:p")):
            self.scratch.remove(p)
        #: Pieces already written (header table, a paragraph, the foot), by what they print: a batch
        #: of 500 letters writes each shared piece once and copies its XML (python-docx's own
        #: builders cost about 0.2 s a letter).
        self._pieces = {}
        self._shape_id = 1000
        self._image_n = 0

    def _last(self):
        return self.sentinel.getprevious()

    def piece(self, key, build):
        """Write the piece KEY: a copy of its XML if written before, else BUILD() (and remember it;
        KEY None: never the same). BUILD writes into a scratch document (self.out), whose few
        elements are then moved here: python-docx finds the body's end by walking all its children."""
        cached = self._pieces.get(key) if key is not None else None
        if cached is not None:
            for el in cached:
                self.sentinel.addprevious(deepcopy(el))
            return
        build()
        added = [el for el in self.scratch if el.tag != qn("w:sectPr")]
        if key is not None:
            self._pieces[key] = [deepcopy(e) for e in added]
        for el in added:
            self.sentinel.addprevious(el)

    def new_section(self):
        """A section break before the next part (python-docx's add_section walks the whole body)."""
        p = OxmlElement("w:p")
        p.set_sectPr(deepcopy(self.sentinel))
        self.sentinel.addprevious(p)
        for ref in self.sentinel.findall(qn("w:headerReference")) + self.sentinel.findall(qn("w:footerReference")):
            self.sentinel.remove(ref)
        section = Section(self.sentinel, self.docx.part)
        section.start_type = WD_SECTION.NEW_PAGE
        return section

    def keep_last_with_next(self):
        last = self._last()
        if last is not None and last.tag == qn("w:p"):
            last.get_or_add_pPr().keepNext_val = True

    def picture(self, p_element, png, width_mm):
        """PNG as an inline picture in a new run of paragraph P_ELEMENT. Its own part names, rIds and
        shape ids: python-docx's would look through every image, relationship and id of the
        document for each new picture (quadratic in a batch of letters)."""
        image = DocxImage.from_blob(png)
        self._image_n += 1
        part = ImagePart.from_image(image, PackURI(f"/word/media/qr{self._image_n}.{image.ext}"))
        self.docx.part.package.image_parts.append(part)
        rId = f"rIdQr{self._image_n}"
        self.docx.part.rels.add_relationship(RT.IMAGE, part, rId)
        cx = Mm(width_mm)
        cy = int(cx * image.px_height / image.px_width)
        self._shape_id += 1
        inline = CT_Inline.new_pic_inline(self._shape_id, rId, image.filename, cx, int(cy))
        run, drawing = OxmlElement("w:r"), OxmlElement("w:drawing")
        drawing.append(inline)
        run.append(drawing)
        p_element.append(run)

    def write(self):
        for i, part in enumerate(self.model.parts):
            if i == 0:
                section = self.docx.sections[0]
            else:
                section = self.new_section()
            if part.page_numbers and (i == 0 or part.restart_numbering):
                _page_number(section)
            for old in section._sectPr.findall(qn("w:pgNumType")):
                section._sectPr.remove(old)
            if part.restart_numbering:
                _restart_at_one(section)
            self.part(part)
        return self.docx

    def part(self, part):
        d = self.out
        if part.draft:
            self.piece(("draft",), self._draft)
        if part.header:
            self.piece(("header", repr(part.header)), lambda: self.header(part.header))
        title_size = 16 if self.party else 14
        if part.type_name:
            key = ("title", part.type_name)
            self.piece(key, lambda: _para(d, part.type_name, size=title_size, bold=True, align=CENTER, before=14))
        if part.subject:
            self.piece(("subject", part.subject), lambda: self._subject(part.subject))
        if part.addressee:
            self.piece(None, lambda: _para(d, part.addressee, align=CENTER, before=6, after=8))
        for block in part.blocks:
            if isinstance(block, Paragraph):
                key = ("p", block.text, block.style, tuple(block.lines))
                self.piece(key, lambda block=block: self.block(d, block))
            else:
                self.piece(None, lambda block=block: self.block(d, block))
        if part.signature or part.co_signature or part.recipients or part.foot_image:
            self.keep_last_with_next()
            image = part.foot_image
            signatures = (repr(part.signature), repr(part.co_signature))
            key = ("foot", signatures, tuple(part.recipients), image and (image.width_mm, image.caption))
            self.piece(key, lambda: self.foot(part))
            if image:
                # The picture's paragraph: the first of the left cell after the recipients.
                cell = self._last().find(qn("w:tr")).find(qn("w:tc"))
                at = 1 + len(part.recipients) if part.recipients else 0
                self.picture(cell.findall(qn("w:p"))[at], image.png, image.width_mm)
        if part.annex:
            self.piece(None, self._page_break)
            for block in part.annex:
                self.piece(None, lambda block=block: self.block(d, block))

    def _draft(self):
        p = _para(self.out, "DỰ THẢO", size=12, bold=True, align=CENTER, after=6)
        inset = Mm(self.text_width * 0.35)
        p.paragraph_format.left_indent = p.paragraph_format.right_indent = inset
        _border(p, "box")

    def _subject(self, subject):
        _para(self.out, subject, bold=True, align=CENTER, before=2)
        _rule(self.out, self.text_width, 0.25).paragraph_format.space_after = Pt(10)

    def _page_break(self):
        p = self.out.add_paragraph()
        p.add_run().add_break(WD_BREAK.PAGE)

    def header(self, h):
        left_w = self.text_width * 0.4
        right_w = self.text_width - left_w
        table = _fixed_table(self.out, 1, [left_w, right_w])
        _no_borders(table)
        left, right = _cell(table, 0, 0), _cell(table, 0, 1)
        state_size = 12.5
        head_size = 14 if self.party else state_size

        def lines(pairs):
            return [text + kept.replace(" ", "\u00a0") for text, kept in pairs]

        if h.superior_lines:
            _para(left, size=head_size, align=CENTER, lines=lines(h.superior_lines))
        _para(left, size=head_size, bold=True, align=CENTER, lines=lines(h.issuer_lines))
        if h.is_party:
            _para(left, "*", align=CENTER)
        else:
            _rule(left, left_w, 0.3)
        _para(left, h.number_line, size=14 if self.party else 13, align=CENTER, before=4)
        if h.is_party:
            _para(right, PARTY_NAME, size=15, bold=True, align=CENTER)
        else:
            _para(right, NATION, size=state_size, bold=True, align=CENTER)
            _para(right, MOTTO, size=13.5, bold=True, align=CENTER)
        _rule(right, right_w, 0.62)
        _para(right, h.date_line, italic=True, align=CENTER, before=4)

    def block(self, container, block):
        if isinstance(block, Paragraph):
            styles = set(block.style.split())
            align = JUSTIFY
            if styles & {"center", "upper-head", "sub"}:
                align = CENTER
            elif "right" in styles:
                align = RIGHT
            indent = 0 if styles & {"noindent", "center", "right", "upper-head", "sub"} else 1
            size = 12 if "small" in styles else None
            bold = True if styles & {"bold", "upper-head"} else None
            italic = True if styles & {"italic", "sub"} else None
            after = 3 if "item" in styles else (8 if "sub" in styles else 6)
            _para(
                container,
                block.text,
                size=size,
                bold=bold,
                italic=italic,
                align=align,
                indent_cm=indent,
                after=after,
                lines=block.lines or None,
            )
        elif isinstance(block, Heading):
            italic = True if block.style == "italic" else None
            bold = True if not block.style else None
            p = _para(container, block.text, bold=bold, italic=italic, align=JUSTIFY, before=8, after=4)
            p.paragraph_format.keep_with_next = True
        elif isinstance(block, Table):
            self.table(container, block)
        elif isinstance(block, Image):
            p = container.add_paragraph()
            p.add_run().add_picture(io.BytesIO(block.png), width=Mm(block.width_mm))
            if block.caption:
                _para(container, block.caption, size=9)
        else:
            raise TypeError(f"Not a block of the document model: {block!r}")

    def table(self, container, t):
        columns = max((len(r) for r in t.header), default=0) or max((len(r.cells) for r in t.rows), default=1)
        widths = list(t.widths) if t.widths else []
        if len(widths) < columns:
            rest = self.text_width - sum(widths)
            widths += [rest / (columns - len(widths))] * (columns - len(widths))
        scale = self.text_width / sum(widths)
        widths = [w * scale for w in widths]
        body_rows = t.rows or ([] if not t.empty_text else [None])
        table = _fixed_table(container, len(t.header) + len(body_rows), widths)
        table.style = self.docx.styles["Table Grid"]
        size = 10 if t.style == "stats" else 12
        align = list(t.align) + [""] * columns
        word_rows = list(table.rows)  # once: python-docx's table.cell() and rows[i] walk the whole table
        for r, row in enumerate(t.header):
            _row_flags(word_rows[r], header=True)
            cells = word_rows[r].cells
            for c, text in enumerate(row):
                _para(_clear(cells[c]), text, size=size, bold=True, align=CENTER)
        for i, row in enumerate(body_rows):
            word_row = word_rows[len(t.header) + i]
            _row_flags(word_row)
            if t.row_height_pt:
                word_row.height = Pt(t.row_height_pt)
            cells = word_row.cells
            if row is None or row.kind == "group":
                merged = _clear(cells[0].merge(cells[columns - 1]))
                text = t.empty_text if row is None else row.cells[0]
                _para(merged, text, size=size, bold=row is not None)
                continue
            for c, text in enumerate(row.cells):
                a = {"center": CENTER, "right": RIGHT}.get(align[c])
                if a is None and t.style == "stats" and c:
                    a = RIGHT
                _para(_clear(cells[c]), str(text), size=size, bold=True if row.kind == "total" else None, align=a)
        # A paragraph after a table keeps two tables apart in Word.
        _para(container, "", size=6)

    def foot(self, part):
        half = self.text_width / 2
        table = _fixed_table(self.out, 1, [half, half])
        _no_borders(table)
        _row_flags(table.rows[0])
        left, right = _cell(table, 0, 0), _cell(table, 0, 1)
        if part.co_signature:
            _signature(left, part.co_signature)
        elif part.recipients:
            _para(left, "Nơi nhận:", size=12, bold=True, italic=True, align=LEFT)
            for line in recipient_lines(part.recipients):
                _para(left, line, size=11, align=LEFT)
        if part.foot_image:
            p = left.add_paragraph()  # the picture goes here, per letter (part())
            p.paragraph_format.space_before = Pt(6)
            _para(left, part.foot_image.caption, size=9)
        if not left.paragraphs:
            left.add_paragraph()
        if part.signature:
            _signature(right, part.signature)
        if not right.paragraphs:
            right.add_paragraph()


def _signature(cell, s):
    """Signature S in CELL: authority, title, room to sign, name (bold, centred)."""
    if s.authority:
        _para(cell, s.authority, bold=True, align=CENTER)
    if s.title:
        _para(cell, s.title, bold=True, align=CENTER)
    _para(cell, "", after=48)
    if s.name:
        _para(cell, s.name, bold=True, align=CENTER)


def render_document_docx(doc):
    """DOC as a Word document -> (filename, bytes)."""
    out = io.BytesIO()
    _Writer(doc).write().save(out)
    return doc.filename + ".docx", out.getvalue()


def docx_response(filename, content):
    """The .docx as a download (Word opens it for editing; never inline)."""
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
