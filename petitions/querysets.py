"""Reads of petitions: one scope decides what each user may see."""

import datetime

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.utils import timezone

from dialogue.text import fold
from directory.models import Membership
from directory.permissions import COMMUNE_READ_ROLES, has_role, memberships_of, unit_ids_of
from directory.querysets import CommuneScopedQuerySet

from .enums import NEVER_PUBLIC_KINDS, OPEN_STATES, UNRESOLVED_STATES, Status


def _scope_q(user, prefix=""):
    """Q for the petitions USER may see: the commune's for office, leaders, supervisors; a unit's for its officials."""
    if not user or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Q()
    rows = memberships_of(user)
    whole = {c for c, role, _ in rows if role in COMMUNE_READ_ROLES}
    units = {u for c, role, u in rows if role == Membership.Role.UNIT_OFFICIAL and u is not None and c not in whole}
    q = Q(**{f"{prefix}pk__in": []})
    if whole:
        q |= Q(**{f"{prefix}commune_id__in": whole})
    if units:
        q |= Q(**{f"{prefix}unit_id__in": units})
    return q


#: Who sees a protected author (a denunciation's, a confidential petition's): the commune's
#: offices and its leaders. Unit officials, the supervisor and the province read the content only.
IDENTITY_ROLES = (
    Membership.Role.PARTY_OFFICE,
    Membership.Role.STATE_OFFICE,
    Membership.Role.ADMIN,
    Membership.Role.LEADER,
)


#: What tells who raised a petition: hidden, with its history, from those who may not see a protected author.
IDENTITY_FIELDS = ("citizen_name", "citizen_phone", "citizen_address", "representatives")


def may_see_identity(user, petition):
    """Whether USER, who may see PETITION (visible_to), may also see who raised it."""
    if not petition.identity_protected or user.is_superuser:
        return True
    return has_role(user, petition.commune_id, *IDENTITY_ROLES)


class PetitionQuerySet(CommuneScopedQuerySet):
    commune_lookup = "commune"

    def visible_to(self, user):
        q = _scope_q(user)
        return self.none() if q is None else self.filter(q)

    def open(self):
        return self.filter(status__in=OPEN_STATES)

    def publishable(self):
        """Petitions whose result may be shown once their session's results are published:
        never a confidential one, never a denunciation, never a duplicate (its original stands)."""
        return self.filter(is_confidential=False).exclude(kind__in=NEVER_PUBLIC_KINDS).exclude(status=Status.DUPLICATE)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status__in=OPEN_STATES, deadline__lt=today)

    def transfers_awaiting(self):
        """Transferred petitions whose receiving body has not replied, the longest overdue first."""
        return self.filter(status=Status.TRANSFERRED, transfer_replied_on__isnull=True).order_by(
            F("transfer_reply_due").asc(nulls_last=True), "id"
        )

    def transfers_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.transfers_awaiting().filter(transfer_reply_due__lt=today)

    def unit_queue(self, units):
        """Open petitions of UNITS, most urgent (nearest deadline) then newest first."""
        return self.filter(unit__in=units, status=Status.ROUTED).order_by("deadline", "-received_on", "-id")

    def awaiting_approval(self):
        """Assigned petitions whose latest answer is drafted and not yet approved (a leader's queue)."""
        Answer = self.model._meta.get_field("answers").related_model
        # Only the latest round can be unapproved (services.petition_answer_draft).
        # A draft a leader returned waits for its author, not for approval.
        drafts = Answer.objects.filter(petition=OuterRef("pk"), approved_at__isnull=True, returned_at__isnull=True)
        return self.filter(Exists(drafts), status=Status.ROUTED)

    def with_draft(self):
        """Annotate each petition with its unapproved draft answer: `draft_body`, and `draft_return_note`
        (why a leader returned it, "" or None when it was not returned)."""
        Answer = self.model._meta.get_field("answers").related_model
        drafts = Answer.objects.filter(petition=OuterRef("pk"), approved_at__isnull=True).order_by("-round")
        return self.annotate(
            draft_body=Subquery(drafts.values("body")[:1]),
            draft_return_note=Subquery(drafts.filter(returned_at__isnull=False).values("return_note")[:1]),
        )

    def repeated_unresolved(self, commune=None):
        """Petitions raised two or more times and still not settled (seed 000: "nêu nhiều lần").

        Repeats always point at the first petition of their chain (services.petition_link_repeat),
        so the chains start from the repeats (a partial index holds only them): the first
        petitions are those some repeat points at, each counted by its own repeats. Nothing
        here reads the petitions raised once, however many there are. COMMUNE (optional)
        narrows the repeats read to one commune's, through that index.
        """
        repeats = self.model.objects.filter(repeat_of__isnull=False)
        if commune is not None:
            repeats = repeats.filter(commune=commune)
        # The first petitions some repeat points at, joined to their repeats once (by the
        # repeat_of index) and counted in one GROUP BY: no query per chain.
        return (
            self.filter(repeat_of__isnull=True, pk__in=repeats.values("repeat_of"))
            .annotate(
                times=Count("repeats") + 1,
                open_repeats=Count("repeats", filter=Q(repeats__status__in=UNRESOLVED_STATES)),
            )
            .filter(Q(status__in=UNRESOLVED_STATES) | Q(open_repeats__gt=0))
            .order_by("-times", "-received_on", "-id")
        )


