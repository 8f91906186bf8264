"""The jobs' result files (an export holds citizens' names and phones) do not stay for ever."""

import datetime
import os

import pytest
from django.urls import reverse
from django.utils import timezone

from directory import jobs
from directory.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def jobs_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(jobs, "JOBS_DIR", tmp_path)
    return tmp_path


def done_job(owner, commune, jobs_dir, *, ended_days_ago):
    job = Job.objects.create(
        owner=owner, kind="petitions.export", label="Xuất Excel", task="x.y", commune=commune, back_url="/kien-nghi/"
    )
    path = jobs_dir / f"job-{job.pk}-y-kien.xlsx"
    path.write_bytes(b"PK")
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.DONE,
        file_path=str(path),
        file_name="y-kien.xlsx",
        finished_at=timezone.now() - datetime.timedelta(days=ended_days_ago),
    )
    return job, path


def test_files_of_jobs_ended_over_a_week_ago_and_stale_uploads_are_deleted(client, clerk, commune, jobs_dir):
    old, old_path = done_job(clerk, commune, jobs_dir, ended_days_ago=8)
    recent, recent_path = done_job(clerk, commune, jobs_dir, ended_days_ago=1)
    stale_upload, fresh_upload = jobs_dir / "upload-aaa.xlsx", jobs_dir / "upload-bbb.xlsx"
    for upload in (stale_upload, fresh_upload):
        upload.write_bytes(b"PK")
    nine_days_ago = (timezone.now() - datetime.timedelta(days=9)).timestamp()
    os.utime(stale_upload, (nine_days_ago, nine_days_ago))

    assert jobs.job_files_prune() == 2

    assert not old_path.exists() and not stale_upload.exists()
    assert recent_path.exists() and fresh_upload.exists()
    old.refresh_from_db()
    assert (old.status, old.file_path, old.file_name) == (Job.Status.DONE, "", "y-kien.xlsx")
    client.force_login(clerk)
    page = client.get(reverse("directory:job", args=[old.pk])).content.decode()
    assert "Tệp kết quả đã được xóa sau 7 ngày" in page and 'href="/kien-nghi/">Tạo lại' in page
    assert client.get(reverse("directory:job_file", args=[old.pk])).status_code == 404
    assert client.get(reverse("directory:job_file", args=[recent.pk])).status_code == 200
    assert "đã được xóa" not in client.get(reverse("directory:job", args=[recent.pk])).content.decode()
    assert jobs.job_files_prune() == 0  # nothing left to delete


def test_a_recorded_path_outside_the_jobs_folder_is_never_deleted(clerk, commune, jobs_dir, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "settings.py"
    outside.write_text("keep")
    job, _ = done_job(clerk, commune, jobs_dir, ended_days_ago=30)
    Job.objects.filter(pk=job.pk).update(file_path=str(outside))
    jobs.job_files_prune()
    assert outside.read_text() == "keep"
