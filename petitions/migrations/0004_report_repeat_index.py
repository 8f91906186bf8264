from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0003_trigram_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="petition",
            index=models.Index(
                condition=models.Q(("repeat_of__isnull", False)),
                fields=["commune", "received_on"],
                name="petition_repeat_report",
            ),
        ),
    ]
