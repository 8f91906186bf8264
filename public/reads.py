"""What the public pages read: only what the office published, and never a citizen's personal data.

Each read names the fields it takes (`only`), so no public page ever loads a citizen's name,
phone or address, even into memory.
"""

import datetime
import functools
import time

from django.core.paginator import Paginator
from django.db import connections, transaction
from django.db.models import Count, F, OuterRef, Prefetch, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from conclusions.enums import OPEN_ASSIGNMENT_STATES
from conclusions.models import Assignment, ConclusionNotice
from directory.models import Commune, Event
from directory.permissions import unit_ids_of
from petitions.enums import OPEN_STATES
from petitions.models import Answer, Petition, normalise_lookup_code
from sessions_app.enums import UPCOMING_STATES, SessionStatus
from sessions_app.models import Session

#: How many past sessions the commune page lists (the newest first).
PAST_SESSIONS_SHOWN = 20
#: How many petitions of each session the commune page shows; the rest on the session's own page.
PETITIONS_PER_SESSION_SHOWN = 10
#: Petitions per page of a session's results.
RESULTS_PAGE_SIZE = 50

PUBLIC_PETITION_FIELDS = (
    "id",
    "session_id",
    "topic__name",
    "kind",
    "content",
    "status",
    "unit__name",
    "received_on",
    "deadline",
    "answered_at",
    "closed_at",
    "transfer_to",
)


#: How long (seconds) a web process trusts the publication version it read last of a commune, so
#: that a cached commune page costs no query: a publication made through this process is on the
#: page at once (forget_publication_version); one made through another process, within this long.
VERSION_RECHECK_SECONDS = 1.0
#: commune pk → (monotonic time read, version): this process's own memory.
_versions = {}


def _publication_events():
    return Event.objects.filter(action__in=(Event.Action.PUBLISHED, Event.Action.UNPUBLISHED))


def commune_publication_version(commune_pk):
    """A number that changes with every publication, unpublication or cancellation of the
    announcements and results of the commune COMMUNE_PK (its newest such event, 0 before any),
    or None when there is no such commune. It keys the page cache, so a publication is on the
    page at once. One query (the commune and its newest event together); none when this process
    read it less than VERSION_RECHECK_SECONDS ago."""
    now = time.monotonic()
    known = _versions.get(commune_pk)
    if known is not None and now - known[0] < VERSION_RECHECK_SECONDS:
        return known[1]
    latest = _publication_events().filter(commune=OuterRef("pk")).order_by("-id").values("id")[:1]
    row = Commune.objects.filter(pk=commune_pk).annotate(version=Subquery(latest)).values_list("version").first()
    if row is None:
        _versions.pop(commune_pk, None)
        return None
    _versions[commune_pk] = (now, row[0] or 0)
    return row[0] or 0


def forget_publication_version(commune_pk):
    """A publication of COMMUNE_PK was logged: read its version again, now and once committed."""
    _versions.pop(commune_pk, None)
    transaction.on_commit(lambda: _versions.pop(commune_pk, None))


def upcoming_sessions(commune, today=None):
    """The commune's announced sessions still to come, soonest first; a cancelled one stays, marked so."""
    today = today or timezone.localdate()
    states = (*UPCOMING_STATES, SessionStatus.CANCELLED)
    return (
        Session.objects.filter(plan__commune=commune, status__in=states, period_start__gte=today)
        .announced_publicly()
        .select_related("chair")
        .prefetch_related("villages")
        .order_by("period_start", "starts_at", "pk")
    )


def _approved_answers():
    return Prefetch(
        "answers",
        queryset=Answer.objects.filter(approved_at__isnull=False).only("petition_id", "round", "body", "approved_at"),
        to_attr="approved_answers",
    )


