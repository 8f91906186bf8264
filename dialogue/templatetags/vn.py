"""Template filters for Vietnamese documents and screens (loaded as builtins)."""

from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def date_line(value):
    """'ngày 05 tháng 01 năm 2026': days 1–9 and months 1–2 zero-padded (domain.md §4)."""
    if value is None:
        return "ngày \u00a0\u00a0\u00a0 tháng \u00a0\u00a0\u00a0 năm " + "\u00a0" * 6
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


@register.filter
def vn_date_line(value):
    return date_line(value)


@register.filter
def vn_date(value):
    """dd/mm/yyyy."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    if isinstance(value, (date, datetime)):
        return value.strftime("%d/%m/%Y")
    return value


@register.filter
def vn_datetime(value):
    """'08 giờ 00, ngày 20/11/2025'."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value:%H} giờ {value:%M}, ngày {value:%d/%m/%Y}"


@register.filter
def roman(value):
    return ROMAN.get(value, value)


@register.filter
def days_phrase(days):
    """Human phrase for a signed number of days left."""
    if days is None:
        return ""
    if days > 0:
        return f"còn {days} ngày"
    if days == 0:
        return "hôm nay"
    return f"đã qua {-days} ngày"
