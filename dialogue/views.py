"""Shared view helpers: scoping mixins used by every app, and the error handlers."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme

logger = logging.getLogger("django.request")

NO_COMMUNE_MESSAGE = "Tài khoản chưa được gắn với xã nào. Liên hệ quản trị viên."


def no_commune(request):
    """For a signed-in user attached to no commune: say so and go back to the dashboard."""
    messages.error(request, NO_COMMUNE_MESSAGE)
    return redirect("dashboard")


class ScopedQuerysetMixin(LoginRequiredMixin):
    """Reads through `Model.objects.visible_to(user)`; outside it answers 404."""

    model = None

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)


class ActiveCommuneMixin(ScopedQuerysetMixin):
    """Lists and new records work inside the active commune (request.commune)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.commune is None:
            messages.error(request, NO_COMMUNE_MESSAGE)
            raise Http404("Không có xã")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["commune"] = self.request.commune
        return kwargs


def error_page(*, too_big, limit=0):
    """The Vietnamese 400 page, or the 413 page naming LIMIT (bytes).

    No request context: the request body cannot be read again, and the page must render
    even when what failed was the request itself.
    """
    context = {
        "too_big": too_big,
        "limit": f"{limit / (1024 * 1024):.1f}".replace(".", ",") + " MB" if limit else "",
    }
    html = loader.get_template("400.html").render(context)
    return HttpResponse(html, status=413 if too_big else 400)


def bad_request(request, exception):
    """handler400: a Vietnamese page; a form too large for DATA_UPLOAD_MAX_MEMORY_SIZE answers 413.

    Django raises RequestDataTooBig while reading the body, before any view runs, and its
    default page is a bare English "Bad Request (400)".
    """
    too_big = isinstance(exception, RequestDataTooBig)
    return error_page(too_big=too_big, limit=settings.DATA_UPLOAD_MAX_MEMORY_SIZE if too_big else 0)


def _page(request, template, status, **context):
    """An error page in the site's layout, with the signed-in user's menu when the request can give it."""
    try:
        html = loader.render_to_string(template, context, request)
    except Exception:  # the menu itself failed (a broken database, say): the page without it
        logger.exception("Error page %s rendered without the request context", template)
        html = loader.render_to_string(template, context)
    return HttpResponse(html, status=status)


def page_not_found(request, exception=None):
    """handler404: a Vietnamese page, the same for a missing page and one the user may not open."""
    return _page(request, "404.html", 404)


def permission_denied(request, exception=None):
    """handler403: a Vietnamese page (a refused CSRF token, a permission the admin checks)."""
    return _page(request, "403.html", 403)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent with a stale or missing token answers the Vietnamese 403 page."""
    return _page(request, "403.html", 403, csrf=True)


def server_error(request=None):
    """handler500: a Vietnamese page, rendered without the request (whatever failed may fail again)."""
    return HttpResponse(loader.render_to_string("500.html", {}), status=500)


def _describe(protected):
    """'3 người dự (Nguyễn Văn A, Trần Thị B, …), 1 kiến nghị (KN-0001)' for PROTECTED objects, grouped by kind."""
    by_kind = {}
    for obj in protected:
        by_kind.setdefault(obj._meta.verbose_name, []).append(str(obj))
    parts = []
    for kind, names in sorted(by_kind.items()):
        shown = ", ".join(sorted(names)[:3]) + (", …" if len(names) > 3 else "")
        parts.append(f"{len(names)} {kind} ({shown})")
    return "; ".join(parts)


def protected_page(request, exception):
    """A delete refused because other records still point at the record: which, in Vietnamese.

    Django's ProtectedError (on_delete=PROTECT) and RestrictedError carry the protecting records;
    a message of our own (protect_followed) is shown as it is written.
    """
    message = exception.args[0] if exception.args else ""
    if not isinstance(message, str) or message.isascii():
        message = ""
    return _page(
        request,
        "409.html",
        409,
        message=message,
        protected=_describe(
            getattr(exception, "protected_objects", None) or getattr(exception, "restricted_objects", ())
        ),
        back=_same_site(request, request.headers.get("referer", "")),
    )


def _same_site(request, url):
    allowed = url_has_allowed_host_and_scheme(url, {request.get_host()}, require_https=request.is_secure())
    return url if url and allowed else ""
