"""Seed the topic list (from the seeds' content) and the default deadline rules (domain.md §2.6)."""

from django.db import migrations

TOPICS = [
    ("dat-dai", "Đất đai, cấp giấy chứng nhận quyền sử dụng đất"),
    ("nong-thon-moi", "Xây dựng nông thôn mới"),
    ("an-sinh", "An sinh xã hội, chính sách"),
    ("moi-truong", "Môi trường"),
    ("ha-tang", "Hạ tầng, giao thông, thủy lợi"),
    ("an-ninh", "An ninh, trật tự"),
    ("thu-tuc", "Thủ tục hành chính"),
    ("can-bo", "Tác phong, lề lối làm việc của cán bộ"),
    ("xay-dung-dang", "Xây dựng Đảng"),
    ("khac", "Khác"),
]

RULES = [
    ("answer", 10, "Luật Tiếp công dân, Điều 28"),
    ("transfer", 5, "Nghị định 20/2008/NĐ-CP, Điều 9"),
]


def seed(apps, schema_editor):
    Topic = apps.get_model("petitions", "Topic")
    DeadlineRule = apps.get_model("petitions", "DeadlineRule")
    for position, (code, name) in enumerate(TOPICS, start=1):
        Topic.objects.get_or_create(commune=None, code=code, defaults={"name": name, "position": position})
    for step, days, basis in RULES:
        DeadlineRule.objects.get_or_create(
            commune=None, step=step, defaults={"working_days": days, "legal_basis": basis}
        )


class Migration(migrations.Migration):
    dependencies = [("petitions", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
