import datetime

from directory.models import Holiday
from directory.workdays import add_working_days, working_days_between

D = datetime.date


def test_weekends_are_skipped(db, commune):
    # Friday 3 Oct 2025 + 1 working day = Monday 6 Oct.
    assert add_working_days(D(2025, 10, 3), 1, commune) == D(2025, 10, 6)
    assert add_working_days(D(2025, 10, 1), 10, commune) == D(2025, 10, 15)


def test_holidays_of_the_commune_and_shared_ones_are_skipped(db, commune, other_commune):
    Holiday.objects.create(commune=None, day=D(2025, 10, 6), name="Nghỉ chung")
    Holiday.objects.create(commune=commune, day=D(2025, 10, 7), name="Nghỉ của xã")
    Holiday.objects.create(commune=other_commune, day=D(2025, 10, 8), name="Nghỉ của xã khác")
    assert add_working_days(D(2025, 10, 3), 1, commune) == D(2025, 10, 8)
    assert add_working_days(D(2025, 10, 3), 1, other_commune) == D(2025, 10, 7)


def test_tet_holiday_week(db, commune):
    for day in range(14, 23):
        Holiday.objects.create(commune=None, day=D(2026, 2, day), name="Tết Nguyên đán")
    # Friday 13 Feb 2026 + 5 working days, with 16-20 Feb off: 23..27 Feb.
    assert add_working_days(D(2026, 2, 13), 5, commune) == D(2026, 2, 27)
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 27), commune) == 5


def test_zero_days_is_the_same_day(db, commune):
    assert add_working_days(D(2025, 10, 4), 0, commune) == D(2025, 10, 4)
