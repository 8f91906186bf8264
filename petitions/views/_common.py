"""What the petition pages share: the user's scope and the filter choices."""

from directory.models import Unit
from directory.permissions import can_read_all, unit_ids_of
from sessions_app.models import Session

from ..forms import (
    topics_for,
)
from ..models import Petition, Status
from ..querysets import SORT_LABELS


def _scoped(request):
    return Petition.objects.visible_to(request.user).in_commune(request.commune)


def _has_petition_scope(request):
    """Whether the user reads any petition of the active commune (commune-wide, or a unit's)."""
    return can_read_all(request.user, request.commune) or bool(unit_ids_of(request.user, request.commune))


def _filters_context(request):
    commune = request.commune
    sessions = Session.objects.visible_to(request.user).in_commune(commune).order_by("-period_start")
    return {
        "sessions": sessions,
        "villages": commune.villages.filter(is_active=True),
        "topics": topics_for(commune),
        "units": Unit.objects.filter(commune=commune, is_active=True),
        "statuses": Status.choices,
        "sorts": SORT_LABELS.items(),
        "params": request.GET,
    }
