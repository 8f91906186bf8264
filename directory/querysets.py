"""Reads scoped to the communes a user works in.

Every model that belongs to a commune is read through `visible_to(user)`; an
object outside it answers 404 in the views.
"""

from django.apps import apps
from django.db import models

from dialogue.text import fold, given_name_key


def commune_ids_for(user):
    """Ids of the communes USER may work in (all of them for a superuser)."""
    # By the registry, not an import: the models build their managers from this module.
    commune, membership = apps.get_model("directory", "Commune"), apps.get_model("directory", "Membership")
    if not user or not user.is_authenticated or not user.is_active:
        return commune.objects.none().values("id")
    if user.is_superuser:
        return commune.objects.values("id")
    return membership.objects.filter(user=user).values("commune_id")


class CommuneScopedQuerySet(models.QuerySet):
    #: The lookup from this model to its commune.
    commune_lookup = "commune"

    def visible_to(self, user):
        return self.filter(**{f"{self.commune_lookup}__in": commune_ids_for(user)})

    def in_commune(self, commune):
        return self.filter(**{self.commune_lookup: commune})


class OfficialQuerySet(CommuneScopedQuerySet):
    def by_given_name(self):
        """The same rows, ordered as lists of people are in Vietnamese: given name, then the rest.

        The order (dialogue.text.given_name_key, as the signature sheet) is computed in Python
        and handed to the database as a CASE, so the result stays a queryset for choice fields.
        """
        rows = sorted(self.values_list("pk", "full_name"), key=lambda row: (given_name_key(row[1]), row[0]))
        if not rows:
            return self
        whens = [models.When(pk=pk, then=models.Value(i)) for i, (pk, _) in enumerate(rows)]
        return self.order_by(models.Case(*whens, output_field=models.IntegerField()))


class CommuneQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(id__in=commune_ids_for(user))


def folded_search(qs, text, field="search_text"):
    """Rows of QS whose folded column holds every word of TEXT, accents and case aside.

    "15/KH" finds "15/KH-UBND"; "tan lap" and "TÂN LẬP" find "Tân Lập".
    """
    for word in fold(text).split()[:8]:
        qs = qs.filter(**{f"{field}__contains": word})
    return qs
