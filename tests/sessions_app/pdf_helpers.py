import io
import re

from pypdf import PdfReader


def read_pdf(data):
    """The reader and each page's text exactly as extracted: not normalised, so that a test
    comparing it to NFC names fails if the PDF carries decomposed (NFD) text."""
    reader = PdfReader(io.BytesIO(data))
    return reader, [page.extract_text() for page in reader.pages]


def embedded_font_files(reader):
    """Names of the fonts of every page that carry an embedded TrueType program (FontFile2)."""
    found = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font")
        fonts = fonts.get_object() if fonts is not None else {}
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            targets = [d.get_object() for d in descendants] if descendants else [font]
            for target in targets:
                descriptor = target.get("/FontDescriptor")
                if descriptor is not None and "/FontFile2" in descriptor.get_object():
                    found.add(str(target["/BaseFont"]))
    return found


def page_sizes(reader):
    return {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages}


def text_runs(page):
    """(text, x, y, font name, size in pt) of each text run on PAGE, in user space (points)."""
    runs = []

    def visit(text, cm, tm, font_dict, font_size):
        if not text.strip():
            return
        a, b, c, d, e, f = tm
        ca, cb, cc, cd, ce, cf = cm
        x = ca * e + cc * f + ce
        y = cb * e + cd * f + cf
        scale = abs(d * cd) or 1
        name = str(font_dict.get("/BaseFont", "")) if font_dict else ""
        runs.append((text.strip(), round(x, 1), round(y, 1), name, round(font_size * scale, 1)))

    page.extract_text(visitor_text=visit)
    return runs


def image_count(reader):
    """Distinct image XObjects of the document (WeasyPrint may list one page's images on every page)."""
    found = set()
    for page in reader.pages:
        xobjects = page["/Resources"].get_object().get("/XObject")
        xobjects = xobjects.get_object() if xobjects is not None else {}
        for ref in xobjects.values():
            if ref.get_object().get("/Subtype") == "/Image":
                found.add(ref.idnum if hasattr(ref, "idnum") else id(ref.get_object()))
    return len(found)


# --- Page rules read from the PDF (issue 14) ----------------------------------------------------


def rule_off(html, css):
    """The PDF of HTML with CSS added after every other style, each declaration !important: one page
    rule switched off. A page-rule test lays out its input so once too, to show that without the
    rule that input breaks it: the test then proves the rule, not a lucky layout."""
    from dialogue.pdf import layout_html  # deferred: this module is imported before Django is set up

    return layout_html(html.replace("</head>", f"<style>{css}</style></head>", 1)).write_pdf()


def page_runs(data):
    """The text runs (text_runs) of each page of the PDF DATA."""
    reader = PdfReader(io.BytesIO(data))
    return [text_runs(page) for page in reader.pages]


def _has(text, marker):
    return re.search(rf"(?<!\w){re.escape(marker)}(?!\w)", text) is not None


def where(pages, marker):
    """(page index, y) of the one run holding the word MARKER (PDF y grows upwards)."""
    found = [(n, run[2]) for n, runs in enumerate(pages) for run in runs if _has(run[0], marker)]
    assert len(found) == 1, (marker, found)
    return found[0]


def split_rows(pages, rows):
    """The ROWS, (first word, last word) of each, whose first and last words stand on different pages."""
    return [(a, b) for a, b in rows if where(pages, a)[0] != where(pages, b)[0]]


def pages_without_header(pages, header, first_words):
    """Pages holding one of FIRST_WORDS (a word of each table row) where no HEADER run stands above
    every row of the page."""
    missing = []
    for n, runs in enumerate(pages):
        rows = [y for page, y in (where(pages, w) for w in first_words) if page == n]
        if not rows:
            continue
        heads = [r[2] for r in runs if header in r[0]]
        if not heads or max(heads) <= max(rows):
            missing.append(n + 1)
    return missing


def alone_at_foot(pages, pairs):
    """The (heading word, following word) PAIRS printed on different pages: a heading left at a page's foot."""
    return [(h, b) for h, b in pairs if where(pages, h)[0] != where(pages, b)[0]]


def foot_alone(pages, signer, last_words):
    """True if the page of the SIGNER's line holds none of LAST_WORDS (the end of the text) above it."""
    page, y = where(pages, signer)
    return not any(n == page and wy > y for n, wy in (where(pages, w) for w in last_words))
