"""The renderer of one part of a batch: one HTML document -> PDF bytes."""

from dialogue.pdf import render_html


def render_part(html):
    """One HTML document -> PDF bytes."""
    return render_html(html, filename="part.pdf")[1]