def published_results(commune):
    """[(notice, [petition, ...])]: the commune's notices whose results were published, newest
    first, each with the publishable petitions raised at its session (never confidential ones,
    never denunciations) and their approved answers."""
    notices = list(
        ConclusionNotice.objects.filter(session__plan__commune=commune)
        .results_published()
        .select_related("session", "issuer")
        .prefetch_related("session__villages")
        .defer("pdf")
        .order_by("-issued_on", "-pk")[:PAST_SESSIONS_SHOWN]
    )
    sessions = {n.session_id for n in notices}
    publishable = Petition.objects.filter(session__in=sessions).publishable()
    counts = dict(publishable.values("session_id").annotate(n=Count("pk")).values_list("session_id", "n").order_by())
    # The first few of each session only (a session may raise hundreds): numbered per session in
    # the database, so the page costs the same whatever the sessions raised.
    ranked = publishable.annotate(
        rank=Window(RowNumber(), partition_by=F("session_id"), order_by=(F("received_on").asc(), F("id").asc()))
    ).filter(rank__lte=PETITIONS_PER_SESSION_SHOWN)
    by_session = {}
    for petition in _public_petitions(ranked):
        by_session.setdefault(petition.session_id, []).append(petition)
    for notice in notices:
        notice.petitions_total = counts.get(notice.session_id, 0)
    return [(notice, by_session.get(notice.session_id, [])) for notice in notices]


def _public_petitions(qs):
    """QS as shown to the public: its fields, topic, unit and approved answer (the last round's)."""
    petitions = list(
        qs.select_related("topic", "unit")
        .only(*PUBLIC_PETITION_FIELDS)
        .prefetch_related(_approved_answers())
        .order_by("received_on", "id")
    )
    for petition in petitions:
        petition.approved_answer_public = petition.approved_answers[-1] if petition.approved_answers else None
    return petitions


def published_session_results(commune, notice_pk, page_number):
    """(notice, page of petitions) of one published notice of COMMUNE, or (None, None)."""
    notice = (
        ConclusionNotice.objects.filter(session__plan__commune=commune, pk=notice_pk)
        .results_published()
        .select_related("session", "issuer")
        .defer("pdf")
        .first()
    )
    if notice is None:
        return None, None
    qs = Petition.objects.filter(session=notice.session_id).publishable().order_by("received_on", "id")
    page = Paginator(qs.only("pk"), RESULTS_PAGE_SIZE).get_page(page_number)
    page.object_list = _public_petitions(Petition.objects.filter(pk__in=[p.pk for p in page.object_list]))
    return notice, page


def published_notice(commune, pk):
    """One published notice of COMMUNE with its frozen PDF, or None."""
    return (
        ConclusionNotice.objects.filter(session__plan__commune=commune, pk=pk)
        .results_published()
        .only("pk", "pdf", "number", "issued_on")
        .first()
    )


LOOKUP_FIELDS = ("id", "status", "deadline", "reaction")


@functools.cache
def _lookup_statement():
    """(database alias, SQL, converters by column) of the lookup's one query, compiled by the ORM
    once per process: compiling it costs several times what the database takes to answer it, and
    only the code (its one parameter) changes from one lookup to the next."""
    marker = "\x00lookup-code\x00"
    approved = Answer.objects.filter(petition=OuterRef("pk"), approved_at__isnull=False).order_by("-round")
    qs = (
        Petition.objects.filter(lookup_code=marker)
        .annotate(
            answer_body=Subquery(approved.values("body")[:1]),
            answer_approved_at=Subquery(approved.values("approved_at")[:1]),
        )
        .values_list(*LOOKUP_FIELDS, "answer_body", "answer_approved_at")
        .order_by()[:1]
    )
    compiler = qs.query.get_compiler(using=qs.db)
    sql, params = compiler.as_sql()
    if list(params) != [marker]:  # the code must be the one parameter bound per lookup
        raise RuntimeError(f"The lookup's query takes other parameters: {params!r}")
    converters = compiler.get_converters([expression for expression, _sql, _alias in compiler.select])
    return qs.db, sql, converters


