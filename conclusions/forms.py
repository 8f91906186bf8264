from django import forms
from django.utils import timezone

from dialogue.forms import CommuneFormMixin, DateInput
from dialogue.text import nfc
from dialogue.uploads import validate_upload
from directory.models import Official, Unit
from directory.numbering import number_used_message
from petitions.models import Petition

from .models import Assignment, ConclusionNotice

EVIDENCE_KINDS = ("pdf", "jpg", "png", "docx", "xlsx")


class NoticeForm(CommuneFormMixin, forms.ModelForm):
    commune_fields = {"signer": Official}

    class Meta:
        model = ConclusionNotice
        fields = [
            "place",
            "subject",
            "facts",
            "assessment",
            "conclusions",
            "closing",
            "signing_authority",
            "signer_title",
            "signer",
            "recipients",
            "external_number",
            "external_issued_on",
        ]
        widgets = {
            "external_issued_on": DateInput(),
            "subject": forms.Textarea(attrs={"rows": 2}),
            "facts": forms.Textarea(attrs={"rows": 6}),
            "assessment": forms.Textarea(attrs={"rows": 5}),
            "conclusions": forms.Textarea(attrs={"rows": 8}),
            "closing": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 5}),
        }

    def clean(self):
        cleaned = super().clean()
        number, on_date = cleaned.get("external_number"), cleaned.get("external_issued_on")
        if number == 0:
            self.add_error("external_number", "Số văn bản bắt đầu từ 1.")
        elif number and not on_date:
            self.add_error("external_issued_on", "Ghi ngày ban hành mà hệ thống quản lý văn bản đã cấp cùng số.")
        elif on_date and not number:
            self.add_error("external_number", "Ghi số mà hệ thống quản lý văn bản đã cấp (hoặc bỏ trống cả ngày).")
        elif number and on_date:
            if on_date > timezone.localdate():
                self.add_error("external_issued_on", "Ngày ban hành không thể sau hôm nay.")
            elif self.instance.issuer_id:
                used = number_used_message(
                    issuer=self.instance.issuer, doc_type=ConclusionNotice.DOC_TYPE, number=number, on_date=on_date
                )
                if used:
                    self.add_error("external_number", used)
        return cleaned


class AssignmentForm(CommuneFormMixin, forms.ModelForm):
    commune_fields = {"unit": Unit}

    class Meta:
        model = Assignment
        fields = ["unit", "task", "deadline", "petitions"]
        widgets = {
            "task": forms.Textarea(attrs={"rows": 3}),
            "deadline": DateInput(),
            "petitions": forms.CheckboxSelectMultiple(),
        }

    def __init__(self, *args, session=None, **kwargs):
        super().__init__(*args, **kwargs)

        # The petitions raised at this session; the notice answers them.
        self.fields["petitions"].queryset = Petition.objects.filter(session=session).select_related("topic")
        self.fields["petitions"].label_from_instance = lambda p: f"{p.code} – {p.topic}: {p.content[:90]}"


class ProgressForm(forms.Form):
    text = forms.CharField(label="Nội dung báo cáo", widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(label="Tệp minh chứng (PDF, ảnh, Word, Excel; tối đa 10 MB)", required=False)

    def clean_text(self):
        return nfc(self.cleaned_data["text"])

    def clean_evidence(self):
        f = self.cleaned_data.get("evidence")
        if f:
            validate_upload(f, kinds=EVIDENCE_KINDS)
        return f
