from .models import Commune

SESSION_KEY = "active_commune_id"


def _active_commune(request):
    if not request.user.is_authenticated:
        return None
    communes = Commune.objects.visible_to(request.user).select_related("province")
    wanted = request.session.get(SESSION_KEY)
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
