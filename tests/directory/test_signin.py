"""Sign-in hardening: throttling, session rotation and lifetime, deactivation, passwords, two-factor."""

import datetime
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session as DjangoSession
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from directory.models import Event, Membership
from tests.factories import UserFactory, member

PASSWORD = "mat-khau-thu-123"
LOGIN = "/dang-nhap/"
axes_on = override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)


def sign_in(client, username, password=PASSWORD, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


@axes_on
def test_five_wrong_passwords_lock_that_user_at_that_address_only(db, clerk, leader):
    office = Client()
    for _ in range(5):
        response = sign_in(office, "clerk", "sai-mat-khau")
    # The fifth failure already answers with the lockout page.
    assert response.status_code == 429
    response = sign_in(office, "clerk")  # the right password no longer helps from this address
    assert response.status_code == 429
    page = response.content.decode()
    assert "Tạm khóa đăng nhập" in page
    assert "15 phút" in page
    # A colleague behind the same office address still signs in.
    colleague = Client()
    assert sign_in(colleague, "leader").status_code == 302
    # The same clerk from another address (home, phone) still signs in.
    elsewhere = Client()
    assert sign_in(elsewhere, "clerk", ip="10.9.9.9").status_code == 302


@axes_on
def test_a_success_resets_the_failure_count(db, clerk):
    client = Client()
    for _ in range(4):
        sign_in(client, "clerk", "sai-mat-khau")
    assert sign_in(client, "clerk").status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, "clerk", "sai-mat-khau").status_code == 200
    assert sign_in(client, "clerk").status_code == 302


@axes_on
def test_sign_ins_and_failures_are_logged_without_the_password(db, clerk):
    client = Client()
    sign_in(client, "clerk", "sai-mat-khau")
    sign_in(client, "clerk")
    events = list(Event.objects.order_by("id").values_list("action", "username", "user_id"))
    assert events == [
        (Event.Action.SIGN_IN_FAILED, "clerk", None),
        (Event.Action.SIGNED_IN, "clerk", clerk.pk),
    ]
    assert not Event.objects.filter(detail__contains="sai-mat-khau").exists()


def test_session_id_changes_at_sign_in(db, clerk):
    client = Client()
    before = SessionStore()
    before["chosen"] = "x"
    before.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = before.session_key
    response = sign_in(client, "clerk")
    assert response.status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before.session_key
    assert not DjangoSession.objects.filter(session_key=before.session_key).exists()


def test_idle_session_ends(db, clerk):
    client = Client()
    start = datetime.datetime(2025, 11, 3, 8, 0, tzinfo=datetime.UTC)
    with freeze_time(start):
        client.force_login(clerk)
        assert client.get("/").status_code == 200
    with freeze_time(start + datetime.timedelta(minutes=59)):
        assert client.get("/").status_code == 200
    with freeze_time(start + datetime.timedelta(minutes=59 + 61)):
        response = client.get("/ke-hoach/")
    assert response.status_code == 302
    assert response["Location"] == "/dang-nhap/?next=%2Fke-hoach%2F&ly_do=het-phien"
    assert "Phiên làm việc đã hết hạn" in client.get(response["Location"]).content.decode()
    with freeze_time(start + datetime.timedelta(minutes=121)):
        assert client.get("/").status_code == 302


def test_busy_session_still_ends_at_its_absolute_lifetime(db, clerk):
    assert settings.SESSION_IDLE_TIMEOUT == 3600
    assert settings.SESSION_ABSOLUTE_LIFETIME == 10 * 3600
    client = Client()
    start = datetime.datetime(2025, 11, 3, 7, 0, tzinfo=datetime.UTC)
    with freeze_time(start):
        client.force_login(clerk)
    for half_hours in range(1, 21):  # busy all day: never idle
        with freeze_time(start + datetime.timedelta(minutes=30 * half_hours)):
            assert client.get("/").status_code == 200
    with freeze_time(start + datetime.timedelta(hours=10, minutes=1)):
        response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].endswith("ly_do=het-phien")


@override_settings(SESSION_IDLE_TIMEOUT=300)
def test_idle_timeout_is_a_setting(db, clerk):
    client = Client()
    start = datetime.datetime(2025, 11, 3, 8, 0, tzinfo=datetime.UTC)
    with freeze_time(start):
        client.force_login(clerk)
    with freeze_time(start + datetime.timedelta(minutes=6)):
        assert client.get("/").status_code == 302


def test_deactivated_user_is_signed_out_at_the_next_request(db, clerk):
    client = Client()
    client.force_login(clerk)
    assert client.get("/").status_code == 200
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    get_user_model().objects.filter(pk=clerk.pk).update(is_active=False)
    response = client.get("/ke-hoach/")
    assert response.status_code == 302
    assert response["Location"] == "/dang-nhap/?next=%2Fke-hoach%2F&ly_do=tai-khoan-khoa"
    assert not DjangoSession.objects.filter(session_key=key).exists()


