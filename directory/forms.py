from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth.forms import AuthenticationForm

from dialogue.forms import CommuneFormMixin, DateInput

from .models import DataRequest, Holiday, Official, Unit, Village


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "inactive": "Tài khoản này đã bị khóa.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"


class VillageForm(CommuneFormMixin, forms.ModelForm):
    class Meta:
        model = Village
        fields = ["kind", "name", "position", "is_active"]

    def clean(self):
        cleaned = super().clean()
        kind, name = cleaned.get("kind"), cleaned.get("name")
        if kind and name:
            clash = Village.objects.filter(commune=self.commune, kind__iexact=kind, name__iexact=name)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise forms.ValidationError(f"Xã đã có {kind} {name}.")
        return cleaned


class UnitForm(CommuneFormMixin, forms.ModelForm):
    commune_fields = {"parent": Unit, "village": Village}

    class Meta:
        model = Unit
        fields = [
            "kind",
            "name",
            "short_name",
            "parent",
            "village",
            "position",
            "symbol_code",
            "header_superior",
            "header_name",
            "term_label",
            "is_active",
        ]

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        if name:
            clash = Unit.objects.filter(commune=self.commune, name__iexact=name)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("name", "Xã đã có cơ quan, đơn vị cùng tên.")
        parent = cleaned.get("parent")
        if parent and self.instance.pk and parent.pk == self.instance.pk:
            self.add_error("parent", "Một đơn vị không thể trực thuộc chính nó.")
        if cleaned.get("kind") in Unit.ISSUER_KINDS and not cleaned.get("symbol_code"):
            self.add_error("symbol_code", "Cơ quan ban hành văn bản cần có ký hiệu (ví dụ ĐU, UBND).")
        return cleaned


class OfficialForm(CommuneFormMixin, forms.ModelForm):
    commune_fields = {"unit": Unit, "village": Village}

    class Meta:
        model = Official
        fields = ["honorific", "full_name", "position", "role", "unit", "village", "phone", "is_active"]

    def clean_phone(self):
        phone = "".join(self.cleaned_data["phone"].split())
        if phone and not (phone.lstrip("+").isdigit() and 9 <= len(phone.lstrip("+")) <= 12):
            raise forms.ValidationError("Số điện thoại không hợp lệ.")
        return phone


class OTPTokenForm(forms.Form):
    token = forms.CharField(
        label="Mã xác thực (6 chữ số)",
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit():
            raise forms.ValidationError("Mã xác thực chỉ gồm chữ số.")
        return token


class DataRequestForm(forms.ModelForm):
    class Meta:
        model = DataRequest
        fields = ["person_name", "contact", "kind", "description", "received_on"]
        widgets = {"received_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class DataRequestStatusForm(forms.Form):
    to_status = forms.ChoiceField(choices=DataRequest.Status.choices)
    note = forms.CharField(label="Ghi chú (lý do gia hạn, kết quả)", required=False, max_length=2000)


class HolidayForm(forms.ModelForm):
    """A day off of the active commune (the shared national days are seeded, not typed)."""

    class Meta:
        model = Holiday
        fields = ["day", "name"]
        widgets = {"day": DateInput()}

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.commune = commune

    def clean_day(self):
        from django.db.models import Q

        day = self.cleaned_data["day"]
        commune = self.instance.commune
        taken = Holiday.objects.filter(Q(commune=commune) | Q(commune__isnull=True), day=day).exclude(
            pk=self.instance.pk
        )
        if taken.exists():
            raise forms.ValidationError(f"Ngày {day:%d/%m/%Y} đã có trong lịch nghỉ.")
        return day
