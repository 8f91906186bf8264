"""Who may do what, from the user's memberships (roles per commune). The one permission matrix.

Reads: `Model.objects.visible_to(user)` decides which rows a user sees.
Writes: these predicates decide which actions a user may take in a commune;
views check them and answer 404 when the object is outside the user's scope
(never 403 with data).

- office of the Party committee (Văn phòng Đảng ủy): plans, sessions, rosters, letters,
  attendance and notices of the **party** side; the directory, petitions intake and the
  personal-data register (not bound to a side);
- office of the People's Committee (Văn phòng HĐND và UBND): the same for the **state** side;
- administrator: both sides;
- leader: reads everything of the commune; approves answers and notices of **both** sides
  (see `can_approve`);
- supervisor (MTTQ): reads everything of the commune, changes nothing;
- unit official: reads plans and sessions; the unit's petitions and assignments; no roster
  (citizens' names and phone numbers);
- province user: reports across the province's communes; reads plans, sessions and notices
  (documents sent upward); nothing with citizens' personal data (rosters, petitions).

A side is the side of a plan's issuing unit (`Unit.side`: Đảng ủy → party, UBND → state);
sessions, rosters, letters and notices take the side of their plan. `side=None` (the
directory, petitions, the personal-data register) means either office.
"""

from django.contrib.auth import get_user_model

from dialogue.http import NotPermitted

from .models import Commune, Membership, Unit

R = Membership.Role
SIDES = (Unit.Side.PARTY, Unit.Side.STATE)

#: The office role of each side.
SIDE_OFFICE = {Unit.Side.PARTY: R.PARTY_OFFICE, Unit.Side.STATE: R.STATE_OFFICE}
#: Roles that run plans, sessions, rosters, letters and notices of a commune (of one side each, admin both).
OFFICE_ROLES = (R.PARTY_OFFICE, R.STATE_OFFICE, R.ADMIN)
#: Roles that read everything of a commune (rosters and citizens' data included).
COMMUNE_READ_ROLES = (R.PARTY_OFFICE, R.STATE_OFFICE, R.ADMIN, R.LEADER, R.SUPERVISOR)


def memberships_of(user):
    """[(commune_id, role, unit_id)] of USER's memberships: one query a request.

    Kept on the user object, which the authentication middleware loads anew for every request,
    so every check of one request (roles, the petition scope, a unit's ids) shares one read.
    """
    rows = getattr(user, "_memberships_cache", None)
    if rows is None:
        load_memberships(user)
        rows = user._memberships_cache
    return rows


def load_memberships(user):
    """Read USER's memberships with their communes (and provinces) in one query, kept on the user.

    Fills what `memberships_of` returns and `communes_of`: the active-commune middleware, the
    roles, the menu's commune switch and the petition scope of one request share this one read.
    """
    rows, communes = [], {}
    for m in Membership.objects.filter(user=user).select_related("commune__province"):
        rows.append((m.commune_id, m.role, m.unit_id))
        communes.setdefault(m.commune_id, m.commune)
    user._memberships_cache = rows
    user._communes_cache = sorted(communes.values(), key=lambda c: (c.province.name, c.name))


def communes_of(user):
    """The communes of USER's memberships, in the communes' order (province, name): no query of its own.

    Not for a superuser, who works in every commune (read `Commune.objects.visible_to`).
    """
    cache = getattr(user, "_communes_cache", None)
    if cache is None:
        load_memberships(user)
        cache = user._communes_cache
    return cache


def roles_in(user, commune):
    """The set of roles USER holds in COMMUNE (every role for a superuser)."""
    if not user.is_authenticated or commune is None:
        return set()
    if user.is_superuser:
        return set(R.values)
    cache = getattr(user, "_roles_cache", None)
    if cache is None:
        cache = {}
        for commune_id, role, _unit in memberships_of(user):
            cache.setdefault(commune_id, set()).add(role)
        user._roles_cache = cache
    return cache.get(commune.pk if hasattr(commune, "pk") else commune, set())


def has_role(user, commune, *roles):
    return bool(roles_in(user, commune) & set(roles))


def office_roles(side=None):
    """The roles that manage records of SIDE (None: either side)."""
    if side is None:
        return OFFICE_ROLES
    return (SIDE_OFFICE[Unit.Side(side)], R.ADMIN)


def plan_of(obj):
    """The plan behind a plan, session, participant, notice or assignment."""
    while obj._meta.label_lower != "sessions_app.plan":
        obj = getattr(obj, "notice", None) or getattr(obj, "session", None) or obj.plan
    return obj


def side_of(obj):
    """The side (party/state) of OBJ: its plan's issuer's."""
    return plan_of(obj).issuer.side


