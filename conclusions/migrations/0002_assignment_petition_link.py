"""Name the table of the assignment ↔ petition many-to-many as a model of its own, so that
deleting a petition an issued notice assigned is refused (protect_followed).

The table, its columns and its unique constraint stay exactly as Django created them for
the plain many-to-many: only the migration state changes, the database does not.
"""

import django.db.models.deletion
from django.db import migrations, models

import conclusions.models


class Migration(migrations.Migration):
    dependencies = [
        ("conclusions", "0001_initial"),
        ("petitions", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="AssignmentPetition",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        (
                            "assignment",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="conclusions.assignment",
                            ),
                        ),
                        (
                            "petition",
                            models.ForeignKey(
                                on_delete=conclusions.models.protect_followed,
                                related_name="+",
                                to="petitions.petition",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "ý kiến của nhiệm vụ",
                        "verbose_name_plural": "ý kiến của nhiệm vụ",
                        "db_table": "conclusions_assignment_petitions",
                        "unique_together": {("assignment", "petition")},
                    },
                ),
                migrations.AlterField(
                    model_name="assignment",
                    name="petitions",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="assignments",
                        through="conclusions.AssignmentPetition",
                        to="petitions.petition",
                        verbose_name="ý kiến, kiến nghị",
                    ),
                ),
            ],
        ),
    ]
