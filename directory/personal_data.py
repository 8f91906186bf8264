"""Personal data (Law 91/2025/QH15): the common ground of every app's `personal_data.py` hook.

Each app that stores a person's name or phone has a module `<app>/personal_data.py` with:

- `KINDS`: the kinds of record holding a person's data (`Kind`: model, name and phone fields, the
  lookup to the commune), which `office.personal_data` searches and exports, history included;
- `names_held(*, commune, ids)`: the names those records and their history hold (IDS: {kind key: [pk]}),
  so that the name can be scrubbed from free text everywhere;
- `erase(*, commune, ids, mentions)`: erases the identity from the app's own rows and their history,
  replaces MENTIONS inside texts, and returns {kind key: [pk erased], other counts}. It runs inside
  the caller's transaction; file deletions wait for the commit.

This module holds what the hooks share, and the directory's own hook (the register of requests,
which is searched and exported but never erased: it is the record that a request was handled).
"""

import re
from dataclasses import dataclass

from django.db import models

from dialogue.text import fold

from .models import DataRequest

#: What a participant's name becomes. A petition's name is left blank: the app shows "ẩn danh".
ANONYMISED_NAME = "Ẩn danh"
#: What the person's name becomes where it was written inside a text (content, reasons, answers).
ANONYMISED_MENTION = "[ẩn danh]"


def phone_digits(value):
    digits = re.sub(r"\D", "", value or "")
    # +84 912... and 0912... are the same number.
    return "0" + digits[2:] if digits.startswith("84") and len(digits) >= 11 else digits


def name_matches(query, name):
    """True when the folded words of QUERY appear, whole and in order, in NAME."""
    q = fold(query)
    return bool(q) and f" {q} " in f" {fold(name)} "


@dataclass
class Kind:
    """One kind of record holding a person's data, and where its name and phone are."""

    key: str
    label: str
    model: object
    name_field: str
    phone_field: str
    commune_lookup: str


def mentions_of(names):
    """The names worth replacing inside free text: two words or more (a lone "An" is not a name)."""
    return sorted({n for n in names if n and len(n.split()) >= 2 and n != ANONYMISED_NAME}, key=len, reverse=True)


def scrub(text, mentions):
    for name in mentions:
        text = text.replace(name, ANONYMISED_MENTION)
    return text


def scrub_rows(qs, fields, mentions):
    """Rewrite FIELDS of the rows of QS that mention one of MENTIONS; one UPDATE per changed row."""
    if not mentions:
        return
    cond = models.Q()
    for f in fields:
        for name in mentions:
            cond |= models.Q(**{f"{f}__contains": name})
    pk_name = qs.model._meta.pk.attname
    for row in qs.filter(cond).values(pk_name, *fields):
        changed = {f: scrub(row[f], mentions) for f in fields if row[f] and scrub(row[f], mentions) != row[f]}
        if changed:
            qs.model.objects.filter(**{pk_name: row[pk_name]}).update(**changed)


# --- the directory's own hook -----------------------------------------------------------------

KINDS = [Kind("data_requests", "Yêu cầu dữ liệu", DataRequest, "person_name", "contact", "commune")]


def names_held(*, commune, ids):
    return set()


def erase(*, commune, ids, mentions):
    """Requests are kept as they are: the register is the record that the request was handled."""
    return {}
