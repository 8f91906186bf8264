"""The one renderer of printed documents: a Django template in, (filename, bytes) out.

WeasyPrint fetches nothing but files under the project's own static folder and
`data:` URIs: no network, no file:// outside static/. Fonts come from the
system (Debian fonts-liberation2) through fontconfig and are embedded, subset,
in every PDF.
"""

import atexit
import gc
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.http import HttpResponse
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


@atexit.register
def _release_shared_resources():
    """Drop this thread's Pango objects while Pango is still there: left to the interpreter's
    last teardown, their finalizers run after GLib's state is gone and the process dies of a
    segmentation fault on exit (exit code 139, whatever the work before it returned)."""
    for name in ("css", "fonts", "mtime"):
        if hasattr(_local, name):
            delattr(_local, name)
    gc.collect()


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


def pdf_response(filename, content, *, inline=True):
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
