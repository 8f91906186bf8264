"""The status lookup by lookup code: state, deadline, approved answer, reaction; nothing else."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from petitions.models import LOOKUP_ALPHABET, Petition, format_lookup_code, new_lookup_code
from petitions.services import petition_create

from .conftest import CITIZEN

pytestmark = pytest.mark.django_db
URL = "/tra-cuu/"


def test_lookup_url():
    assert reverse("public:lookup") == URL


def test_every_petition_gets_its_own_random_lookup_code(commune, clerk, roads):
    a = petition_create(commune=commune, by=clerk, content="Một", topic=roads)
    b = petition_create(commune=commune, by=clerk, content="Hai", topic=roads)
    assert len(a.lookup_code) == 16 and set(a.lookup_code) <= set(LOOKUP_ALPHABET)
    assert a.lookup_code != b.lookup_code
    assert a.code not in a.lookup_code
    assert len({new_lookup_code() for _ in range(1000)}) == 1000


def test_lookup_shows_state_deadline_answer_and_nothing_else(client, concluded):
    p = concluded["answered"]
    html = client.post(URL, {"ma": format_lookup_code(p.lookup_code).lower()}).content.decode()
    assert "Đã trả lời" in html
    assert "Đã nạo vét mương thoát nước ấp 2." in html
    assert "Đã giải quyết, tôi đồng tình" in html
    for value in CITIZEN.values():
        assert value not in html
    assert "Nội dung answered" not in html  # not even the content
    assert p.code not in html


def test_lookup_of_an_open_petition_shows_its_deadline(client, concluded, clerk, unit, roads):
    p = concluded["confidential"]
    from petitions.services import petition_classify, petition_route

    petition_classify(petition=p, by=clerk, topic=roads, kind="kien_nghi", competence="commune")
    petition_route(petition=p, by=clerk, unit=unit)
    p.refresh_from_db()
    html = client.get(URL, {"ma": p.lookup_code}).content.decode()
    assert "Đã giao xử lý" in html
    assert f"{p.deadline:%d/%m/%Y}" in html
    assert "Đã giải quyết, tôi đồng tình" not in html


def test_citizen_marks_it_resolved(client, concluded):
    p = concluded["answered"]
    response = client.post(URL, {"ma": p.lookup_code, "dong-tinh": "co"})
    assert "Cảm ơn anh/chị" in response.content.decode()
    p.refresh_from_db()
    assert (p.status, p.reaction) == (Petition.Status.CLOSED, Petition.Reaction.SATISFIED)
    assert p.transitions.order_by("-pk").first().by is None


def test_citizen_not_satisfied_sends_it_back_to_the_unit(client, concluded, unit):
    p = concluded["answered"]
    client.post(URL, {"ma": p.lookup_code, "dong-tinh": "khong"})
    p.refresh_from_db()
    assert (p.status, p.reaction, p.unit) == (Petition.Status.ROUTED, Petition.Reaction.NOT_SATISFIED, unit)
    assert p.deadline is not None


def test_a_reaction_on_an_unanswered_petition_changes_nothing(client, concluded):
    p = concluded["denunciation"]
    html = client.post(URL, {"ma": p.lookup_code, "dong-tinh": "co"}).content.decode()
    assert "Chỉ ghi nhận ý kiến của người dân sau khi đã có trả lời." in html
    p.refresh_from_db()
    assert (p.status, p.reaction) == (Petition.Status.RECEIVED, "")


@pytest.mark.parametrize("code", ["ZZZZZZZZZZZZZZZZ", "<script>x</script>", "1" * 64, "' OR 1=1 --"])
def test_wrong_malformed_and_unknown_codes_answer_the_same(client, concluded, code):
    wrong = concluded["answered"].lookup_code[:-1] + ("2" if concluded["answered"].lookup_code[-1] != "2" else "3")
    unknown = client.post(URL, {"ma": code})
    near = client.post(URL, {"ma": wrong})
    assert unknown.status_code == near.status_code == 200
    strip = lambda r, c: r.content.decode().replace(c, "").split('name="csrfmiddlewaretoken"')[0]  # noqa: E731
    assert strip(unknown, code) == strip(near, wrong)
    assert "Không tìm thấy ý kiến nào với mã tra cứu này." in unknown.content.decode()
    assert "<script>x</script>" not in unknown.content.decode()


def test_lookup_is_never_cached(client, concluded):
    response = client.get(URL, {"ma": concluded["answered"].lookup_code})
    assert "no-store" in response["Cache-Control"]


@override_settings(PUBLIC_LOOKUP_LIMIT=3)
def test_lookups_are_rate_limited_per_address(client, concluded):
    p = concluded["answered"]
    for _ in range(3):
        assert client.post(URL, {"ma": "ZZZZZZZZZZZZZZZZ"}).status_code == 200
    refused = client.post(URL, {"ma": p.lookup_code, "dong-tinh": "co"})
    assert refused.status_code == 429
    assert "quá nhiều lần" in refused.content.decode()
    p.refresh_from_db()
    assert p.status == Petition.Status.ANSWERED  # nothing changed once refused
    other = client.post(URL, {"ma": p.lookup_code}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200 and "Đã trả lời" in other.content.decode()


@override_settings(PUBLIC_LOOKUP_LIMIT=3)
def test_without_redis_every_worker_counts_on_the_same_database_rows(client, concluded):
    """Without REDIS_URL the counter is a row in the database: another gunicorn worker (here: a
    cleared process cache) sees the same count, and the address stays refused."""
    from django.core.cache import cache

    from public.models import ThrottleCount

    for _ in range(3):
        assert client.post(URL, {"ma": "ZZZZZZZZZZZZZZZZ"}).status_code == 200
    assert list(ThrottleCount.objects.values_list("count", flat=True)) == [3]
    cache.clear()  # a worker whose memory never saw these requests
    assert client.post(URL, {"ma": "ZZZZZZZZZZZZZZZZ"}).status_code == 429


def test_with_redis_the_counter_lives_in_redis(client, concluded, settings):
    from django.core.cache import caches

    from public.models import ThrottleCount

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/13"}
    }
    settings.PUBLIC_LOOKUP_LIMIT = 2
    caches["default"].clear()
    try:
        assert [client.post(URL, {"ma": "ZZZZZZZZZZZZZZZZ"}).status_code for _ in range(3)] == [200, 200, 429]
        assert not ThrottleCount.objects.exists()
    finally:
        caches["default"].clear()


def test_lookup_costs_the_count_and_the_read_one_statement_on_postgresql(client, concluded, django_assert_num_queries):
    from django.db import connection

    queries = 1 if connection.vendor == "postgresql" else 2
    p = concluded["answered"]
    answer = p.answers.get()
    client.post(URL, {"ma": "ZZZZZZZZZZZZZZZZ"})  # the window's first: its counter row is made
    with django_assert_num_queries(queries):
        html = client.post(URL, {"ma": p.lookup_code}).content.decode()
    assert f"duyệt ngày {answer.approved_at.astimezone(timezone.get_current_timezone()):%d/%m/%Y}" in html
    with django_assert_num_queries(queries):
        assert "Không tìm thấy" in client.post(URL, {"ma": "ZZZZZZZZZZZZZZZZ"}).content.decode()


def test_the_counter_is_one_statement_and_unlogged_on_postgresql(client, concluded):
    from django.db import connection

    from public.models import ThrottleCount
    from public.throttle import _increment

    assert _increment("public:lookup:none") is None  # no row: nothing made
    client.post(URL, {"ma": "ZZZZZZZZZZZZZZZZ"})
    key = ThrottleCount.objects.get().key
    assert _increment(key) == 2 == ThrottleCount.objects.get().count
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT relpersistence FROM pg_class WHERE relname = %s", [ThrottleCount._meta.db_table])
            assert cursor.fetchone() == ("u",)


def test_the_empty_form(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert 'name="ma"' in response.content.decode()


def test_sent_without_a_code_it_asks_for_one_in_vietnamese(client, concluded):
    response = client.post(URL, {"ma": "   "})
    assert response.status_code == 200
    assert "Nhập mã tra cứu in trên phiếu tiếp nhận" in response.content.decode()
    assert 'id="ket-qua"' not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_data_migration_gives_existing_rows_distinct_codes(commune):
    """Rows made before the lookup code existed each get their own code when the migration runs."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("petitions", "0009_routed_and_transition_record")]
    after = [("petitions", "0010_petition_lookup_code_and_confidential")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Topic = old.get_model("petitions", "Topic")
    OldPetition = old.get_model("petitions", "Petition")
    topic = Topic.objects.create(code="thu", name="Thử")
    for i in range(5):
        OldPetition.objects.create(
            commune_id=commune.pk, code=f"KN-OLD-{i}", received_on="2025-01-02", topic=topic, content=f"Số {i}"
        )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    codes = list(Petition.objects.filter(code__startswith="KN-OLD-").values_list("lookup_code", flat=True))
    assert len(codes) == 5 == len(set(codes))
    assert all(len(c) == 16 and set(c) <= set(LOOKUP_ALPHABET) for c in codes)
