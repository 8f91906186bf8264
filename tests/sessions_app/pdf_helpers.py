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
