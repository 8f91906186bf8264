"""The letterhead of a document: header blocks, number line, date line and signature block, as the
issuing unit prints them (Decree 30 for the state side, Guide 36 for the Party)."""

import re
from dataclasses import dataclass, field
from datetime import date

from dialogue.documents.model import Header, Part, Signature
from dialogue.templatetags.vn import date_line

from .models import Unit
from .numbering import number_line


@dataclass
class Letterhead:
    """What the header, number line, date line and signature block of a document print.

    Built by `letterhead()` from the issuing unit, so every document of one side
    prints the same way (Decree 30 for the state side, Guide 36 for the Party).
    """

    side: str  # "state" or "party"
    superior: str
    issuer: str
    number_line: str
    place: str
    issued_on: date | None
    type_name: str
    subject: str = ""
    signing_authority: str = ""
    signer_title: str = ""
    signer_name: str = ""
    recipients: list = field(default_factory=list)  # [(text, for_report)]

    @property
    def is_party(self):
        return self.side == "party"

    @property
    def superior_lines(self):
        return header_lines(self.superior)

    @property
    def issuer_lines(self):
        return header_lines(self.issuer)

    def header(self):
        """The header blocks of the document model (dialogue.documents), as printed: upper case."""
        return Header(
            side=self.side,
            superior_lines=[(t.upper(), k.upper()) for t, k in self.superior_lines],
            issuer_lines=[(t.upper(), k.upper()) for t, k in self.issuer_lines],
            number_line=self.number_line,
            date_line=f"{self.place}, {date_line(self.issued_on)}",
        )

    def signature(self):
        return Signature(authority=self.signing_authority, title=self.signer_title, name=self.signer_name)

    def part(self, **extra):
        """A Part of the document model with this letterhead's header, title, subject, signature and recipients."""
        return Part(
            header=self.header(),
            type_name=self.type_name,
            subject=self.subject,
            signature=self.signature(),
            recipients=list(self.recipients),
            **extra,
        )


#: Where a header name may break: before the last administrative level ("ỦY BAN NHÂN DÂN / XÃ LỘC THÀNH").
_PLACE_WORDS = re.compile(r"\s((?:XÃ|PHƯỜNG|THỊ TRẤN|ĐẶC KHU|HUYỆN|QUẬN|THỊ XÃ|TỈNH|THÀNH PHỐ)\s.*)$", re.I)


def header_lines(text):
    """The lines of a header name as (text, kept) pairs; KEPT is printed unbroken after TEXT.

    The user's own breaks (a newline, or "\\n" typed in a one-line field) are kept as they are;
    a name without them may break only before its place name ("XÃ LỘC THÀNH" stays whole).
    """
    lines = [line.strip() for line in re.split(r"\r?\n|\\n", text or "") if line.strip()]
    if len(lines) != 1:
        return [(line, "") for line in lines]
    match = _PLACE_WORDS.search(lines[0])
    if match is None:
        return [(lines[0], "")]
    return [(lines[0][: match.start(1)], match.group(1))]


def letterhead(*, issuer, doc_type, number, place, issued_on, type_name, **extra):
    return Letterhead(
        side="party" if issuer.side == Unit.Side.PARTY else "state",
        superior=issuer.header_superior,
        issuer=issuer.header_name or issuer.name.upper(),
        number_line=number_line(issuer=issuer, doc_type=doc_type, number=number),
        place=place,
        issued_on=issued_on,
        type_name=type_name,
        **extra,
    )
