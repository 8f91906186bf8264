from django.contrib import admin

from .admin_scope import CommuneScopedAdminMixin, ScopedChoicesMixin
from .audit import PersonalDataAdminMixin
from .models import (
    Commune,
    DataRequest,
    DocumentCounter,
    Event,
    Holiday,
    LegalBasis,
    Membership,
    Official,
    Province,
    Unit,
    Village,
)


class ScopedAdmin(CommuneScopedAdminMixin, admin.ModelAdmin):
    """The base of every ModelAdmin of the project (see admin_scope.py)."""


class InCommune(ScopedAdmin):
    commune_lookup = "commune"


# Provinces, communes and who works where: superusers only (commune_lookup None).
@admin.register(Province)
class ProvinceAdmin(ScopedAdmin):
    search_fields = ["name"]


class VillageInline(ScopedChoicesMixin, admin.TabularInline):
    model = Village
    extra = 0


@admin.register(Commune)
class CommuneAdmin(ScopedAdmin):
    list_display = ["name", "kind", "province"]
    list_filter = ["kind", "province"]
    search_fields = ["name"]
    inlines = [VillageInline]


@admin.register(Village)
class VillageAdmin(InCommune):
    list_display = ["name", "kind", "commune", "position", "is_active"]
    list_filter = ["commune", "kind", "is_active"]
    search_fields = ["name"]


@admin.register(Unit)
class UnitAdmin(InCommune):
    list_display = ["name", "kind", "parent", "commune", "symbol_code", "is_active"]
    list_filter = ["commune", "kind", "is_active"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent"]


@admin.register(Official)
class OfficialAdmin(InCommune):
    list_display = ["full_name", "honorific", "position", "role", "unit", "village", "commune", "is_active"]
    list_filter = ["commune", "role", "is_active"]
    search_fields = ["full_name", "position", "phone"]
    autocomplete_fields = ["unit", "village"]


@admin.register(LegalBasis)
class LegalBasisAdmin(ScopedAdmin):
    """Shared by every commune: staff read, superusers fix a citation once for all."""

    readable_by_staff = True
    list_display = ["short_name", "citation", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["short_name", "citation"]


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    list_display = ["user", "commune", "role", "unit"]
    list_filter = ["role", "commune"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["unit", "official"]


@admin.register(DocumentCounter)
class DocumentCounterAdmin(ScopedAdmin):
    commune_lookup = "issuer__commune"
    list_display = ["issuer", "doc_type", "period", "last_number"]
    list_filter = ["doc_type", "period"]
    search_fields = ["issuer__name"]
    # Numbers are taken only by the numbering service; the admin just shows them.
    readonly_fields = ["issuer", "doc_type", "period", "last_number"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Holiday)
class HolidayAdmin(InCommune):
    shared_without_commune = True
    list_display = ["day", "name", "commune"]
    list_filter = ["commune"]
    search_fields = ["name"]
    date_hierarchy = "day"


@admin.register(Event)
class EventAdmin(InCommune):
    """The event log: read only; nobody adds, changes or deletes a row, administrators included."""

    list_display = ["at", "username", "action", "commune", "object_type", "object_id", "detail"]
    list_filter = ["action", "commune"]
    search_fields = ["username", "object_type", "object_id"]
    date_hierarchy = "at"
    readonly_fields = [f.name for f in Event._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DataRequest)
class DataRequestAdmin(PersonalDataAdminMixin, InCommune):
    list_display = ["received_on", "person_name", "kind", "status", "commune"]
    list_filter = ["status", "kind", "commune"]
    search_fields = ["person_name"]
    # The status moves only through the register page (deadlines, event log).
    readonly_fields = ["status", "acknowledged_on", "extended_on", "closed_on"]
