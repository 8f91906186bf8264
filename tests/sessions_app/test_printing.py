"""Batch routes, the batch slot, print jobs as tasks and their recovery, the command, answers, the announcement."""

import datetime
import os
import re
import socket
import subprocess
import threading
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from sessions_app import printing, stamp
from sessions_app.models import PrintJob, SessionTask
from sessions_app.participants import session_document_take
from sessions_app.printing import (
    MAX_ATTEMPTS,
    STALE_MESSAGE,
    SlotTaken,
    batch_slot,
    print_job_run,
    print_job_start,
    print_jobs_recover,
    render_batch,
)
from tests.factories import SessionFactory, aware

from .factories import ParticipantFactory
from .pdf_helpers import image_count, read_pdf

NAMES = ["An", "Bình", "Cường", "Dũng", "Hà"]


@pytest.fixture
def five(state_session, villages):
    return [
        ParticipantFactory(session=state_session, full_name=f"Nguyễn Văn {name}", honorific="Ông", village=villages[0])
        for name in NAMES
    ]


def _addressees(data):
    _, texts = read_pdf(data)
    return [t.split("Kính gửi: ")[1].splitlines()[0] for t in texts]


def test_parts_come_back_in_order_with_progress_after_each(state_session, five, monkeypatch):
    monkeypatch.setattr(printing, "PART_SIZE", 2)
    doc = session_document_take(session=state_session, kind="GM")
    done = []
    _, data, taken = render_batch(state_session, five, document=doc, route="sequential", progress=done.append)
    assert taken == "sequential"
    assert _addressees(data) == [f"Ông Nguyễn Văn {name}" for name in NAMES]
    assert done == [2, 4, 5]


def test_stamp_route_reports_progress_after_each_part_of_people(state_session, five, monkeypatch):
    monkeypatch.setattr(stamp, "PART_SIZE", 2)
    doc = session_document_take(session=state_session, kind="GM")
    done = []
    _, data, taken = render_batch(state_session, five, document=doc, route="stamp", progress=done.append)
    assert taken == "stamp"
    assert _addressees(data) == [f"Ông Nguyễn Văn {name}" for name in NAMES]
    assert done == [2, 4, 5]


def test_print_job_of_a_large_batch_takes_the_stamp_route(state_session, five, monkeypatch, settings, tmp_path):
    settings.DOCUMENTS_DIR = tmp_path
    monkeypatch.setattr(printing, "PART_SIZE", 2)  # five letters count as a large batch
    doc = session_document_take(session=state_session, kind="GM")
    job = print_job_start(session=state_session, document=doc, filters={}, enqueue=False)
    print_job_run(job.pk, doc.pk)
    job.refresh_from_db()
    assert (job.status, job.done) == (PrintJob.Status.DONE, 5)
    data = open(job.path, "rb").read()
    assert _addressees(data) == [f"Ông Nguyễn Văn {name}" for name in NAMES]
    reader, _ = read_pdf(data)
    assert image_count(reader) == 5
    assert all("/StampHead" in page["/Resources"]["/XObject"] for page in reader.pages)  # the shared letterhead


def test_small_batches_take_one_document_and_large_ones_the_stamp_route():
    assert printing.choose_route(50) == "single"
    assert printing.choose_route(51) == "stamp"
    assert printing.choose_route(500) == "stamp"


def test_a_second_batch_waits_for_the_first():
    events = []

    def second():
        with batch_slot(lambda: events.append("waiting"), poll=0.02):
            events.append("second")

    with batch_slot():
        with pytest.raises(SlotTaken), batch_slot(wait=False):
            pass
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.2)
        assert "second" not in events and "waiting" in events
        events.append("first done")
    thread.join(5)
    assert events[-2:] == ["first done", "second"]


def test_a_job_finding_the_slot_taken_stays_waiting_and_runs_when_it_is_free(state_session, five, settings, tmp_path):
    settings.DOCUMENTS_DIR = tmp_path
    doc = session_document_take(session=state_session, kind="GM")
    job = print_job_start(session=state_session, document=doc, filters={}, enqueue=False)
    with batch_slot(), pytest.raises(SlotTaken):
        print_job_run(job.pk, wait=False)
    job.refresh_from_db()
    assert (job.status, job.done) == (PrintJob.Status.PENDING, 0)
    print_job_run(job.pk, wait=False)
    job.refresh_from_db()
    assert job.status == PrintJob.Status.DONE


def test_the_page_queues_the_batch_as_a_task_that_renders_it(
    clerk_client, state_session, five, settings, tmp_path, django_capture_on_commit_callbacks
):
    """Immediate mode in tests: the task runs at commit, as a worker would run it."""
    settings.DOCUMENTS_DIR = tmp_path
    session_document_take(session=state_session, kind="GM")
    with django_capture_on_commit_callbacks(execute=True):
        clerk_client.post(reverse("sessions_app:invitation_batch", args=[state_session.pk]), {"without_qr": "on"})
    job = PrintJob.objects.get()
    assert (job.status, job.done, job.attempts) == (PrintJob.Status.DONE, 5, 1)
    assert job.task_id and job.worker.endswith(f":{os.getpid()}")
    assert _addressees(open(job.path, "rb").read()) == [f"Ông Nguyễn Văn {name}" for name in NAMES]
    # Run again (a retried task): nothing changes, the file is not written twice.
    assert print_job_run(job.pk) is None


