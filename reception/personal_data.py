"""The reception register's hook for personal data (see directory.personal_data): a visit holds the
citizen's name, phone and address, and its texts (content, answer, representatives) may name them."""

from directory.personal_data import Kind, scrub_rows

from .models import Visit

KINDS = [Kind("visits", "Lượt tiếp công dân", Visit, "citizen_name", "citizen_phone", "day__commune")]

#: The visit's own texts that may name the citizen.
VISIT_TEXTS = ("content", "answer", "representatives")


def _ids(commune, ids):
    return list(Visit.objects.filter(pk__in=ids.get("visits", ()), day__commune=commune).values_list("pk", flat=True))


def names_held(*, commune, ids):
    v_ids = _ids(commune, ids)
    names = set(Visit.objects.filter(pk__in=v_ids).values_list("citizen_name", flat=True))
    return names | set(Visit.history.filter(id__in=v_ids).values_list("citizen_name", flat=True))


def erase(*, commune, ids, mentions):
    """Name, phone and address blanked in the visit and every version of it; MENTIONS replaced in
    its texts. The visit keeps its day, people count, matter and outcome (the register's figures).
    The petition a visit recorded is the petitions' hook's to erase (chosen with it on the page)."""
    v_ids = _ids(commune, ids)
    identity = {"citizen_name": "", "citizen_phone": "", "citizen_address": ""}
    Visit.objects.filter(pk__in=v_ids).update(**identity)
    Visit.history.filter(id__in=v_ids).update(**identity)
    scrub_rows(Visit.objects.filter(pk__in=v_ids), VISIT_TEXTS, mentions)
    scrub_rows(Visit.history.filter(id__in=v_ids), VISIT_TEXTS, mentions)
    return {"visits": v_ids}
