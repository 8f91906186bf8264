"""Permission-matrix rows of the citizen's side (merged into tests/test_permission_matrix.py).

The public pages answer every persona alike, the anonymous public first: 200 for what the office
published, 404 for what it did not. The office's publish and unpublish buttons follow the rule of
the record's own app: the office of the record's side is redirected back with the outcome,
everyone else gets 404.
"""

import datetime

from tests.matrix import PERSONAS, STATE_OFFICE

EVERYONE_200 = {p: 200 for p in PERSONAS}


def _published_notice(o):
    """An issued notice of a concluded session of `o.plan`, its results published; made once."""
    if not hasattr(o, "published_notice"):
        from conclusions.enums import NoticeStatus
        from sessions_app.enums import SessionStatus
        from tests.conclusions.factories import NoticeFactory
        from tests.factories import SessionFactory, aware

        session = SessionFactory(plan=o.plan, villages=[o.village], quarter=None, starts_at=aware(2025, 10, 2))
        session.status = SessionStatus.CONCLUDED
        session.save(update_fields=["status"])
        o.published_notice = NoticeFactory(
            session=session,
            status=NoticeStatus.ISSUED,
            number=9,
            number_period="2025",
            issued_on=datetime.date(2025, 10, 6),
            results_published_on=datetime.date(2025, 10, 7),
            pdf=b"%PDF-1.4 matrix",
            snapshot={"subject": "Kết luận"},
        )
    return o.published_notice


def _feed(o):
    """A private calendar feed of a user of the commune; made once."""
    if not hasattr(o, "feed"):
        from public.models import CalendarFeed
        from tests.factories import UserFactory, member

        o.feed = CalendarFeed.objects.create(user=member(UserFactory(username="matrix_feed"), o.plan.commune))
    return o.feed


def rows(row, in_commune, only, signed_in):
    refused = in_commune(404, **{p: 302 for p in STATE_OFFICE})
    return {
        "public:commune": row(lambda o: [o.plan.commune_id], get=EVERYONE_200),
        "public:commune_ical": row(lambda o: [o.plan.commune_id], get=EVERYONE_200),
        "public:notice_pdf": row(lambda o: [o.plan.commune_id, _published_notice(o).pk], get=EVERYONE_200),
        "public:session_results": row(lambda o: [o.plan.commune_id, _published_notice(o).pk], get=EVERYONE_200),
        # A code that matches nothing: the same page for everyone, nothing stored.
        "public:lookup": row(get=EVERYONE_200, post=EVERYONE_200, data={"ma": "ZZZZ-ZZZZ-ZZZZ-ZZZZ"}),
        # Off by default (the matrix commune does not take online opinions) and the matrix session
        # is not announced: 404 for everyone; tests/public/test_online_petition.py opens it.
        "public:online_petition": row(
            lambda o: [o.plan.commune_id, o.session.pk],
            get={p: 404 for p in PERSONAS},
            post={p: 404 for p in PERSONAS},
            data={"content": "x"},
        ),
        # One's own private calendar address: every signed-in user; the feed answers its token alone.
        "public:my_calendar": row(get=signed_in(200), post=signed_in(302), data={"action": "tao"}),
        "public:my_calendar_feed": row(lambda o: [_feed(o).token], get=EVERYONE_200),
        "sessions_app:session_publish": row(lambda o: [o.session.pk], get=signed_in(405), post=refused),
        "sessions_app:session_unpublish": row(
            lambda o: [o.session.pk], get=signed_in(405), post=refused, data={"reason": "Nhầm lịch"}
        ),
    }
