"""The petition import in two steps (issue 11): upload -> preview -> "Xác nhận nhập" imports the kept file."""

import os
import time

import pytest
from django.core import signing
from django.urls import reverse

from dialogue.uploads import IMPORT_DIR
from directory.models import Job, Membership
from petitions.models import Petition
from petitions.views.intake import IMPORT_TOKEN_SALT
from tests.factories import SessionFactory, UserFactory, member

from .importing import confirm, preview
from .test_views import xlsx

pytestmark = pytest.mark.django_db

HEADER = ["STT", "Họ tên", "Ấp", "Lĩnh vực", "Loại", "Nội dung kiến nghị", "Ghi chú"]
LONG = "Đề nghị nạo vét kênh thủy lợi nội đồng " * 6


def good_file(villages):
    return xlsx([HEADER,
                 [1, "Nguyễn Văn A", villages[0].name, "Môi trường", "Phản ánh", "Rác thải ven kênh", "x"],
                 [2, "ẩn danh", "", "Hạ tầng, giao thông, thủy lợi", "", LONG.strip(), ""]])  # fmt: skip


def kept_files():
    return sorted(p.name for p in IMPORT_DIR.glob("petitions-*")) if IMPORT_DIR.is_dir() else []


def test_the_preview_shows_rows_columns_and_skipped_columns_and_writes_nothing(client, clerk, villages):
    client.force_login(clerk)
    before = kept_files()
    response = preview(client, good_file(villages))
    page = response.content.decode()
    assert (Petition.objects.count(), Job.objects.count()) == (0, 0)
    assert "Sẽ nhập 2 ý kiến." in page
    assert "Bỏ qua cột: “STT”, “Ghi chú” (không thuộc danh sách cột nhận)." in page
    assert response.context["preview"]["check"].columns == [
        ("Họ tên", "Người nêu"),
        ("Ấp", "Thôn, ấp"),
        ("Lĩnh vực", "Lĩnh vực"),
        ("Loại", "Loại"),
        ("Nội dung kiến nghị", "Nội dung"),
    ]
    assert "<li>Cột “Họ tên” → Người nêu</li>" in page
    # The rows as they will be stored: the village by its full name, the default kind, "ẩn danh" as no name.
    shown = [
        (r["number"], r["citizen_name"], str(r.get("village") or ""), r["topic"].name, r["kind_label"])
        for r in response.context["preview"]["sample"]
    ]
    assert shown == [
        (2, "Nguyễn Văn A", villages[0].full_name, "Môi trường", "Phản ánh"),
        (3, "", "", "Hạ tầng, giao thông, thủy lợi", "Kiến nghị"),
    ]
    assert f"<td>{villages[0].full_name}</td>" in page and "<td>Ẩn danh</td>" in page
    assert LONG.strip()[:119] + "…" in page  # the content summed up, not the whole text
    assert 'id="import-confirm"' in page
    assert len(kept_files()) == len(before) + 1  # the file waits for the confirmation


def test_a_preview_with_errors_lists_every_one_offers_no_confirm_and_keeps_no_file(client, clerk, villages):
    client.force_login(clerk)
    before = kept_files()
    bad = xlsx([["Ghi chú", "Thôn, ấp", "Lĩnh vực", "Nội dung"],
                ["a", villages[0].name, "Môi trường", "Rác thải"],
                ["b", "Ấp Không Có", "Chăn nuôi", "Mùi hôi"],
                ["c", "", "Môi trường", ""]])  # fmt: skip
    response = preview(client, bad)
    page = response.content.decode()
    assert response.context["preview"]["check"].errors == [
        (3, "Lĩnh vực", "Lĩnh vực “Chăn nuôi” không có trong danh mục."),
        (3, "Thôn, ấp", "Thôn, ấp “Ấp Không Có” không thuộc xã này."),
        (4, "Nội dung", "Nội dung ý kiến không được để trống."),
    ]
    assert "<li>Dòng 3, cột “Lĩnh vực”: Lĩnh vực “Chăn nuôi” không có trong danh mục.</li>" in page
    assert "Tệp có 3 lỗi: không dòng nào được nhập." in page
    assert "Hãy sửa tệp theo các lỗi trên rồi tải lên lại để xem trước." in page
    assert "Bỏ qua cột: “Ghi chú”" in page
    assert 'id="import-confirm"' not in page and response.context["preview"]["token"] == ""
    assert kept_files() == before
    assert Petition.objects.count() == 0


def test_confirm_imports_the_previewed_file_for_the_chosen_session_and_removes_it(client, clerk, commune, villages):
    session = SessionFactory(plan__commune=commune, villages=villages[:2])
    client.force_login(clerk)
    before = kept_files()
    previewed = preview(client, good_file(villages), session=session.pk)
    assert f"buổi {session.display_title}" in previewed.content.decode()
    response = confirm(client, previewed, follow=True)
    assert response.redirect_chain[-1][0] == reverse("petitions:list") + f"?buoi={session.pk}"
    page = response.content.decode()
    assert "Đã nhập 2 ý kiến." in page and "Bỏ qua cột: “STT”, “Ghi chú”" in page
    rows = list(Petition.objects.order_by("id").values_list("citizen_name", "village", "kind", "session", "content"))
    assert rows == [
        ("Nguyễn Văn A", villages[0].pk, "phan_anh", session.pk, "Rác thải ven kênh"),
        ("", None, "kien_nghi", session.pk, LONG.strip()),
    ]
    assert kept_files() == before


