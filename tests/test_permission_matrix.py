"""The permission matrix: every URL pattern × persona × method, with the expected status.

`test_every_url_pattern_is_in_the_matrix` walks the URL resolver and fails when a pattern is
missing from MATRIX, so no new page can skip this file. To add a page, add ONE entry to MATRIX:

    "app:url_name": row(args, get={...}, post={...}),

- `args(o)` returns the URL arguments from the objects `o` (all in `commune`, see `objs`);
- each method maps a persona to a status, `LOGIN` (redirect to sign-in) or `gap(...)`;
- helpers: `signed_in(status)` (every persona but anonymous gets STATUS), `in_commune(status)`
  (the same, but the outsider, a clerk of another commune, gets 404), `only(...)` for overrides.

Personas, `row`, the helpers and `gap` live in tests/matrix.py. The objects are of the state
side: the party clerk (office of the Party committee of the same commune) may not write them.

`gap(expected=..., now=..., why=...)` is a cell where the page does not yet do what the policy
says: it runs as a strict xfail on the expected status, so the day the view is fixed the test
turns red until the gap marker is removed.
"""

import datetime
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from directory.models import DataRequest, Membership
from sessions_app.models import SessionTask
from tests.conclusions.matrix_objects import conclusion_objects as co
from tests.factories import OfficialFactory, PlanFactory, SessionFactory, VillageFactory, aware
from tests.matrix import (
    ADMIN,
    ANON,
    APPROVERS,
    LOGIN,
    OFFICER,
    OFFICES,
    OUTSIDER,
    PERSONAS,
    PROVINCE,
    STATE_OFFICE,
    SUPERVISOR,
    Gap,
    in_commune,
    only,
    row,
    signed_in,
)

#: Office staff of either side, and of another commune in their own (new records go to the active commune).
OFFICES_ANYWHERE = OFFICES | {OUTSIDER}
#: Conclusion pages that open a form for the office of the matrix objects' side.
STATE_OFFICE_FORM = {p: 200 for p in STATE_OFFICE}
#: A write refused for want of a right answers 404 (dialogue.http.NotPermitted), like a record
#: of another commune: a page never says what exists behind a door the user may not open. The
#: office of the objects' side is let through and redirected back with the outcome.
REFUSED = in_commune(404, **{p: 302 for p in STATE_OFFICE})
#: The same for pages that open a form: the office gets the form, everyone else 404.
OFFICE_FORM = in_commune(404, **STATE_OFFICE_FORM)

