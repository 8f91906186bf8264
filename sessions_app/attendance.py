"""Counts of invited and present people of a session, by group, for pages and the conclusion notice."""

from django.db.models import Count, Q

from .models import Participant, ParticipantGroup, ResponseState

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


def response_counts(session):
    """Answers to the invitation by group: a table of rows (group label, {response: n}, total), with a total row.

    One aggregate query. "Đã mời" counts those not yet asked or with nothing recorded.
    """
    aggregates = {
        f"{group}__{response}": Count("pk", filter=Q(group=group, response=response))
        for group in GROUP_KEYS
        for response in ResponseState.values
    }
    row = Participant.objects.filter(session=session).aggregate(**aggregates)
    rows = []
    for group, label in ParticipantGroup.choices:
        cells = [row[f"{group}__{response}"] for response in ResponseState.values]
        rows.append({"group": group, "label": label, "cells": cells, "total": sum(cells)})
    totals = [sum(r["cells"][i] for r in rows) for i in range(len(ResponseState.values))]
    return {
        "responses": ResponseState.choices,
        "rows": rows,
        "totals": totals,
        "total": sum(totals),
    }
