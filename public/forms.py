from django import forms

from dialogue.text import nfc
from petitions.services import ONLINE_MAX_CONTENT


class OnlinePetitionForm(forms.Form):
    village = forms.ModelChoiceField(label="Thôn, ấp", queryset=None, empty_label="– Chọn –")
    topic = forms.ModelChoiceField(label="Lĩnh vực", queryset=None, empty_label="– Chọn –")
    content = forms.CharField(
        label="Nội dung ý kiến, kiến nghị",
        max_length=ONLINE_MAX_CONTENT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"max_length": f"Nội dung ý kiến dài quá {ONLINE_MAX_CONTENT} ký tự."},
    )
    citizen_name = forms.CharField(label="Họ và tên (không bắt buộc)", max_length=120, required=False)
    citizen_phone = forms.CharField(label="Điện thoại (không bắt buộc)", max_length=20, required=False)

    def __init__(self, *args, villages, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
        self.fields["topic"].queryset = topics
        self.fields["village"].error_messages["required"] = "Chọn thôn, ấp."
        self.fields["topic"].error_messages["required"] = "Chọn lĩnh vực."
        self.fields["content"].error_messages["required"] = "Nội dung ý kiến không được để trống."

    def clean(self):
        data = super().clean()
        for name in ("content", "citizen_name", "citizen_phone"):
            if name in data:
                data[name] = nfc(data[name]).strip()
        return data