MATRIX = {
    # --- project-level pages ---
    "dashboard": row(get=signed_in(200)),
    "login": row(get={p: 200 for p in PERSONAS}, post={p: 200 for p in PERSONAS}),  # no password: the form again
    "logout": row(get=signed_in(405, **{ANON: 405}), post={p: 302 for p in PERSONAS}),
    "otp_verify": row(get=signed_in(302), post=signed_in(302)),  # without an authenticator: straight on
    "otp_setup": row(get=only(APPROVERS, 200), post=only(APPROVERS, 200), data={"token": "000000"}),
    # --- directory: shared by both offices ---
    "directory:switch_commune": row(get=signed_in(405), post=signed_in(302)),
    "directory:commune_settings": row(get=only({ADMIN}, 200), post=only({ADMIN}, 200)),  # the ADMIN role only
    "directory:village_list": row(get=signed_in(200)),
    "directory:unit_list": row(get=signed_in(200)),
    "directory:official_list": row(get=signed_in(200)),
    # The outsider is office staff of their own commune: they create there.
    "directory:village_create": row(get=only(OFFICES_ANYWHERE, 200), post=only(OFFICES_ANYWHERE, 200)),
    "directory:unit_create": row(get=only(OFFICES_ANYWHERE, 200), post=only(OFFICES_ANYWHERE, 200)),
    "directory:official_create": row(get=only(OFFICES_ANYWHERE, 200), post=only(OFFICES_ANYWHERE, 200)),
    "directory:village_update": row(lambda o: [o.village.pk], get=only(OFFICES, 200), post=only(OFFICES, 200)),
    "directory:unit_update": row(lambda o: [o.unit.pk], get=only(OFFICES, 200), post=only(OFFICES, 200)),
    "directory:official_update": row(lambda o: [o.official.pk], get=only(OFFICES, 200), post=only(OFFICES, 200)),
    # Register of personal-data requests: office staff only (the outsider handles their own commune's).
    "directory:data_request_list": row(get=only(OFFICES_ANYWHERE, 200)),
    "directory:data_request_create": row(get=only(OFFICES_ANYWHERE, 200), post=only(OFFICES_ANYWHERE, 200)),
    "directory:data_request_detail": row(lambda o: [o.data_request.pk], get=only(OFFICES, 200)),
    "directory:data_request_status": row(
        lambda o: [o.data_request.pk], get=signed_in(405), post=only(OFFICES, 302), data={"to_status": "acknowledged"}
    ),
    # --- plans and sessions: everyone of the commune reads; the office of the plan's side writes ---
    "sessions_app:plan_list": row(get=signed_in(200)),
    "sessions_app:session_list": row(get=signed_in(200)),
    # Either office creates a plan of its own side (the issuer list holds only that side's).
    "sessions_app:plan_create": row(get=only(OFFICES_ANYWHERE, 200), post=only(OFFICES_ANYWHERE, 200)),
    "sessions_app:plan_detail": row(lambda o: [o.plan.pk], get=in_commune(200)),
    "sessions_app:plan_pdf": row(lambda o: [o.plan.pk], get=in_commune(200)),
    "sessions_app:plan_original_upload": row(lambda o: [o.plan.pk], get=signed_in(405), post=only(STATE_OFFICE, 302)),
    "sessions_app:plan_original_file": row(lambda o: [o.plan.pk, _plan_original(o).pk], get=in_commune(200)),
    # The matrix plan is numbered: its edit page is closed (read-only), the office is sent back with a message.
    "sessions_app:plan_update": row(lambda o: [o.plan.pk], get=only(STATE_OFFICE, 302), post=only(STATE_OFFICE, 302)),
    # "Đính chính / thay thế kế hoạch": POST-only, the office of the plan's side.
    "sessions_app:plan_correct": row(
        lambda o: [o.plan.pk], get=signed_in(405), post=only(STATE_OFFICE, 302), data={"reason": "Sai tên đơn vị"}
    ),
    "sessions_app:session_create": row(
        lambda o: [o.plan.pk], get=only(STATE_OFFICE, 200), post=only(STATE_OFFICE, 200)
    ),
    "sessions_app:session_detail": row(lambda o: [o.session.pk], get=in_commune(200)),
    "sessions_app:session_update": row(
        lambda o: [o.session.pk], get=only(STATE_OFFICE, 200), post=only(STATE_OFFICE, 200)
    ),
    "sessions_app:session_status": row(
        lambda o: [o.session.pk],
        get=signed_in(405),  # POST-only: refused before any lookup, so nothing leaks
        post=only(STATE_OFFICE, 302),
        data={"to_status": "scheduled"},
    ),
    "sessions_app:session_task_done": row(
        lambda o: [o.session.pk, o.task.pk],
        get=signed_in(405),  # POST-only: refused before any lookup, so nothing leaks
        post=only(STATE_OFFICE, 302),
    ),
    # --- conclusions (objects from tests/conclusions/matrix_objects.py); refused writes redirect with a message.
    # Assignments are read by the commune-wide readers and the unit's officials: not by the province user.
    "conclusions:list": row(get=signed_in(200)),
    "conclusions:board": row(get=signed_in(200)),
    "office:report": row(get=signed_in(200, **{OFFICER: 404})),
    "office:report_excel": row(get=signed_in(200, **{OFFICER: 404})),
    # POST "Lấy số và in": only the office of the issuer's side takes a BC number; others get 404.
    # A report as issued (its stored PDF): whoever reads the report of its commune.
    "office:issued_report_pdf": row(
        lambda o: [_issued_report(o).pk], get=signed_in(200, **{OFFICER: 404, OUTSIDER: 404})
    ),
    "office:issued_report_docx": row(
        lambda o: [_issued_report(o).pk], get=signed_in(200, **{OFFICER: 404, OUTSIDER: 404})
    ),
    "office:report_docx": row(
        get=signed_in(200, **{OFFICER: 404, OUTSIDER: 302}),
        post=signed_in(404, **{**STATE_OFFICE_FORM, OUTSIDER: 302, PROVINCE: 302}),
        data={"lay_so": "1", "ngay": "2025-12-01", "chuc_vu": "CHỦ TỊCH", "tham_quyen": "TM. ỦY BAN NHÂN DÂN"},
    ),
    "office:report_pdf": row(
        get=signed_in(200, **{OFFICER: 404, OUTSIDER: 302}),  # the outsider's commune has no issuer
        post=signed_in(404, **{**STATE_OFFICE_FORM, OUTSIDER: 302, PROVINCE: 302}),
        data={"lay_so": "1", "ngay": "2025-12-01", "chuc_vu": "CHỦ TỊCH", "tham_quyen": "TM. ỦY BAN NHÂN DÂN"},
    ),
    "conclusions:notice_create": row(
        lambda o: [co(o).session.pk],
        get=OFFICE_FORM,
        post=OFFICE_FORM,
    ),
    "conclusions:session_close": row(lambda o: [co(o).session.pk], get=signed_in(405), post=REFUSED),
    "conclusions:notice_detail": row(lambda o: [co(o).draft.pk], get=in_commune(200)),
    "conclusions:notice_update": row(lambda o: [co(o).draft.pk], get=OFFICE_FORM, post=OFFICE_FORM),
    "conclusions:notice_delete": row(lambda o: [co(o).draft.pk], get=signed_in(405), post=REFUSED),
    "conclusions:notice_status": row(
        lambda o: [co(o).draft.pk], get=signed_in(405), post=REFUSED, data={"to_status": "pending_approval"}
    ),
    "conclusions:notice_pdf": row(lambda o: [co(o).draft.pk], get=in_commune(200)),
    "conclusions:notice_original_upload": row(
        lambda o: [co(o).issued.pk], get=signed_in(405), post=only(STATE_OFFICE, 302)
    ),
    "conclusions:notice_original_file": row(lambda o: [co(o).issued.pk, _notice_original(o).pk], get=in_commune(200)),
    "conclusions:notice_village_copies": row(lambda o: [co(o).issued.pk], get=in_commune(200)),
    "conclusions:notice_docx": row(lambda o: [co(o).draft.pk], get=in_commune(200)),
    "conclusions:notice_village_copies_docx": row(lambda o: [co(o).issued.pk], get=in_commune(200)),
    "conclusions:notice_publish": row(lambda o: [co(o).issued.pk], get=signed_in(405), post=REFUSED),
    "conclusions:notice_unpublish": row(
        lambda o: [co(o).issued.pk], get=signed_in(405), post=REFUSED, data={"reason": "Đính chính"}
    ),
    "conclusions:notice_correct": row(lambda o: [co(o).issued.pk], get=signed_in(405), post=REFUSED),
    "conclusions:assignment_create": row(lambda o: [co(o).draft.pk], get=OFFICE_FORM, post=OFFICE_FORM),
    "conclusions:assignment_detail": row(lambda o: [co(o).assignment.pk], get=in_commune(200, **{PROVINCE: 404})),
    "conclusions:assignment_update": row(
        lambda o: [co(o).draft_assignment.pk],
        get=OFFICE_FORM,
        post=OFFICE_FORM,
    ),
    "conclusions:assignment_delete": row(lambda o: [co(o).draft_assignment.pk], get=signed_in(405), post=REFUSED),
    "conclusions:assignment_status": row(
        lambda o: [co(o).assignment.pk],
        get=signed_in(405),
        post=in_commune(404, **{p: 302 for p in STATE_OFFICE | {OFFICER}}),  # the office and the unit
        data={"to_status": "in_progress"},
    ),
    "conclusions:assignment_progress": row(
        lambda o: [co(o).assignment.pk], get=signed_in(405), post=in_commune(302, **{PROVINCE: 404})
    ),
    "conclusions:evidence": row(lambda o: [co(o).note.pk], get=in_commune(200, **{PROVINCE: 404})),
}


