"""An oversized request is refused (413, in Vietnamese) before anything reads its body."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from dialogue import spreadsheets, uploads
from dialogue.middleware import RequestSizeMiddleware
from petitions import forms as petition_forms
from petitions.models import Petition


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args, **kwargs):
        raise AssertionError("the body was read")

    readline = read


def test_the_cap_is_above_every_allowed_upload():
    largest = max(
        uploads.DEFAULT_MAX_BYTES,
        spreadsheets.MAX_BYTES,
        petition_forms.ATTACHMENT_MAX_BYTES,
        petition_forms.IMPORT_MAX_BYTES,
    )
    assert settings.MAX_REQUEST_BYTES == 25 * 1024 * 1024
    assert largest == 10 * 1024 * 1024
    # Room for the multipart framing and the other fields beside the largest file.
    assert settings.MAX_REQUEST_BYTES >= 2 * largest


def test_an_oversized_request_is_refused_before_its_body_is_read():
    request = RequestFactory().post("/kien-nghi/moi/", data=b"x", content_type="application/octet-stream")
    request.META["CONTENT_LENGTH"] = str(settings.MAX_REQUEST_BYTES + 1)
    request._stream = UnreadableBody()
    reached = []
    response = RequestSizeMiddleware(lambda r: reached.append(r))(request)
    assert (response.status_code, reached) == (413, [])
    page = response.content.decode()
    assert '<h1 class="h3">Dữ liệu gửi lên quá lớn</h1>' in page
    assert "vượt quá 25,0 MB nên máy chủ không nhận, chưa có gì được lưu." in page


def test_a_request_at_the_cap_goes_through():
    request = RequestFactory().post("/", data=b"x", content_type="application/octet-stream")
    request.META["CONTENT_LENGTH"] = str(settings.MAX_REQUEST_BYTES)
    assert RequestSizeMiddleware(lambda r: "view")(request) == "view"


@pytest.mark.django_db
def test_an_upload_over_the_cap_is_refused_and_saves_nothing(clerk_client, settings, villages):
    settings.MAX_REQUEST_BYTES = 64 * 1024

    upload = SimpleUploadedFile("don.pdf", b"%PDF-1.4 " + b"0" * (100 * 1024), content_type="application/pdf")
    response = clerk_client.post(
        reverse("petitions:create"), {"content": "Đường hỏng", "village": villages[0].pk, "file": upload}
    )
    assert response.status_code == 413
    assert "vượt quá 0,1 MB nên máy chủ không nhận" in response.content.decode()
    assert Petition.objects.count() == 0
    # The response is a page of ours: it carries the strict Content-Security-Policy too.
    assert "unsafe-inline" not in response["Content-Security-Policy"]
