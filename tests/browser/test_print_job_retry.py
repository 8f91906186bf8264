"""The print-job page shows "In lại" as soon as the polled job fails, without a reload."""

from django.urls import reverse
from playwright.sync_api import expect

from sessions_app.models import PrintJob

from ..factories import PlanFactory, SessionFactory
from .conftest import login


def test_retry_button_appears_when_the_polled_job_fails(page, clerk, commune, state_issuer, villages):
    session = SessionFactory(plan=PlanFactory(commune=commune, issuer=state_issuer), villages=villages)
    job = PrintJob.objects.create(session=session, status=PrintJob.Status.RUNNING, total=5, done=2)
    login(page, "clerk")
    page.goto(page.base_url + reverse("sessions_app:print_job", args=[session.pk, job.pk]))
    retry = page.get_by_role("button", name="In lại")
    expect(page.locator(".js-label")).to_have_text("Đang tạo")
    expect(retry).to_be_hidden()
    PrintJob.objects.filter(pk=job.pk).update(status=PrintJob.Status.FAILED, error="Máy in ảo gặp lỗi.")
    expect(page.locator(".js-error")).to_have_text("Máy in ảo gặp lỗi.")
    expect(retry).to_be_visible()
    expect(page.locator(".js-label")).to_have_text("Lỗi")
