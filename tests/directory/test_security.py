"""Deployment hardening: headers, CSP without inline code, no caching of pages, check --deploy; the event log."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from directory.audit import event_log
from directory.models import Event, EventLogError
from tests.factories import PlanFactory, SessionFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def pages(commune, state_issuer):
    plan = PlanFactory(commune=commune, issuer=state_issuer, number=None)  # a draft's edit page opens
    session = SessionFactory(plan=plan)
    return [
        "/",
        "/ke-hoach/",
        f"/ke-hoach/{plan.pk}/",
        f"/ke-hoach/{plan.pk}/sua/",
        "/ke-hoach/buoi/",
        f"/ke-hoach/buoi/{session.pk}/",
        f"/ke-hoach/buoi/{session.pk}/sua/",
        "/danh-muc/thon/",
        "/danh-muc/don-vi/them/",
        "/danh-muc/can-bo/",
    ]


def test_pages_carry_the_security_headers_and_are_never_cached(clerk_client, pages):
    for path in pages:
        response = clerk_client.get(path)
        assert response.status_code == 200, path
        csp = response["Content-Security-Policy"]
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, path
        assert "script-src 'self'" in csp and "style-src 'self'" in csp, path
        assert "frame-ancestors 'none'" in csp
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], path


def test_pages_have_no_inline_script_or_style(clerk_client, pages, client):
    for path in [*pages, "/dang-nhap/"]:
        html = clerk_client.get(path).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert not re.search(r"<style\b", html), path
        assert not re.search(r"\sstyle=", html), path
        assert not re.search(r"\son[a-z]+=", html), path


def test_pdf_of_a_plan_is_not_cached_either(clerk_client, commune, state_issuer):
    plan = PlanFactory(commune=commune, issuer=state_issuer)
    response = clerk_client.get(f"/ke-hoach/{plan.pk}/in/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_login_page_has_csp(client, db):
    response = client.get("/dang-nhap/")
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_no_store_decorator(rf):
    from django.http import HttpResponse

    from dialogue.http import no_store

    response = no_store(lambda request: HttpResponse("x"))(rf.get("/"))
    assert set(response["Cache-Control"].split(", ")) == {
        "max-age=0",
        "no-cache",
        "no-store",
        "must-revalidate",
        "private",
    }


def test_production_settings_pass_check_deploy(tmp_path):
    # Production is run without the test harness's variables (the browser tests set
    # DJANGO_ALLOW_ASYNC_UNSAFE for Playwright in this process).
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECURE_", "SESSION_COOKIE", "CSRF_COOKIE", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="dialogue.settings",
        SECRET_KEY="k" * 20 + "-production-secret-0123456789-abcdefghij",
        ALLOWED_HOSTS="example.vn",
        DEBUG="0",
        VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    # And it does fail when someone turns HTTPS off: the check is not a rubber stamp.
    env["SECURE_SSL_REDIRECT"] = "0"
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "security.W008" in result.stderr + result.stdout


# --- the event log --------------------------------------------------------------------------


def test_event_log_records_object_by_type_and_id_only(clerk, commune, state_issuer):
    plan = PlanFactory(commune=commune, issuer=state_issuer)
    event = event_log(user=clerk, action=Event.Action.PRINTED, obj=plan, detail="bản in kế hoạch")
    event.refresh_from_db()
    assert (event.user, event.username, event.commune, event.action) == (clerk, "clerk", commune, "printed")
    assert (event.object_type, event.object_id, event.detail) == ("sessions_app.plan", str(plan.pk), "bản in kế hoạch")
    session = SessionFactory(plan=plan)
    assert event_log(user=clerk, action=Event.Action.EXPORTED, obj=session).commune == commune


def test_event_log_refuses_an_unknown_action(clerk):
    with pytest.raises(ValueError):
        event_log(user=clerk, action="deleted_everything")


def test_event_log_cannot_be_changed_or_deleted(clerk):
    event = event_log(user=clerk, action=Event.Action.EXPORTED)
    event.detail = "sửa"
    with pytest.raises(EventLogError):
        event.save()
    with pytest.raises(EventLogError):
        event.delete()
    with pytest.raises(EventLogError):
        Event.objects.filter(pk=event.pk).update(detail="sửa")
    with pytest.raises(EventLogError):
        Event.objects.all().delete()
    event.refresh_from_db()
    assert event.detail == ""
    assert Event.objects.count() == 1


def test_event_log_admin_is_read_only(db, clerk):
    event = event_log(user=clerk, action=Event.Action.EXPORTED)
    admin = UserFactory(username="quantri", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    assert client.get("/quan-tri/directory/event/").status_code == 200
    assert client.get("/quan-tri/directory/event/add/").status_code == 403
    assert client.post(f"/quan-tri/directory/event/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    response = client.post(f"/quan-tri/directory/event/{event.pk}/change/", {"detail": "sửa"})
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.detail == ""
