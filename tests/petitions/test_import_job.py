"""A large import runs on the task queue: its progress page, the rows refused, the petitions created."""

import pytest
from django.urls import reverse

from directory import jobs
from directory.models import Job
from petitions.models import Petition

from .importing import confirm, preview
from .test_views import HEADER, xlsx


@pytest.fixture
def large(monkeypatch):
    import petitions.views.intake as intake

    monkeypatch.setattr(intake, "IMPORT_INLINE_ROWS", 1)  # a file of two rows counts as large


def test_a_large_import_runs_as_a_job_and_its_page_says_how_many(
    client, clerk, villages, large, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    good = xlsx([HEADER,
                 ["01/10/2025", "Nguyễn Văn A", villages[0].full_name, "moi truong", "Kiến nghị", "Rác thải"],
                 ["02/10/2025", "ẩn danh", villages[1].name, "Hạ tầng, giao thông, thủy lợi", "Phản ánh",
                  "Đường hỏng"]])  # fmt: skip
    previewed = preview(client, good)
    assert (Job.objects.count(), Petition.objects.count()) == (0, 0)  # the preview starts nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(client, previewed)
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert (job.status, job.kind, job.done, job.message) == ("done", "petitions.import", 2, "Đã nhập 2 ý kiến.")
    assert Petition.objects.count() == 2
    assert list(jobs.JOBS_DIR.glob(job.params["upload"])) == []  # the kept upload is gone
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Đã nhập 2 ý kiến." in page and "Nhập ý kiến từ tệp y-kien.xlsx" in page


def test_a_refused_large_import_fails_with_the_rows_and_saves_nothing(
    client, clerk, villages, large, django_capture_on_commit_callbacks
):
    from petitions.models import Topic

    client.force_login(clerk)
    good = xlsx([HEADER,
                 ["01/10/2025", "Nguyễn Văn A", villages[0].full_name, "Môi trường", "Kiến nghị", "Rác thải"],
                 ["01/10/2025", "ẩn danh", villages[0].name, "Hạ tầng, giao thông, thủy lợi", "Kiến nghị",
                  "Đường hỏng"]])  # fmt: skip
    previewed = preview(client, good)
    # Between the preview and the confirmation the office retires a topic: the job checks again.
    Topic.objects.filter(name="Hạ tầng, giao thông, thủy lợi").update(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        confirm(client, previewed)
    job = Job.objects.get()
    assert job.status == "failed"
    assert job.message == (
        "Không nhập được, chưa dòng nào được lưu:\n"
        "Dòng 3, cột “Lĩnh vực”: Lĩnh vực “Hạ tầng, giao thông, thủy lợi” không có trong danh mục."
    )
    assert Petition.objects.count() == 0
    state = client.get(job.get_absolute_url() + "?json=1").json()
    assert (state["status"], state["can_retry"], state["download"]) == ("failed", True, "")
    # A retry finds the file gone: it says so, in Vietnamese, instead of crashing the worker.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("directory:job_retry", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.message, job.attempts) == ("failed", "Không còn tệp đã tải lên; hãy tải tệp lên lại.", 2)


def test_a_large_import_whose_session_is_gone_imports_nothing_and_says_so(
    client, clerk, commune, villages, large, django_capture_on_commit_callbacks
):
    from tests.factories import SessionFactory

    session = SessionFactory(plan__commune=commune)
    client.force_login(clerk)
    good = xlsx([HEADER,
                 ["01/10/2025", "Nguyễn Văn A", villages[0].full_name, "Môi trường", "Kiến nghị", "Rác thải"],
                 ["02/10/2025", "ẩn danh", villages[0].name, "Môi trường", "Kiến nghị", "Khói bụi"]])  # fmt: skip
    previewed = preview(client, good, session=session.pk)
    # The job is queued, and the session is deleted before a worker takes it.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        confirm(client, previewed)
    job = Job.objects.get()
    assert job.params["session"] == session.pk
    session.delete()
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert (job.status, job.message) == (
        "failed",
        "Buổi tiếp xúc đã chọn không còn: chưa nhập ý kiến nào. Hãy tải tệp lên lại.",
    )
    assert Petition.objects.count() == 0
    assert list(jobs.JOBS_DIR.glob(job.params["upload"])) == []
