from django.db import migrations


class Migration(migrations.Migration):
    """The fixed fields are now sections (0013 moved their text)."""

    dependencies = [
        ("sessions_app", "0013_plan_sections_from_fields"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicalplan',
            name='content',
        ),
        migrations.RemoveField(
            model_name='historicalplan',
            name='participants',
        ),
        migrations.RemoveField(
            model_name='historicalplan',
            name='purposes',
        ),
        migrations.RemoveField(
            model_name='historicalplan',
            name='requirements',
        ),
        migrations.RemoveField(
            model_name='plan',
            name='content',
        ),
        migrations.RemoveField(
            model_name='plan',
            name='participants',
        ),
        migrations.RemoveField(
            model_name='plan',
            name='purposes',
        ),
        migrations.RemoveField(
            model_name='plan',
            name='requirements',
        ),
    ]
