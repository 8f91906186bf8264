"""Permission-matrix rows of the session's programme, minutes and briefing pack (merged into
tests/test_permission_matrix.py).

- The programme carries no personal data: whoever sees the session reads and prints it; the
  office of the session's side (the matrix objects are of the state side) writes it.
- The minutes name the citizens who spoke: the commune-wide readers (READERS) read them, unit
  officials, the province and another commune get 404; the office of the side writes.
- The briefing pack is for the leaders and the offices (either side): the supervisor, unit
  officials and the province get 404.
"""

from tests.matrix import ADMIN, CLERK, LEADER, PARTY, READERS, STATE_OFFICE

BRIEFED = {CLERK, PARTY, LEADER, ADMIN}


def _held(o):
    """A held session of the matrix plan with draft minutes; made once."""
    if not hasattr(o, "held_session"):
        from proceedings.models import Minutes
        from sessions_app.enums import SessionStatus
        from tests.factories import SessionFactory, aware

        session = SessionFactory(plan=o.plan, villages=[o.village], quarter=None, starts_at=aware(2025, 11, 22))
        session.status = SessionStatus.HELD
        session.save(update_fields=["status"])
        o.held_session = session
        o.minutes = Minutes.objects.create(session=session, issuer=o.plan.issuer, place="Lộc Thành")
    return o.held_session


def _minutes(o):
    _held(o)
    return o.minutes


def rows(row, in_commune, only, signed_in):
    refused = in_commune(404, **{p: 302 for p in STATE_OFFICE})
    return {
        "proceedings:programme_edit": row(
            lambda o: [o.session.pk], get=only(STATE_OFFICE, 200), post=only(STATE_OFFICE, 200)
        ),
        "proceedings:programme_pdf": row(lambda o: [o.session.pk], get=in_commune(200)),
        "proceedings:programme_docx": row(lambda o: [o.session.pk], get=in_commune(200)),
        # POST-only: refused before any lookup. The office drafts; everyone else 404 (NotPermitted).
        "proceedings:minutes_create": row(lambda o: [_held(o).pk], get=signed_in(405), post=refused),
        "proceedings:minutes_detail": row(lambda o: [_minutes(o).pk], get=only(READERS, 200)),
        "proceedings:minutes_update": row(
            lambda o: [_minutes(o).pk], get=only(STATE_OFFICE, 200), post=only(STATE_OFFICE, 200)
        ),
        "proceedings:minutes_redraft": row(
            lambda o: [_minutes(o).pk], get=signed_in(405), post=only(STATE_OFFICE, 302)
        ),
        "proceedings:minutes_status": row(
            lambda o: [_minutes(o).pk], get=signed_in(405), post=only(STATE_OFFICE, 302), data={"to_status": "signed"}
        ),
        "proceedings:minutes_pdf": row(lambda o: [_minutes(o).pk], get=only(READERS, 200)),
        "proceedings:minutes_docx": row(lambda o: [_minutes(o).pk], get=only(READERS, 200)),
        "proceedings:briefing": row(lambda o: [o.session.pk], get=only(BRIEFED, 200)),
        "proceedings:briefing_pdf": row(lambda o: [o.session.pk], get=only(BRIEFED, 200)),
        "proceedings:briefing_docx": row(lambda o: [o.session.pk], get=only(BRIEFED, 200)),
    }
