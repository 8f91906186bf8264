"""HTTP helpers shared by every app."""

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

from .text import nfc


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


#: The longest note a status button takes (a reason, a result); the door keeps what it needs.
STATUS_NOTE_MAX = 2000


def status_post(request, obj, *, door, statuses, error, success):
    """The POST of a status button, one shape in every app: "to_status" checked against STATUSES,
    then DOOR(obj=OBJ, to=..., by=request.user, note=...) called, the note NFC and at most
    STATUS_NOTE_MAX characters. The door's domain refusal ERROR becomes the page's message (the
    door changed nothing); otherwise SUCCESS(obj), once moved, is the message. Back to OBJ's page.
    A refused right (NotPermitted) passes through as 404."""
    to = request.POST.get("to_status", "")
    note = nfc(request.POST.get("note", ""))
    if to not in statuses or len(note) > STATUS_NOTE_MAX:
        messages.error(
            request,
            "Trạng thái không hợp lệ." if to not in statuses else f"Ghi chú dài quá {STATUS_NOTE_MAX} ký tự.",
        )
        return redirect(obj)
    try:
        door(obj=obj, to=to, by=request.user, note=note)
    except error as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success(obj))
    return redirect(obj)
