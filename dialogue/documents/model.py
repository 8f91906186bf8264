"""The document model: plain dataclasses, no Django, no rendering.

A `Document` is one or more `Part`s (a letter, a village copy), each starting on a new page.
A part holds the header blocks (`Header`), the title and subject, the body blocks
(`Paragraph`, `Heading`, `Table`, `Image`) and the foot (`Signature`, recipients "Nơi nhận").
Every text is stored as printed (upper case where the document prints upper case), so both
renderers print the same words in the same order.
"""

from dataclasses import dataclass, field

STATE, PARTY = "state", "party"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"
DRAFT_MARK = "DỰ THẢO"

#: The paragraph styles both renderers know (a space-separated subset in Paragraph.style).
STYLES = {"noindent", "item", "bold", "italic", "center", "right", "small", "upper-head", "sub"}
#: The heading styles both renderers know ("" is bold).
HEADING_STYLES = {"", "italic", "plain"}


@dataclass
class Header:
    """The two header blocks: issuer (left) with its number line, nation or Party (right) with the date line.

    SUPERIOR_LINES and ISSUER_LINES are (text, kept) pairs: KEPT is printed unbroken after TEXT.
    """

    side: str
    superior_lines: list = field(default_factory=list)
    issuer_lines: list = field(default_factory=list)
    number_line: str = ""
    date_line: str = ""

    @property
    def is_party(self):
        return self.side == PARTY


@dataclass
class Paragraph:
    text: str
    style: str = ""  # e.g. "noindent bold"; "" is a body paragraph, justified, first line indented
    lines: list = field(default_factory=list)  # forced line breaks inside the paragraph (then TEXT is unused)

    def __post_init__(self):
        unknown = set(self.style.split()) - STYLES
        if unknown:
            raise ValueError(f"Unknown paragraph style: {', '.join(sorted(unknown))}")


@dataclass
class Heading:
    """A heading of the body ("I. KẾT LUẬN"): never left alone at the foot of a page.

    STYLE: "" bold (the default), "italic" (italic, not bold: a plan's "a)" point) or "plain"
    (neither: a plan's "-" item).
    """

    text: str
    style: str = ""

    def __post_init__(self):
        if self.style not in HEADING_STYLES:
            raise ValueError(f"Unknown heading style: {self.style}")


@dataclass
class Row:
    cells: list
    kind: str = ""  # "group": one cell across all columns (a village); "total": bold


@dataclass
class Table:
    """A grid table; HEADER rows repeat on every page, no row is split across pages."""

    header: list  # list of rows, each a list of cell texts
    rows: list  # list of Row
    widths: list = field(default_factory=list)  # column widths in mm ([] = even)
    style: str = "grid"  # "grid" (12 pt) or "stats" (10 pt, figures right-aligned)
    empty_text: str = ""  # printed as one row when ROWS is empty
    align: list = field(default_factory=list)  # per column: "", "center" or "right"
    row_height_pt: float = 0  # at least this height for each body row (room to sign)


@dataclass
class Image:
    """A small picture (the attendance QR code) with its caption."""

    png: bytes
    width_mm: float
    caption: str = ""


@dataclass
class Signature:
    authority: str = ""  # "TM. ỦY BAN NHÂN DÂN"
    title: str = ""  # "CHỦ TỊCH"
    name: str = ""


@dataclass
class Part:
    """One letter or copy: starts on a new page; RESTART_NUMBERING gives it page numbers of its own."""

    header: Header | None = None
    type_name: str = ""
    subject: str = ""
    addressee: str = ""  # "Kính gửi: …" under the title, centred
    blocks: list = field(default_factory=list)
    signature: Signature | None = None
    co_signature: Signature | None = None  # a second signer, on the left in place of Nơi nhận (minutes)
    recipients: list = field(default_factory=list)  # [(text, for_report)]
    foot_image: Image | None = None  # under the recipients (the QR code of an invitation)
    draft: bool = False
    restart_numbering: bool = False
    page_numbers: bool = True  # False: no running page number at all (an invitation)
    annex: list = field(default_factory=list)  # blocks after the signature, on a new page


@dataclass
class Document:
    title: str
    filename: str  # without extension
    parts: list
    side: str = STATE
    template: str = "pdf/document.html"  # a kind's own template extends it (its styles)

    def recipient_lines(self, part):
        return recipient_lines(part.recipients)


def recipient_lines(recipients):
    """'- X;' for each recipient, '.' after the last; '(b/c)' for those who receive it to be informed."""
    lines = []
    for i, (text, for_report) in enumerate(recipients):
        end = "." if i == len(recipients) - 1 else ";"
        lines.append(f"- {text}{' (b/c)' if for_report else ''}{end}")
    return lines


def paragraphs(text, style=""):
    """A Paragraph per non-blank line of TEXT."""
    return [Paragraph(line.strip(), style) for line in (text or "").splitlines() if line.strip()]
