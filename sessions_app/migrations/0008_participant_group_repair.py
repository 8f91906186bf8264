"""Give a group to the participants an import stored without one (issue 11).

A roster file without a "Nhóm" column left the group empty, so those people counted in no
total, quota, attendance figure or filter. A person with a village is a household's
representative (what an import without groups holds); one without is a commune delegate.
"""

from django.db import migrations


def repair(apps, schema_editor):
    Participant = apps.get_model("sessions_app", "Participant")
    empty = Participant.objects.filter(group="")
    empty.filter(village__isnull=False).update(group="households")
    empty.filter(village__isnull=True).update(group="officials")


class Migration(migrations.Migration):
    dependencies = [("sessions_app", "0007_transition_record")]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
