from django import forms

from dialogue.forms import CommuneFormMixin, DateInput
from dialogue.text import nfc
from dialogue.uploads import validate_upload
from directory.models import Official, Unit
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
        ]
        widgets = {
            "subject": forms.Textarea(attrs={"rows": 2}),
            "facts": forms.Textarea(attrs={"rows": 6}),
            "assessment": forms.Textarea(attrs={"rows": 5}),
            "conclusions": forms.Textarea(attrs={"rows": 8}),
            "closing": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 5}),
        }


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
