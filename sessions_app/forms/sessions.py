from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone

from dialogue.forms import CommuneFormMixin, DateInput, DateTimeInput
from directory.models import LegalBasis, Official, Unit, Village
from sessions_app.enums import SessionStatus
from sessions_app.models import Plan, PlanDuty, PlanLegalBasis, PlanRecipient, PlanSection, Session
from sessions_app.services import ANNOUNCED_FIXED_FIELDS, FROZEN_STATES, session_when_errors


class PlanForm(CommuneFormMixin, forms.ModelForm):
    commune_fields = {"issuer": Unit, "signer": Official}

    class Meta:
        model = Plan
        fields = [
            "kind",
            "issuer",
            "number",
            "place",
            "issued_on",
            "title",
            "year",
            "period_label",
            "preamble",
            "closing",
            "announcement_lead_days",
            "signing_authority",
            "signer_title",
            "signer",
        ]
        widgets = {
            "issued_on": DateInput(),
            "title": forms.Textarea(attrs={"rows": 2}),
            "preamble": forms.Textarea(attrs={"rows": 3}),
            "closing": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = self.fields["issuer"].queryset.filter(kind__in=Unit.ISSUER_KINDS)
        self.fields["signer"].queryset = self.fields["signer"].queryset.by_given_name()
        self.fields["number"].help_text = (
            "Số do sổ văn bản hoặc hệ thống quản lý văn bản (e-office) cấp; để trống khi kế hoạch còn là dự thảo. "
            "Kế hoạch có số phải có người ký và ít nhất một nơi nhận."
        )
        if self.instance.pk and self.instance.number:
            # One number is one document (services.plan_number_check refuses a change too).
            self.fields["number"].disabled = True
            self.fields["number"].help_text = "Kế hoạch đã ban hành với số này; bản in đã cố định."
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year
            if self.commune is not None and not self.initial.get("place"):
                self.initial["place"] = self.commune.date_place

    def clean_number(self):
        number = self.cleaned_data.get("number")
        if number == 0:
            raise forms.ValidationError("Số văn bản bắt đầu từ 1.")
        return number

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("number") and not cleaned.get("issued_on"):
            self.add_error("issued_on", "Kế hoạch đã có số thì phải có ngày ban hành.")
        issuer = cleaned.get("issuer")
        if issuer and not issuer.symbol_code:
            self.add_error("issuer", "Cơ quan này chưa có ký hiệu văn bản; khai báo trong Danh mục đơn vị.")
        return cleaned


class _CommuneInlineFormSet(forms.BaseInlineFormSet):
    """An inline formset whose foreign keys are limited to one commune."""

    commune_fields = {}

    def __init__(self, *args, commune=None, **kwargs):
        self.commune = commune
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name, queryset in self.commune_querysets().items():
            form.fields[name].queryset = queryset

    def commune_querysets(self):
        return {}


class LegalBasisFormSet(_CommuneInlineFormSet):
    def commune_querysets(self):
        return {"legal_basis": LegalBasis.objects.filter(is_active=True)}

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            basis = form.cleaned_data.get("legal_basis") if form.cleaned_data else None
            if basis and not form.cleaned_data.get("DELETE"):
                if basis in seen:
                    raise forms.ValidationError(f"Căn cứ “{basis}” được chọn hai lần.")
                seen.add(basis)


class DutyFormSet(_CommuneInlineFormSet):
    def commune_querysets(self):
        return {"unit": Unit.objects.filter(commune=self.commune)}


PlanLegalBasisFormSet = inlineformset_factory(
    Plan,
    PlanLegalBasis,
    formset=LegalBasisFormSet,
    fields=["verb", "legal_basis", "position"],
    extra=1,
    can_delete=True,
)


class SectionFormSet(_CommuneInlineFormSet):
    """The plan's body, heading by heading; the page's buttons reorder and indent (static/js/plan_sections.js)."""

    def clean(self):
        super().clean()
        for form in self.forms:
            data = form.cleaned_data if form.cleaned_data else {}
            if data and not data.get("DELETE") and not data.get("title") and not data.get("body"):
                form.add_error("title", "Ghi tiêu đề hoặc lời văn cho mục này (hoặc đánh dấu xóa).")


PlanSectionFormSet = inlineformset_factory(
    Plan,
    PlanSection,
    formset=SectionFormSet,
    fields=["level", "title", "body", "block", "position"],
    extra=0,
    can_delete=True,
    widgets={
        "title": forms.TextInput(),
        "body": forms.Textarea(attrs={"rows": 3}),
        "position": forms.HiddenInput(),
    },
)
PlanDutyFormSet = inlineformset_factory(
    Plan,
    PlanDuty,
    formset=DutyFormSet,
    fields=["unit", "heading", "text", "position"],
    extra=1,
    can_delete=True,
    widgets={"text": forms.Textarea(attrs={"rows": 3})},
)
PlanRecipientFormSet = inlineformset_factory(
    Plan,
    PlanRecipient,
    formset=_CommuneInlineFormSet,
    fields=["name", "for_report", "position"],
    extra=1,
    can_delete=True,
)


class SessionForm(CommuneFormMixin, forms.ModelForm):
    commune_fields = {"chair": Official}
    villages = forms.ModelMultipleChoiceField(
        queryset=Village.objects.none(),
        label="Thôn, ấp",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Chọn ít nhất một thôn, ấp."},
    )

    class Meta:
        model = Session
        fields = [
            "title",
            "villages",
            "year",
            "quarter",
            "month",
            "starts_at",
            "venue",
            "chair",
            "format",
            "announcement_lead_days",
            "notes",
        ]
        widgets = {"starts_at": DateTimeInput(), "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "quarter": "Chỉ chọn một trong: quý, tháng, hoặc ngày giờ cụ thể.",
        }

    period_reason = forms.CharField(
        label="Lý do ngoài thời kỳ kế hoạch",
        required=False,
        max_length=500,
        help_text="Chỉ ghi khi buổi tổ chức ngoài năm của kế hoạch (ví dụ kế hoạch năm 2025, buổi năm 2026).",
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, commune=plan.commune, **kwargs)
        self.plan = plan
        self.instance.plan = plan
        self.fields["villages"].queryset = Village.objects.filter(commune=plan.commune, is_active=True)
        self.fields["chair"].queryset = self.fields["chair"].queryset.by_given_name()
        self.fields["year"].required = False
        self.fields["year"].help_text = "Tự lấy theo ngày tổ chức khi có ngày cụ thể."
        if not self.instance.pk:
            self.initial.setdefault("year", plan.year)
            self.fields["announcement_lead_days"].widget.attrs["placeholder"] = str(plan.announcement_lead_days)
        # Show what the status allows (session_save enforces it): nothing once held or
        # cancelled; once announced, not the time, the villages or the lead time.
        status = self.instance.status
        self.frozen = bool(self.instance.pk) and status in FROZEN_STATES
        fixed = ANNOUNCED_FIXED_FIELDS + ("villages",) if status == SessionStatus.ANNOUNCED else ()
        for name, field in self.fields.items():
            if self.frozen or name in fixed:
                field.disabled = True

    def clean(self):
        cleaned = super().clean()
        starts_at = cleaned.get("starts_at")
        if starts_at:
            cleaned["year"] = self.instance.year = timezone.localtime(starts_at).year
        errors = session_when_errors(
            plan=self.plan,
            year=cleaned.get("year"),
            quarter=cleaned.get("quarter"),
            month=cleaned.get("month"),
            starts_at=starts_at,
        )
        for field, message in errors:
            if field is None:
                raise forms.ValidationError(message)
            self.add_error(field, message)
        return cleaned
