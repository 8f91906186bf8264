import io

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
