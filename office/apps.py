from django.apps import AppConfig


class OfficeConfig(AppConfig):
    """The roof: what spans the domain apps (dashboard, reports, one person's data, backup,
    the demo data and the commands that reach every app). It may import every app below it;
    nothing imports it."""

    name = "office"
    verbose_name = "Văn phòng"
