from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only for superusers: what was told to whom, and whether its e-mail went."""

    list_display = ["created_at", "user", "kind", "title", "read_at", "email_status", "email_error"]
    list_filter = ["kind", "email_status"]
    search_fields = ["title", "user__username"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
