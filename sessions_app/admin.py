from django.contrib import admin

from .models import Plan, PlanDuty, PlanLegalBasis, PlanRecipient, Session, SessionTask, SessionTransition


class PlanLegalBasisInline(admin.TabularInline):
    model = PlanLegalBasis
    extra = 0
    autocomplete_fields = ["legal_basis"]


class PlanDutyInline(admin.StackedInline):
    model = PlanDuty
    extra = 0
    autocomplete_fields = ["unit"]


class PlanRecipientInline(admin.TabularInline):
    model = PlanRecipient
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["__str__", "issuer", "issued_on", "year", "kind", "commune"]
    list_filter = ["commune", "kind", "year"]
    search_fields = ["title", "period_label", "content"]
    autocomplete_fields = ["issuer", "signer"]
    inlines = [PlanLegalBasisInline, PlanDutyInline, PlanRecipientInline]


class SessionTaskInline(admin.TabularInline):
    model = SessionTask
    extra = 0


class SessionTransitionInline(admin.TabularInline):
    model = SessionTransition
    extra = 0
    readonly_fields = ["from_status", "to_status", "by", "at", "note"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "venue", "status", "period_start"]
    list_filter = ["status", "year", "plan__commune"]
    search_fields = ["title", "venue", "villages__name"]
    readonly_fields = ["status"]
    filter_horizontal = ["villages"]
    autocomplete_fields = ["plan", "chair"]
    inlines = [SessionTaskInline, SessionTransitionInline]


@admin.register(SessionTransition)
class SessionTransitionAdmin(admin.ModelAdmin):
    list_display = ["session", "from_status", "to_status", "by", "at"]
    list_filter = ["to_status"]
    search_fields = ["session__title", "note"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Participants, numbered session documents, print jobs (issue 3) -------------------------

from .models_participants import Participant, ParticipantChange, PrintJob, SessionDocument  # noqa: E402


class ParticipantChangeInline(admin.TabularInline):
    model = ParticipantChange
    extra = 0
    can_delete = False
    readonly_fields = ["field", "from_value", "to_value", "by", "at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["full_name", "honorific", "group", "title", "village", "session", "response", "attended_at"]
    list_filter = ["group", "response"]
    search_fields = ["full_name", "search_name", "phone", "title"]
    autocomplete_fields = ["session", "official"]
    readonly_fields = ["checkin_token", "dedupe_key", "search_name", "attended_at", "responded_at", "response"]
    inlines = [ParticipantChangeInline]


@admin.register(SessionDocument)
class SessionDocumentAdmin(admin.ModelAdmin):
    list_display = ["session", "kind", "number", "issued_on", "issuer"]
    list_filter = ["kind"]
    readonly_fields = ["number", "issuer"]


@admin.register(PrintJob)
class PrintJobAdmin(admin.ModelAdmin):
    list_display = ["session", "status", "done", "total", "created_by", "created_at", "finished_at"]
    list_filter = ["status"]
    readonly_fields = [
        "session",
        "status",
        "filters",
        "total",
        "done",
        "filename",
        "path",
        "error",
        "created_by",
        "finished_at",
    ]
