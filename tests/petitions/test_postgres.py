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
