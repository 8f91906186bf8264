"""Split the old text of a visit's representatives into rows: one person a line or between ";".

Within one person's part a phone number is taken out; "Bà Dân, ông Hùng" (every piece with an
honorific) is two people, while "Nguyễn Văn An, thôn 3" is a name and its address.
"""

import re

from django.db import migrations

PHONE = re.compile(r"(?:\+?84|0)[\d .\-]{8,12}\d")
HONORIFICS = ("ông ", "bà ", "anh ", "chị ", "cô ", "chú ", "bác ", "em ")


def split_representatives(text):
    """[(name, address, phone)] of TEXT, in order; empty parts skipped."""
    people = []
    for part in re.split(r"[;\n\r]+", text or ""):
        phone = ""
        found = PHONE.search(part)
        if found:
            phone, part = re.sub(r"[ .\-]", "", found.group(0)), part[: found.start()] + part[found.end() :]
        pieces = [p.strip(" -–,.:") for p in part.split(",")]
        pieces = [p for p in pieces if p]
        if not pieces:
            if phone:
                people.append(("", "", phone))
            continue
        if len(pieces) > 1 and all(p.lower().startswith(HONORIFICS) for p in pieces):
            people += [(p[:120], "", "") for p in pieces[:-1]] + [(pieces[-1][:120], "", phone)]
        else:
            people.append((pieces[0][:120], ", ".join(pieces[1:])[:200], phone[:20]))
    return people


def forwards(apps, schema_editor):
    Visit = apps.get_model("reception", "Visit")
    Representative = apps.get_model("reception", "Representative")
    rows = []
    for visit_id, text in Visit.objects.exclude(representatives="").values_list("id", "representatives").iterator():
        for position, (name, address, phone) in enumerate(split_representatives(text)):
            rows.append(Representative(visit_id=visit_id, name=name, address=address, phone=phone, position=position))
    Representative.objects.bulk_create(rows, batch_size=1000)


def backwards(apps, schema_editor):
    Visit = apps.get_model("reception", "Visit")
    Representative = apps.get_model("reception", "Representative")
    texts = {}
    for visit_id, name, address, phone in Representative.objects.order_by("visit_id", "position", "id").values_list(
        "visit_id", "name", "address", "phone"
    ):
        texts.setdefault(visit_id, []).append(", ".join(p for p in (name, address, phone) if p))
    for visit_id, parts in texts.items():
        Visit.objects.filter(pk=visit_id).update(representatives="; ".join(parts)[:300])


class Migration(migrations.Migration):
    dependencies = [
        ("reception", "0003_visit_representative"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
