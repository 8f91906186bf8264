"""Counters per client address: how many lookups or online opinions it sent in the current window.

With REDIS_URL the counters live in Redis (Django's cache, shared by every worker, atomic
increments). Without it they live in the database (ThrottleCount, one row per address and
window, incremented by one UPDATE), never in one process's memory: gunicorn's workers would each
count on their own and let an address through N times the limit.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction

from dialogue.middleware import client_ip

from .models import ThrottleCount


def _shared_cache():
    return "redis" in settings.CACHES["default"]["BACKEND"].lower()


def _count_in_cache(key, window):
    # add() is a no-op when the key exists; incr() is atomic on Redis.
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        return 1


def _increment(key):
    """The row KEY's count after adding one, in one statement (PostgreSQL and SQLite ≥ 3.35 return
    the new value), or None when there is no such row yet."""
    qn = connection.ops.quote_name
    sql = (
        f"UPDATE {qn(ThrottleCount._meta.db_table)} SET {qn('count')} = {qn('count')} + 1 "
        f"WHERE {qn('key')} = %s RETURNING {qn('count')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [key])
        row = cursor.fetchone()
    return row[0] if row else None


def _count_in_database(key, slot):
    for _ in range(2):
        count = _increment(key)
        if count is not None:
            return count
        try:
            with transaction.atomic():
                ThrottleCount.objects.create(key=key, window=slot, count=1)
        except IntegrityError:  # another process opened the row first: count on it
            continue
        # A new window opened: the rows of windows before the last one are of no use.
        ThrottleCount.objects.filter(window__lt=slot - 1).delete()
        return 1
    return 1


def _key(request, bucket, window):
    slot = int(time.time()) // window
    return f"public:{bucket}:{client_ip(request) or '-'}:{window}:{slot}", slot


def allowed(request, *, bucket, limit, window=None):
    """Count one request of REQUEST's address in BUCKET; False once it passed LIMIT in this window."""
    window = window or settings.PUBLIC_LOOKUP_WINDOW
    key, slot = _key(request, bucket, window)
    count = _count_in_cache(key, window) if _shared_cache() else _count_in_database(key, slot)
    return count <= limit


def allowed_and_read(request, *, bucket, limit, sql, params, window=None):
    """(allowed(…), the one row SQL with PARAMS reads, or None). When the counters live in
    PostgreSQL, both in one statement: one round trip to the database instead of two. The read is
    made (and its row dropped) even when the address is refused, so a refusal takes as long."""
    window = window or settings.PUBLIC_LOOKUP_WINDOW
    if _shared_cache() or connection.vendor != "postgresql":
        allowed_now = allowed(request, bucket=bucket, limit=limit, window=window)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return allowed_now, cursor.fetchone()
    key, slot = _key(request, bucket, window)
    qn = connection.ops.quote_name
    joined = (
        f"WITH counted AS (UPDATE {qn(ThrottleCount._meta.db_table)} SET {qn('count')} = {qn('count')} + 1 "
        f"WHERE {qn('key')} = %s RETURNING {qn('count')}) "
        f"SELECT (SELECT {qn('count')} FROM counted), found.* FROM (SELECT 1) AS one LEFT JOIN ({sql}) AS found ON TRUE"
    )
    with connection.cursor() as cursor:
        cursor.execute(joined, [key, *params])
        count, *row = cursor.fetchone()
    if count is None:  # the window's first request from this address: its row is made
        count = _count_in_database(key, slot)
    return count <= limit, row


def lookup_allowed_and_read(request, sql, params):
    return allowed_and_read(request, bucket="lookup", limit=settings.PUBLIC_LOOKUP_LIMIT, sql=sql, params=params)


def online_petition_allowed(request):
    return allowed(request, bucket="online", limit=settings.PUBLIC_ONLINE_LIMIT, window=3600)
