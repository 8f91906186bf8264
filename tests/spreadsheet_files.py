"""Spreadsheet files built byte by byte, for tests of what a hostile or broken file does."""

import functools
import io
import unicodedata
import zipfile

SHARED_STRINGS_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
SHARED_STRINGS_REL = (
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/>'
)
CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="DS" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_OPEN = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def raw_xlsx(sheet_chunks, *, extra=(), shared_strings=None):
    """A minimal .xlsx written with zipfile, its sheet XML streamed from SHEET_CHUNKS (bytes).

    SHARED_STRINGS: the <si> elements (bytes) of a shared-strings part, which openpyxl
    itself never writes (it writes inline strings).
    """
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        if shared_strings is None:
            z.writestr("[Content_Types].xml", CONTENT_TYPES)
            z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        else:
            z.writestr("[Content_Types].xml", CONTENT_TYPES.replace("</Types>", SHARED_STRINGS_TYPE + "</Types>"))
            z.writestr(
                "xl/_rels/workbook.xml.rels",
                WORKBOOK_RELS.replace("</Relationships>", SHARED_STRINGS_REL + "</Relationships>"),
            )
            z.writestr(
                "xl/sharedStrings.xml",
                b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                + shared_strings
                + b"</sst>",
            )
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        for name, content in extra:
            z.writestr(name, content)
        with z.open("xl/worksheets/sheet1.xml", "w") as sheet:
            for chunk in sheet_chunks:
                sheet.write(chunk)
    return out.getvalue()


@functools.cache
def million_rows_xlsx():
    """1,000,000 rows (about 5 MB zipped, 49 MB of XML) without a <dimension>, built in ~2 s."""

    def chunks():
        yield SHEET_OPEN + b"<sheetData>"
        yield b'<row r="1"><c r="A1" t="inlineStr"><is><t>H\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan</t></is></c></row>'
        for start in range(2, 1_000_001, 10_000):
            yield b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (r, r) for r in range(start, start + 10_000))
        yield b"</sheetData></worksheet>"

    return raw_xlsx(chunks())


LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
    + b"]>"
)


def billion_laughs_xlsx(*, deep):
    """A sheet whose cell expands to 10^9 "lol"s. DEEP puts the DTD past the first 4 KB,
    behind a comment, where only the XML parser (defusedxml) can see it."""
    padding = b"<!--" + b"x" * 8000 + b"-->" if deep else b""
    sheet = (
        b'<?xml version="1.0"?>' + padding + LAUGHS + SHEET_OPEN[len(b'<?xml version="1.0"?>') :] + b"<sheetData>"
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
    )
    return raw_xlsx([sheet])


def zip_bomb_xlsx():
    """5 KB on disk, 50 MB of sheet XML once unpacked (ratio about 10,000 to 1)."""
    return raw_xlsx([SHEET_OPEN, b"<sheetData>" + b" " * (50 * 1024 * 1024) + b"</sheetData></worksheet>"])


def cp1258(text):
    """Encode as Windows-1258 does: letters with their own code, tone marks as combining characters."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            marks = unicodedata.normalize("NFD", ch)
            tone = "".join(m for m in marks[1:] if m in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(m for m in marks if m not in tone))
            out += base.encode("cp1258") + tone.encode("cp1258")
    return out


#: What an export must never show: library defaults and English field names.
ENGLISH = {"tablib dataset", "sheet", "sheet1", "id", "session", "created by", "created", "modified"}


def assert_house_face(book, header_row=1):
    """Every sheet of BOOK (openpyxl, loaded normally) has the face dialogue.exports.write_xlsx gives.

    Vietnamese sheet name and headers, a bold header row frozen and repeated on every printed
    page, fitted column widths, A4 with a fit to the page width.
    """
    for ws in book.worksheets:
        assert ws.title.lower() not in ENGLISH, ws.title
        header = [c for c in ws[header_row] if c.value not in (None, "")]
        assert header, ws.title
        assert all(c.font.b for c in header), ws.title
        assert all(str(c.value).strip().lower() not in ENGLISH for c in header), [c.value for c in header]
        assert ws.freeze_panes == f"A{header_row + 1}", ws.title
        assert ws.print_title_rows == f"${header_row}:${header_row}", ws.title
        assert ws.page_setup.paperSize in (9, "9"), ws.title
        assert ws.page_setup.orientation in ("portrait", "landscape")
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        for c in header:
            width = ws.column_dimensions[c.column_letter].width
            assert width and width >= min(len(str(c.value)), 58), (ws.title, c.value, width)
