from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Who is told of what: in the app (the bell) and by e-mail, sent on the task queue.

    The apps below send Django signals from their services (petitions.signals,
    conclusions.signals); this app listens, so no arrow points up."""

    name = "notifications"
    verbose_name = "Thông báo cho người dùng"

    def ready(self):
        from . import receivers  # noqa: F401  (listens to the signals of the apps below)
