"""Forms of the personal-data pages: finding a person's records, choosing which to anonymise."""

from django import forms

from dialogue.fields import NFCFormCharField


class PersonSearchForm(forms.Form):
    ten = NFCFormCharField(label="Họ và tên", max_length=120, required=False)
    dien_thoai = forms.CharField(label="Số điện thoại", max_length=30, required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("ten", "").strip() and not cleaned.get("dien_thoai", "").strip():
            raise forms.ValidationError("Nhập họ tên hoặc số điện thoại của người cần tra cứu.")
        return cleaned


class AnonymiseForm(PersonSearchForm):
    """The records chosen on the search page; CONFIRM is set by the confirmation page."""

    petitions = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())
    participants = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())
    confirm = forms.BooleanField(required=False)

    def __init__(self, *args, found=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only records the search found may be chosen: a crafted id elsewhere is refused.
        ids = found.ids if found is not None else {}
        self.fields["petitions"].choices = [(pk, pk) for pk in ids.get("petitions", [])]
        self.fields["participants"].choices = [(pk, pk) for pk in ids.get("participants", [])]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("petitions") and not cleaned.get("participants"):
            raise forms.ValidationError("Chọn ít nhất một hồ sơ để xóa thông tin cá nhân.")
        return cleaned
