"""The stamp route of batch printing: what every letter shares is rendered once, each person's part apart.

- The shared document (pdf/invitation_stamp.html) is a few pages: the letterhead alone, then the rest
  of the letter (body, time, venue, content, signature block, Nơi nhận, the QR caption) once for each
  honorific in the batch (the body says "kính mời Ông/Bà") and each height of the addressee, 1 to
  MAX_LINES lines, with the addressee and the QR image laid out but not drawn.
- The people's document (pdf/invitation_stamp_people.html) has one light page per person: the
  addressee alone, at the top the shared pages leave for it.
- pypdf joins them: each page of the result draws the letterhead, the person's addressee, the rest of
  the letter for that person's honorific and addressee height, and the person's QR code where that
  shared page laid out its image. The shared pages are form XObjects written once (their drawing and
  fonts too), so the file stays small and the text extracts in reading order.
- A person whose addressee takes more than MAX_LINES lines, or whose addressee does not measure
  exactly as the room left for it, gets the full letter (the single route's layout), in its place.

Every measure comes from WeasyPrint's own layout of the same templates and stylesheets (its laid-out
boxes, page._page_box, are read directly), so a stamped letter prints like a letter rendered whole:
tests/sessions_app/test_stamp.py compares their text runs and their pixels.
"""

import io

from django.template.loader import render_to_string
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
)
from weasyprint.formatting_structure.boxes import LineBox

from dialogue.pdf import document_context, layout_html

from .pdf import qr_code, qr_data_uri

#: The tallest addressee that a shared page makes room for; taller ones print as full letters.
MAX_LINES = 3
#: People laid out per WeasyPrint document: progress moves after each part, memory stays low.
PART_SIZE = 100
#: Measures (CSS px) that differ by less than this are the same.
EPSILON = 0.01
#: PDF points per CSS pixel.
PT = 0.75
#: A 1×1 PNG standing in for the QR image on the shared pages: laid out at the QR's size, never drawn.
SLOT_IMAGE = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAG7buVgAAAABJRU5ErkJggg=="
)


class Unstampable(Exception):
    """The shared pages do not lay out as this route needs: print the batch as full letters."""


def render_stamped(shared, letters, *, qr_urls, full_letters, progress=None):
    """One PDF of LETTERS with SHARED (invitation_context()) -> (bytes, how many printed as full letters).

    LETTERS: invitation_letters() dicts without QR codes; QR_URLS: each letter's QR content, or
    None for letters without one. FULL_LETTERS(letters) lays out letters whole (invitation_letters()
    dicts with their QR codes) to a WeasyPrint document, for those that do not fit.
    PROGRESS, if given, is called with the number of letters laid out so far, after each part of
    PART_SIZE people. Raises Unstampable if the shared pages do not lay out as this route needs.
    """
    if not letters:
        raise Unstampable("no letters")
    honorifics = sorted({letter["honorific"] for letter in letters})
    variants = [(honorific, lines) for honorific in honorifics for lines in range(1, MAX_LINES + 1)]
    context = {**document_context(), **shared}
    shared_doc = layout_html(
        render_to_string(
            "pdf/invitation_stamp.html",
            {
                **context,
                "variants": [{"honorific": h, "lines": range(n)} for h, n in variants],
                "slot_image": SLOT_IMAGE if qr_urls is not None else "",
            },
        )
    )
    top, rooms = _measure_shared(shared_doc, variants)
    chosen = []  # for each letter: the index of its shared page, or None for a full letter
    people_pdfs = []
    for start in range(0, len(letters), PART_SIZE):
        part = letters[start : start + PART_SIZE]
        pdf, part_chosen = _people_part(context, part, top, rooms)
        people_pdfs.append(pdf)
        chosen += part_chosen
        if progress:
            progress(len(chosen))
    full = [
        {**letter, "qr": qr_data_uri(qr_urls[i]) if qr_urls is not None else ""}
        for i, letter in enumerate(letters)
        if chosen[i] is None
    ]
    full_doc = full_letters(full) if full else None
    qr_codes = [qr_code(url) for url in qr_urls] if qr_urls is not None else None
    data = _join(shared_doc, people_pdfs, chosen, list(rooms.values()), qr_codes, full_doc)
    return data, len(full)


def _people_part(context, letters, top, rooms):
    """The people's pages of LETTERS -> (PDF bytes, for each letter its shared page's index or None).

    None when the addressee does not fit any room exactly (more lines than MAX_LINES, other height).
    """
    document = layout_html(
        render_to_string("pdf/invitation_stamp_people.html", {**context, "letters": letters, "top": top})
    )
    if len(document.pages) != len(letters):
        raise Unstampable(f"{len(document.pages)} pages for {len(letters)} people")
    chosen = []
    for letter, page in zip(letters, document.pages, strict=True):
        box = _find(page, "addressee")
        lines = sum(1 for child in box.children if isinstance(child, LineBox))
        room = rooms.get((letter["honorific"], lines))
        fits = room is not None and abs(box.border_height() - room["height"]) < EPSILON
        chosen.append(room["index"] if fits else None)
    return document.write_pdf(), chosen


def _find(page, css_class, tag=None):
    """The first box of PAGE whose element has CSS_CLASS (and is a TAG element, if given)."""
    for box in page._page_box.descendants():
        element = getattr(box, "element", None)
        if element is None or (tag and box.element_tag != tag):
            continue
        if css_class in (element.get("class") or "").split():
            return box
    return None


