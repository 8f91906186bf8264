"""axe-core on every form page a clerk, a leader, a unit official or a citizen fills in: no serious
or critical violation (WCAG 2.1 AA), one test per page.

The forms folded away in <details> (a petition's correction, the report's print form) are opened
before the check, so axe sees them as the user does after a click.
"""

import datetime

import pytest
from django.urls import reverse

from conclusions.enums import NoticeStatus
from petitions import services as ps
from petitions.models import format_lookup_code
from proceedings.models import Minutes
from reception.models import ReceptionDay, Visit
from sessions_app.enums import SessionStatus
from sessions_app.models import PlanSection

from ..conclusions.factories import AssignmentFactory, NoticeFactory, held_session
from ..factories import OfficialFactory, PlanFactory, SessionFactory, aware
from ..petitions.factories import PetitionFactory, seed_reference_data, topic
from ..sessions_app.factories import ParticipantFactory
from .conftest import login
from .test_accessibility import violations

OPEN_FOLDED = "document.querySelectorAll('details').forEach(d => d.open = true)"
#: The fields whose aria-describedby names an element the page does not have: a screen reader
#: would then not read the field's error message.
DANGLING_DESCRIPTIONS = """() => [...document.querySelectorAll("[aria-describedby]")].flatMap(e =>
  e.getAttribute("aria-describedby").split(/\\s+/).filter(id => id && !document.getElementById(id))
    .map(id => `${e.name || e.id}: ${id}`))"""


@pytest.fixture
def world(commune, state_issuer, villages, unit, clerk, leader, officer):
    seed_reference_data()
    roads = topic("ha-tang")
    draft_plan = PlanFactory(commune=commune, issuer=state_issuer, number=None)
    PlanSection.objects.create(plan=draft_plan, position=0, level=1, title="MỤC ĐÍCH, YÊU CẦU")
    PlanSection.objects.create(plan=draft_plan, position=1, level=2, title="Mục đích")
    plan = PlanFactory(commune=commune, issuer=state_issuer)
    draft_session = SessionFactory(plan=plan, villages=villages[:2], quarter=None, starts_at=aware(2099, 5, 20))
    held = held_session(commune, state_issuer, villages)
    participant = ParticipantFactory(session=held, full_name="Nguyễn Văn An", village=villages[0])
    unnoticed = SessionFactory(plan=plan, villages=villages[:1], quarter=None, starts_at=aware(2025, 11, 22))
    unnoticed.status = SessionStatus.HELD
    unnoticed.save(update_fields=["status"])
    draft_notice = NoticeFactory(session=held)
    draft_assignment = AssignmentFactory(notice=draft_notice, unit=unit)
    concluded = SessionFactory(plan=plan, villages=villages[:1], quarter=None, starts_at=aware(2025, 11, 21))
    concluded.status = SessionStatus.CONCLUDED
    concluded.save(update_fields=["status"])
    issued = NoticeFactory(
        session=concluded,
        status=NoticeStatus.ISSUED,
        number=1,
        number_period="2025",
        issued_on=datetime.date(2025, 11, 25),
    )
    assignment = AssignmentFactory(notice=issued, unit=unit)
    received = PetitionFactory(commune=commune, session=held, village=villages[0], citizen_name="Trần Thị Bích")

    def made(body=None):
        p = ps.petition_create(
            commune=commune,
            by=clerk,
            content="Đường ấp 2 ngập nước mỗi khi mưa lớn",
            topic=roads,
            village=villages[0],
            session=held,
            received_on=datetime.date(2025, 11, 20),
            citizen_name="Nguyễn Thị Hành",
        )
        ps.petition_classify(petition=p, by=clerk, topic=roads, kind="kien_nghi", competence="commune")
        ps.petition_route(petition=p, by=clerk, unit=unit)
        if body:
            ps.petition_answer_draft(petition=p, by=clerk, body=body)
        return p

    routed = made()
    drafted = made("Đã nạo vét mương thoát nước ấp 2.")
    answered = made("Đã sửa đèn đường ấp 1.")
    ps.petition_answer_approve(petition=answered, by=leader)
    minutes = Minutes.objects.create(session=held, issuer=state_issuer, place="Lộc Thành")
    day = ReceptionDay.objects.create(
        commune=commune,
        day=datetime.date(2025, 11, 5),
        leader=OfficialFactory(commune=commune, full_name="Lê Văn Tiếp", position="Chủ tịch UBND xã"),
        place="Trụ sở UBND xã",
    )
    visit = Visit.objects.create(day=day, content="Hỏi chế độ", outcome=Visit.Outcome.ANSWERED)
    commune.online_petitions = True
    commune.save(update_fields=["online_petitions"])
    announced = SessionFactory(
        plan=plan, villages=villages[:2], quarter=None, starts_at=aware(2099, 6, 20), venue="Nhà văn hóa ấp 1"
    )
    announced.status = SessionStatus.SCHEDULED
    announced.save(update_fields=["status"])
    from sessions_app.services import session_announcement_publish

    session_announcement_publish(session=announced, by=clerk)
    return {
        "commune": commune,
        "draft_plan": draft_plan,
        "plan": plan,
        "draft_session": draft_session,
        "held": held,
        "participant": participant,
        "unnoticed": unnoticed,
        "draft_notice": draft_notice,
        "draft_assignment": draft_assignment,
        "assignment": assignment,
        "received": received,
        "routed": routed,
        "drafted": drafted,
        "answered": answered,
        "minutes": minutes,
        "day": day,
        "visit": visit,
        "announced": announced,
    }


