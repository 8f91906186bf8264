from django.contrib import admin

from directory.admin import InCommune, ScopedAdmin
from directory.admin_scope import ScopedChoicesMixin
from directory.audit import PersonalDataAdminMixin

from .models import (
    Answer,
    AnswerTemplate,
    Attachment,
    DeadlineRule,
    Petition,
    PetitionCorrection,
    PetitionTransition,
    ReportingField,
    Topic,
)
from .services import CORRECTABLE_FIELDS


@admin.register(ReportingField)
class ReportingFieldAdmin(ScopedAdmin):
    """The fields of the upper levels' statistics forms: the same for every commune, a superuser's to keep."""

    list_display = ["name", "code", "position"]


@admin.register(Topic)
class TopicAdmin(InCommune):
    shared_without_commune = True
    list_display = ["name", "code", "reporting_field", "commune", "position", "is_active"]
    list_filter = ["is_active", "reporting_field", "commune"]
    list_select_related = ["reporting_field", "commune"]
    search_fields = ["name", "code"]


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(InCommune):
    shared_without_commune = True
    list_display = ["step", "working_days", "commune", "legal_basis"]
    list_filter = ["step", "commune"]


@admin.register(AnswerTemplate)
class AnswerTemplateAdmin(InCommune):
    shared_without_commune = True
    list_display = ["title", "topic", "commune"]
    list_filter = ["topic", "commune"]
    search_fields = ["title", "body"]


class TransitionInline(ScopedChoicesMixin, admin.TabularInline):
    model = PetitionTransition
    extra = 0
    readonly_fields = ["from_status", "to_status", "by", "at", "note"]
    can_delete = False


class CorrectionInline(ScopedChoicesMixin, admin.TabularInline):
    model = PetitionCorrection
    extra = 0
    readonly_fields = ["at", "by", "reason", "after_final", "changes"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class AttachmentInline(ScopedChoicesMixin, admin.TabularInline):
    model = Attachment
    extra = 0
    readonly_fields = ["original_name", "size", "uploaded_by", "uploaded_at"]


@admin.register(Petition)
class PetitionAdmin(PersonalDataAdminMixin, InCommune):
    keep_records = True
    list_display = ["code", "received_on", "citizen_display", "village", "topic", "status", "unit", "deadline"]
    list_filter = ["status", "topic", "kind", "source", "commune"]
    search_fields = ["code", "search_text"]
    # The state is changed only through services.petition_change_status (the petition pages),
    # and what intake recorded only through services.petition_correct (with its reason).
    readonly_fields = ["code", "status", "answered_at", "closed_at", "search_text", *CORRECTABLE_FIELDS]
    raw_id_fields = ["session", "repeat_of", "duplicate_of", "village", "unit"]
    inlines = [TransitionInline, CorrectionInline, AttachmentInline]

    @admin.display(description="người nêu")
    def citizen_display(self, obj):
        return obj.citizen_display


@admin.register(Answer)
class AnswerAdmin(ScopedAdmin):
    commune_lookup = "petition__commune"
    list_display = ["petition", "round", "drafted_by", "approved_by", "approved_at"]
    raw_id_fields = ["petition"]
