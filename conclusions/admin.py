from django.contrib import admin, messages

from directory.admin import ScopedAdmin
from directory.admin_scope import ScopedChoicesMixin

from .enums import NoticeStatus
from .models import Assignment, AssignmentTransition, ConclusionNotice, NoticeTransition, ProgressNote


class AssignmentInline(ScopedChoicesMixin, admin.TabularInline):
    model = Assignment
    extra = 0
    fields = ["unit", "task", "deadline", "status"]
    readonly_fields = ["status"]

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.status == NoticeStatus.DRAFT

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


class NoticeTransitionInline(ScopedChoicesMixin, admin.TabularInline):
    model = NoticeTransition
    extra = 0
    readonly_fields = ["from_status", "to_status", "by", "at", "note"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ConclusionNotice)
class ConclusionNoticeAdmin(ScopedAdmin):
    """Issued notices are frozen: never changed nor deleted here either; drafts only by a superuser."""

    commune_lookup = "session__plan__commune"
    keep_records = True

    list_display = ["__str__", "session", "issuer", "status", "issued_on"]
    list_filter = ["status", "issuer__commune"]
    search_fields = ["subject", "conclusions"]
    readonly_fields = ["status", "number", "number_period", "issued_on", "results_published_on", "created_by"]
    raw_id_fields = ["session", "signer", "corrects"]
    inlines = [AssignmentInline, NoticeTransitionInline]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status != NoticeStatus.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != NoticeStatus.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        kept = queryset.exclude(status=NoticeStatus.DRAFT).count()
        if kept:
            messages.error(request, f"{kept} thông báo đã trình duyệt hoặc ban hành không được xóa.")
        queryset.filter(status=NoticeStatus.DRAFT).delete()


class ProgressInline(ScopedChoicesMixin, admin.TabularInline):
    model = ProgressNote
    extra = 0
    readonly_fields = ["text", "evidence", "by", "at"]


@admin.register(Assignment)
class AssignmentAdmin(ScopedAdmin):
    commune_lookup = "notice__session__plan__commune"
    list_display = ["unit", "task", "deadline", "status", "notice"]
    list_filter = ["status", "unit__commune"]
    search_fields = ["task", "unit__name"]
    readonly_fields = ["status", "done_at"]
    raw_id_fields = ["notice", "unit", "petitions"]
    inlines = [ProgressInline]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.notice.status != NoticeStatus.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    has_delete_permission = has_change_permission


@admin.register(AssignmentTransition)
class AssignmentTransitionAdmin(ScopedAdmin):
    commune_lookup = "assignment__notice__session__plan__commune"
    list_display = ["assignment", "from_status", "to_status", "by", "at"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
