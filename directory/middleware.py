from .models import Commune
from .permissions import communes_of

SESSION_KEY = "active_commune_id"


def _active_commune(request):
    user = request.user
    if not user.is_authenticated:
        return None
    wanted = request.session.get(SESSION_KEY)
    if not user.is_superuser:
        # One read of the memberships with their communes, shared by the roles and the menu.
        communes = communes_of(user) if user.is_active else []
        return next((c for c in communes if c.pk == wanted), None) or (communes[0] if communes else None)
    communes = Commune.objects.visible_to(user).select_related("province")
    if wanted:
        commune = communes.filter(pk=wanted).first()
        if commune:
            return commune
    return communes.order_by("province__name", "name").first()


class ActiveCommuneMiddleware:
    """Sets request.commune: the commune the user works in now (switchable in the menu), or None.

    Resolved here rather than lazily: views test `request.commune is None`, which a lazy
    wrapper around None never is (a user of no commune then met a server error).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.commune = _active_commune(request)
        return self.get_response(request)