# The roster, letters and attendance of sessions (issue 3): rows kept beside their tests.
from tests.sessions_app.matrix_rows import rows as _session_participant_rows  # noqa: E402

MATRIX.update(_session_participant_rows(row, in_commune, only, signed_in))

# Citizen petitions (issue 4): rows kept beside their tests.
from tests.petitions.matrix_rows import rows as _petition_rows  # noqa: E402

MATRIX.update(_petition_rows(row, in_commune, only, signed_in))

# Personal data of one citizen (issue 6): rows kept beside their tests.
from tests.directory.matrix_rows import rows as _personal_data_rows  # noqa: E402

MATRIX.update(_personal_data_rows(row, in_commune, only, signed_in))

# The reception register (issue 15): rows kept beside their tests.
from tests.reception.matrix_rows import rows as _reception_rows  # noqa: E402

MATRIX.update(_reception_rows(row, in_commune, only, signed_in))


# The citizen's side (issue 13): rows kept beside their tests.
from tests.public.matrix_rows import rows as _public_rows  # noqa: E402

MATRIX.update(_public_rows(row, in_commune, only, signed_in))


# Notifications of each user (issue 12): rows kept beside their tests.
from tests.notifications.matrix_rows import rows as _notification_rows  # noqa: E402

MATRIX.update(_notification_rows(row, in_commune, only, signed_in))


