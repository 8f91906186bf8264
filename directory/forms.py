from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q

from dialogue.forms import CommuneFormMixin, DateInput
from dialogue.text import nfc

from .models import Commune, DataRequest, Holiday, Official, Unit, Village


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "inactive": "Tài khoản này đã bị khóa.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"


def _name_key(text):
    # Case and spacing aside, accents kept: "Ấp Tân Lập Đông" and "ẤP TÂN LẬP ĐÔNG" are one
    # village, "Thôn Đông" and "Thôn Đồng" two (so not compared on the accent-folded text).
    return " ".join(nfc(text).casefold().split())


def _same_name(name, candidates):
    """The first object of CANDIDATES ((object, its name) pairs) whose name equals NAME, case aside."""
    key = _name_key(name)
    return next((obj for obj, other in candidates if _name_key(other) == key), None)


def _ancestors(unit):
    """Ids of UNIT and every unit above it (stops at a loop already stored)."""
    seen = []
    while unit is not None and unit.pk not in seen:
        seen.append(unit.pk)
        unit = unit.parent
    return seen


class VillageForm(CommuneFormMixin, forms.ModelForm):
    class Meta:
        model = Village
        fields = ["kind", "name", "position", "is_active"]

    def clean(self):
        cleaned = super().clean()
        kind, name = cleaned.get("kind"), cleaned.get("name")
        if kind and name:
            others = Village.objects.filter(commune=self.commune).exclude(pk=self.instance.pk)
            clash = _same_name(f"{kind} {name}", ((v, v.full_name) for v in others))
            if clash:
                raise forms.ValidationError(f"Xã đã có {clash.full_name}.")
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
            others = Unit.objects.filter(commune=self.commune).exclude(pk=self.instance.pk)
            clash = _same_name(name, ((u, u.name) for u in others))
            if clash:
                self.add_error("name", f"Xã đã có cơ quan, đơn vị cùng tên: {clash.name}.")
        parent = cleaned.get("parent")
        if parent and self.instance.pk:
            chain = _ancestors(parent)
            if self.instance.pk in chain:
                self.add_error(
                    "parent",
                    "Một đơn vị không thể trực thuộc chính nó."
                    if parent.pk == self.instance.pk
                    else f"Không thể trực thuộc {parent.name}: {parent.name} đang trực thuộc đơn vị này.",
                )
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


class CommuneForm(forms.ModelForm):
    """The commune's own settings, kept by its administrators (no longer only in /quan-tri/)."""

    class Meta:
        model = Commune
        fields = [
            "kind",
            "name",
            "province",
            "place_name",
            "address",
            "phone",
            "email",
            "report_cutoff_day",
            "online_petitions",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def validate_unique(self):
        # Said in Vietnamese, case aside, before the database constraint would.
        kind, name, province = (self.cleaned_data.get(f) for f in ("kind", "name", "province"))
        if kind and name and province:
            others = Commune.objects.filter(province=province, kind=kind).exclude(pk=self.instance.pk)
            clash = _same_name(name, ((c, c.name) for c in others))
            if clash:
                self.add_error("name", f"{province} đã có {clash.full_name}.")
                return
        super().validate_unique()


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
        day = self.cleaned_data["day"]
        commune = self.instance.commune
        taken = Holiday.objects.filter(Q(commune=commune) | Q(commune__isnull=True), day=day).exclude(
            pk=self.instance.pk
        )
        if taken.exists():
            raise forms.ValidationError(f"Ngày {day:%d/%m/%Y} đã có trong lịch nghỉ.")
        return day
