"""The throttle counters as an UNLOGGED table on PostgreSQL: their writes skip the write-ahead log,
so a status lookup's count does not wait for the disk. After a crash PostgreSQL empties the table,
which only resets the current window's counts. Nothing to do on other databases."""

from django.db import migrations


def _alter(mode):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            table = schema_editor.quote_name(apps.get_model("public", "ThrottleCount")._meta.db_table)
            schema_editor.execute(f"ALTER TABLE {table} SET {mode}")

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("public", "0002_throttle_counts"),
    ]

    operations = [migrations.RunPython(_alter("UNLOGGED"), _alter("LOGGED"))]
