"""Petitions without a name are searchable as "ẩn danh": rebuild their folded search column."""

from django.db import migrations

from dialogue.text import fold

ANONYMOUS = "ẩn danh"


def rebuild(apps, schema_editor, label):
    Petition = apps.get_model("petitions", "Petition")
    batch = []
    for p in Petition.objects.filter(citizen_name="").only("content", "code", "search_text").iterator(chunk_size=2000):
        p.search_text = fold(f"{p.content} {label} {p.code}")
        batch.append(p)
        if len(batch) == 2000:
            Petition.objects.bulk_update(batch, ["search_text"])
            batch = []
    Petition.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("petitions", "0005_answer_rounds")]

    operations = [
        migrations.RunPython(lambda apps, se: rebuild(apps, se, ANONYMOUS), lambda apps, se: rebuild(apps, se, "")),
    ]
