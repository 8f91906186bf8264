from django.contrib import admin

from .models import Answer, AnswerTemplate, Attachment, DeadlineRule, Petition, PetitionTransition, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "commune", "position", "is_active"]
    list_filter = ["is_active", "commune"]
    search_fields = ["name", "code"]


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = ["step", "working_days", "commune", "legal_basis"]
    list_filter = ["step", "commune"]


@admin.register(AnswerTemplate)
class AnswerTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "topic", "commune"]
    list_filter = ["topic", "commune"]
    search_fields = ["title", "body"]


class TransitionInline(admin.TabularInline):
    model = PetitionTransition
    extra = 0
    readonly_fields = ["from_status", "to_status", "by", "at", "reason"]
    can_delete = False


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    readonly_fields = ["original_name", "size", "uploaded_by", "uploaded_at"]


@admin.register(Petition)
class PetitionAdmin(admin.ModelAdmin):
    list_display = ["code", "received_on", "citizen_display", "village", "topic", "status", "unit", "deadline"]
    list_filter = ["status", "topic", "kind", "source", "commune"]
    search_fields = ["code", "search_text"]
    # The state is changed only through services.petition_change_status (the petition pages).
    readonly_fields = ["code", "status", "answered_at", "closed_at", "search_text"]
    raw_id_fields = ["session", "repeat_of", "duplicate_of", "village", "unit"]
    inlines = [TransitionInline, AttachmentInline]

    @admin.display(description="người nêu")
    def citizen_display(self, obj):
        return obj.citizen_display


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["petition", "round", "drafted_by", "approved_by", "approved_at"]
    raw_id_fields = ["petition"]
