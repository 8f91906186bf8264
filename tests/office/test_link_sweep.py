"""The link sweep: no page links a user to a page that answers 404, 403 or a server error for them.

On the sample data (`load_demo`: both communes, their plans, sessions, petitions, notices and
assignments to several units), each persona opens the dashboard and the main lists and follows
every internal link (same host, GET) breadth-first. Every link found is requested; the links of
a page are followed from a capped number of pages per URL name, so the sweep stays short while
still reaching every kind of page (lists, details of plans, sessions, petitions, notices,
assignments, reports, the unit's queue, the public page).
"""

from collections import defaultdict, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.urls import Resolver404, resolve, reverse

from directory.models import Commune
from petitions.enums import Status

from ..conclusions.factories import AssignmentFactory, NoticeFactory, held_session
from ..petitions.factories import PetitionFactory, seed_reference_data

#: Demo logins standing for the personas of the permission matrix (tests/matrix.py).
PERSONAS = {
    "anonymous": None,
    "clerk": "vanthu",  # state office of Lộc Thành, party office of Xuân Cảnh
    "leader": "lanhdao",
    "officer": "donvi",  # official of one unit
    "supervisor": "giamsat",
    "province": "tinh",
}

#: Pages a sweep starts from (besides what the dashboard links to).
START = [
    "dashboard",
    "sessions_app:plan_list",
    "sessions_app:session_list",
    "petitions:list",
    "petitions:queue",
    "conclusions:list",
    "conclusions:board",
    "reception:days",
    "office:report",
    "directory:village_list",
    "public:lookup",
]

#: Pages of one URL name whose links are followed; every link found is still requested.
EXPANDED_PER_NAME = 3
#: A ceiling on the pages requested per persona (the sample data has far fewer distinct links).
MAX_REQUESTS = 900
#: Links that are not pages to open with GET: signing out is a POST, the admin has its own sign-in.
SKIPPED_PREFIXES = ("/static/", "/media/", "/quan-tri/", "/dang-xuat/")
BAD = {403, 404, 500}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def internal(href, base):
    """The path?query of HREF if it points to a page of this site opened with GET, else None."""
    href = urldefrag(href)[0]
    if not href or href.startswith(("mailto:", "tel:", "javascript:", "data:")):
        return None
    parts = urlsplit(href)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    if parts.netloc and parts.netloc not in ("testserver", "localhost"):
        return None
    path = parts.path
    if not path.startswith("/"):
        path = base.rsplit("/", 1)[0] + "/" + path
    if path.startswith(SKIPPED_PREFIXES):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def url_name(url):
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return url
    return match.view_name


def sweep(client, start):
    """{url: (status, the page that linked to it)} of every bad link reached from START, and {url: status}."""
    seen = {}
    expanded = defaultdict(int)
    queue = deque((url, "(start)") for url in start)
    bad = {}
    while queue and len(seen) < MAX_REQUESTS:
        url, source = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code in BAD and source != "(start)":  # a start page may be closed to the persona
            bad[url] = (response.status_code, source)
            continue
        if response.status_code in (301, 302):
            target = internal(response["Location"], url)
            if target and target not in seen:
                queue.append((target, url))
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        name = url_name(url)
        if expanded[name] >= EXPANDED_PER_NAME:
            continue
        expanded[name] += 1
        parser = Links()
        parser.feed(response.content.decode())
        for href in parser.hrefs:
            target = internal(href, url)
            if target and target not in seen:
                queue.append((target, url))
    return bad, seen


#: The personas of the permission matrix (fixtures of tests/conftest.py), on a notice with
#: assignments to two units and petitions routed to each.
MATRIX_PERSONAS = ("clerk", "party_clerk", "leader", "officer", "other_officer", "supervisor", "province_user")


@pytest.mark.parametrize("persona", MATRIX_PERSONAS)
def test_no_link_answers_404_on_the_matrix_objects(
    request, client, commune, state_issuer, villages, unit, other_unit, persona
):
    seed_reference_data()
    session = held_session(commune, state_issuer, villages)
    notice = NoticeFactory(session=session)
    for u in (unit, other_unit):
        AssignmentFactory(notice=notice, unit=u)
        PetitionFactory(commune=commune, session=session, village=villages[0], unit=u, status=Status.ROUTED)
    client.raise_request_exception = False
    client.force_login(request.getfixturevalue(persona))
    start = [reverse(name) for name in START] + [
        reverse("conclusions:notice_detail", args=[notice.pk]),
        reverse("sessions_app:session_detail", args=[session.pk]),
    ]
    bad, seen = sweep(client, start)
    assert len(seen) > 10, seen
    assert bad == {}, "\n".join(
        sorted({f"{status} {url_name(url)}  (linked from {url_name(source)})" for url, (status, source) in bad.items()})
    )


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The sample data for this module only: loaded inside a transaction that is rolled back at
    the end, so the rows the migrations seed (topics, report fields) stay for the tests after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo")
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_no_link_answers_404_or_403_or_500(demo, client, persona, db):
    client.raise_request_exception = False
    username = PERSONAS[persona]
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    public = [reverse("public:commune", args=[pk]) for pk in Commune.objects.values_list("pk", flat=True)]
    start = [reverse(name) for name in START] + public
    bad, seen = sweep(client, start)
    assert len(seen) > 10, seen
    assert bad == {}, "\n".join(
        sorted({f"{status} {url_name(url)}  (linked from {url_name(source)})" for url, (status, source) in bad.items()})
    )
