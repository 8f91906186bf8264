from django import forms

from dialogue.forms import CommuneFormMixin, limit_length, typeahead
from dialogue.text import nfc
from directory.models import Official

from .models import Minutes

TEXT_LIMIT = 20000


class ProgrammeRowForm(forms.Form):
    position = forms.IntegerField(label="Thứ tự", required=False, min_value=0, max_value=999)
    starts_at = forms.TimeField(
        label="Giờ",
        required=False,
        input_formats=["%H:%M", "%H giờ %M", "%Hh%M", "%H:%M:%S"],
        widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": "hh:mm", "inputmode": "numeric"}),
        error_messages={"invalid": "Giờ ghi theo dạng hh:mm, ví dụ 08:00."},
    )
    item = forms.CharField(label="Nội dung", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    presenter = forms.CharField(
        label="Người thực hiện", required=False, max_length=200, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_item(self):
        return nfc(self.cleaned_data["item"]).strip()

    def clean_presenter(self):
        return nfc(self.cleaned_data["presenter"]).strip()

    def clean(self):
        data = super().clean()
        if (data.get("presenter") or data.get("starts_at")) and not data.get("item") and not data.get("DELETE"):
            self.add_error("item", "Ghi nội dung của mục này (hoặc xóa dòng).")
        return data


class _ProgrammeFormSet(forms.BaseFormSet):
    def rows(self):
        """The rows kept, in the order of their "Thứ tự" (then as on the page)."""
        kept = [
            (f.cleaned_data.get("position"), i, f.cleaned_data)
            for i, f in enumerate(self.forms)
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("item")
        ]
        kept.sort(key=lambda t: (t[0] if t[0] is not None else 10_000 + t[1], t[1]))
        return [data for _, _, data in kept]


ProgrammeFormSet = forms.formset_factory(
    ProgrammeRowForm, formset=_ProgrammeFormSet, extra=1, can_delete=True, max_num=60, validate_max=True
)


class MinutesForm(CommuneFormMixin, forms.ModelForm):
    commune_fields = {"chair": Official, "secretary": Official}

    class Meta:
        model = Minutes
        fields = ["place", "chair", "secretary", "time_place", "attendance", "course", "opinions", "closing"]
        widgets = {
            "time_place": forms.Textarea(attrs={"rows": 3}),
            "attendance": forms.Textarea(attrs={"rows": 6}),
            "course": forms.Textarea(attrs={"rows": 6}),
            "opinions": forms.Textarea(attrs={"rows": 12}),
            "closing": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("chair", "secretary"):
            self.fields[name].queryset = self.fields[name].queryset.filter(is_active=True).by_given_name()
            typeahead(self.fields[name])
        limit_length(self, TEXT_LIMIT, "time_place", "attendance", "course", "opinions", "closing")
