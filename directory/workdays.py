"""Working days: deadlines counted in working days skip weekends and the office's holidays."""

import datetime

from django.apps import apps
from django.db.models import Q


def holidays_between(start, end, commune=None):
    """The set of holiday dates in [START, END] that apply to COMMUNE (shared ones too)."""
    # By the registry, not an import: the models (a request's deadline) count working days too.
    holiday = apps.get_model("directory", "Holiday")
    q = Q(commune__isnull=True)
    if commune is not None:
        q |= Q(commune=commune)
    return set(holiday.objects.filter(q, day__gte=start, day__lte=end).values_list("day", flat=True))


def is_working_day(day, holidays=()):
    return day.weekday() < 5 and day not in holidays


def add_working_days(start, n, commune=None):
    """The date N working days after START (START itself not counted).

    Saturdays, Sundays and the holidays kept in directory.Holiday (for COMMUNE, and
    those with no commune) are skipped. One query, whatever N.
    """
    if n <= 0:
        return start
    # Enough calendar days for N working days even across Tết (at most ~10 days off in a row).
    horizon = start + datetime.timedelta(days=n * 7 // 5 + 30)
    holidays = holidays_between(start, horizon, commune)
    day = start
    left = n
    while left:
        day += datetime.timedelta(days=1)
        if day > horizon:
            horizon = day + datetime.timedelta(days=60)
            holidays |= holidays_between(day, horizon, commune)
        if is_working_day(day, holidays):
            left -= 1
    return day


def working_days_between(start, end, commune=None):
    """How many working days after START up to and including END (negative when END is before START)."""
    if end < start:
        return -working_days_between(end, start, commune)
    holidays = holidays_between(start, end, commune)
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays):
            count += 1
    return count
