"""Conclusion notices and assignments are read-only in the admin, for superusers too.

Their pages carry the workflow: `services.notice_save` and `assignment_save` validate and keep the
snapshot rules, the transitions check who may approve, numbering is race-free, and every change is
logged. A save in the admin would skip all of that, so the admin shows the record and links to its page.
"""

from django.contrib import admin
from django.utils.html import format_html

from directory.admin import ScopedAdmin
from directory.admin_scope import ScopedChoicesMixin

from .models import Assignment, AssignmentTransition, ConclusionNotice, NoticeTransition, ProgressNote


class ReadOnlyMixin:
    """Nobody adds, changes or deletes here (superusers included); the view permission stays."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PageLinkAdmin(ReadOnlyMixin, ScopedAdmin):
    """A read-only admin whose change page opens with a link to the record's own page."""

    page_link_text = ""

    @admin.display(description="Trang nghiệp vụ")
    def page_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), self.page_link_text)

    def get_fields(self, request, obj=None):
        return ["page_link", *[f for f in super().get_fields(request, obj) if f != "page_link"]]

    def get_readonly_fields(self, request, obj=None):
        return ["page_link", *super().get_readonly_fields(request, obj)]


class AssignmentInline(ReadOnlyMixin, ScopedChoicesMixin, admin.TabularInline):
    model = Assignment
    extra = 0
    fields = ["unit", "task", "deadline", "status"]
    readonly_fields = ["status"]  # not editable: shown only when named here
    show_change_link = True


class NoticeTransitionInline(ReadOnlyMixin, ScopedChoicesMixin, admin.TabularInline):
    model = NoticeTransition
    extra = 0
    readonly_fields = ["from_status", "to_status", "by", "at", "note"]


@admin.register(ConclusionNotice)
class ConclusionNoticeAdmin(PageLinkAdmin):
    commune_lookup = "session__plan__commune"
    keep_records = True
    page_link_text = "Mở trang thông báo để sửa, trình duyệt, ban hành"

    list_display = ["__str__", "session", "issuer", "status", "issued_on"]
    list_filter = ["status", "issuer__commune"]
    search_fields = ["subject", "conclusions"]
    readonly_fields = ["status", "number", "number_period", "issued_on", "results_published_on", "created_by"]
    inlines = [AssignmentInline, NoticeTransitionInline]


class ProgressInline(ReadOnlyMixin, ScopedChoicesMixin, admin.TabularInline):
    model = ProgressNote
    extra = 0
    readonly_fields = ["text", "evidence", "by", "at"]


@admin.register(Assignment)
class AssignmentAdmin(PageLinkAdmin):
    commune_lookup = "notice__session__plan__commune"
    page_link_text = "Mở trang nhiệm vụ để sửa, báo cáo tiến độ"

    list_display = ["unit", "task", "deadline", "status", "notice"]
    # The notice shows as its symbol (its issuer's) or, a draft, by its session's title.
    list_select_related = ["unit", "notice__issuer", "notice__session"]
    list_filter = ["status", "unit__commune"]
    search_fields = ["task", "unit__name"]
    readonly_fields = ["status", "done_at"]
    inlines = [ProgressInline]


@admin.register(AssignmentTransition)
class AssignmentTransitionAdmin(ReadOnlyMixin, ScopedAdmin):
    commune_lookup = "assignment__notice__session__plan__commune"
    list_display = ["assignment", "from_status", "to_status", "by", "at"]
