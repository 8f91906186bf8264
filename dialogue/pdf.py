"""The one renderer of printed documents: a Django template in, (filename, bytes) out.

WeasyPrint fetches nothing but files under the project's own static folder and
`data:` URIs: no network, no file:// outside static/. Fonts come from the
system (Debian fonts-liberation2) through fontconfig and are embedded, subset,
in every PDF.
"""

import re
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

STATIC_DIR = (Path(settings.BASE_DIR) / "static").resolve()


class RefusedURL(ValueError):
    pass


class StaticOnlyFetcher(URLFetcher):
    """Fetches only data: URIs and files inside static/; refuses everything else."""

    def __init__(self):
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file://"):
            path = Path(unquote(urlsplit(url).path)).resolve()
            if path.is_relative_to(STATIC_DIR) and path.is_file():
                return super().fetch(path.as_uri(), headers)
        raise RefusedURL(f"URL không được phép trong văn bản in: {url[:200]}")


DOCUMENT_CSS = STATIC_DIR / "pdf" / "document.css"
_local = threading.local()


def _shared_resources():
    """This thread's FontConfiguration and parsed document.css, kept between renders.

    A fresh FontConfiguration per render reloads every font through Pango, and document.css
    would be parsed again: together about a third of a one-page render. Pango objects are not
    shared between threads, hence one pair per thread; the CSS is parsed again when it changes.
    """
    mtime = DOCUMENT_CSS.stat().st_mtime_ns
    if getattr(_local, "mtime", None) != mtime:
        _local.fonts = FontConfiguration()
        _local.css = CSS(filename=str(DOCUMENT_CSS), font_config=_local.fonts, url_fetcher=StaticOnlyFetcher())
        _local.mtime = mtime
    return _local.fonts, _local.css


def layout_html(html):
    """Lay out an HTML string with the restrictive fetcher and document.css -> a WeasyPrint Document.

    Its pages can be measured (page._page_box) before its write_pdf() paints them.
    """
    fonts, css = _shared_resources()
    document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=StaticOnlyFetcher())
    return document.render(stylesheets=[css], font_config=fonts)


def render_html(html, *, filename):
    """Render an HTML string to PDF bytes with the restrictive fetcher and document.css."""
    return filename, layout_html(html).write_pdf()


def document_context():
    """What base.html needs from the settings: the font and the Party page margins."""
    return {"font_family": settings.PDF_FONT_FAMILY, "party_page_margins": settings.PARTY_PAGE_MARGINS}


def render_pdf(template_name, context, *, filename):
    """Render TEMPLATE_NAME with CONTEXT to a PDF and return (filename, bytes)."""
    context = {**document_context(), **context}
    return render_html(render_to_string(template_name, context), filename=filename)


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
    from directory.models import Unit
    from directory.numbering import number_line

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


def pdf_response(filename, content, *, inline=True):
    from django.http import HttpResponse

    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
