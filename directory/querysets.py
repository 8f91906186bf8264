"""Reads scoped to the communes a user works in.

Every model that belongs to a commune is read through `visible_to(user)`; an
object outside it answers 404 in the views.
"""

from django.db import models


def commune_ids_for(user):
    """Ids of the communes USER may work in (all of them for a superuser)."""
    from .models import Commune, Membership

    if not user or not user.is_authenticated or not user.is_active:
        return Commune.objects.none().values("id")
    if user.is_superuser:
        return Commune.objects.values("id")
    return Membership.objects.filter(user=user).values("commune_id")


class CommuneScopedQuerySet(models.QuerySet):
    #: The lookup from this model to its commune.
    commune_lookup = "commune"

    def visible_to(self, user):
        return self.filter(**{f"{self.commune_lookup}__in": commune_ids_for(user)})

    def in_commune(self, commune):
        return self.filter(**{self.commune_lookup: commune})


class CommuneQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(id__in=commune_ids_for(user))
