"""Every admin changelist runs a fixed number of queries a page, whatever the number of rows.

The petition list (optional village and unit) is checked at two sizes; every other changelist
is opened on the sample data (load_demo) and must not repeat one statement row after row,
the mark of a query per row.
"""

import re
from collections import Counter

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from petitions import services
from petitions.models import Petition
from tests.factories import UnitFactory
from tests.petitions.factories import topic

pytestmark = pytest.mark.django_db

#: A statement seen more often than this on one page is a query per row.
MAX_REPEATS = 2
_LITERAL = re.compile(r"'(?:[^']|'')*'|\b\d+\b")


def _changelist_queries(client, model):
    try:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    except NoReverseMatch:
        return None, []
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, [q["sql"] for q in ctx.captured_queries]


@pytest.fixture
def superuser_client(client):
    client.force_login(get_user_model().objects.create_superuser("root_admin", password="x"))
    return client


def test_the_petition_changelist_costs_the_same_at_two_sizes(superuser_client, commune, clerk, villages):
    roads = topic("ha-tang")
    unit = UnitFactory(commune=commune)

    def add(n):
        for i in range(n):
            p = services.petition_create(
                commune=commune, by=clerk, content=f"Ý kiến {i}", topic=roads, village=villages[i % len(villages)]
            )
            if i % 2:
                services.petition_classify(petition=p, by=clerk, topic=roads, kind="kien_nghi", competence="commune")
                services.petition_route(petition=p, by=clerk, unit=unit)

    add(4)
    _, small = _changelist_queries(superuser_client, Petition)
    add(20)
    response, big = _changelist_queries(superuser_client, Petition)
    assert response.status_code == 200
    assert len(big) == len(small), "\n".join(big)


def test_no_changelist_runs_a_query_per_row(superuser_client):
    call_command("load_demo")
    offenders = {}
    for model in admin.site._registry:
        response, queries = _changelist_queries(superuser_client, model)
        if response is None:
            continue
        assert response.status_code == 200, model
        shapes = Counter(_LITERAL.sub("?", sql) for sql in queries)
        repeated = {sql: n for sql, n in shapes.items() if n > MAX_REPEATS}
        if repeated:
            offenders[model._meta.label] = repeated
    assert offenders == {}
