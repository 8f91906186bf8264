from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = "Trang công khai"

    def ready(self):
        from . import receivers  # noqa: F401  (a publication changes the commune page's cache key)
