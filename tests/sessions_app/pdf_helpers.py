import io
import unicodedata

from pypdf import PdfReader


def read_pdf(data):
    reader = PdfReader(io.BytesIO(data))
    texts = [unicodedata.normalize("NFC", page.extract_text()) for page in reader.pages]
    return reader, texts


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