# The session's programme, minutes and briefing pack (issue 14): rows kept beside their tests.
from tests.proceedings.matrix_rows import rows as _proceedings_rows  # noqa: E402

MATRIX.update(_proceedings_rows(row, in_commune, only, signed_in))


# --- the resolver walk ------------------------------------------------------------------------

#: Patterns that are not pages of ours.
EXCLUDED_NAMESPACES = {"admin"}
EXCLUDED_MODULES = {"django.views.static"}


def url_names():
    names, unnamed = set(), []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in EXCLUDED_NAMESPACES:
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                if pattern.callback.__module__ in EXCLUDED_MODULES:
                    continue
                if pattern.name:
                    names.add(namespace + pattern.name)
                else:
                    unnamed.append(f"{namespace}{pattern.pattern}")

    walk(get_resolver().url_patterns, "")
    return names, unnamed


def test_every_url_pattern_is_in_the_matrix():
    names, unnamed = url_names()
    missing = sorted(names - MATRIX.keys())
    stale = sorted(MATRIX.keys() - names)
    assert not unnamed, f"URL patterns without a name cannot be in the matrix: {unnamed}"
    assert not missing, "Add these URL names to MATRIX in tests/test_permission_matrix.py:\n  " + "\n  ".join(missing)
    assert not stale, f"MATRIX names that no longer exist: {stale}"


def test_every_matrix_row_covers_every_persona():
    for name, spec in MATRIX.items():
        assert spec.get, f"{name}: no GET expectations"
        for method in ("get", "post"):
            cells = getattr(spec, method)
            assert not cells or set(cells) == set(PERSONAS), f"{name} {method}: {sorted(set(PERSONAS) - set(cells))}"


# --- the cells ------------------------------------------------------------------------------


def cells():
    for name, spec in MATRIX.items():
        for method in ("get", "post"):
            for persona, expected in getattr(spec, method).items():
                marks = []
                if isinstance(expected, Gap):
                    marks = [pytest.mark.xfail(strict=True, reason=expected.why)]
                yield pytest.param(name, method, persona, id=f"{name}-{method}-{persona}", marks=marks)


class Objects:
    pass


