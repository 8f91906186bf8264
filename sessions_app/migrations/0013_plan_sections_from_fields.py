from django.db import migrations

# The headings the plan template printed before sections were data (templates/pdf/plan.html).
PURPOSES_PART = "MỤC ĐÍCH, YÊU CẦU"
CONTENT_PART = "NỘI DUNG, THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN"
DUTIES_PART = "TỔ CHỨC THỰC HIỆN"


def plan_fields_to_sections(apps, schema_editor):
    """Each plan's fixed fields become its sections, as the old template printed them; nothing is lost.

    The legal bases keep the verb the template gave them: "Thực hiện" on the Party side, "Căn cứ" else.
    """
    Plan = apps.get_model("sessions_app", "Plan")
    PlanSection = apps.get_model("sessions_app", "PlanSection")
    PlanLegalBasis = apps.get_model("sessions_app", "PlanLegalBasis")
    party_kinds = ("party_committee", "party_body", "party_cell")
    for plan in Plan.objects.select_related("issuer").iterator():
        rows = []
        if plan.purposes or plan.requirements:
            rows.append((1, PURPOSES_PART, "", "text"))
            if plan.purposes:
                rows.append((2, "Mục đích", plan.purposes, "text"))
            if plan.requirements:
                rows.append((2, "Yêu cầu", plan.requirements, "text"))
        rows.append((1, CONTENT_PART, "", "text"))
        if plan.content:
            rows.append((2, "Nội dung", plan.content, "text"))
        rows.append((2, "Thời gian, địa điểm", "", "sessions"))
        if plan.participants:
            rows.append((2, "Thành phần", plan.participants, "text"))
        if plan.duties.exists():
            rows.append((1, DUTIES_PART, "", "duties"))
        PlanSection.objects.bulk_create(
            PlanSection(plan=plan, position=i, level=level, title=title, body=body, block=block)
            for i, (level, title, body, block) in enumerate(rows)
        )
        is_party = plan.issuer.kind in party_kinds
        PlanLegalBasis.objects.filter(plan=plan).update(verb="Thực hiện" if is_party else "Căn cứ")


def sections_to_plan_fields(apps, schema_editor):
    """Back: the text of each titled section goes to the field of its old heading."""
    Plan = apps.get_model("sessions_app", "Plan")
    fields = {"Mục đích": "purposes", "Yêu cầu": "requirements", "Nội dung": "content", "Thành phần": "participants"}
    for plan in Plan.objects.iterator():
        for section in plan.sections.all():
            if section.title in fields:
                setattr(plan, fields[section.title], section.body)
        plan.save(update_fields=list(fields.values()))
        plan.sections.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sessions_app", "0012_plan_sections"),
    ]

    operations = [migrations.RunPython(plan_fields_to_sections, sections_to_plan_fields)]
