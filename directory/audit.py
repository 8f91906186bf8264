"""The event log: business and security events, written once and never changed.

Call `event_log(user=..., action=Event.Action.ISSUED, obj=notice, commune=notice.commune)`
from services (routed, answered, issued, exported, printed, viewed_personal_data...).
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


def _event(*, user, action, obj=None, commune=None, detail="", username=""):
    if action not in Event.Action.values:
        raise ValueError(f"Unknown event action: {action!r}")
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if obj is not None and commune is None:
        commune = _commune_of(obj)
    return Event(
        user=user,
        username=(user.get_username() if user is not None else username)[:150],
        commune=commune,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail=detail[:200],
    )


def event_log(*, user, action, obj=None, commune=None, detail="", username=""):
    """Append one event and return it.

    USER may be None or anonymous (a failed sign-in); then USERNAME says what was typed.
    OBJ is recorded as "app_label.model" and its primary key; COMMUNE defaults to OBJ's commune.
    Side effects: inserts one row into directory_event.
    """
    event = _event(user=user, action=action, obj=obj, commune=commune, detail=detail, username=username)
    event.save()
    return event


def compact_ids(ids):
    """Record ids as sorted ranges: [1, 2, 3, 7, 9, 10] -> ["1-3", "7", "9-10"]."""
    parts, start, prev = [], None, None
    for pk in sorted(set(ids)):
        if prev is not None and pk == prev + 1:
            prev = pk
            continue
        if start is not None:
            parts.append(f"{start}-{prev}" if prev != start else str(start))
        start = prev = pk
    if start is not None:
        parts.append(f"{start}-{prev}" if prev != start else str(start))
    return parts


def event_log_ids(*, user, action, label, ids, obj=None, commune=None):
    """Log ACTION on the records IDS (e.g. the petitions of an export) by id only, never their data.

    `detail` reads "LABEL 1-3,7,12"; ids that do not fit one row (200 characters) go on as many
    rows as needed, all written in one insert. Returns the events.
    """
    room = 200 - len(label) - 1
    chunks, current = [], ""
    for part in compact_ids(ids):
        if current and len(current) + 1 + len(part) > room:
            chunks.append(current)
            current = part
        else:
            current = f"{current},{part}" if current else part
    chunks.append(current or "-")
    events = [_event(user=user, action=action, obj=obj, commune=commune, detail=f"{label} {chunk}") for chunk in chunks]
    return Event.objects.bulk_create(events)


class PersonalDataAdminMixin:
    """For a ModelAdmin of records holding citizens' data: logs each change-page view by record id.

    Usage: `class PetitionAdmin(PersonalDataAdminMixin, admin.ModelAdmin): ...`
    """

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = self.get_object(request, object_id) if response.status_code == 200 else None
        if obj is not None:
            event_log(user=request.user, action=Event.Action.VIEWED_PERSONAL_DATA, obj=obj, detail="admin")
        return response