def _u(name, *keys, query=""):
    return lambda w: reverse(name, args=[w[k].pk for k in keys]) + query


#: (test id, who signs in (None: a citizen, no sign-in), the page's address from the world)
FORM_PAGES = [
    # The office of the People's Committee (clerk).
    ("plan-create", "clerk", _u("sessions_app:plan_create")),
    ("plan-edit-with-sections", "clerk", _u("sessions_app:plan_update", "draft_plan")),
    ("session-create", "clerk", _u("sessions_app:session_create", "plan")),
    ("session-edit", "clerk", _u("sessions_app:session_update", "draft_session")),
    ("participant-add", "clerk", _u("sessions_app:participant_create", "held")),
    ("roster-import", "clerk", _u("sessions_app:roster_import", "held")),
    (
        "qr-checkin",
        "clerk",
        lambda w: reverse("sessions_app:checkin", args=[w["participant"].checkin_token]),
    ),
    ("session-documents", "clerk", _u("sessions_app:documents", "held")),
    ("programme-edit", "clerk", _u("proceedings:programme_edit", "held")),
    ("minutes-edit", "clerk", _u("proceedings:minutes_update", "minutes")),
    ("petition-single-form", "clerk", _u("petitions:create")),
    ("petition-fast-intake", "clerk", _u("petitions:session_intake", "held")),
    ("petition-import", "clerk", _u("petitions:import")),
    ("petition-correction-classify-route", "clerk", _u("petitions:detail", "received")),
    ("topic-create", "clerk", _u("petitions:topic_create")),
    ("answer-template-create", "clerk", _u("petitions:answer_template_create")),
    ("deadline-rule-create", "clerk", _u("petitions:deadline_rule_create")),
    ("notice-create", "clerk", _u("conclusions:notice_create", "unnoticed")),
    ("notice-edit", "clerk", _u("conclusions:notice_update", "draft_notice")),
    ("assignment-create", "clerk", _u("conclusions:assignment_create", "draft_notice")),
    ("assignment-edit", "clerk", _u("conclusions:assignment_update", "draft_assignment")),
    ("report-print-form", "clerk", _u("office:report")),
    ("reception-days-new-day", "clerk", _u("reception:days")),
    ("reception-day-form", "clerk", _u("reception:day_edit", "day")),
    ("reception-visit-form", "clerk", _u("reception:visit_edit", "visit")),
    ("village-create", "clerk", _u("directory:village_create")),
    ("unit-create", "clerk", _u("directory:unit_create")),
    ("official-create", "clerk", _u("directory:official_create")),
    ("holiday-create", "clerk", _u("directory:holiday_create")),
    ("data-request-create", "clerk", _u("directory:data_request_create")),
    ("notification-preferences-clerk", "clerk", _u("notifications:settings")),
    ("private-calendar", "clerk", _u("public:my_calendar")),
    # The leader.
    ("petition-answer-approval", "leader", _u("petitions:detail", "drafted")),
    ("two-factor-setup", "leader", _u("otp_setup")),
    ("notification-preferences-leader", "leader", _u("notifications:settings")),
    # The unit's official.
    ("petition-answer-draft", "officer", _u("petitions:detail", "routed")),
    ("assignment-report", "officer", _u("conclusions:assignment_detail", "assignment")),
    ("notification-preferences-officer", "officer", _u("notifications:settings")),
    # The citizen.
    ("public-online-petition", None, _u("public:online_petition", "commune", "announced")),
    ("public-lookup", None, _u("public:lookup")),
    (
        "public-lookup-result",
        None,
        lambda w: reverse("public:lookup") + "?ma=" + format_lookup_code(w["answered"].lookup_code),
    ),
]


