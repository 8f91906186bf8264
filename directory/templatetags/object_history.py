"""`{% load object_history %}{% history_of obj %}`: the "Lịch sử thay đổi" section of an object's page.

A tag rather than a context variable, so each detail page adds one line and no view changes.
`{% history_of session "participants" %}` shows the history of a session's roster.
"""

from django import template

from directory.history import PARTS, history_entries

register = template.Library()


@register.inclusion_tag("includes/history.html")
def history_of(obj, part=None, hidden=""):
    """HIDDEN: names of fields, space-separated, whose values the reader may not see."""
    entries = history_entries(obj, part, hidden=tuple(hidden.split()))
    return {"entries": entries, "truncated": entries.truncated, "with_subject": part is not None or _has_parts(obj)}


def _has_parts(obj):
    return len(PARTS[obj._meta.label_lower]) > 1
