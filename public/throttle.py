"""Counters per client address in Django's cache: how many lookups or online opinions it sent
in the current window."""

import time

from django.conf import settings
from django.core.cache import cache

from dialogue.middleware import client_ip


def allowed(request, *, bucket, limit, window=None):
    """Count one request of REQUEST's address in BUCKET; False once it passed LIMIT in this window."""
    window = window or settings.PUBLIC_LOOKUP_WINDOW
    key = f"public:{bucket}:{client_ip(request) or '-'}:{int(time.time()) // window}"
    # add() is a no-op when the key exists; incr() is atomic on Redis and in the local cache.
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit


def lookup_allowed(request):
    return allowed(request, bucket="lookup", limit=settings.PUBLIC_LOOKUP_LIMIT)


def online_petition_allowed(request):
    return allowed(request, bucket="online", limit=settings.PUBLIC_ONLINE_LIMIT, window=3600)
