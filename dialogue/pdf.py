"""The one renderer of printed documents: a Django template in, (filename, bytes) out.

WeasyPrint fetches nothing but files under the project's own static folder and
`data:` URIs: no network, no file:// outside static/. Fonts come from the
system (Debian fonts-liberation2) through fontconfig and are embedded, subset,
in every PDF.
"""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
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


def render_html(html, *, filename):
    """Render an HTML string to PDF bytes with the restrictive fetcher."""
    document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=StaticOnlyFetcher())
    return filename, document.write_pdf()


def render_pdf(template_name, context, *, filename):
    """Render TEMPLATE_NAME with CONTEXT to a PDF and return (filename, bytes)."""
    context = {"font_family": settings.PDF_FONT_FAMILY, **context}
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