def lookup_query(text):
    """(SQL, parameters) of the lookup's one query for TEXT (as a citizen typed it): on the unique
    index whatever TEXT is, so a wrong, malformed or unknown code takes as long. Its row (or None)
    goes to lookup_status_of."""
    return _lookup_statement()[1], [normalise_lookup_code(text)]


def lookup_status(text):
    """What the status lookup shows of the petition whose lookup code is TEXT (see lookup_status_of)."""
    sql, params = lookup_query(text)
    with connections[_lookup_statement()[0]].cursor() as cursor:
        cursor.execute(sql, params)
        return lookup_status_of(cursor.fetchone())


def lookup_status_of(row):
    """What the status lookup shows of the petition of ROW (lookup_query's answer): state,
    deadline, approved answer (the last round's), reaction; nothing else. None when no petition
    has the code. The query loads none of the citizen's data."""
    using, _sql, converters = _lookup_statement()
    if row is None or row[0] is None:
        return None
    connection = connections[using]
    row = list(row)
    # As the ORM would: the database's values as Python's (dates and times from SQLite, …).
    for position, (functions, expression) in converters.items():
        for convert in functions:
            row[position] = convert(row[position], expression, connection)
    *values, answer_body, answer_approved_at = row
    petition = Petition.from_db(using, LOOKUP_FIELDS, values)
    answer = None
    if answer_approved_at is not None:
        answer = {"body": answer_body, "approved_at": answer_approved_at}
    return {
        "status": petition.get_status_display(),
        "status_value": petition.status,
        "deadline": petition.deadline if petition.is_open else None,
        "answer": answer,
        "reaction": petition.reaction,
        "reaction_label": petition.get_reaction_display(),
        "can_react": petition.status == Petition.Status.ANSWERED and answer is not None,
    }


def calendar_sessions(commune, today=None, days_back=365):
    """The commune's publicly announced sessions with an exact time, from a year back on."""
    today = today or timezone.localdate()
    return (
        Session.objects.filter(
            plan__commune=commune,
            starts_at__isnull=False,
            period_start__gte=today - datetime.timedelta(days=days_back),
        )
        .exclude(status=SessionStatus.DRAFT)
        .announced_publicly()
        .select_related("chair")
        .prefetch_related("villages")
        .order_by("starts_at", "pk")
    )


def personal_feed(user, today=None):
    """(sessions, deadlines) of USER's own calendar: the coming sessions of their communes (their
    scope), and the deadlines of the open petitions and assignments of the units they work for."""
    today = today or timezone.localdate()
    sessions = (
        Session.objects.visible_to(user)
        .filter(starts_at__isnull=False, period_start__gte=today - datetime.timedelta(days=30))
        .exclude(status=SessionStatus.DRAFT)
        .select_related("chair")
        .prefetch_related("villages")
        .order_by("starts_at")[:200]
    )
    units = unit_ids_of(user)
    deadlines = []
    petitions = (
        Petition.objects.visible_to(user)
        .filter(unit_id__in=units, status__in=OPEN_STATES, deadline__isnull=False)
        .select_related("topic")
        .only("id", "code", "deadline", "topic__name")
        .order_by("deadline")[:500]
    )
    for p in petitions:
        deadlines.append((f"petition-{p.pk}", p.deadline, f"Hạn xử lý ý kiến {p.code} ({p.topic.name})"))
    assignments = (
        Assignment.objects.visible_to(user)
        .filter(unit_id__in=units, status__in=OPEN_ASSIGNMENT_STATES, notice__status="issued")
        .only("id", "task", "deadline")
        .order_by("deadline")[:500]
    )
    for a in assignments:
        deadlines.append((f"assignment-{a.pk}", a.deadline, f"Hạn nhiệm vụ: {a.task[:80]}"))
    return sessions, deadlines
