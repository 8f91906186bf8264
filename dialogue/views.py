"""Shared view helpers: scoping mixins used by every app."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404


class ScopedQuerysetMixin(LoginRequiredMixin):
    """Reads through `Model.objects.visible_to(user)`; outside it answers 404."""

    model = None

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)


class ActiveCommuneMixin(ScopedQuerysetMixin):
    """Lists and new records work inside the active commune (request.commune)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.commune is None:
            messages.error(request, "Tài khoản chưa được gắn với xã nào. Liên hệ quản trị viên.")
            raise Http404("Không có xã")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["commune"] = self.request.commune
        return kwargs
