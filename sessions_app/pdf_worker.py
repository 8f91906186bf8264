"""What a worker process runs to render one part of a batch: imports nothing of Django's models.

Kept apart from printing.py because a spawned child unpickles these functions by importing
their module, and a module that imports models would need the whole project set up.
"""


def init_worker(base_dir):
    """Configure only what the renderer reads, without the project's settings (secret key, database)."""
    from django.conf import settings

    if not settings.configured:
        settings.configure(BASE_DIR=base_dir)


def render_part(html):
    """One HTML document -> PDF bytes."""
    from dialogue.pdf import render_html

    return render_html(html, filename="part.pdf")[1]


def render_indexed(item):
    index, html = item
    return index, render_part(html)


def join_pdfs(parts):
    """Concatenate PDF byte strings into one PDF."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for data in parts:
        writer.append(io.BytesIO(data))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
