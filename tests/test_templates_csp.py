"""Every HTML page template keeps the strict Content-Security-Policy: no inline script, style or handler.

PDF templates (templates/pdf/) are exempt: WeasyPrint renders them, no browser does.
"""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
INLINE = {
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "<style> block": re.compile(r"<style\b", re.I),
    "style= attribute": re.compile(r"\sstyle\s*=", re.I),
    "on…= handler": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def page_templates():
    for folder in [ROOT / "templates", *ROOT.glob("*/templates")]:
        for path in folder.rglob("*.html"):
            if "pdf" not in path.relative_to(folder).parts:
                yield path


def test_page_templates_have_no_inline_code():
    found = []
    for path in page_templates():
        text = path.read_text(encoding="utf-8")
        for what, pattern in INLINE.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert found == [], "Move these to static/js or static/css (strict CSP):\n" + "\n".join(found)


def test_the_check_sees_the_templates():
    names = {p.name for p in page_templates()}
    assert {"base.html", "login.html", "lockout.html"} <= names
