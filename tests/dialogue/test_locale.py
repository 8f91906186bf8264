"""The project's Vietnamese catalog fills the gaps of Django's own for the admin."""

import ast
import gettext
import re
from pathlib import Path

from django.urls import reverse

from ..factories import UserFactory

LC = Path(__file__).resolve().parent.parent.parent / "locale" / "vi" / "LC_MESSAGES"


def po_entries():
    text = (LC / "django.po").read_text(encoding="utf-8")
    pairs = re.findall(r'^msgid (".*")\nmsgstr (".*")$', text, re.M)
    return {ast.literal_eval(a): ast.literal_eval(b) for a, b in pairs if ast.literal_eval(a)}


def test_committed_mo_matches_the_po():
    catalog = gettext.GNUTranslations((LC / "django.mo").open("rb"))
    entries = po_entries()
    assert len(entries) == 31
    assert {msgid: catalog.gettext(msgid) for msgid in entries} == entries


def test_admin_pages_have_no_untranslated_skip_link_or_theme_toggle(client, db):
    client.force_login(UserFactory(username="qt", is_staff=True, is_superuser=True))
    body = client.get(reverse("admin:index")).content.decode()
    assert "Chuyển đến nội dung chính" in body
    assert "Đổi giao diện sáng, tối (đang dùng: tự động)" in body
    assert "Skip to main content" not in body
    assert "Toggle theme" not in body
