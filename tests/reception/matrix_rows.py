"""Permission-matrix rows of the reception register (merged into tests/test_permission_matrix.py).

The register holds citizens' names: the commune's offices, leaders and MTTQ supervisor read it;
only the offices write and correct (an empty POST gets the form again, 200). Unit officials and the province
get 404; the outsider keeps the register of their own commune and gets 404 on this one's days.
"""

from tests.matrix import OFFICES, OUTSIDER, READERS


def _day(o):
    """A reception day of the matrix commune, held by the matrix official; made once."""
    if not hasattr(o, "reception_day"):
        import datetime

        from reception.models import ReceptionDay

        o.reception_day = ReceptionDay.objects.create(
            commune=o.plan.commune, day=datetime.date(2025, 11, 5), leader=o.official, place="Trụ sở UBND xã"
        )
    return o.reception_day


def _visit(o):
    """A visit on that day; made once."""
    if not hasattr(o, "reception_visit"):
        from reception.models import Visit

        o.reception_visit = Visit.objects.create(day=_day(o), content="Hỏi chế độ", outcome=Visit.Outcome.ANSWERED)
    return o.reception_visit


def rows(row, in_commune, only, signed_in):
    return {
        "reception:days": row(get=only(READERS | {OUTSIDER}, 200), post=only(OFFICES | {OUTSIDER}, 200)),
        "reception:day": row(lambda o: [_day(o).pk], get=only(READERS, 200), post=only(OFFICES, 200)),
        # Corrections of the register: the offices only (an empty POST gets the form again).
        "reception:day_edit": row(lambda o: [_day(o).pk], get=only(OFFICES, 200), post=only(OFFICES, 200)),
        "reception:visit_edit": row(lambda o: [_visit(o).pk], get=only(OFFICES, 200), post=only(OFFICES, 200)),
    }
