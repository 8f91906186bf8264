"""The 400 and 413 pages are in Vietnamese (Django's own are a bare English line)."""

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
