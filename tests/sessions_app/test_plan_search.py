"""The plan list's search reaches the office's own sections: their titles and their text."""

from django.urls import reverse

from sessions_app.models import Plan, PlanSection
from tests.factories import PlanFactory

from .test_plan_sections import _edit_data


def found(client, q):
    response = client.get(reverse("sessions_app:plan_list"), {"q": q})
    assert response.status_code == 200
    return {p.pk for p in response.context["plans"]}


def test_a_word_of_a_section_edited_on_the_page_finds_the_plan_and_stops_when_removed(
    clerk_client, commune, state_issuer
):
    plan = PlanFactory(commune=commune, issuer=state_issuer, number=None, title="Kế hoạch tiếp xúc năm nay")
    other = PlanFactory(commune=commune, issuer=state_issuer, number=None, title="Kế hoạch khác")
    url = reverse("sessions_app:plan_update", args=[plan.pk])
    section = {"level": "1", "title": "NỘI DUNG TRỌNG TÂM", "body": "Nạo vét kênh mương nội đồng.", "block": "text"}
    response = clerk_client.post(url, _edit_data(plan, [{**section, "position": "0"}]))
    assert response.status_code == 302, response.context["formsets"]["sections"].errors

    # Accents and case aside, in the title or the text of the section.
    assert found(clerk_client, "kenh muong") == {plan.pk}
    assert found(clerk_client, "TRỌNG TÂM") == {plan.pk}
    assert found(clerk_client, "kế hoạch") == {plan.pk, other.pk}

    saved = PlanSection.objects.get(plan=plan)
    response = clerk_client.post(
        url, _edit_data(plan, [{**section, "id": saved.pk, "position": "0", "DELETE": "on"}], title=plan.title)
    )
    assert response.status_code == 302
    assert not Plan.objects.get(pk=plan.pk).sections.exists()
    assert found(clerk_client, "kenh muong") == set()
