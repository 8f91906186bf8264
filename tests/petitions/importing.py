"""The petition import's two steps, as the page does them: upload -> preview, then confirm."""

from django.urls import reverse


def preview(client, upload, **data):
    """Upload UPLOAD to the import page; the preview response (nothing is written yet)."""
    response = client.post(reverse("petitions:import"), {"file": upload, **data})
    assert response.status_code == 200
    return response


def confirm(client, previewed, **kwargs):
    """Press "Xác nhận nhập" on the PREVIEWED page (a preview with no errors)."""
    token = previewed.context["preview"]["token"]
    assert token, previewed.context["preview"]["check"].errors
    return client.post(reverse("petitions:import_confirm"), {"token": token}, **kwargs)


def import_file(client, upload, *, data=None, **kwargs):
    """Preview UPLOAD and confirm it at once; the confirmation's response."""
    return confirm(client, preview(client, upload, **(data or {})), **kwargs)