def test_weak_password_is_refused_by_the_admin_form(db):
    admin = UserFactory(username="quantri", is_staff=True, is_superuser=True)
    clerk = UserFactory(username="vanthu")
    client = Client()
    client.force_login(admin)
    url = reverse("admin:auth_user_password_change", args=[clerk.pk])
    for weak in ("12345678901", "password123", "vanthu2025"):
        response = client.post(url, {"password1": weak, "password2": weak, "usable_password": "true"})
        assert response.status_code == 200, weak
        assert response.context["form"].errors["password2"], weak
    clerk.refresh_from_db()
    assert clerk.check_password(PASSWORD)
    strong = "Tuyet-Diem-ngay-3-thang-11"
    response = client.post(url, {"password1": strong, "password2": strong, "usable_password": "true"})
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert clerk.check_password(strong)


# --- two-factor ---------------------------------------------------------------------------


def code(device):
    """The code the authenticator app shows now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=0):06d}"


def other_code(device):
    return f"{(int(code(device)) + 1) % 1_000_000:06d}"


def test_leader_enrols_an_authenticator_with_a_qr_code(db, leader):
    client = Client()
    start = datetime.datetime(2025, 11, 3, 8, 0, tzinfo=datetime.UTC)
    with freeze_time(start):
        client.force_login(leader)
        response = client.get("/tai-khoan/xac-thuc-hai-buoc/")
        assert response.status_code == 200
        page = response.content.decode()
        assert re.search(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]{200,}"', page)
        device = TOTPDevice.objects.get(user=leader)
        assert device.confirmed is False
        response = client.post("/tai-khoan/xac-thuc-hai-buoc/", {"token": other_code(device)})
        assert "Mã xác thực không đúng" in response.content.decode()
    with freeze_time(start + datetime.timedelta(seconds=5)):
        response = client.post("/tai-khoan/xac-thuc-hai-buoc/", {"token": code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed is True
    assert list(Event.objects.filter(user=leader).values_list("action", flat=True).order_by("id")) == [
        Event.Action.SIGNED_IN,
        Event.Action.OTP_ENROLLED,
    ]


def test_clerk_is_not_offered_two_factor(db, clerk):
    client = Client()
    client.force_login(clerk)
    assert client.get("/tai-khoan/xac-thuc-hai-buoc/").status_code == 404
    assert "Xác thực hai bước" not in client.get("/").content.decode()


def test_user_with_a_device_must_give_the_code_after_the_password(db, leader):
    device = TOTPDevice.objects.create(user=leader, name="điện thoại", confirmed=True)
    client = Client()
    start = datetime.datetime(2025, 11, 3, 8, 0, tzinfo=datetime.UTC)
    with freeze_time(start):
        response = sign_in(client, "leader")
        assert response.status_code == 302
        response = client.get("/ke-hoach/")
        assert response.status_code == 302
        assert response["Location"] == "/dang-nhap/ma-xac-thuc/?next=%2Fke-hoach%2F"
        response = client.post("/dang-nhap/ma-xac-thuc/", {"token": "12x456", "next": "/ke-hoach/"})
        assert response.status_code == 200
        assert client.get("/").status_code == 302
        response = client.post("/dang-nhap/ma-xac-thuc/", {"token": other_code(device), "next": "/ke-hoach/"})
        assert "Mã xác thực không đúng" in response.content.decode()
    # django-otp slows down guessing after a failure; the next code is accepted after the pause.
    with freeze_time(start + datetime.timedelta(seconds=5)):
        response = client.post("/dang-nhap/ma-xac-thuc/", {"token": code(device), "next": "/ke-hoach/"})
        assert response.status_code == 302
        assert response["Location"] == "/ke-hoach/"
        assert client.get("/ke-hoach/").status_code == 200
    actions = list(Event.objects.filter(user=leader).values_list("action", flat=True).order_by("id"))
    assert actions == [Event.Action.SIGNED_IN, Event.Action.OTP_FAILED, Event.Action.OTP_VERIFIED]


def test_two_factor_offered_to_administrators_by_membership(db, commune):
    admin = member(UserFactory(username="admin_xa"), commune, Membership.Role.ADMIN)
    client = Client()
    client.force_login(admin)
    assert client.get("/tai-khoan/xac-thuc-hai-buoc/").status_code == 200
    assert "Xác thực hai bước" in client.get("/").content.decode()


@pytest.mark.parametrize("path", ["/dang-nhap/ma-xac-thuc/"])
def test_code_page_needs_a_password_first(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/?next=")
