"""HTTP helpers shared by every app."""

from functools import wraps

from django.http import Http404
from django.utils.cache import add_never_cache_headers


def set_no_store(response):
    """Forbid every cache (browser, proxy) from keeping RESPONSE: it may carry personal data."""
    add_never_cache_headers(response)  # max-age=0, no-cache, no-store, must-revalidate, private
    return response


def no_store(view):
    """Decorator: the view's responses are never stored by a cache.

    NoStoreMiddleware already does this for every response to a signed-in user; the
    decorator is for a page that must hold even if the middleware were taken out.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return set_no_store(view(request, *args, **kwargs))

    return wrapper


class NotPermitted(Http404):
    """A write the user may not make, raised by the services that check permissions.

    It answers 404, as an object outside the user's scope does (`visible_to`): a refused
    write tells nothing more than a missing page, in every app alike. Domain refusals (a
    state that does not allow the move) stay the app's own error, shown as a message.
    """
