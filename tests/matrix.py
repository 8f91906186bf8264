"""The vocabulary of the permission matrix (tests/test_permission_matrix.py and the rows kept beside
each app's tests): personas, expected statuses and the helpers that build a row's cells.

Each persona is the name of a fixture in tests/conftest.py. The matrix objects (see `objs`) all
belong to `commune` and to the **state** side (a People's Committee plan).
"""

from dataclasses import dataclass, field

ANON = "anonymous"
CLERK = "clerk"  # office of the People's Committee: the state side, the matrix objects' side
PARTY = "party_clerk"  # office of the Party committee of the same commune: the other side
LEADER = "leader"
OFFICER = "officer"  # official of `unit`
SUPERVISOR = "supervisor"  # MTTQ: reads everything of the commune, changes nothing
PROVINCE = "province_user"  # reports of the province; no citizens' personal data
OUTSIDER = "outsider"  # office of another commune
ADMIN = "admin_role"  # the commune's ADMIN membership (not staff, not a superuser): office of both sides, approves
PERSONAS = (ANON, CLERK, PARTY, LEADER, OFFICER, SUPERVISOR, PROVINCE, OUTSIDER, ADMIN)
LOGIN = "login"

#: Who reads rosters, letters, attendance, signature sheets and petitions (citizens' personal data).
READERS = {CLERK, PARTY, LEADER, SUPERVISOR, ADMIN}
#: Office staff of either side: the directory, petitions intake, the personal-data register.
OFFICES = {CLERK, PARTY, ADMIN}
#: Writers of the matrix objects (state side): the state office and the commune's administrator.
STATE_OFFICE = {CLERK, ADMIN}
#: Who approves answers and notices and signs (`can_approve`).
APPROVERS = {LEADER, ADMIN}


@dataclass(frozen=True)
class Gap:
    expected: object
    now: object
    why: str


def gap(*, expected, now, why):
    return Gap(expected, now, why)


@dataclass
class Row:
    args: object = None
    get: dict = field(default_factory=dict)
    post: dict = field(default_factory=dict)
    data: dict = field(default_factory=dict)


def row(args=None, *, get=None, post=None, data=None):
    return Row(args=args, get=get or {}, post=post or {}, data=data or {})


def signed_in(status, **overrides):
    """STATUS for every persona but anonymous (sent to sign in)."""
    return {ANON: LOGIN, **{p: status for p in PERSONAS[1:]}, **overrides}


def in_commune(status, **overrides):
    """The same, but the outsider, office staff of another commune, gets 404."""
    return signed_in(status, **{OUTSIDER: 404, **overrides})


def only(allowed, status, other=404, **overrides):
    """STATUS for the personas in ALLOWED, OTHER for the rest (anonymous: LOGIN)."""
    return {ANON: LOGIN, **{p: status if p in allowed else other for p in PERSONAS[1:]}, **overrides}
