"""Signing in and out, and two-factor sign-in: plain names ("login", "logout", "otp_verify", "otp_setup")."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import LoginForm

urlpatterns = [
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(template_name="registration/login.html", authentication_form=LoginForm),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("dang-nhap/ma-xac-thuc/", views.otp_verify, name="otp_verify"),
    path("tai-khoan/xac-thuc-hai-buoc/", views.otp_setup, name="otp_setup"),
]