@pytest.mark.parametrize("who,address", [pytest.param(who, a, id=i) for i, who, a in FORM_PAGES])
def test_the_form_page_has_no_serious_violation(page, world, who, address):
    if who:
        login(page, who)
    response = page.goto(page.base_url + address(world))
    assert response.status == 200, f"{address(world)} answered {response.status}"
    assert page.locator("main form").count() > 0, "no form on the page"
    page.evaluate(OPEN_FOLDED)
    assert violations(page) == []


EMPTY_AND_SUBMIT = """(selector) => {
  const form = document.querySelector(selector);
  form.noValidate = true;
  form.querySelectorAll("input[type=text], input[type=date], input[type=tel], input:not([type]), textarea")
    .forEach(e => { e.value = ""; });
  form.querySelectorAll("select").forEach(e => { e.selectedIndex = 0; });
  form.querySelector("button[type=submit], button:not([type])").click();
}"""

#: (test id, who signs in, the page's address, its form): the form sent empty comes back with its
#: Vietnamese messages, which must be as readable as the form itself.
FORMS_SENT_EMPTY = [
    ("plan-create", "clerk", _u("sessions_app:plan_create"), "main form[method=post]"),
    ("session-create", "clerk", _u("sessions_app:session_create", "plan"), "main form[method=post]"),
    ("participant-add", "clerk", _u("sessions_app:participant_create", "held"), "main form[method=post]"),
    ("petition-single-form", "clerk", _u("petitions:create"), "main form[method=post]"),
    ("notice-edit", "clerk", _u("conclusions:notice_update", "draft_notice"), "main form[method=post]"),
    ("reception-day-form", "clerk", _u("reception:day_edit", "day"), "main form[method=post]"),
    ("official-create", "clerk", _u("directory:official_create"), "main form[method=post]"),
    ("session-edit", "clerk", _u("sessions_app:session_update", "draft_session"), "main form[method=post]"),
    ("minutes-edit", "clerk", _u("proceedings:minutes_update", "minutes"), "main form[method=post]"),
    ("notice-create", "clerk", _u("conclusions:notice_create", "unnoticed"), "main form[method=post]"),
    ("assignment-create", "clerk", _u("conclusions:assignment_create", "draft_notice"), "main form[method=post]"),
    ("reception-visit-form", "clerk", _u("reception:visit_edit", "visit"), "main form[method=post]"),
    ("topic-create", "clerk", _u("petitions:topic_create"), "main form[method=post]"),
    ("answer-template-create", "clerk", _u("petitions:answer_template_create"), "main form[method=post]"),
    ("village-create", "clerk", _u("directory:village_create"), "main form[method=post]"),
    ("unit-create", "clerk", _u("directory:unit_create"), "main form[method=post]"),
    ("holiday-create", "clerk", _u("directory:holiday_create"), "main form[method=post]"),
    ("data-request-create", "clerk", _u("directory:data_request_create"), "main form[method=post]"),
    ("fast-intake", "clerk", _u("petitions:session_intake", "held"), "main form#nhap"),
    ("public-online-petition", None, _u("public:online_petition", "commune", "announced"), "main form"),
]


@pytest.mark.parametrize("who,address,form", [pytest.param(who, a, f, id=i) for i, who, a, f in FORMS_SENT_EMPTY])
def test_the_form_sent_empty_shows_its_errors_without_serious_violation(page, world, who, address, form):
    if who:
        login(page, who)
    url = page.base_url + address(world)
    page.goto(url)
    with page.expect_navigation():
        page.evaluate(EMPTY_AND_SUBMIT, form)
    assert page.url == url, "the empty form was taken"
    errors = page.locator(".invalid-feedback, .errorlist, .alert-danger, p.alert")
    assert errors.count() > 0, f"no error message on {page.url}"
    hidden = [e.inner_text() or e.get_attribute("id") for e in errors.all() if not e.is_visible()]
    assert hidden == [], "error messages the user cannot see"
    assert page.evaluate(DANGLING_DESCRIPTIONS) == []
    page.evaluate(OPEN_FOLDED)
    assert violations(page) == []


def test_the_check_sees_the_forms_folded_away(page, world):
    """The correction form is in a closed <details>: opened, an unlabelled field in it is caught."""
    login(page, "clerk")
    page.goto(page.base_url + reverse("petitions:detail", args=[world["received"].pk]))
    page.evaluate("document.querySelector('details.petition-correct form').append(document.createElement('input'))")
    page.evaluate(OPEN_FOLDED)
    assert any(line.startswith("label:") for line in violations(page))
