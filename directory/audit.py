"""The event log: business and security events, written once and never changed.

Call `event_log(user=..., action=Event.Action.ISSUED, obj=notice, commune=notice.commune)`
from services (assigned, answered, issued, exported, printed, viewed_personal_data...).
Never put a citizen's name, address or phone in `detail`: name records by type and id.
"""

from .models import Event


def _commune_of(obj):
    for attr in ("commune", "plan", "session", "petition"):
        value = getattr(obj, attr, None)
        if value is None:
            continue
        if attr == "commune":
            return value
        found = _commune_of(value)
        if found is not None:
            return found
    return None


def event_log(*, user, action, obj=None, commune=None, detail="", username=""):
    """Append one event and return it.

    USER may be None or anonymous (a failed sign-in); then USERNAME says what was typed.
    OBJ is recorded as "app_label.model" and its primary key; COMMUNE defaults to OBJ's commune.
    Side effects: inserts one row into directory_event.
    """
    if action not in Event.Action.values:
        raise ValueError(f"Unknown event action: {action!r}")
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if obj is not None and commune is None:
        commune = _commune_of(obj)
    return Event.objects.create(
        user=user,
        username=(user.get_username() if user is not None else username)[:150],
        commune=commune,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail=detail[:200],
    )
