from django.utils.functional import SimpleLazyObject

from .models import Commune
from .permissions import can_approve, can_manage, may_use_two_factor, report_communes


def communes(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {
        "active_commune": request.commune if request.commune else None,
        "my_communes": Commune.objects.visible_to(user).select_related("province"),
        "offer_two_factor": SimpleLazyObject(lambda: may_use_two_factor(user)),
        "is_office": SimpleLazyObject(lambda: can_manage(request.user, request.commune)),
        "is_leader": SimpleLazyObject(lambda: can_approve(request.user, request.commune)),
        "can_report": SimpleLazyObject(lambda: report_communes(request.user, request.commune).exists()),
    }
