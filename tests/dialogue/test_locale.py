"""The project's Vietnamese catalog fills the gaps of Django's own for the admin."""

import ast
import gettext
import json
import re
from pathlib import Path

import pytest
from axes.models import AccessLog
from django.urls import reverse

from ..factories import UserFactory

LC = Path(__file__).resolve().parent.parent.parent / "locale" / "vi" / "LC_MESSAGES"


def po_entries(domain="django"):
    text = (LC / f"{domain}.po").read_text(encoding="utf-8")
    pairs = re.findall(r'^msgid (".*")\nmsgstr (".*")$', text, re.M)
    return {ast.literal_eval(a): ast.literal_eval(b) for a, b in pairs if ast.literal_eval(a)}


@pytest.mark.parametrize("domain, count", [("django", 60), ("djangojs", 8)])
def test_committed_mo_matches_the_po(domain, count):
    catalog = gettext.GNUTranslations((LC / f"{domain}.mo").open("rb"))
    entries = po_entries(domain)
    assert len(entries) == count
    assert {msgid: catalog.gettext(msgid) for msgid in entries} == entries


def test_admin_pages_have_no_untranslated_skip_link_or_theme_toggle(client, db):
    client.force_login(UserFactory(username="qt", is_staff=True, is_superuser=True))
    body = client.get(reverse("admin:index")).content.decode()
    assert "Chuyển đến nội dung chính" in body
    assert "Đổi giao diện sáng, tối (đang dùng: tự động)" in body
    assert "Skip to main content" not in body
    assert "Toggle theme" not in body


def test_admin_lists_the_sign_in_throttling_models_in_vietnamese(client, db):
    client.force_login(UserFactory(username="qt", is_staff=True, is_superuser=True))
    body = client.get(reverse("admin:index")).content.decode()
    # The admin capitalises the first letter itself; the plural stays lower case for "Xóa các … đã chọn".
    assert "Nhật ký đăng nhập" in body
    assert "Lần đăng nhập sai" in body
    assert "Access logs" not in body
    assert "Access failures" not in body
    AccessLog.objects.create(username="qt", ip_address="127.0.0.1", user_agent="trình duyệt", path_info="/dang-nhap/")
    listing = client.get(reverse("admin:axes_accesslog_changelist")).content.decode()
    assert "Xóa các nhật ký đăng nhập đã chọn" in listing
    assert "Tên đăng nhập" in listing


def test_admin_two_box_chooser_speaks_vietnamese(client, db):
    client.force_login(UserFactory(username="qt", is_staff=True, is_superuser=True))
    body = client.get(reverse("admin:jsi18n")).content.decode()
    # The catalog is written as JSON, with non-ASCII letters escaped.
    assert f"{json.dumps('Choose all %s')}: {json.dumps('Chọn tất cả %s')}" in body
    assert f"{json.dumps('Remove all %s')}: {json.dumps('Bỏ tất cả %s')}" in body
