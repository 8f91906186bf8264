from django import forms

from dialogue.forms import CommuneFormMixin, DateInput
from directory.models import Official, Unit

from .models import Assignment, ConclusionNotice
from .reports import PERIOD_CHOICES

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
        from petitions.models import Petition

        # The petitions raised at this session; the notice answers them.
        self.fields["petitions"].queryset = Petition.objects.filter(session=session).select_related("topic")
        self.fields["petitions"].label_from_instance = lambda p: f"{p.code} – {p.topic}: {p.content[:90]}"


class ProgressForm(forms.Form):
    text = forms.CharField(label="Nội dung báo cáo", widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(label="Tệp minh chứng (PDF, ảnh, Word, Excel; tối đa 10 MB)", required=False)

    def clean_text(self):
        from dialogue.text import nfc

        return nfc(self.cleaned_data["text"])

    def clean_evidence(self):
        f = self.cleaned_data.get("evidence")
        if f:
            from dialogue.uploads import validate_upload

            validate_upload(f, kinds=EVIDENCE_KINDS)
        return f


class ReportForm(forms.Form):
    nam = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    ky = forms.ChoiceField(label="Kỳ báo cáo", choices=PERIOD_CHOICES, initial="nam")
    ke_hoach = forms.IntegerField(label="Kế hoạch", required=False, widget=forms.Select)
    xa = forms.IntegerField(label="Xã, phường", required=False, widget=forms.Select)


class ReportPrintForm(forms.Form):
    """What the printed report says beyond its figures: date, addressee and signature."""

    ngay = forms.DateField(label="Ngày báo cáo", widget=DateInput())
    kinh_gui = forms.CharField(
        label="Kính gửi",
        max_length=200,
        required=False,
        help_text="Cơ quan cấp trên nhận báo cáo; để trống thì không in “Kính gửi” và “Như trên”.",
    )
    tham_quyen = forms.CharField(label="Thẩm quyền ký", max_length=80, required=False)
    chuc_vu = forms.CharField(label="Chức vụ người ký", max_length=80)
    nguoi_ky = forms.CharField(label="Người ký", max_length=120, required=False)

    def clean(self):
        from dialogue.text import nfc

        data = super().clean()
        for name in ("kinh_gui", "tham_quyen", "chuc_vu", "nguoi_ky"):
            if name in data:
                data[name] = nfc(data[name]).strip()
        return data
