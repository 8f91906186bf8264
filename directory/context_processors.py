from django.utils.functional import SimpleLazyObject

from .models import Commune


def communes(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {
        "active_commune": request.commune if request.commune else None,
        "my_communes": Commune.objects.visible_to(user).select_related("province"),
        "offer_two_factor": SimpleLazyObject(lambda: _offer_two_factor(user)),
        "is_office": SimpleLazyObject(lambda: _is_office(request)),
        "is_leader": SimpleLazyObject(lambda: _is_leader(request)),
        "can_report": SimpleLazyObject(lambda: _can_report(request)),
    }


def _offer_two_factor(user):
    from .views import may_use_two_factor

    return may_use_two_factor(user)


def _is_office(request):
    from .permissions import can_manage

    return can_manage(request.user, request.commune)


def _is_leader(request):
    from .permissions import can_approve

    return can_approve(request.user, request.commune)


def _can_report(request):
    from conclusions.querysets import report_communes

    return report_communes(request.user, request.commune).exists()
