import pytest
from django.db import connection

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
]


@pytest.mark.django_db
def test_trigram_index_on_folded_text_exists():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'petition_search_trgm'")
        (definition,) = cursor.fetchone()
    assert "gin (search_text gin_trgm_ops)" in definition


@pytest.mark.django_db(transaction=True)
def test_receipt_codes_stay_unique_under_concurrent_intake(commune, clerk, villages):
    import threading

    from django.db import close_old_connections

    from petitions import services

    from .factories import topic

    roads = topic("ha-tang")
    codes, errors = [], []

    def enter(i):
        try:
            p = services.petition_create(commune=commune, by=clerk, content=f"Ý kiến {i}", topic=roads)
            codes.append(p.code)
        except Exception as e:  # noqa: BLE001 - collected and asserted below
            errors.append(e)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=enter, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(int(c.rsplit("-", 1)[1]) for c in codes) == list(range(1, 9))