def test_confirming_twice_imports_once(client, clerk, villages):
    client.force_login(clerk)
    previewed = preview(client, good_file(villages))
    assert confirm(client, previewed).status_code == 302
    again = confirm(client, previewed, follow=True)
    assert "Tệp xem trước không còn (đã nhập, đã hủy hoặc quá hạn). Hãy tải tệp lên lại." in again.content.decode()
    assert Petition.objects.count() == 2


def test_another_users_token_is_404_and_leaves_the_preview_to_its_owner(client, clerk, commune, villages):
    client.force_login(clerk)
    previewed = preview(client, good_file(villages))
    colleague = member(UserFactory(username="clerk2"), commune, Membership.Role.STATE_OFFICE)
    client.force_login(colleague)
    assert confirm(client, previewed).status_code == 404
    assert (
        client.post(
            reverse("petitions:import_confirm"), {"token": previewed.context["preview"]["token"], "huy": "1"}
        ).status_code
        == 404
    )
    assert Petition.objects.count() == 0
    client.force_login(clerk)
    assert confirm(client, previewed).status_code == 302
    assert Petition.objects.count() == 2


def test_a_tampered_or_expired_token_is_refused_with_a_message(client, clerk, villages, monkeypatch):
    client.force_login(clerk)
    previewed = preview(client, good_file(villages))
    token = previewed.context["preview"]["token"]
    url = reverse("petitions:import_confirm")
    tampered = client.post(url, {"token": token[:-2] + ("AA" if token[-2:] != "AA" else "BB")}, follow=True)
    assert "Mã xác nhận của bản xem trước không hợp lệ. Hãy tải tệp lên lại để xem trước." in tampered.content.decode()
    assert client.post(url, {}, follow=True).redirect_chain[-1][0] == reverse("petitions:import")
    # The same preview's token as it was written two days ago.
    payload = signing.loads(token, salt=IMPORT_TOKEN_SALT)
    two_days_ago = time.time() - 2 * 24 * 3600
    with monkeypatch.context() as m:
        m.setattr(signing.time, "time", lambda: two_days_ago)
        old = signing.dumps(payload, salt=IMPORT_TOKEN_SALT, compress=True)
    kept = IMPORT_DIR / f"petitions-{payload['f']}.xlsx"
    os.utime(kept, (two_days_ago, two_days_ago))
    expired = client.post(url, {"token": old}, follow=True)
    assert kept.exists() is False  # the file of an expired preview is removed
    assert "Bản xem trước đã quá hạn (quá 24 giờ): tệp đã được xóa. Hãy tải tệp lên lại." in expired.content.decode()
    assert Petition.objects.count() == 0


def test_cancelling_a_preview_removes_its_file_and_imports_nothing(client, clerk, villages):
    client.force_login(clerk)
    before = kept_files()
    previewed = preview(client, good_file(villages))
    token = previewed.context["preview"]["token"]
    response = client.post(reverse("petitions:import_confirm"), {"token": token, "huy": "1"}, follow=True)
    assert "Đã hủy, không nhập ý kiến nào; tệp xem trước đã được xóa." in response.content.decode()
    assert kept_files() == before
    assert confirm(client, previewed).status_code == 302  # nothing left to confirm
    assert Petition.objects.count() == 0


def test_the_confirm_is_post_only(client, clerk):
    client.force_login(clerk)
    assert client.get(reverse("petitions:import_confirm")).status_code == 405


def test_a_file_refused_at_confirmation_names_the_rows_and_saves_nothing(client, clerk, villages):
    from petitions.models import Topic

    client.force_login(clerk)
    before = kept_files()
    previewed = preview(client, good_file(villages))
    Topic.objects.filter(name="Môi trường").update(is_active=False)  # retired after the preview
    response = confirm(client, previewed)
    assert response.status_code == 200
    assert response.context["errors"] == [(2, "Lĩnh vực", "Lĩnh vực “Môi trường” không có trong danh mục.")]
    assert "Không nhập được, chưa dòng nào được lưu:" in response.content.decode()
    assert Petition.objects.count() == 0
    assert kept_files() == before


def test_a_session_gone_since_the_preview_imports_nothing(client, clerk, commune, villages):
    session = SessionFactory(plan__commune=commune, villages=villages[:1])
    client.force_login(clerk)
    previewed = preview(client, good_file(villages), session=session.pk)
    session.delete()
    response = confirm(client, previewed, follow=True)
    assert "Buổi tiếp xúc đã chọn không còn: chưa nhập ý kiến nào. Hãy tải tệp lên lại." in response.content.decode()
    assert Petition.objects.count() == 0