def _issued_report(o):
    """A report of the commune as issued (a stored PDF); made once."""
    if not hasattr(o, "issued_report"):
        from office.models import IssuedReport

        o.issued_report = IssuedReport.objects.create(
            commune=o.plan.commune,
            issuer=o.plan.issuer,
            number=1,
            symbol="01/BC-UBND",
            issued_on=datetime.date(2025, 12, 1),
            period_label="năm 2025",
            filename="bao-cao-01.pdf",
            pdf=b"%PDF-1.7 matrix",
            docx=b"PK matrix",
            sha256="0" * 64,
        )
    return o.issued_report


@pytest.fixture
def objs(commune, state_issuer, unit):
    o = Objects()
    o.village = VillageFactory(commune=commune, name="Tuyết Diêm 1")
    o.unit = unit
    o.official = OfficialFactory(commune=commune, unit=unit)
    o.plan = PlanFactory(commune=commune, issuer=state_issuer)
    o.session = SessionFactory(plan=o.plan, villages=[o.village], quarter=None, starts_at=aware(2025, 11, 20))
    o.task = SessionTask.objects.create(session=o.session, title="Chuẩn bị hội trường", unit=unit)
    o.data_request = DataRequest.objects.create(
        commune=commune, person_name="Trần Thị Bưởi", kind=DataRequest.Kind.SEE, received_on=datetime.date(2025, 11, 3)
    )
    return o


@pytest.mark.parametrize("name,method,persona", list(cells()))
def test_permission_matrix(request, client, objs, name, method, persona):
    spec = MATRIX[name]
    expected = getattr(spec, method)[persona]
    if isinstance(expected, Gap):
        expected = expected.expected
    if persona != ANON:
        client.force_login(request.getfixturevalue(persona))
    # The other personas exist too, so "outsider" and "officer" are not alone in the database.
    for other in PERSONAS[1:]:
        request.getfixturevalue(other)
    url = reverse(name, args=spec.args(objs) if spec.args else None)
    response = getattr(client, method)(url, spec.data) if method == "post" else client.get(url)
    if expected == LOGIN:
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), response["Location"]
    else:
        assert response.status_code == expected, f"{method.upper()} {url} as {persona}"


#: POSTs that change only the signed-in user's own session (sign-in, sign-out, active commune) or
#: their own notifications and choices of them, or their own private calendar address, not any
#: record of the commune.
OWN_SESSION_ONLY = {
    "login",
    "logout",
    "directory:switch_commune",
    "notifications:settings",
    "notifications:read_all",
    "notifications:open",
    "public:my_calendar",
}
#: Public forms every persona may post, the anonymous public first: the status lookup changes a
#: petition only for the holder of its lookup code (tests/public/test_lookup.py).
OPEN_TO_ALL = {"public:lookup"}
#: Reads asked for by a POST: the export of what the user may read starts a job of their own
#: (a directory.Job row), which is no write of the commune's records.
READS_BY_POST = {"petitions:export"}


def database_snapshot():
    """Every row of every model (but the sign-in sessions), to compare before and after."""
    from django.apps import apps

    return {
        model._meta.label: sorted(repr(sorted(r.items())) for r in model._default_manager.values())
        for model in apps.get_models()
        if model._meta.label != "sessions.Session"
    }


@pytest.mark.parametrize("persona", [SUPERVISOR, PROVINCE])
def test_refused_writes_change_nothing(request, client, objs, persona):
    """The MTTQ supervisor and the province user read; every write page of the matrix, posted with
    its data, is refused (404, or a redirect with a message) and leaves every row as it was."""
    for other in PERSONAS[1:]:  # first: some rows' objects belong to a persona (a background job)
        request.getfixturevalue(other)
    writes = {
        name: reverse(name, args=spec.args(objs) if spec.args else None)
        for name, spec in MATRIX.items()
        if spec.post and name not in OWN_SESSION_ONLY | OPEN_TO_ALL | READS_BY_POST
    }
    client.force_login(request.getfixturevalue(persona))
    before = database_snapshot()
    statuses = {name: client.post(url, MATRIX[name].data).status_code for name, url in writes.items()}
    assert {name: code for name, code in statuses.items() if code not in (302, 404)} == {}
    after = database_snapshot()
    assert {label: rows for label, rows in after.items() if rows != before[label]} == {}


