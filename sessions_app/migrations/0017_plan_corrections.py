import dialogue.fields
import django.db.models.deletion
from django.db import migrations, models

from dialogue.text import fold


def sections_into_search_text(apps, schema_editor):
    """Plans search their sections' titles and text again (Plan.section_text): add them to the column."""
    Plan = apps.get_model("sessions_app", "Plan")
    PlanSection = apps.get_model("sessions_app", "PlanSection")
    for plan in Plan.objects.only("pk", "search_text"):
        text = " ".join(f"{t} {b}" for t, b in PlanSection.objects.filter(plan=plan).values_list("title", "body"))
        if text.strip():
            Plan.objects.filter(pk=plan.pk).update(search_text=f"{plan.search_text} {fold(text)}")


class Migration(migrations.Migration):
    dependencies = [
        ("sessions_app", "0016_merge_corrections_and_sections"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalplan",
            name="correction_reason",
            field=dialogue.fields.NFCTextField(blank=True, editable=False, verbose_name="lý do đính chính, thay thế"),
        ),
        migrations.AddField(
            model_name="historicalplan",
            name="replaces",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="sessions_app.plan",
                verbose_name="thay thế kế hoạch",
            ),
        ),
        migrations.AddField(
            model_name="plan",
            name="correction_reason",
            field=dialogue.fields.NFCTextField(blank=True, editable=False, verbose_name="lý do đính chính, thay thế"),
        ),
        migrations.AddField(
            model_name="plan",
            name="replaces",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="replaced_by",
                to="sessions_app.plan",
                verbose_name="thay thế kế hoạch",
            ),
        ),
        migrations.RunPython(sections_into_search_text, migrations.RunPython.noop),
    ]
