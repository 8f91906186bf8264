"""The reception register in the admin: read by the commune's administrators, written on its pages.

The register is written through reception.services (the office's pages, with their rules): the
admin shows it, it does not add or change it; only a superuser deletes a day (with its visits).
"""

from django.contrib import admin

from directory.admin import InCommune, ScopedAdmin

from .models import ReceptionDay, Representative, Visit


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class VisitInline(ReadOnly, admin.TabularInline):
    model = Visit
    extra = 0
    fields = ["citizen_name", "people_count", "matter", "outcome", "petition"]
    readonly_fields = fields
    show_change_link = True


class RepresentativeInline(ReadOnly, admin.TabularInline):
    model = Representative
    extra = 0
    fields = ["name", "address", "phone"]
    readonly_fields = fields


@admin.register(ReceptionDay)
class ReceptionDayAdmin(ReadOnly, InCommune):
    keep_records = True
    list_display = ["day", "kind", "leader", "place", "commune"]
    list_filter = ["kind", "commune"]
    list_select_related = ["leader", "commune"]
    date_hierarchy = "day"
    inlines = [VisitInline]


@admin.register(Visit)
class VisitAdmin(ReadOnly, ScopedAdmin):
    commune_lookup = "day__commune"
    keep_records = True
    list_display = ["day", "citizen_name", "people_count", "matter", "outcome", "petition"]
    list_filter = ["matter", "outcome"]
    list_select_related = ["day__leader", "petition"]
    inlines = [RepresentativeInline]
