"""Every petition URL answers the outsider (a clerk of another commune) with 404 or an empty page."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from directory.models import Event
from petitions import urls
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db

EMPTY_PAGES = {"list", "queue", "repeated", "transfers"}
NO_ACCESS_FOR_UNIT_OFFICIALS = {"create", "session_intake", "suggest", "import", "import_template"}
LEADERS_ONLY = {"approvals"}
#: The office's reference lists: list, add, edit (edit takes a pk).
OFFICE_ONLY = {f"{ref}_{page}" for ref in ("topic", "answer_template", "deadline_rule") for page in ("list", "create")}
OFFICE_ONLY_EDIT = {"topic_update", "answer_template_update", "deadline_rule_update"}
#: What goes to the citizen (issue 13): the receipt slip and the letters, the office's.
TO_THE_CITIZEN = {"receipt", "letter", "session_letters", "letter_docx", "session_letters_docx"}


def test_every_url_is_in_the_matrix():
    names = {p.name for p in urls.urlpatterns}
    assert names == (
        EMPTY_PAGES
        | NO_ACCESS_FOR_UNIT_OFFICIALS
        | LEADERS_ONLY
        | OFFICE_ONLY
        | OFFICE_ONLY_EDIT
        | TO_THE_CITIZEN
        | {"export", "import_confirm", "attachment", "detail", "action", "bulk"}
    )


def test_outsider_sees_nothing(client, outsider, routed, commune):
    session = SessionFactory(plan__commune=commune)
    client.force_login(outsider)
    for name in EMPTY_PAGES:
        assert list(client.get(reverse(f"petitions:{name}")).context["rows"]) == []
    assert client.get(reverse("petitions:detail", args=[routed.pk])).status_code == 404
    assert client.post(reverse("petitions:action", args=[routed.pk, "mo-lai"])).status_code == 404
    assert client.get(reverse("petitions:attachment", args=[1])).status_code == 404
    assert client.get(reverse("petitions:session_intake", args=[session.pk])).status_code == 404
    assert client.get(reverse("petitions:receipt", args=[routed.pk])).status_code == 404
    assert client.post(reverse("petitions:letter", args=[routed.pk, "answer"])).status_code == 404
    assert client.get(reverse("petitions:session_letters", args=[session.pk])).status_code == 404


def test_unit_official_cannot_enter_or_import(client, officer, commune):
    session = SessionFactory(plan__commune=commune)
    client.force_login(officer)
    for name, args in (("create", []), ("session_intake", [session.pk]), ("suggest", []), ("import", [])):
        assert client.get(reverse(f"petitions:{name}", args=args)).status_code == 404


def test_reference_pages_are_for_office_staff_only(client, clerk, leader, officer, commune):
    for user, status in ((clerk, 200), (leader, 404), (officer, 404)):
        client.force_login(user)
        for name in sorted(OFFICE_ONLY):
            assert (name, client.get(reverse(f"petitions:{name}")).status_code) == (name, status)


def test_approvals_are_for_leaders_only(client, clerk, leader, officer):
    for user, status in ((leader, 200), (clerk, 404), (officer, 404)):
        client.force_login(user)
        assert client.get(reverse("petitions:approvals")).status_code == status


def test_export_answers_404_to_a_user_without_petition_scope(client, province_user, routed):
    client.force_login(province_user)
    assert client.get(reverse("petitions:export")).status_code == 404
    assert client.post(reverse("petitions:export")).status_code == 404
    assert Event.objects.filter(action=Event.Action.EXPORTED).count() == 0
    # The list stays open and empty (the menu links to it), without the export button.
    response = client.get(reverse("petitions:list"))
    assert (list(response.context["rows"]), response.context["can_export"]) == ([], False)
    assert reverse("petitions:export") not in response.content.decode()


def test_export_of_a_unit_official_holds_only_their_units_petitions(client, officer, routed, make_petition, export):
    make_petition(content="Ý kiến chưa chuyển đơn vị")
    client.force_login(officer)
    sheet = load_workbook(io.BytesIO(export(client))).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [routed.code]
    written = Event.objects.filter(action=Event.Action.EXPORTED).order_by("id").first()
    assert written.detail == f"petitions {routed.pk}"
