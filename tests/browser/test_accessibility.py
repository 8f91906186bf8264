"""axe-core on the main pages of every journey: no serious or critical violation (WCAG 2.1 AA).

axe-core comes pinned inside axe-playwright-python (requirements-dev.txt); it is injected into
each page by Playwright, so the pages' strict CSP stays as it is. The form pages, also sent
empty, are checked one by one in test_form_accessibility.py; the citizen's phone journey in
test_public_online_petition_journey.py.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from ..conclusions.factories import AssignmentFactory, NoticeFactory, held_session
from ..factories import PlanFactory
from ..petitions.factories import PetitionFactory, seed_reference_data
from ..sessions_app.factories import ParticipantFactory
from .conftest import login

AXE = Axe()
SERIOUS = {"serious", "critical"}


def violations(page):
    """The serious and critical violations of the page as 'rule: selector (message)' lines."""
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}})
    found = []
    for v in results.response["violations"]:
        if v["impact"] in SERIOUS:
            for node in v["nodes"][:5]:
                found.append(f"{v['id']}: {' '.join(node['target'])} ({node.get('failureSummary', '')[:160]})")
    return found


@pytest.fixture
def world(commune, state_issuer, villages, unit, clerk, leader, officer):
    seed_reference_data()
    session = held_session(commune, state_issuer, villages)
    ParticipantFactory(session=session, full_name="Nguyễn Văn An", village=villages[0])
    petition = PetitionFactory(commune=commune, session=session, village=villages[0], citizen_name="Trần Thị Bích")
    notice = NoticeFactory(session=session)
    AssignmentFactory(notice=notice, unit=unit)
    plan = PlanFactory(commune=commune, issuer=state_issuer)
    return {"session": session, "petition": petition, "notice": notice, "plan": plan}


def office_pages(w):
    s = w["session"].pk
    return [
        reverse("dashboard"),
        reverse("sessions_app:plan_list"),
        reverse("sessions_app:plan_create"),
        reverse("sessions_app:plan_detail", args=[w["plan"].pk]),
        reverse("sessions_app:session_list"),
        reverse("sessions_app:session_detail", args=[s]),
        reverse("sessions_app:roster", args=[s]),
        reverse("sessions_app:roster_import", args=[s]),
        reverse("sessions_app:documents", args=[s]),
        reverse("sessions_app:attendance", args=[s]),
        reverse("petitions:list"),
        reverse("petitions:create"),
        reverse("petitions:import"),
        reverse("petitions:session_intake", args=[s]),
        reverse("petitions:detail", args=[w["petition"].pk]),
        reverse("conclusions:list"),
        reverse("conclusions:notice_detail", args=[w["notice"].pk]),
        reverse("conclusions:board"),
        reverse("office:report"),
        reverse("directory:village_list"),
        reverse("directory:unit_list"),
        reverse("directory:official_list"),
        reverse("directory:data_request_list"),
        reverse("directory:holiday_list"),
    ]


def check(page, paths):
    problems = {}
    for path in paths:
        page.goto(page.base_url + path)
        found = violations(page)
        if found:
            problems[path] = found
    assert problems == {}, "\n".join(f"{path}: {line}" for path, lines in problems.items() for line in lines)


def test_the_sign_in_page_has_no_serious_violation(page, db):
    page.goto(page.base_url + "/dang-nhap/")
    assert violations(page) == []


def test_the_office_pages_have_no_serious_violation(page, world):
    login(page, "clerk")
    check(page, office_pages(world))


def test_the_leader_and_unit_pages_have_no_serious_violation(page, world):
    login(page, "leader")
    check(page, [reverse("petitions:approvals"), reverse("conclusions:board")])
    page.context.clear_cookies()
    login(page, "officer")
    check(page, [reverse("petitions:queue"), reverse("dashboard")])


def test_a_skip_link_leads_past_the_menu(page, world):
    login(page, "clerk")
    page.goto(page.base_url + reverse("petitions:list"))
    page.keyboard.press("Tab")
    link = page.get_by_role("link", name="Bỏ qua menu, đến nội dung chính")
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#noi-dung")).to_be_focused()