def test_a_job_whose_worker_died_is_queued_again_then_given_up(
    clerk_client, state_session, five, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.DOCUMENTS_DIR = tmp_path
    doc = session_document_take(session=state_session, kind="GM")
    job = print_job_start(
        session=state_session, document=doc, filters={"group": "households"}, with_qr=False, enqueue=False
    )
    dead = subprocess.Popen(["true"])
    dead.wait()
    host = socket.gethostname()
    alive = print_job_start(session=state_session, document=doc, filters={}, enqueue=False)
    elsewhere = print_job_start(session=state_session, document=doc, filters={}, enqueue=False)
    PrintJob.objects.filter(pk=job.pk).update(status=PrintJob.Status.RUNNING, done=2, worker=f"{host}:{dead.pid}")
    PrintJob.objects.filter(pk=alive.pk).update(status=PrintJob.Status.RUNNING, worker=f"{host}:{os.getpid()}")
    PrintJob.objects.filter(pk=elsewhere.pk).update(status=PrintJob.Status.RUNNING, worker="another-host:1")
    # Queued again (the task runs at once in the tests' immediate mode) and finished.
    assert print_jobs_recover() == (1, 0)
    job.refresh_from_db()
    assert (job.status, job.done) == (PrintJob.Status.DONE, 5)
    assert {j.status for j in PrintJob.objects.filter(pk__in=[alive.pk, elsewhere.pk])} == {PrintJob.Status.RUNNING}

    PrintJob.objects.filter(pk=job.pk).update(
        status=PrintJob.Status.RUNNING, worker=f"{host}:{dead.pid}", attempts=MAX_ATTEMPTS
    )
    assert print_jobs_recover() == (0, 1)
    job.refresh_from_db()
    assert (job.status, job.error) == (PrintJob.Status.FAILED, STALE_MESSAGE)
    page = clerk_client.get(reverse("sessions_app:print_job", args=[state_session.pk, job.pk])).content.decode()
    assert "Lượt in bị gián đoạn" in page and 'id="print-retry"' in page
    assert '<input type="hidden" name="group" value="households">' in page
    assert '<input type="hidden" name="without_qr" value="on">' in page
    with django_capture_on_commit_callbacks(execute=False):
        response = clerk_client.post(
            reverse("sessions_app:invitation_batch", args=[state_session.pk]),
            {"group": "households", "without_qr": "on"},
        )
    retry = PrintJob.objects.exclude(pk__in=[job.pk, alive.pk, elsewhere.pk]).get()
    assert response.url == reverse("sessions_app:print_job", args=[state_session.pk, retry.pk])
    assert (retry.filters, retry.total) == ({"group": "households", "no_qr": True}, 5)


def test_a_job_whose_record_was_deleted_meanwhile_is_skipped(state_session, five):
    doc = session_document_take(session=state_session, kind="GM")
    job = print_job_start(session=state_session, document=doc, filters={}, enqueue=False)
    PrintJob.objects.filter(pk=job.pk).delete()
    assert print_job_run(job.pk) is None


def test_print_job_without_qr_prints_no_image(state_session, five, settings, tmp_path):
    settings.DOCUMENTS_DIR = tmp_path
    doc = session_document_take(session=state_session, kind="GM")
    job = print_job_start(session=state_session, document=doc, filters={}, with_qr=False, enqueue=False)
    print_job_run(job.pk, doc.pk)
    job.refresh_from_db()
    assert (job.status, job.done) == (PrintJob.Status.DONE, 5)
    reader, _ = read_pdf(open(job.path, "rb").read())
    assert image_count(reader) == 0


def test_command_prints_the_batch_with_or_without_qr(state_session, five, tmp_path, settings, capsys):
    settings.DOCUMENTS_DIR = tmp_path
    out = tmp_path / "gm.pdf"
    call_command("print_invitations", state_session.pk, "-o", str(out), "--no-qr")
    reader, texts = read_pdf(out.read_bytes())
    assert image_count(reader) == 0
    assert "Đã in 5 giấy mời số 01/GM-UBND" in capsys.readouterr().out
    call_command("print_invitations", state_session.pk, "-o", str(out), "--base-url", "http://10.0.0.5:8000")
    assert image_count(read_pdf(out.read_bytes())[0]) == 5


def test_roster_counts_answers_by_group_and_filters_by_answer(clerk_client, state_session, five, villages):
    official = ParticipantFactory(session=state_session, full_name="Lê Văn Chủ", group="officials", village=None)
    five[0].response = "confirmed"
    five[0].save()
    five[1].response = "declined"
    five[1].save()
    official.response = "confirmed"
    official.save()
    response = clerk_client.get(reverse("sessions_app:roster", args=[state_session.pk]), {"tra_loi": "confirmed"})
    answers = response.context["answers"]
    by_group = {r["group"]: r["cells"] for r in answers["rows"]}
    # Columns: invited, confirmed, declined, no answer.
    assert by_group == {"officials": [0, 1, 0, 0], "village_delegates": [0, 0, 0, 0], "households": [3, 1, 1, 0]}
    assert (answers["totals"], answers["total"]) == ([3, 2, 1, 0], 6)
    assert [p.full_name for p in response.context["participants"]] == ["Lê Văn Chủ", "Nguyễn Văn An"]
    page = response.content.decode()
    assert 'id="roster-answers"' in page and '<option value="confirmed" selected>' in page


@freeze_time("2025-11-18")
def test_a_numbered_announcement_or_done_duty_counts_as_announced(clerk_client, state_session):
    assert state_session.announce_by == datetime.date(2025, 11, 13)
    assert state_session.announcement_overdue is True
    url = reverse("sessions_app:session_detail", args=[state_session.pk])
    assert "mà chưa thông báo" in clerk_client.get(url).content.decode()
    session_document_take(session=state_session, kind="TB")
    assert state_session.announcement_overdue is False
    page = clerk_client.get(url).content.decode()
    assert "mà chưa thông báo" not in page and "Đã thông báo cho Nhân dân" in page

    other = SessionFactory(plan=state_session.plan, villages=[], starts_at=aware(2025, 11, 20, 8, 0))
    task = SessionTask.objects.create(session=other, kind=SessionTask.Kind.ANNOUNCEMENT, title="Thông báo")
    assert other.announcement_overdue is True
    task.done_at = timezone.now()
    task.save()
    assert other.announcement_overdue is False


def test_a_running_job_carries_the_retry_form_hidden_for_the_office_only(
    client, clerk, supervisor, state_session, settings, tmp_path
):
    """The page's script reveals the hidden form when the job fails (static/js/sessions_app.js)."""
    settings.DOCUMENTS_DIR = tmp_path
    job = PrintJob.objects.create(session=state_session, status=PrintJob.Status.RUNNING, total=5, done=2)
    url = reverse("sessions_app:print_job", args=[state_session.pk, job.pk])
    client.force_login(clerk)
    page = client.get(url).content.decode()
    assert page.count('<form class="js-retry d-none" method="post"') == 1
    assert 'id="print-retry"' in page
    client.force_login(supervisor)
    assert 'id="print-retry"' not in client.get(url).content.decode()
    PrintJob.objects.filter(pk=job.pk).update(status=PrintJob.Status.DONE)
    client.force_login(clerk)
    assert 'id="print-retry"' not in client.get(url).content.decode()


def test_the_word_batch_runs_as_a_task_with_progress_and_downloads_as_docx(
    clerk_client, state_session, five, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    from dialogue.documents.docx import DOCX_CONTENT_TYPE
    from tests.document_text import docx_document, docx_text

    settings.DOCUMENTS_DIR = tmp_path
    monkeypatch.setattr(printing, "PART_SIZE", 2)  # progress after each part of two letters
    session_document_take(session=state_session, kind="GM")
    seen = []
    real = printing.invitation_document
    monkeypatch.setattr(printing, "invitation_document", lambda *a, **k: seen.append(len(a[1])) or real(*a, **k))
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(
            reverse("sessions_app:invitation_batch", args=[state_session.pk]), {"format": "docx", "without_qr": "on"}
        )
    job = PrintJob.objects.get()
    assert response.url == reverse("sessions_app:print_job", args=[state_session.pk, job.pk])
    assert seen == [2, 2, 1]  # built part by part, so the progress moves
    assert (job.status, job.done, job.filters) == (PrintJob.Status.DONE, 5, {"no_qr": True, "format": "docx"})
    assert job.filename.endswith(".docx")
    page = clerk_client.get(response.url).content.decode()
    assert "Tải tệp Word (.docx)" in page
    download = clerk_client.get(reverse("sessions_app:print_job_file", args=[state_session.pk, job.pk]))
    assert download["Content-Type"] == DOCX_CONTENT_TYPE
    assert download["Content-Disposition"].startswith("attachment;")
    data = b"".join(download.streaming_content)
    assert len(docx_document(data).sections) == 5
    body = docx_text(data)
    assert re.findall(r"Kính gửi: (Ông Nguyễn Văn \w+)", body) == [f"Ông Nguyễn Văn {name}" for name in NAMES]


def test_a_long_word_batch_is_not_written_in_the_web_request(clerk_client, state_session, five, monkeypatch):
    monkeypatch.setattr("sessions_app.views.rosters.DOCX_DIRECT_MAX", 4)
    session_document_take(session=state_session, kind="GM")
    url = reverse("sessions_app:invitation_batch_docx", args=[state_session.pk])
    response = clerk_client.get(url, follow=True)
    assert "bản Word được tạo trong nền" in response.content.decode()
    assert not PrintJob.objects.exists()
    monkeypatch.setattr("sessions_app.views.rosters.DOCX_DIRECT_MAX", 5)
    assert clerk_client.get(url)["Content-Disposition"].startswith("attachment;")
