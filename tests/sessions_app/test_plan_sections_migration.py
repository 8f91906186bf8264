"""Migration 0013 moves each existing plan's fixed fields into sections, losing nothing."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import CommuneFactory, LegalBasisFactory, PartyIssuerFactory, StateIssuerFactory

BEFORE = [("sessions_app", "0012_plan_sections")]
AFTER = [("sessions_app", "0014_plan_drop_fixed_fields")]


@pytest.fixture
def back_to_the_latest_schema():
    """The tests after this one need every migration applied: go forward to the leaves at the end."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_fixed_fields_become_sections_as_the_old_template_printed_them(back_to_the_latest_schema):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Plan = old.get_model("sessions_app", "Plan")
    # The directory's tables are as they are today (only sessions_app went back): its factories fit.
    commune = CommuneFactory()
    party, state = PartyIssuerFactory(commune=commune), StateIssuerFactory(commune=commune)
    common = {"commune_id": commune.pk, "place": "Thử", "year": 2025, "period_label": "năm 2025", "signer_title": "CT"}
    full = Plan.objects.create(
        issuer_id=party.pk,
        kind="party_secretary",
        title="Đủ mục",
        purposes="Mục đích một.\nMục đích hai.",
        requirements="Yêu cầu.",
        content="Nội dung.",
        participants="Thành phần.",
        **common,
    )
    full.duties.create(heading="Các chi bộ", text="Phối hợp.")
    basis = LegalBasisFactory()
    full.plan_legal_bases.create(legal_basis_id=basis.pk)
    bare = Plan.objects.create(
        issuer_id=state.pk, kind="state_conference", title="Chỉ nội dung", content="Một dòng.", **common
    )
    bare.plan_legal_bases.create(legal_basis_id=basis.pk)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Section = new.get_model("sessions_app", "PlanSection")
    Basis = new.get_model("sessions_app", "PlanLegalBasis")

    def rows(plan_pk):
        return list(
            Section.objects.filter(plan_id=plan_pk).order_by("position").values_list("level", "title", "body", "block")
        )

    assert rows(full.pk) == [
        (1, "MỤC ĐÍCH, YÊU CẦU", "", "text"),
        (2, "Mục đích", "Mục đích một.\nMục đích hai.", "text"),
        (2, "Yêu cầu", "Yêu cầu.", "text"),
        (1, "NỘI DUNG, THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN", "", "text"),
        (2, "Nội dung", "Nội dung.", "text"),
        (2, "Thời gian, địa điểm", "", "sessions"),
        (2, "Thành phần", "Thành phần.", "text"),
        (1, "TỔ CHỨC THỰC HIỆN", "", "duties"),
    ]
    assert rows(bare.pk) == [
        (1, "NỘI DUNG, THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN", "", "text"),
        (2, "Nội dung", "Một dòng.", "text"),
        (2, "Thời gian, địa điểm", "", "sessions"),
    ]
    assert dict(Basis.objects.values_list("plan_id", "verb")) == {full.pk: "Thực hiện", bare.pk: "Căn cứ"}
