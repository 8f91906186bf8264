from django import template

from directory.permissions import can_manage_obj, can_read_roster
from sessions_app.enums import SessionStatus

from ..briefing import can_read_briefing
from ..models import Minutes
from ..services import HELD_STATES, programme_rows

register = template.Library()


@register.inclusion_tag("proceedings/includes/session_panel.html", takes_context=True)
def proceedings_panel(context, session):
    """The session's programme, minutes and briefing pack, on the session page."""
    user = context["request"].user
    commune = session.plan.commune
    rows, is_default = programme_rows(session)
    may_read_minutes = can_read_roster(user, commune)
    manage = can_manage_obj(user, session)
    return {
        "session": session,
        "rows": rows,
        "is_default": is_default,
        "minutes": Minutes.objects.filter(session=session).first() if may_read_minutes else None,
        "may_read_minutes": may_read_minutes,
        "may_start_minutes": manage and session.status in HELD_STATES,
        "may_edit_programme": manage and session.status != SessionStatus.CANCELLED,
        "may_brief": can_read_briefing(user, commune),
        "request": context["request"],
    }
