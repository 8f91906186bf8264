from django import template

from directory.permissions import can_manage_obj

register = template.Library()


@register.inclusion_tag("conclusions/includes/session_panel.html", takes_context=True)
def conclusions_panel(context, session):
    """The conclusion notices of a session, on the session page."""
    from ..models import ConclusionNotice

    user = context["request"].user
    notices = list(ConclusionNotice.objects.visible_to(user).filter(session=session).select_related("issuer"))
    issued = [n for n in notices if n.is_issued]
    return {
        "session": session,
        "notices": notices,
        "main": issued[0] if issued else None,
        "can_manage": can_manage_obj(user, session),
        "may_draft": session.status == "held" and not notices,
        "request": context["request"],
    }
