"""Counts of invited and present people of a session, by group, for pages and the conclusion notice."""

from django.db.models import Count, Q

from .models_participants import Participant, ParticipantGroup

GROUP_KEYS = tuple(ParticipantGroup.values)


def attendance_counts(session):
    """{"officials": {"invited": n, "present": n}, "village_delegates": …, "households": …, "total": …}.

    One aggregate query; "invited" counts everyone on the roster (whatever they answered),
    "present" those ticked present on the day.
    """
    aggregates = {}
    for group in GROUP_KEYS:
        aggregates[f"{group}__invited"] = Count("pk", filter=Q(group=group))
        aggregates[f"{group}__present"] = Count("pk", filter=Q(group=group, attended_at__isnull=False))
    row = Participant.objects.filter(session=session).aggregate(**aggregates)
    counts = {group: {"invited": row[f"{group}__invited"], "present": row[f"{group}__present"]} for group in GROUP_KEYS}
    counts["total"] = {
        "invited": sum(c["invited"] for c in counts.values()),
        "present": sum(c["present"] for c in counts.values()),
    }
    return counts
