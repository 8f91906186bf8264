"""Forms of the roster, letters and import pages (text is NFC through the model fields)."""

from django import forms
from django.utils import timezone

from dialogue.forms import CommuneFormMixin, DateInput, limit_length, refuse_legacy_encoding, typeahead
from dialogue.spreadsheets import MAX_BYTES
from dialogue.templatetags.vn import vn_date
from directory.models import Unit, Village
from sessions_app.models import Participant, ParticipantGroup, SessionDocument
from sessions_app.participants import ParticipantError, phone_clean


class ParticipantForm(CommuneFormMixin, forms.ModelForm):
    commune_fields = {"unit": Unit, "village": Village}

    class Meta:
        model = Participant
        fields = ["group", "honorific", "full_name", "title", "village", "unit", "phone"]

    def __init__(self, *args, session=None, **kwargs):
        super().__init__(*args, commune=session.plan.commune, **kwargs)
        self.session = session
        self.fields["village"].queryset = session.villages.all()
        self.fields["village"].help_text = "Bắt buộc với đại biểu thôn, ấp và đại diện hộ gia đình."

    def clean_full_name(self):
        return refuse_legacy_encoding(self.cleaned_data.get("full_name"))

    def clean_title(self):
        return refuse_legacy_encoding(self.cleaned_data.get("title"))

    def clean_phone(self):
        try:
            return phone_clean(self.cleaned_data.get("phone"))
        except ParticipantError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean(self):
        data = super().clean()
        if data.get("group") in (ParticipantGroup.VILLAGE_DELEGATES, ParticipantGroup.HOUSEHOLDS) and not data.get(
            "village"
        ):
            self.add_error("village", "Chọn thôn, ấp của người này.")
        return data


class HouseholdsPerVillageForm(forms.Form):
    households_per_village = forms.IntegerField(label="Số đại diện hộ mỗi thôn, ấp", min_value=0, max_value=200)


class SessionDocumentForm(forms.ModelForm):
    external_number = forms.IntegerField(
        label="Số trên hệ thống quản lý văn bản (e-office)",
        required=False,
        min_value=1,
        help_text="Để trống để lấy số tiếp theo của sổ số trong ứng dụng. Nếu văn bản đã lấy số trên "
        "e-office, ghi số đó và ngày ban hành e-office đã cấp.",
        error_messages={"min_value": "Số văn bản bắt đầu từ 1.", "invalid": "Số văn bản là một số nguyên."},
    )

    class Meta:
        model = SessionDocument
        fields = ["external_number", "issued_on", "content"]
        widgets = {"issued_on": DateInput(), "content": forms.Textarea(attrs={"rows": 3})}
        labels = {"issued_on": "Ngày ban hành"}

    def __init__(self, *args, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.fields["issued_on"].initial = timezone.localdate()
        limit_length(self, 5_000, "content")

    def clean_issued_on(self):
        issued_on = self.cleaned_data["issued_on"]
        starts_at = self.session.starts_at if self.session else None
        if starts_at and issued_on > timezone.localdate(starts_at):
            raise forms.ValidationError(f"Ngày ban hành không thể sau ngày tổ chức buổi ({vn_date(starts_at)}).")
        return issued_on


class BatchFilterForm(forms.Form):
    group = forms.ChoiceField(label="Nhóm", required=False, choices=[("", "Tất cả")] + list(ParticipantGroup.choices))
    village = forms.ModelChoiceField(
        label="Thôn, ấp", required=False, queryset=Village.objects.none(), empty_label="Tất cả"
    )
    without_qr = forms.BooleanField(label="Không in mã QR điểm danh", required=False)

    def __init__(self, *args, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = session.villages.all()
        typeahead(self.fields["village"])

    def filters(self):
        data = self.cleaned_data
        out = {}
        if data.get("group"):
            out["group"] = data["group"]
        if data.get("village"):
            out["village"] = data["village"].pk
        return out


class ImportUploadForm(forms.Form):
    file = forms.FileField(label="Tệp danh sách (.xlsx hoặc .csv)")
    group = forms.ChoiceField(
        label="Nhóm của những người trong tệp không ghi nhóm",
        choices=ParticipantGroup.choices,
        initial=ParticipantGroup.HOUSEHOLDS,
        required=False,
        help_text="Dùng khi tệp không có cột “Nhóm” hoặc để trống ô nhóm.",
    )

    def clean_file(self):
        # Checked on the size Django received, before reading: the content is checked by dialogue.spreadsheets.
        f = self.cleaned_data["file"]
        if f.size > MAX_BYTES:
            size = f"{f.size / (1024 * 1024):.1f}".replace(".", ",")
            raise forms.ValidationError(f"Tệp quá lớn ({size} MB); tối đa {MAX_BYTES // (1024 * 1024)} MB.")
        return f
