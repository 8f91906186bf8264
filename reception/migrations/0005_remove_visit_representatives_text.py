# The old text of representatives, once split into rows (0004).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reception', '0004_split_representatives'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicalvisit',
            name='representatives',
        ),
        migrations.RemoveField(
            model_name='visit',
            name='representatives',
        ),
    ]
