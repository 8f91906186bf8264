"""The minutes' hook for personal data (see directory.personal_data).

Minutes hold no person of their own: they name citizens inside their text (the petitions raised,
the delegates present). When a person's data is erased, the names are replaced by "[ẩn danh]" in
draft minutes and in their history rows. Signed minutes are the frozen record of the session,
signed on paper by chair and secretary, and stay as signed (like the register of data requests).
"""

from directory.personal_data import scrub_rows

from .enums import MinutesStatus
from .models import Minutes

KINDS = []
#: The sections of the minutes drafted from the records that may name a citizen.
NAMED_SECTIONS = ("attendance", "course", "opinions", "closing")


def names_held(*, commune, ids):
    return set()


def erase(*, commune, ids, mentions):
    drafts = list(
        Minutes.objects.filter(session__plan__commune=commune, status=MinutesStatus.DRAFT).values_list("pk", flat=True)
    )
    scrub_rows(Minutes.objects.filter(pk__in=drafts), NAMED_SECTIONS, mentions)
    scrub_rows(Minutes.history.filter(id__in=drafts), NAMED_SECTIONS, mentions)
    return {}
