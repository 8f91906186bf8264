"""What waits for the office among plans and sessions ("Việc của tôi"): the documents to number.

A plan is ready to number once its sessions are entered (a plan with no number is a draft);
a session's invitation (GM) and announcement (TB) once it is scheduled with an exact date and
time (sessions_app.participants.session_document_missing) and the document has no number yet.
Each count is the same query as the list it links to (plan_list `?so=chua-cap`, session_list
`?can_cap_so=GM|TB`), so the two agree (tests/office/test_todo.py checks each). Only the
sides USER runs: the party office is not told of the People's Committee's documents.
"""

from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from directory.models import Unit
from directory.permissions import sides_managed

from .enums import SessionStatus
from .models import Plan, Session, SessionDocument

#: Sessions whose invitation and announcement are due: scheduled or announced, not yet held.
TO_NUMBER_STATES = (SessionStatus.SCHEDULED, SessionStatus.ANNOUNCED)


def _of_sides(issuer, sides):
    """A filter on the ISSUER lookup: issued by a body of one of SIDES (a unit's side is its kind's)."""
    party = Q(**{f"{issuer}__kind__in": Unit.PARTY_KINDS})
    if set(sides) >= {Unit.Side.PARTY, Unit.Side.STATE}:
        return Q()
    if Unit.Side.PARTY in sides:
        return party
    if Unit.Side.STATE in sides:
        return ~party
    return Q(pk__in=[])


def plans_to_number(qs, sides):
    """Plans of QS with no number yet, of SIDES, that have at least one session."""
    has_sessions = Exists(Session.objects.filter(plan=OuterRef("pk")))
    return qs.filter(has_sessions, _of_sides("issuer", sides), number__isnull=True)


def sessions_to_number(qs, kind, sides):
    """Sessions of QS whose document KIND (GM or TB) may be numbered and is not yet."""
    return qs.filter(_of_sides("plan__issuer", sides), status__in=TO_NUMBER_STATES, starts_at__isnull=False).exclude(
        documents__kind=kind
    )


def session_todo(user, commune):
    """[(key, label, queryset, url)] of the documents USER's office has to number in COMMUNE."""
    sides = sides_managed(user, commune)
    if not sides:
        return []
    plans = Plan.objects.visible_to(user).in_commune(commune)
    sessions = Session.objects.visible_to(user).in_commune(commune)
    items = [
        (
            "plans_to_number",
            "Kế hoạch đã có buổi, chưa cấp số",
            plans_to_number(plans, sides),
            f"{reverse('sessions_app:plan_list')}?{urlencode({'so': 'chua-cap'})}",
        )
    ]
    for kind, key, label in (
        (SessionDocument.Kind.INVITATION, "invitations_to_number", "Giấy mời của buổi đã lên lịch, chưa cấp số"),
        (SessionDocument.Kind.ANNOUNCEMENT, "announcements_to_number", "Thông báo buổi tiếp xúc chưa cấp số"),
    ):
        url = f"{reverse('sessions_app:session_list')}?{urlencode({'can_cap_so': kind})}"
        items.append((key, label, sessions_to_number(sessions, kind, sides), url))
    return items
