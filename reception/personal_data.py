"""The reception register's hook for personal data (see directory.personal_data): a visit holds the
citizen's name, phone and address, and its texts (content, answer) may name them; a group visit's
representatives are rows of their own (name, address, phone), found, exported and erased apart:
anonymising the citizen of a visit leaves the other people who spoke for the group as they are."""

from directory.personal_data import Kind, scrub_rows

from .models import Representative, Visit

KINDS = [
    Kind("visits", "Lượt tiếp công dân", Visit, "citizen_name", "citizen_phone", "day__commune"),
    Kind("representatives", "Người đại diện đoàn", Representative, "name", "phone", "visit__day__commune"),
]

#: The visit's own texts that may name the citizen.
VISIT_TEXTS = ("content", "answer")


def _ids(commune, ids):
    return list(Visit.objects.filter(pk__in=ids.get("visits", ()), day__commune=commune).values_list("pk", flat=True))


def _representative_ids(commune, ids):
    return list(
        Representative.objects.filter(pk__in=ids.get("representatives", ()), visit__day__commune=commune).values_list(
            "pk", flat=True
        )
    )


def names_held(*, commune, ids):
    v_ids, r_ids = _ids(commune, ids), _representative_ids(commune, ids)
    names = set(Visit.objects.filter(pk__in=v_ids).values_list("citizen_name", flat=True))
    names |= set(Visit.history.filter(id__in=v_ids).values_list("citizen_name", flat=True))
    names |= set(Representative.objects.filter(pk__in=r_ids).values_list("name", flat=True))
    return names | set(Representative.history.filter(id__in=r_ids).values_list("name", flat=True))


def erase(*, commune, ids, mentions):
    """Name, phone and address blanked in the visit (and the representative) and every version of
    it; MENTIONS replaced in the visits' texts. The visit keeps its day, people count, matter and
    outcome (the register's figures), a representative their row (the group had one more).
    The petition a visit recorded is the petitions' hook's to erase (chosen with it on the page)."""
    v_ids, r_ids = _ids(commune, ids), _representative_ids(commune, ids)
    identity = {"citizen_name": "", "citizen_phone": "", "citizen_address": ""}
    Visit.objects.filter(pk__in=v_ids).update(**identity)
    Visit.history.filter(id__in=v_ids).update(**identity)
    representative = {"name": "", "phone": "", "address": ""}
    Representative.objects.filter(pk__in=r_ids).update(**representative)
    Representative.history.filter(id__in=r_ids).update(**representative)
    # A representative's name written in the group's visit is replaced there too.
    text_ids = {*v_ids, *Representative.objects.filter(pk__in=r_ids).values_list("visit_id", flat=True)}
    scrub_rows(Visit.objects.filter(pk__in=text_ids), VISIT_TEXTS, mentions)
    scrub_rows(Visit.history.filter(id__in=text_ids), VISIT_TEXTS, mentions)
    return {"visits": v_ids, "representatives": r_ids}
