from django import template
from django.utils import timezone

from directory.permissions import can_manage_obj

from ..models import ConclusionNotice, publication_due
from ..services import HELD_STATES, open_petitions_not_followed

register = template.Library()

# The open petitions that block closing, listed on the session page (the rest behind a link).
UNFOLLOWED_SHOWN = 20


@register.inclusion_tag("conclusions/includes/session_panel.html", takes_context=True)
def conclusions_panel(context, session):
    """The conclusion notices of a session, on the session page."""
    user = context["request"].user
    notices = list(ConclusionNotice.objects.visible_to(user).filter(session=session).select_related("issuer"))
    issued = [n for n in notices if n.is_issued and not n.corrects_id]
    # State side: the 10-day countdown runs from the conference itself, not from the notice.
    due = publication_due(session) if session.status in HELD_STATES else None
    can_manage = can_manage_obj(user, session)
    unfollowed, unfollowed_count = [], 0
    if session.status == "concluded" and can_manage:
        rows = open_petitions_not_followed(session).select_related("topic").order_by("received_on", "id")
        unfollowed = list(rows[: UNFOLLOWED_SHOWN + 1])
        unfollowed_count = len(unfollowed) if len(unfollowed) <= UNFOLLOWED_SHOWN else rows.count()
        unfollowed = unfollowed[:UNFOLLOWED_SHOWN]
    return {
        "session": session,
        "notices": notices,
        "main": issued[0] if issued else None,
        "publication_due": due,
        "publication_days_left": (due - timezone.localdate()).days if due else None,
        "can_manage": can_manage,
        "unfollowed": unfollowed,
        "unfollowed_count": unfollowed_count,
        "unfollowed_more": unfollowed_count - len(unfollowed),
        "may_draft": session.status == "held" and not notices,
        "request": context["request"],
    }
