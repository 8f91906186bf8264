"""The fields of the statistics forms, and the field each shared topic is counted under."""

import dialogue.fields
import django.db.models.deletion
from django.db import migrations, models


#: The fields of the statistics forms (after Thông tư 06/2025/TT-TTCP's tables), in their order.
FIELDS = [
    ("dat-dai", "Đất đai"),
    ("nha-o-xay-dung", "Nhà ở, xây dựng, quy hoạch"),
    ("chinh-sach", "Chế độ, chính sách, an sinh xã hội"),
    ("tai-nguyen-moi-truong", "Tài nguyên, môi trường"),
    ("kinh-te-ha-tang", "Kinh tế, hạ tầng, nông nghiệp"),
    ("an-ninh-trat-tu", "An ninh, trật tự"),
    ("hanh-chinh-can-bo", "Thủ tục hành chính, cán bộ, công chức"),
    ("tu-phap", "Tư pháp"),
    ("dang-doan-the", "Đảng, đoàn thể"),
    ("khac", "Khác"),
]

#: The shared topics (0002) and the field each is counted under.
TOPIC_FIELDS = {
    "dat-dai": "dat-dai",
    "nong-thon-moi": "kinh-te-ha-tang",
    "an-sinh": "chinh-sach",
    "moi-truong": "tai-nguyen-moi-truong",
    "ha-tang": "kinh-te-ha-tang",
    "an-ninh": "an-ninh-trat-tu",
    "thu-tuc": "hanh-chinh-can-bo",
    "can-bo": "hanh-chinh-can-bo",
    "xay-dung-dang": "dang-doan-the",
    "khac": "khac",
}


def seed(apps, schema_editor):
    ReportingField = apps.get_model("petitions", "ReportingField")
    Topic = apps.get_model("petitions", "Topic")
    fields = {}
    for position, (code, name) in enumerate(FIELDS, start=1):
        fields[code], _ = ReportingField.objects.get_or_create(code=code, defaults={"name": name, "position": position})
    for topic_code, field_code in TOPIC_FIELDS.items():
        Topic.objects.filter(commune=None, code=topic_code, reporting_field=None).update(
            reporting_field=fields[field_code]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0013_merge_20261203_2250"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReportingField",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(max_length=40, unique=True, verbose_name="mã")),
                ("name", dialogue.fields.NFCCharField(max_length=120, verbose_name="tên lĩnh vực báo cáo")),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="thứ tự")),
            ],
            options={
                "verbose_name": "lĩnh vực báo cáo",
                "verbose_name_plural": "lĩnh vực báo cáo",
                "ordering": ["position", "name"],
            },
        ),
        migrations.AddField(
            model_name="topic",
            name="reporting_field",
            field=models.ForeignKey(
                blank=True,
                help_text="Lĩnh vực của biểu thống kê gửi cấp trên mà ý kiến thuộc lĩnh vực này được tính vào.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="topics",
                to="petitions.reportingfield",
                verbose_name="lĩnh vực báo cáo",
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
