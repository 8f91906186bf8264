"""The 400 and 413 pages are in Vietnamese (Django's own are a bare English line)."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_a_bad_request_answers_a_vietnamese_page(client, settings):
    settings.DEBUG = False
    response = client.get("/", HTTP_HOST="ke-gian.example")  # not in ALLOWED_HOSTS: DisallowedHost
    assert response.status_code == 400
    page = response.content.decode()
    assert '<h1 class="h3">Yêu cầu không hợp lệ</h1>' in page
    assert "Máy chủ không hiểu yêu cầu vừa gửi (lỗi 400), chưa có gì được lưu." in page
    assert "Bad Request" not in page


@pytest.mark.django_db
def test_a_form_over_the_request_cap_answers_413_in_vietnamese(clerk_client, settings):
    settings.DEBUG = False
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    response = clerk_client.post(reverse("petitions:create"), {"content": "x" * (1024 * 1024 + 1)})
    assert response.status_code == 413
    page = response.content.decode()
    assert '<h1 class="h3">Dữ liệu gửi lên quá lớn</h1>' in page
    assert "Nội dung của biểu mẫu vượt quá 1,0 MB nên máy chủ không nhận, chưa có gì được lưu." in page


ERROR_URLS = "tests.dialogue.error_urls"


def assert_vietnamese_page(response, status, heading):
    assert response.status_code == status
    page = response.content.decode()
    assert f'<h1 class="h3">{heading}</h1>' in page
    assert '<a class="btn btn-primary" href="/">Về trang tổng quan</a>' in page
    assert '<link rel="stylesheet" href="/static/css/app.css">' in page  # the site's layout
    for english in ("Page not found", "Server Error", "Forbidden", "Traceback", "Using the URLconf"):
        assert english not in page
    return page


@pytest.mark.parametrize("debug", [False, True], ids=["production", "make-run"])
@pytest.mark.django_db
def test_a_missing_page_answers_the_vietnamese_404_in_the_layout(clerk_client, settings, debug):
    settings.DEBUG = debug
    settings.TECHNICAL_ERROR_PAGES = False
    page = assert_vietnamese_page(clerk_client.get("/khong-co-trang-nay/"), 404, "Không tìm thấy trang")
    assert 'href="/ke-hoach/"' in page  # a signed-in clerk keeps the menu
    # A record that does not exist (or that the user may not see) answers the same page.
    assert_vietnamese_page(
        clerk_client.get(reverse("sessions_app:plan_detail", args=[999999])), 404, "Không tìm thấy trang"
    )


@pytest.mark.parametrize("debug", [False, True], ids=["production", "make-run"])
@pytest.mark.urls(ERROR_URLS)
@pytest.mark.django_db
def test_a_server_error_answers_the_vietnamese_500(clerk_client, settings, debug, caplog):
    settings.DEBUG = debug
    settings.TECHNICAL_ERROR_PAGES = False
    clerk_client.raise_request_exception = False
    assert_vietnamese_page(clerk_client.get("/_hong/"), 500, "Đã có lỗi ở máy chủ")
    assert "hỏng có chủ ý" in caplog.text  # the traceback still reaches the log


@pytest.mark.parametrize("debug", [False, True], ids=["production", "make-run"])
@pytest.mark.django_db
def test_a_refused_csrf_token_answers_the_vietnamese_403(clerk_client, settings, debug):
    settings.DEBUG = debug
    clerk_client.handler.enforce_csrf_checks = True
    response = clerk_client.post(reverse("directory:village_create"), {"name": "Ấp 9"})
    assert_vietnamese_page(response, 403, "Không được phép")


@pytest.mark.django_db
def test_a_bad_request_under_make_run_answers_the_vietnamese_400(client, settings):
    settings.DEBUG = True
    settings.TECHNICAL_ERROR_PAGES = False
    assert_vietnamese_page(client.get("/", HTTP_HOST="ke-gian.example"), 400, "Yêu cầu không hợp lệ")


@pytest.mark.urls(ERROR_URLS)
@pytest.mark.django_db
def test_developers_can_turn_the_technical_pages_on(clerk_client, settings):
    settings.DEBUG = True
    settings.TECHNICAL_ERROR_PAGES = True
    assert "Using the URLconf" in clerk_client.get("/khong-co-trang-nay/").content.decode()
    clerk_client.raise_request_exception = False
    assert "Traceback" in clerk_client.get("/_hong/").content.decode()


@pytest.mark.urls(ERROR_URLS)
@pytest.mark.django_db
def test_the_test_client_still_sees_an_unexpected_error(clerk_client, settings):
    settings.DEBUG = True
    settings.TECHNICAL_ERROR_PAGES = False
    with pytest.raises(RuntimeError, match="hỏng có chủ ý"):
        clerk_client.get("/_hong/")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DEBUG": "1"}, False),
        ({"DEBUG": "1", "TECHNICAL_ERROR_PAGES": "1"}, True),
        ({"TECHNICAL_ERROR_PAGES": "1"}, False),
    ],
)
def test_the_technical_pages_are_off_unless_a_developer_asks_for_them(env, expected):
    base = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "TECHNICAL_ERROR_PAGES")}
    env = base | {"SECRET_KEY": "x" * 50} | env
    code = "import dialogue.settings as s; print(s.TECHNICAL_ERROR_PAGES)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.strip() == str(expected)


@pytest.mark.parametrize("debug", [False, True], ids=["production", "make-run"])
@pytest.mark.urls(ERROR_URLS)
@pytest.mark.django_db
def test_a_delete_refused_by_protecting_records_names_them_in_vietnamese(clerk_client, villages, settings, debug):
    settings.DEBUG = debug
    page = assert_vietnamese_page(
        clerk_client.get("/_bao-ve/", HTTP_REFERER="http://testserver/danh-muc/thon/"), 409, "Không xóa được"
    )
    assert "Bản ghi này còn được dùng ở: 3 thôn, ấp, tổ dân phố (Ấp 1, Ấp 2, Ấp 3)." in page
    assert "chưa có gì bị xóa" in page
    assert "Cannot delete" not in page
    assert 'href="http://testserver/danh-muc/thon/">Quay lại trang trước' in page
    # A referrer of another site is not offered as the way back.
    page = clerk_client.get("/_bao-ve/", HTTP_REFERER="https://ke-gian.example/").content.decode()
    assert "ke-gian.example" not in page
