"""dialogue.pdf fetches nothing outside the project's static folder and data: URIs.

A canary file outside static/ is referenced every way a template could (image, stylesheet,
@import, url(), attachment, a path climbing out of static/, the network); its content must
not reach the PDF, each reference must be refused by our fetcher, and a static file must
still load.
"""

import io
import logging
from urllib.parse import urljoin

import pytest
from pypdf import PdfReader

from dialogue.pdf import STATIC_DIR, RefusedURL, StaticOnlyFetcher, render_html

CANARY = "CANARY-7f3a9c-bí-mật"
PNG_1PX = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@pytest.fixture
def canary(tmp_path):
    css = tmp_path / "canary.css"
    css.write_text(f'body::after {{ content: "{CANARY}"; }}', encoding="utf-8")
    text = tmp_path / "canary.txt"
    text.write_text(CANARY, encoding="utf-8")
    return {"css": css.as_uri(), "txt": text.as_uri()}


def pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_the_fetcher_refuses_everything_outside_static(canary):
    fetcher = StaticOnlyFetcher()
    refused = [
        canary["css"],
        canary["txt"],
        "http://127.0.0.1:1/x.png",
        "https://example.com/x.css",
        STATIC_DIR.as_uri() + "/pdf/%2e%2e/%2e%2e/README.md",  # dots escaped
        STATIC_DIR.as_uri() + "/../README.md",
        "file:///etc/passwd",
        "ftp://127.0.0.1/x",
        STATIC_DIR.as_uri() + "/pdf",  # a folder, not a file
    ]
    for url in refused:
        with pytest.raises(RefusedURL, match="URL không được phép trong văn bản in"):
            fetcher.fetch(url)
    css = (STATIC_DIR / "pdf" / "document.css").as_uri()
    response = fetcher.fetch(css)
    body = response.read()
    assert body == (STATIC_DIR / "pdf" / "document.css").read_bytes()
    assert fetcher.fetch(PNG_1PX) is not None


def test_a_file_canary_never_reaches_the_pdf(canary, caplog):
    html = f"""<html><head>
    <link rel="stylesheet" href="{canary["css"]}">
    <link rel="stylesheet" href="../../{canary["css"].removeprefix("file:///")}">
    <link rel="stylesheet" href="pdf/document.css">
    <link rel="attachment" href="{canary["txt"]}">
    <style>@import url("{canary["css"]}"); @import url("http://127.0.0.1:1/x.css");
      .bg {{ background: url("{canary["txt"]}"); }}</style>
    </head><body>
    <div class="letter">Trang một <img src="{canary["txt"]}"> <img src="http://127.0.0.1:1/x.png">
      <img src="../README.md"> <img src="{PNG_1PX}"><div class="bg">nền</div></div>
    <div class="letter">Trang hai</div>
    </body></html>"""
    with caplog.at_level(logging.ERROR, logger="weasyprint"):
        _name, data = render_html(html, filename="thu.pdf")
    reader, text = pdf_text(data)
    assert CANARY not in text
    assert CANARY.encode() not in data
    assert reader.attachments == {}
    refused = {
        r.getMessage().split("URL không được phép trong văn bản in: ")[1]
        for r in caplog.records
        if "URL không được phép" in r.getMessage()
    }
    base = STATIC_DIR.as_uri() + "/"
    assert refused == {
        canary["css"],  # <link> and @import
        canary["txt"],  # <img>, url() and the attachment
        urljoin(base, "../../" + canary["css"].removeprefix("file:///")),  # climbing out of static/
        urljoin(base, "../README.md"),
        "http://127.0.0.1:1/x.css",
        "http://127.0.0.1:1/x.png",
    }
    # The static stylesheet did load: it numbers the pages after the first (@top-center).
    pages = [p.extract_text().split("\n") for p in reader.pages]
    assert len(pages) == 2
    assert "2" in pages[1]