def test_outsider_lists_show_nothing_of_another_commune(client, objs, outsider):
    client.force_login(outsider)
    for name in (
        "sessions_app:plan_list",
        "sessions_app:session_list",
        "directory:village_list",
        "directory:official_list",
    ):
        html = client.get(reverse(name)).content.decode()
        for text in (objs.plan.title, objs.village.name, objs.official.full_name):
            assert text not in html, (name, text)


def test_membership_roles_of_the_personas(request, commune, other_commune):
    for persona in PERSONAS[1:]:
        request.getfixturevalue(persona)
    roles = dict(Membership.objects.values_list("user__username", "role"))
    assert roles == {
        "clerk": "state_office",
        "party_clerk": "party_office",
        "leader": "leader",
        "officer": "unit_official",
        "supervisor": "supervisor",
        "province": "province",
        "outsider": "state_office",
        "admin_role": "admin",
    }


# --- the admin (/quan-tri/), for the anonymous persona ------------------------------------------

#: The admin's own pages that a visitor not signed in may open; every other admin URL sends them to sign in.
ADMIN_OPEN_TO_ANON = {"admin:login": {"get": 200, "post": 200}, "admin:logout": {"get": 302, "post": 302}}


def admin_urls(objs):
    """{name or pattern: url} of every admin URL pattern, its arguments filled with a matrix object's key."""
    from django.contrib import admin

    found = {}

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            text = str(pattern.pattern)
            if text.startswith("^"):  # the app index: (?P<app_label>auth|directory|…)
                text = "directory/"
            text = re.sub(r"<(?:[a-z]+:)?[a-z_]+>", str(objs.village.pk), text)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + text, namespace)
            else:
                key = f"{namespace}:{pattern.name}" if pattern.name else prefix + text
                found.setdefault(key, "/quan-tri/" + prefix + text)

    walk(admin.site.get_urls(), "", "admin")
    return found


def test_admin_urls_are_walked():
    assert {"admin:index", "admin:login", "admin:directory_village_change", "admin:jsi18n"} <= set(
        admin_urls(type("O", (), {"village": type("V", (), {"pk": 1})})).keys()
    )


@pytest.mark.parametrize("method", ["get", "post"])
def test_every_admin_url_as_anonymous(client, objs, method):
    """The anonymous persona on every admin URL: never a server error; the sign-in page opens, the rest sends to it."""
    client.raise_request_exception = False
    wrong = {}
    for name, url in admin_urls(objs).items():
        response = getattr(client, method)(url)
        expected = ADMIN_OPEN_TO_ANON.get(name, {}).get(method, LOGIN)
        if expected == LOGIN:
            ok = response.status_code == 302 and response["Location"].startswith("/quan-tri/login/?next=")
        else:
            ok = response.status_code == expected
        if not ok:
            wrong[f"{method.upper()} {url}"] = response.status_code
    assert wrong == {}


def _plan_original(o):
    """A signed original of the matrix plan, numbered for it (stored as the upload would be)."""
    from sessions_app.models import PlanOriginal

    if not o.plan.number:
        o.plan.number = 41
        o.plan.issued_on = datetime.date(2025, 1, 5)
        o.plan.save(update_fields=["number", "issued_on"])
    return PlanOriginal.objects.create(
        plan=o.plan, pdf=b"%PDF-1.7 matrix", sha256="0" * 64, size=15, filename="ke-hoach.pdf"
    )


def _notice_original(o):
    """A signed original of the matrix's issued notice (stored as the upload would be)."""
    from conclusions.models import NoticeOriginal

    return NoticeOriginal.objects.create(
        notice=co(o).issued, pdf=b"%PDF-1.7 matrix", sha256="0" * 64, size=15, filename="tb.pdf"
    )
