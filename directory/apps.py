from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Danh mục xã"

    def ready(self):
        from django.contrib import admin

        from . import signals  # noqa: F401  (sign-in events)
        from .admin_scope import scope_every_admin

        # Every app's admin module is imported by now (django.contrib.admin comes first).
        scope_every_admin(admin.site)
