# A group visit's representatives as rows (name, address, phone), beside the old text for now.

import dialogue.fields
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reception', '0002_visit_phone_and_history'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalRepresentative',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', dialogue.fields.NFCCharField(max_length=120, verbose_name='họ và tên')),
                ('address', dialogue.fields.NFCCharField(blank=True, max_length=200, verbose_name='địa chỉ, thôn')),
                ('phone', dialogue.fields.NFCCharField(blank=True, max_length=20, verbose_name='điện thoại')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='thứ tự')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('visit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reception.visit', verbose_name='lượt tiếp')),
            ],
            options={
                'verbose_name': 'historical người đại diện',
                'verbose_name_plural': 'historical người đại diện',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Representative',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', dialogue.fields.NFCCharField(max_length=120, verbose_name='họ và tên')),
                ('address', dialogue.fields.NFCCharField(blank=True, max_length=200, verbose_name='địa chỉ, thôn')),
                ('phone', dialogue.fields.NFCCharField(blank=True, max_length=20, verbose_name='điện thoại')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='thứ tự')),
                ('visit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='representatives', to='reception.visit', verbose_name='lượt tiếp')),
            ],
            options={
                'verbose_name': 'người đại diện',
                'verbose_name_plural': 'người đại diện',
                'ordering': ['visit', 'position', 'id'],
            },
        ),
    ]
