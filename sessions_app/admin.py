import copy

from django import forms
from django.contrib import admin
from django.db import models

from directory.admin import ScopedAdmin
from directory.admin_scope import ScopedChoicesMixin
from directory.audit import PersonalDataAdminMixin

from .forms import SessionForm
from .models import (
    Plan,
    PlanDuty,
    PlanLegalBasis,
    PlanRecipient,
    PlanSection,
    Session,
    SessionTask,
    SessionTransition,
)
from .services import session_save


class FrozenWhenNumbered:
    """An inline of a plan: read-only once the plan is numbered (services.plan_frozen_error)."""

    def _frozen(self, obj):
        return obj is not None and obj.pk is not None and obj.number is not None

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


class PlanLegalBasisInline(FrozenWhenNumbered, ScopedChoicesMixin, admin.TabularInline):
    model = PlanLegalBasis
    extra = 0
    autocomplete_fields = ["legal_basis"]


class PlanDutyInline(FrozenWhenNumbered, ScopedChoicesMixin, admin.StackedInline):
    model = PlanDuty
    extra = 0
    autocomplete_fields = ["unit"]


class PlanSectionInline(FrozenWhenNumbered, ScopedChoicesMixin, admin.StackedInline):
    model = PlanSection
    extra = 0


class PlanRecipientInline(FrozenWhenNumbered, ScopedChoicesMixin, admin.TabularInline):
    model = PlanRecipient
    extra = 0


class InPlanCommune(ScopedAdmin):
    commune_lookup = "plan__commune"


class InSessionCommune(ScopedAdmin):
    commune_lookup = "session__plan__commune"


@admin.register(Plan)
class PlanAdmin(ScopedAdmin):
    commune_lookup = "commune"
    keep_records = True
    list_display = ["__str__", "issuer", "issued_on", "year", "kind", "commune"]
    list_filter = ["commune", "kind", "year"]
    search_fields = ["title", "period_label"]
    autocomplete_fields = ["issuer", "signer"]
    # A number is given on the plan's page, which checks what a numbered plan must say
    # (services.plan_number_check); the admin does not number.
    readonly_fields = ["number"]
    inlines = [PlanLegalBasisInline, PlanSectionInline, PlanDutyInline, PlanRecipientInline]

    def has_change_permission(self, request, obj=None):
        # A numbered plan is issued: the admin shows it, it does not change it (a correction does).
        if obj is not None and obj.number is not None:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.number is not None:
            return False
        return super().has_delete_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.refresh_search_text()  # the sections are saved after the plan


class SessionTaskInline(ScopedChoicesMixin, admin.TabularInline):
    model = SessionTask
    extra = 0


class SessionTransitionInline(ScopedChoicesMixin, admin.TabularInline):
    model = SessionTransition
    extra = 0
    readonly_fields = ["from_status", "to_status", "by", "at", "note"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


def _as_data(value):
    """A cleaned value as a form posts it: rows by primary key."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list):
        return [_as_data(v) for v in value]
    return value


class SessionAdminForm(forms.ModelForm):
    """The admin's session form checks what the session page checks (SessionForm: one time
    among quarter, month and exact date; not before the plan's issue date; villages and chair of
    the plan's commune), so the admin cannot save what the page refuses."""

    class Meta:
        model = Session
        fields = ["plan", *SessionForm.Meta.fields, "households_per_village"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].required = False  # taken from the exact date when there is one

    def clean(self):
        cleaned = super().clean()
        plan = cleaned.get("plan")
        if plan is None or self.errors:
            return cleaned
        page = SessionForm(
            data={name: _as_data(cleaned.get(name)) for name in SessionForm.Meta.fields},
            instance=copy.copy(self.instance),
            plan=plan,
        )
        for name, errors in page.errors.items():
            for error in errors:
                self.add_error(name if name in self.fields and name != "__all__" else None, error)
        if not page.errors:
            cleaned["year"] = page.cleaned_data["year"]
        return cleaned


@admin.register(Session)
class SessionAdmin(InPlanCommune):
    keep_records = True
    form = SessionAdminForm
    list_display = ["__str__", "plan", "venue", "status", "period_start"]
    list_filter = ["status", "year", "plan__commune"]
    search_fields = ["title", "venue", "villages__name"]
    readonly_fields = ["status"]
    filter_horizontal = ["villages"]
    autocomplete_fields = ["plan", "chair"]
    inlines = [SessionTaskInline, SessionTransitionInline]

    def save_model(self, request, obj, form, change):
        # The one door: villages, the creation move and the preparation duties.
        session_save(session=obj, villages=list(form.cleaned_data["villages"]), user=request.user)


@admin.register(SessionTransition)
class SessionTransitionAdmin(InSessionCommune):
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

from .models import Participant, ParticipantChange, PrintJob, SessionDocument  # noqa: E402


class ParticipantChangeInline(ScopedChoicesMixin, admin.TabularInline):
    model = ParticipantChange
    extra = 0
    can_delete = False
    readonly_fields = ["field", "from_value", "to_value", "by", "at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Participant)
class ParticipantAdmin(PersonalDataAdminMixin, InSessionCommune):
    keep_records = True
    list_display = ["full_name", "honorific", "group", "title", "village", "session", "response", "attended_at"]
    list_filter = ["group", "response"]
    search_fields = ["full_name", "search_name", "phone", "title"]
    autocomplete_fields = ["session", "official"]
    readonly_fields = ["checkin_token", "dedupe_key", "search_name", "attended_at", "responded_at", "response"]
    inlines = [ParticipantChangeInline]


@admin.register(SessionDocument)
class SessionDocumentAdmin(InSessionCommune):
    list_display = ["session", "kind", "number", "issued_on", "issuer", "replaces"]
    list_filter = ["kind"]
    # A numbered document is frozen (participants.session_document_freeze): nothing of it is edited here.
    readonly_fields = [
        "session",
        "kind",
        "number",
        "issuer",
        "issued_on",
        "content",
        "pdf_sha256",
        "created_by",
        "replaces",
        "correction_reason",
    ]


@admin.register(PrintJob)
class PrintJobAdmin(InSessionCommune):
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
