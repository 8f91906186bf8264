from django.apps import AppConfig


class SessionsAppConfig(AppConfig):
    name = "sessions_app"
    verbose_name = "Kế hoạch và buổi tiếp xúc, đối thoại"
