"""What the office types into the reception register."""

from django import forms
from django.db.models import Q

from dialogue.forms import DateInput
from directory.models import Official
from petitions.models import Petition, Topic

from .models import ReceptionDay, Visit


class ReceptionDayForm(forms.ModelForm):
    class Meta:
        model = ReceptionDay
        fields = ["day", "kind", "leader", "place", "note"]
        widgets = {"day": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = Official.objects.filter(commune=commune, is_active=True)
        self.fields["leader"].error_messages["required"] = "Ghi rõ lãnh đạo tiếp công dân."


class VisitForm(forms.ModelForm):
    topic = forms.ModelChoiceField(label="Lĩnh vực (khi tiếp nhận đơn)", queryset=Topic.objects.none(), required=False)
    earlier_code = forms.CharField(label="Mã ý kiến đã nêu trước (nếu có)", max_length=30, required=False)

    class Meta:
        model = Visit
        fields = ["citizen_name", "citizen_phone", "citizen_address", "people_count", "matter",
                  "content", "outcome", "answer"]  # fmt: skip
        widgets = {"content": forms.Textarea(attrs={"rows": 3}), "answer": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.commune = commune
        self.fields["topic"].queryset = Topic.objects.filter(Q(commune__isnull=True) | Q(commune=commune))
        self.fields["content"].error_messages["required"] = "Ghi nội dung công dân trình bày."

    def clean_earlier_code(self):
        code = (self.cleaned_data.get("earlier_code") or "").strip()
        if not code:
            return None
        earlier = Petition.objects.filter(commune=self.commune, code=code).first()
        if earlier is None:
            raise forms.ValidationError("Không tìm thấy ý kiến có mã này trong xã.")
        return earlier

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Visit.Outcome.RECORDED and not data.get("topic"):
            self.add_error("topic", "Tiếp nhận đơn thì chọn lĩnh vực để chuyển xử lý.")
        return data

    def service_kwargs(self):
        data = {k: v for k, v in self.cleaned_data.items() if k != "earlier_code"}
        data["earlier_petition"] = self.cleaned_data.get("earlier_code")
        return data


class RepresentativeForm(forms.Form):
    """One representative of a group visit; a row left empty is no one."""

    name = forms.CharField(label="Họ và tên", max_length=120, required=False)
    address = forms.CharField(label="Địa chỉ, thôn", max_length=200, required=False)
    phone = forms.CharField(label="Điện thoại", max_length=20, required=False)


#: The representatives' rows under the visit's form: those recorded and a few empty ones.
RepresentativeFormSet = forms.formset_factory(RepresentativeForm, extra=3, max_num=30, validate_max=True)


def representative_formset(data=None, *, visit=None):
    """The representatives' rows (prefix "dd"), filled with VISIT's when it is given."""
    initial = []
    if visit is not None:
        initial = [{"name": r.name, "address": r.address, "phone": r.phone} for r in visit.representatives.all()]
    formset = RepresentativeFormSet(data, initial=initial, prefix="dd")
    if visit is not None:
        formset.extra = 2
    return formset


def representative_rows(formset):
    """The rows typed in a valid FORMSET, in order (the service leaves out the empty ones)."""
    return [form.cleaned_data for form in formset.forms if form.cleaned_data]
