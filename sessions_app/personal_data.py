"""The rosters' hook for personal data (see directory.personal_data): a participant holds a name and
a phone; the printed batches of letters of their sessions hold the names too."""

from pathlib import Path

from django.db import transaction

from dialogue.text import fold
from directory.personal_data import ANONYMISED_NAME, Kind

from .models import Participant, PrintJob

KINDS = [Kind("participants", "Người được mời", Participant, "full_name", "phone", "session__plan__commune")]


def _ids(commune, ids):
    qs = Participant.objects.filter(pk__in=ids.get("participants", ()), session__plan__commune=commune)
    return list(qs.values_list("pk", flat=True))


def names_held(*, commune, ids):
    r_ids = _ids(commune, ids)
    names = set(Participant.objects.filter(pk__in=r_ids).values_list("full_name", flat=True))
    return names | set(Participant.history.filter(id__in=r_ids).values_list("full_name", flat=True))


def erase(*, commune, ids, mentions):
    """Name becomes "Ẩn danh", phone blanked, the link to the directory removed, in the entry and its
    history; the printed batches of letters of their sessions (PDF files) are deleted once the
    transaction commits (they can be printed again)."""
    r_ids = _ids(commune, ids)
    for pk in r_ids:
        Participant.objects.filter(pk=pk).update(
            full_name=ANONYMISED_NAME,
            phone="",
            official=None,
            search_name=fold(ANONYMISED_NAME),
            # Unique per session: two anonymised people of one session must not collide.
            dedupe_key=f"anonymised|{pk}",
        )
    Participant.history.filter(id__in=r_ids).update(full_name=ANONYMISED_NAME, phone="", official=None)
    jobs = PrintJob.objects.filter(session__participants__pk__in=r_ids).exclude(path="").distinct()
    job_files = [Path(path) for path in jobs.values_list("path", flat=True)]
    PrintJob.objects.filter(pk__in=list(jobs.values_list("pk", flat=True))).update(path="")
    transaction.on_commit(lambda: [path.unlink(missing_ok=True) for path in job_files])
    return {"participants": r_ids}
