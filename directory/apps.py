from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Danh mục xã"

    def ready(self):
        from . import signals  # noqa: F401  (sign-in events)
