"""Shared view helpers: scoping mixins used by every app, and the error handlers."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template import loader

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
