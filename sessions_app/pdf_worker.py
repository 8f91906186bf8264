"""What a helper process runs to render parts of a batch: imports nothing of Django's models.

Kept apart from printing.py because a spawned child unpickles these functions by importing
their module, and a module that imports models would need the whole project set up.
"""

from django.conf import settings

from dialogue.pdf import render_html


def init_worker(base_dir):
    """Configure only what the renderer reads, without the project's settings (secret key, database)."""
    if not settings.configured:
        settings.configure(BASE_DIR=base_dir)


def render_part(html):
    """One HTML document -> PDF bytes."""
    return render_html(html, filename="part.pdf")[1]


def helper_main(base_dir, inbox, next_part, results):
    """Warm up, then take parts by number until none is left.

    INBOX brings (index, html, count) for each part as the parent builds it; NEXT_PART is a
    shared counter (the parent takes parts from it too). Each rendered part goes back as
    (index, PDF bytes), or (index, error text) if it could not be rendered. None in the inbox
    means stop.
    """
    init_worker(base_dir)
    # Load the fonts and document.css (a spawned helper) while the parent builds the letters.
    render_part("<p style=\"font-family: 'Liberation Serif'\">Khởi động</p>")
    htmls = {}
    count = None
    while True:
        with next_part.get_lock():
            index = next_part.value
            if count is not None and index >= count:
                return
            next_part.value = index + 1
        while index not in htmls:
            item = inbox.get()
            if item is None:
                return
            htmls[item[0]], count = item[1], item[2]
        if index >= count:
            return
        try:
            results.put((index, render_part(htmls.pop(index))))
        except Exception as exc:  # the parent renders it itself
            results.put((index, f"{type(exc).__name__}: {exc}"))