def _measure_shared(document, variants):
    """Where the people's part goes -> (top, {(honorific, lines): room}).

    TOP: the addressee's top below the page area's top, in CSS px, the same on every shared page,
    as text for the people's template. ROOM: the shared page's index, the addressee's height and
    the QR image's content box and border (x, y, width, height, border in PDF points, y from the
    bottom) on that page.
    """
    if len(document.pages) != 1 + len(variants):
        raise Unstampable(f"{len(document.pages)} shared pages for {len(variants)} variants")
    rooms, tops = {}, []
    for index, (variant, page) in enumerate(zip(variants, document.pages[1:], strict=True)):
        body = next(box for box in page._page_box.descendants() if getattr(box, "element_tag", None) == "body")
        slot = _find(page, "slot", tag="div")
        if slot is None or abs(slot.border_box_x() - body.content_box_x()) > EPSILON:
            raise Unstampable(f"no room for the addressee on shared page {index + 1}")
        tops.append(slot.border_box_y() - body.content_box_y())
        image = _find(page, "slot", tag="img")
        qr = None
        if image is not None:
            x, y = image.content_box_x(), image.content_box_y()
            border = image.border_left_width
            qr = (x * PT, (page.height - y - image.height) * PT, image.width * PT, image.height * PT, border * PT)
        rooms[variant] = {"index": index, "height": slot.border_height(), "qr": qr}
    if any(abs(top - tops[0]) > EPSILON for top in tops):
        raise Unstampable(f"the addressee's top moves between shared pages: {tops}")
    # As text to the micro-pixel: the template would print a float rounded, with the locale's decimal comma.
    return f"{tops[0]:.6f}", rooms


def _letter_starts(document):
    """Indexes of the pages of DOCUMENT (full letters, one per page or more) where a letter begins."""
    return [i for i, page in enumerate(document.pages) if _find(page, "letterhead") is not None]


def _join(shared_doc, people_pdfs, chosen, rooms, qr_codes, full_doc):
    """The result's pages in order: a stamped page for each letter with a shared page, the full letter for the rest."""
    writer = PdfWriter()
    shared = PdfReader(io.BytesIO(shared_doc.write_pdf()))
    forms = {NameObject("/StampHead"): _form(writer, shared.pages[0])}
    forms.update({NameObject(f"/StampRest{i}"): _form(writer, page) for i, page in enumerate(shared.pages[1:])})
    before = _stream(writer, b"q /StampHead Do Q q\n")
    afters = []
    for room in rooms:
        after = f"\nQ q /StampRest{room['index']} Do Q"
        if qr_codes is not None:
            after += _qr_drawing(*room["qr"])
        afters.append(_stream(writer, after.encode()))

    people = [page for pdf in people_pdfs for page in PdfReader(io.BytesIO(pdf)).pages]
    full_pages, starts = [], []
    if full_doc is not None:
        full_pages = PdfReader(io.BytesIO(full_doc.write_pdf())).pages
        starts = [*_letter_starts(full_doc), len(full_pages)]
    full_index = 0
    for index, variant in enumerate(chosen):
        if variant is None:
            for page in full_pages[starts[full_index] : starts[full_index + 1]]:
                writer.add_page(page)
            full_index += 1
            continue
        source = people[index]
        page = writer.add_blank_page(float(source.mediabox.width), float(source.mediabox.height))
        # A dict of this page's own: the people's pages may share theirs, and the QR code is the page's.
        resources = _dict(source["/Resources"].get_object().clone(writer).items())
        xobjects = _dict(forms)
        if qr_codes is not None:
            xobjects[NameObject("/StampQR")] = _qr_image(writer, qr_codes[index])
        resources[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = resources
        contents = source["/Contents"].get_object()
        own = list(contents) if isinstance(contents, ArrayObject) else [source["/Contents"]]
        own = [ref.get_object().clone(writer).indirect_reference for ref in own]
        page[NameObject("/Contents")] = ArrayObject([before, *own, afters[variant]])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _qr_drawing(x, y, width, height, border):
    """PDF operators drawing /StampQR as WeasyPrint draws the letter's <img>: its white border
    (an even-odd ring), then the image clipped to its box (the clip shapes the anti-aliased edges)."""
    rect = f"{x:.6f} {y:.6f} {width:.6f} {height:.6f} re"
    outer = f"{x - border:.6f} {y - border:.6f} {width + 2 * border:.6f} {height + 2 * border:.6f} re"
    return f" q 1 1 1 rg {rect} {outer} f* Q q {rect} W n {width:.6f} 0 0 {height:.6f} {x:.6f} {y:.6f} cm /StampQR Do Q"


def _dict(entries):
    result = DictionaryObject()
    result.update(entries)
    return result


def _form(writer, page):
    """PAGE as a form XObject of WRITER (its drawing and resources written once) -> indirect reference."""
    form = DecodedStreamObject()
    form.set_data(page.get_contents().get_data())
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(FloatObject(v) for v in page.mediabox),
            NameObject("/Resources"): page["/Resources"].get_object().clone(writer),
        }
    )
    return writer._add_object(form.flate_encode())


def _stream(writer, data):
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


def _qr_image(writer, code):
    """CODE (a segno QRCode) as a one-bit image XObject, one pixel per module, never smoothed."""
    rows = code.matrix
    size = len(rows)
    pad = -size % 8
    data = b"".join(
        (int("".join("0" if dark else "1" for dark in row), 2) << pad).to_bytes((size + pad) // 8, "big")
        for row in rows
    )
    image = DecodedStreamObject()
    image.set_data(data)
    image.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(size),
            NameObject("/Height"): NumberObject(size),
            NameObject("/ColorSpace"): NameObject("/DeviceGray"),
            NameObject("/BitsPerComponent"): NumberObject(1),
            NameObject("/Interpolate"): BooleanObject(False),
        }
    )
    return writer._add_object(image.flate_encode())
