from django.db import migrations

import dialogue.fields


def freeze_addressees(apps, schema_editor):
    """Letters issued before the field existed: the addressee as the petition holds it now (the
    best record there is; an anonymised petition gives "Công dân")."""
    CitizenLetter = apps.get_model("petitions", "CitizenLetter")
    for letter in CitizenLetter.objects.select_related("petition").only(
        "pk", "petition__citizen_name", "petition__citizen_address"
    ):
        p = letter.petition
        name = p.citizen_name or "Công dân"
        addressee = f"{name}, {p.citizen_address}" if p.citizen_address else name
        CitizenLetter.objects.filter(pk=letter.pk).update(addressee=addressee[:330])


class Migration(migrations.Migration):
    dependencies = [("petitions", "0015_merge_returns_exports_fields")]

    operations = [
        migrations.AddField(
            model_name="citizenletter",
            name="addressee",
            field=dialogue.fields.NFCCharField(blank=True, max_length=330, verbose_name="kính gửi"),
        ),
        migrations.RunPython(freeze_addressees, migrations.RunPython.noop),
    ]