class PetitionScopedQuerySet(CommuneScopedQuerySet):
    """Rows that belong to a petition (moves, answers, attachments): the petition's scope."""

    commune_lookup = "petition__commune"

    def visible_to(self, user):
        q = _scope_q(user, prefix="petition__")
        return self.none() if q is None else self.filter(q)


__all__ = ["IDENTITY_ROLES", "PetitionQuerySet", "PetitionScopedQuerySet", "may_see_identity", "unit_ids_of"]


# --- list filters and keyset pages ------------------------------------------------------

#: sort key -> ordering columns (each with its direction); the last column is unique.
SORTS = {
    "moi": (("received_on", "desc"), ("id", "desc")),
    "cu": (("received_on", "asc"), ("id", "asc")),
    "han": (("deadline", "asc"), ("id", "desc")),
}
SORT_LABELS = {"moi": "Mới nhất", "cu": "Cũ nhất", "han": "Hạn gần nhất"}
PAGE_SIZE = 50


def search_filter(qs, text):
    """Accent-insensitive search on the stored folded column: every word must appear.

    The column is folded lower-case, so a plain LIKE suffices; on PostgreSQL the GIN trigram
    index serves it.
    """
    for word in fold(text).split()[:8]:
        qs = qs.filter(search_text__contains=word)
    return qs


def apply_filters(qs, params, today=None):
    """Filter QS by the list's GET parameters (q, buoi, thon, linh_vuc, don_vi, trang_thai, qua_han)."""
    q = (params.get("q") or "").strip()
    if q:
        qs = search_filter(qs, q)
    for param, column in (
        ("buoi", "session_id"),
        ("thon", "village_id"),
        ("linh_vuc", "topic_id"),
        ("don_vi", "unit_id"),
    ):
        value = params.get(param) or ""
        if value.isdigit():
            qs = qs.filter(**{column: int(value)})
    status = params.get("trang_thai") or ""
    if status:
        if status in Status.values:
            qs = qs.filter(status=status)
    if params.get("qua_han"):
        qs = qs.overdue(today)
    return qs


def _cursor_values(obj, columns):
    return [getattr(obj, name) for name, _ in columns]


def encode_cursor(obj, columns):
    parts = []
    for value in _cursor_values(obj, columns):
        parts.append("" if value is None else (value.isoformat() if hasattr(value, "isoformat") else str(value)))
    return "_".join(parts)


def _decode(value, name):
    if value == "":
        return None
    if name in ("received_on", "deadline"):
        return datetime.date.fromisoformat(value)
    return int(value)


def keyset_page(qs, sort, after=None, size=PAGE_SIZE, nulls=True):
    """One page of QS in the order SORT, starting after the cursor AFTER; returns (rows, next_cursor).

    Keyset paging (WHERE (a, id) beyond the cursor) keeps a deep page as fast as the first,
    and never counts the whole list. Null deadlines sort last (NULLS=False: QS has none).
    """
    columns = SORTS.get(sort) or SORTS["moi"]
    (first, first_dir), (second, second_dir) = columns
    order = []
    for name, direction in columns:
        # Only the deadline can be null; other columns keep the plain order their indexes have.
        nulls = {"nulls_last": True} if name == "deadline" else {}
        order.append(F(name).desc(**nulls) if direction == "desc" else F(name).asc(**nulls))
    if after:
        try:
            raw_a, raw_b = after.split("_", 1)
            a, b = _decode(raw_a, first), _decode(raw_b, second)
        except ValueError:
            a = b = None
            after = None
        if after:
            beyond = "lt" if first_dir == "desc" else "gt"
            beyond_b = "lt" if second_dir == "desc" else "gt"
            if a is None:
                # Among the null-deadline tail.
                qs = qs.filter(**{f"{first}__isnull": True, f"{second}__{beyond_b}": b})
            else:
                # The bound on the first column alone lets the database range-scan its index.
                bound = "lte" if first_dir == "desc" else "gte"
                cond = Q(**{f"{first}__{bound}": a}) & (
                    Q(**{f"{first}__{beyond}": a}) | Q(**{f"{second}__{beyond_b}": b})
                )
                if first_dir == "asc" and nulls:
                    cond |= Q(**{f"{first}__isnull": True})
                qs = qs.filter(cond)
    rows = list(qs.order_by(*order)[: size + 1])
    next_cursor = encode_cursor(rows[size - 1], columns) if len(rows) > size else None
    return rows[:size], next_cursor
