"""Who may do what, from the user's memberships (roles per commune).

Reads: `Model.objects.visible_to(user)` decides which rows a user sees.
Writes: these predicates decide which actions a user may take in a commune;
views check them and answer 404 when the object is outside the user's scope
(never 403 with data).
"""

from .models import Membership

R = Membership.Role

#: Roles that run plans, sessions, rosters, letters and notices of a commune.
OFFICE_ROLES = (R.PARTY_OFFICE, R.STATE_OFFICE, R.ADMIN)
#: Roles that read everything of a commune.
COMMUNE_READ_ROLES = (R.PARTY_OFFICE, R.STATE_OFFICE, R.ADMIN, R.LEADER, R.SUPERVISOR)


def roles_in(user, commune):
    """The set of roles USER holds in COMMUNE (every role for a superuser)."""
    if not user.is_authenticated or commune is None:
        return set()
    if user.is_superuser:
        return set(R.values)
    cache = getattr(user, "_roles_cache", None)
    if cache is None:
        cache = {}
        for commune_id, role in Membership.objects.filter(user=user).values_list("commune_id", "role"):
            cache.setdefault(commune_id, set()).add(role)
        user._roles_cache = cache
    return cache.get(commune.pk if hasattr(commune, "pk") else commune, set())


def has_role(user, commune, *roles):
    return bool(roles_in(user, commune) & set(roles))


def can_manage(user, commune):
    """Office staff (and administrators): create and edit plans, sessions, rosters, notices."""
    return has_role(user, commune, *OFFICE_ROLES)


def can_approve(user, commune):
    """Leaders approve answers and notices, and sign."""
    return has_role(user, commune, R.LEADER, R.ADMIN)


def can_read_all(user, commune):
    return has_role(user, commune, *COMMUNE_READ_ROLES)


def unit_ids_of(user, commune=None):
    """Ids of the units a unit official works for (in COMMUNE if given)."""
    qs = Membership.objects.filter(user=user, role=R.UNIT_OFFICIAL, unit__isnull=False)
    if commune is not None:
        qs = qs.filter(commune=commune)
    return set(qs.values_list("unit_id", flat=True))
