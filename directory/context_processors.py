from django.utils.functional import SimpleLazyObject

from .models import Commune
from .permissions import can_approve, can_manage, communes_of, may_report, may_use_two_factor


def communes(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {
        "active_commune": request.commune if request.commune else None,
        # A superuser's every commune is read when the menu shows the switch; anyone else's
        # communes came with the memberships the middleware read (no query of their own).
        "my_communes": (
            Commune.objects.visible_to(user).select_related("province") if user.is_superuser else communes_of(user)
        ),
        "offer_two_factor": SimpleLazyObject(lambda: may_use_two_factor(user)),
        "is_office": SimpleLazyObject(lambda: can_manage(request.user, request.commune)),
        "is_leader": SimpleLazyObject(lambda: can_approve(request.user, request.commune)),
        "can_report": SimpleLazyObject(lambda: may_report(request.user, request.commune)),
    }