def can_manage(user, commune, side=None):
    """Office staff of SIDE (and administrators): create and edit plans, sessions, rosters, notices.

    SIDE None: either office (the directory, petitions intake, the data-request register).
    """
    return has_role(user, commune, *office_roles(side))


def can_manage_obj(user, obj):
    """Office staff of OBJ's side in OBJ's commune (OBJ: a plan, session, participant, notice or assignment)."""
    plan = plan_of(obj)
    return can_manage(user, plan.commune_id, side=plan.issuer.side)


def require_manager(user, obj, doing):
    """Refuse (NotPermitted, a 404) unless USER runs the office of OBJ's side.

    USER None is the system itself (a management command, the sample data), which the
    services let through; every page passes its signed-in user. DOING completes the
    Vietnamese message: "Bạn không có quyền <DOING>."
    """
    if user is not None and not can_manage_obj(user, obj):
        raise NotPermitted(f"Bạn không có quyền {doing}.")


def sides_managed(user, commune):
    """The sides whose plans USER may write in COMMUNE."""
    return [side for side in SIDES if can_manage(user, commune, side)]


def can_approve(user, commune):
    """Leaders approve answers and notices, and sign.

    Not bound to a side: a membership carries no side, and the commune's standing
    leaders (Bí thư, Phó Bí thư, Chủ tịch) sign for each other; the signer printed on
    a notice is chosen on the notice itself.
    """
    return has_role(user, commune, R.LEADER, R.ADMIN)


def can_correct_settled(user, commune):
    """The commune's administrator (Quản trị) corrects records already settled (a final petition).

    The manager role of the offices: a clerk corrects what is still being handled; once a
    record is final, a correction is the administrator's, and is shown as such.
    """
    return has_role(user, commune, R.ADMIN)


def can_read_all(user, commune):
    """Office staff, leaders, supervisors, administrators: everything of the commune, rosters included."""
    return has_role(user, commune, *COMMUNE_READ_ROLES)


#: Rosters, letters, attendance, signature sheets and roster exports carry citizens' names and
#: phone numbers: the commune-wide readers only (not unit officials, not province users).
can_read_roster = can_read_all


def unit_ids_of(user, commune=None):
    """Ids of the units a unit official works for (in COMMUNE if given)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    commune_id = commune.pk if hasattr(commune, "pk") else commune
    return {
        unit
        for c, role, unit in memberships_of(user)
        if role == R.UNIT_OFFICIAL and unit is not None and (commune is None or c == commune_id)
    }


# --- reports: which communes a user's report may cover ------------------------------------


def report_communes(user, active_commune):
    """The communes a report may cover for USER.

    A province-level user (Membership role "province") sees every commune of the
    provinces of their memberships; anyone else only the active commune, if they
    may read all of it.
    """
    if not user.is_authenticated:
        return Commune.objects.none()
    provinces = Membership.objects.filter(user=user, role=Membership.Role.PROVINCE).values("commune__province_id")
    if user.is_superuser or Membership.objects.filter(user=user, role=Membership.Role.PROVINCE).exists():
        qs = Commune.objects.filter(province_id__in=provinces)
        if user.is_superuser and active_commune is not None:
            qs = Commune.objects.filter(province_id=active_commune.province_id)
        return qs
    if active_commune is not None and can_read_all(user, active_commune):
        return Commune.objects.filter(pk=active_commune.pk)
    return Commune.objects.none()


def is_province_user(user):
    return user.is_authenticated and (
        user.is_superuser or Membership.objects.filter(user=user, role=Membership.Role.PROVINCE).exists()
    )


def may_use_two_factor(user):
    """Two-factor sign-in is offered to leaders and administrators."""
    return (
        user.is_superuser
        or user.is_staff
        or any(role in (Membership.Role.LEADER, Membership.Role.ADMIN) for _c, role, _u in memberships_of(user))
    )


def may_report(user, active_commune):
    """Whether `report_communes(user, active_commune)` has any commune, from the memberships already read."""
    if not user.is_authenticated:
        return False
    province_user = any(role == R.PROVINCE for _c, role, _u in memberships_of(user))
    if user.is_superuser:
        # Every commune of the active commune's province; without one, those of the province memberships.
        return active_commune is not None or province_user
    if province_user:
        return True
    return active_commune is not None and can_read_all(user, active_commune)


def users_with_role(commune, *roles, unit=None):
    """The active users holding one of ROLES in COMMUNE (of UNIT, if given): who is told of its events."""
    qs = Membership.objects.filter(commune=commune, role__in=roles, user__is_active=True)
    if unit is not None:
        qs = qs.filter(unit=unit)
    return get_user_model().objects.filter(pk__in=qs.values("user_id")).order_by("pk")
