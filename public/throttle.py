"""A counter per client address in Django's cache: how many status lookups it made in the window."""

import time

from django.conf import settings
from django.core.cache import cache

from dialogue.middleware import client_ip


def _key(request):
    window = int(time.time()) // settings.PUBLIC_LOOKUP_WINDOW
    return f"public:lookup:{client_ip(request) or '-'}:{window}"


def lookup_allowed(request):
    """Count one lookup of REQUEST's address; False once it passed PUBLIC_LOOKUP_LIMIT in this window."""
    key = _key(request)
    # add() is a no-op when the key exists; incr() is atomic on Redis and in the local cache.
    cache.add(key, 0, timeout=settings.PUBLIC_LOOKUP_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=settings.PUBLIC_LOOKUP_WINDOW)
        count = 1
    return count <= settings.PUBLIC_LOOKUP_LIMIT
