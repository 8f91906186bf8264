"""The PDF renderer of the document model: pdf/document.html (or the kind's own template) through
dialogue/pdf.py (WeasyPrint, the restrictive fetcher, document.css, embedded fonts).

A part that restarts its page numbering (a village copy of a notice) is laid out as a document of
its own, so its first page carries no number and the next is "2"; the parts' pages are then
written as one PDF.
"""

import base64

from django.template.loader import render_to_string

from dialogue.pdf import document_context, layout_html

from .model import Heading, Image, Paragraph, Table, recipient_lines


def _png_uri(png):
    return "data:image/png;base64," + base64.b64encode(png).decode()


def _block(block):
    if isinstance(block, Paragraph):
        return {"kind": "p", "text": block.text, "lines": block.lines, "css": block.style}
    if isinstance(block, Heading):
        return {"kind": "h", "text": block.text, "css": block.style}
    if isinstance(block, Table):
        columns = max((len(r) for r in block.header), default=0) or max((len(r.cells) for r in block.rows), default=1)
        align = list(block.align) + [""] * columns
        rows = []
        for row in block.rows:
            cells = []
            for i, text in enumerate(row.cells):
                css = align[i] or ("fig" if block.style == "stats" and i else "")
                cells.append({"text": text, "css": css})
            rows.append({"kind": row.kind, "cells": cells})
        return {
            "kind": "table",
            "style": block.style,
            "header": block.header,
            "rows": rows,
            "widths": block.widths,
            "columns": columns,
            "empty_text": block.empty_text,
            "align": block.align,
            "row_height": block.row_height_pt,
        }
    if isinstance(block, Image):
        return {"kind": "image", "uri": _png_uri(block.png), "caption": block.caption}
    raise TypeError(f"Not a block of the document model: {block!r}")


def _part(part):
    return {
        "header": part.header,
        "type_name": part.type_name,
        "subject": part.subject,
        "addressee": part.addressee,
        "blocks": [_block(b) for b in part.blocks],
        "annex": [_block(b) for b in part.annex],
        "signature": part.signature,
        "co_signature": part.co_signature,
        "recipients": part.recipients,
        "recipient_lines": recipient_lines(part.recipients),
        "foot_image": {"uri": _png_uri(part.foot_image.png), "caption": part.foot_image.caption}
        if part.foot_image
        else None,
        "draft": part.draft,
    }


def document_html(doc, parts=None):
    parts = doc.parts if parts is None else parts
    head = {"is_party": doc.side == "party"}
    context = {
        **document_context(),
        "doc": {"title": doc.title, "parts": [_part(p) for p in parts]},
        "head": head,
        "no_page_numbers": not all(p.page_numbers for p in parts),
    }
    return render_to_string(doc.template, context)


def _groups(doc):
    """The parts laid out together: a part that restarts numbering opens a new group."""
    groups = []
    for part in doc.parts:
        if not groups or part.restart_numbering:
            groups.append([])
        groups[-1].append(part)
    return groups


def render_document_pdf(doc):
    """DOC as PDF -> (filename, bytes)."""
    groups = _groups(doc)
    laid = [layout_html(document_html(doc, group)) for group in groups]
    if len(laid) == 1:
        return doc.filename + ".pdf", laid[0].write_pdf()
    pages = [page for d in laid for page in d.pages]
    return doc.filename + ".pdf", laid[0].copy(pages).write_pdf()
