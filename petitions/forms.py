from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from dialogue.fields import NFCFormCharField
from dialogue.forms import CommuneFormMixin, DateInput, limit_length, refuse_legacy_encoding, typeahead
from dialogue.text import fold
from dialogue.uploads import validate_upload
from directory.models import Unit, Village
from sessions_app.models import Session

from .models import AnswerTemplate, Competence, DeadlineRule, Kind, Petition, Source, Topic

PRIVACY_NOTICE = (
    "Họ tên, điện thoại, địa chỉ của người nêu ý kiến chỉ dùng để xử lý và trả lời ý kiến, kiến nghị "
    "(nhiệm vụ của cơ quan nhà nước theo Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 và Nghị định "
    "356/2025/NĐ-CP); không bắt buộc nếu người dân không muốn nêu tên; người dân có quyền xem và yêu cầu "
    "sửa thông tin của mình."
)

ATTACHMENT_KINDS = ("pdf", "jpg", "png", "docx")
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
IMPORT_MAX_BYTES = 5 * 1024 * 1024
#: The longest petition or answer a form or an import accepts (a long letter is ~5,000 characters).
CONTENT_MAX_LENGTH = 10_000


def topics_for(commune):
    return Topic.objects.filter(Q(commune__isnull=True) | Q(commune=commune), is_active=True)


class PetitionForm(CommuneFormMixin, forms.ModelForm):
    """Intake, at a session (fast, keyboard only) or outside one."""

    commune_fields = {"village": Village}
    anonymous = forms.BooleanField(label="Ẩn danh (người dân không nêu tên)", required=False)
    for_session = forms.ModelChoiceField(
        label="Cho buổi tiếp xúc",
        queryset=Session.objects.none(),
        required=False,
        help_text="Ý kiến thu thập trước để đưa ra buổi tiếp xúc (để trống nếu không).",
    )
    repeat_of = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Petition
        fields = [
            "source", "for_session", "received_on", "citizen_name", "anonymous", "citizen_phone", "citizen_address",
            "people_count", "representatives", "is_confidential",
            "village", "topic", "kind", "content", "answered_on_spot", "spot_answer_by", "spot_answer",
        ]  # fmt: skip
        widgets = {
            "received_on": DateInput(),
            "content": forms.Textarea(attrs={"rows": 3}),
            "spot_answer": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, session=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.user = user
        self.fields["topic"].queryset = topics_for(self.commune)
        self.fields["village"].queryset = self.fields["village"].queryset.filter(is_active=True)
        self.fields["content"].required = True
        self.fields["content"].error_messages["required"] = "Nội dung ý kiến không được để trống."
        self.fields["received_on"].initial = timezone.localdate()
        self.fields["received_on"].required = False
        self.fields["people_count"].required = False
        self.fields["citizen_name"].widget.attrs.update(autofocus=True, autocomplete="off")
        self.fields["content"].widget.attrs["class"] = "js-petition-content"
        limit_length(self, CONTENT_MAX_LENGTH, "content", "spot_answer")
        if session is not None:
            self.fields.pop("source")
            self.fields.pop("for_session")
            villages = session.villages.all()
            if villages:
                self.fields["village"].queryset = villages
                self.fields["village"].initial = villages[0].pk if len(villages) == 1 else None
            if session.session_date:
                self.fields["received_on"].initial = min(session.session_date, timezone.localdate())
                # The session's date is right for nearly every entry: Tab skips its 3 date segments.
                self.fields["received_on"].widget.attrs["tabindex"] = "-1"
        else:
            self.fields["source"].choices = [c for c in Source.choices if c[0] not in (Source.SESSION, Source.ONLINE)]
            self.fields["source"].initial = Source.LETTER
            self.fields["for_session"].queryset = Session.objects.in_commune(self.commune).order_by("-period_start")

    def clean_citizen_name(self):
        return refuse_legacy_encoding(self.cleaned_data.get("citizen_name"))

    def clean_people_count(self):
        count = self.cleaned_data.get("people_count")
        return 1 if count is None else count

    def clean_content(self):
        return refuse_legacy_encoding(self.cleaned_data.get("content"))

    def clean_village(self):
        village = self.cleaned_data.get("village")
        if village is not None and village.commune_id != getattr(self.commune, "pk", None):
            raise forms.ValidationError("Thôn, ấp đã chọn không thuộc xã này.")
        return village

    def clean_repeat_of(self):
        pk = self.cleaned_data.get("repeat_of")
        if not pk:
            return None
        earlier = Petition.objects.visible_to(self.user).filter(pk=pk, commune=self.commune).first()
        if earlier is None:
            # The field is hidden: the message goes on top of the form, where the clerk sees it.
            self.add_error(None, "Ý kiến được liên kết không thuộc xã này; chọn lại từ gợi ý.")
            self.data = self.data.copy()
            self.data[self.add_prefix("repeat_of")] = ""  # re-rendered without the bad link
        return earlier

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("anonymous"):
            cleaned["citizen_name"] = ""
        if cleaned.get("answered_on_spot") and not cleaned.get("spot_answer_by"):
            self.add_error("spot_answer_by", "Ghi rõ ai đã trả lời tại buổi.")
        if cleaned.get("representatives") and (cleaned.get("people_count") or 0) < 2:
            self.add_error("people_count", "Có người đại diện thì số người cùng nêu phải từ 2 trở lên.")
        received_on = cleaned.get("received_on")
        if received_on and received_on > timezone.localdate():
            self.add_error("received_on", "Ngày tiếp nhận không được sau hôm nay.")
        return cleaned

    def service_kwargs(self):
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("anonymous", "for_session")}
        if self.session is not None:
            data["session"] = self.session
            data["source"] = Source.SESSION
        elif self.cleaned_data.get("for_session"):
            data["session"] = self.cleaned_data["for_session"]
        return data


class ClassifyForm(forms.Form):
    topic = forms.ModelChoiceField(label="Lĩnh vực", queryset=Topic.objects.none())
    kind = forms.ChoiceField(label="Loại", choices=Kind.choices)
    competence = forms.ChoiceField(label="Thẩm quyền", choices=Competence.choices)

    def __init__(self, *args, commune=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics_for(commune)


class RouteForm(forms.Form):
    unit = forms.ModelChoiceField(label="Đơn vị xử lý", queryset=Unit.objects.none())
    deadline = forms.DateField(
        label="Hạn xử lý", required=False, widget=DateInput(), help_text="Để trống: tính theo quy tắc thời hạn."
    )

    def __init__(self, *args, commune=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(commune=commune, is_active=True)
        typeahead(self.fields["unit"])

    def clean_deadline(self):
        deadline = self.cleaned_data.get("deadline")
        if deadline and deadline < timezone.localdate():
            raise forms.ValidationError("Hạn xử lý đã qua; chọn một ngày từ hôm nay trở đi.")
        return deadline


class RerouteForm(forms.Form):
    unit = forms.ModelChoiceField(label="Chuyển sang đơn vị", queryset=Unit.objects.none())
    deadline = forms.DateField(
        label="Hạn xử lý mới", required=False, widget=DateInput(), help_text="Để trống: giữ hạn đang có."
    )
    reason = NFCFormCharField(
        label="Lý do chuyển",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Ghi rõ lý do chuyển đơn vị xử lý."},
    )

    def __init__(self, *args, commune=None, exclude_unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(commune=commune, is_active=True).exclude(pk=exclude_unit)
        typeahead(self.fields["unit"])

    clean_deadline = RouteForm.clean_deadline


class CorrectionForm(forms.Form):
    """Correcting what intake recorded (services.petition_correct); the reason is required."""

    village = forms.ModelChoiceField(label="Thôn, ấp", queryset=Village.objects.none(), required=False)
    topic = forms.ModelChoiceField(label="Lĩnh vực", queryset=Topic.objects.none())
    kind = forms.ChoiceField(label="Loại", choices=Kind.choices)
    content = NFCFormCharField(
        label="Nội dung", widget=forms.Textarea(attrs={"rows": 4}), max_length=CONTENT_MAX_LENGTH
    )
    citizen_name = NFCFormCharField(label="Người nêu", max_length=120, required=False)
    citizen_phone = NFCFormCharField(label="Điện thoại", max_length=20, required=False)
    citizen_address = NFCFormCharField(label="Địa chỉ", max_length=200, required=False)
    reason = NFCFormCharField(
        label="Lý do sửa",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=CONTENT_MAX_LENGTH,
        error_messages={"required": "Ghi rõ lý do sửa."},
    )

    def __init__(self, *args, petition, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "village": petition.village_id,
                "topic": petition.topic_id,
                "kind": petition.kind,
                "content": petition.content,
                "citizen_name": petition.citizen_name,
                "citizen_phone": petition.citizen_phone,
                "citizen_address": petition.citizen_address,
            },
        )
        kwargs.setdefault("auto_id", "correct_%s")
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = Village.objects.filter(commune=petition.commune_id)
        self.fields["topic"].queryset = topics_for(petition.commune_id) | Topic.objects.filter(pk=petition.topic_id)
        self.fields["content"].error_messages["required"] = "Nội dung ý kiến không được để trống."

    def clean_citizen_name(self):
        return refuse_legacy_encoding(self.cleaned_data.get("citizen_name"))

    def clean_content(self):
        return refuse_legacy_encoding(self.cleaned_data.get("content"))


class ReasonForm(forms.Form):
    reason = NFCFormCharField(
        label="Lý do", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=CONTENT_MAX_LENGTH
    )


class TransferForm(forms.Form):
    to_body = NFCFormCharField(label="Chuyển đến cơ quan", max_length=200)
    letter = NFCFormCharField(label="Số văn bản chuyển", max_length=60, required=False)
    on = forms.DateField(label="Ngày chuyển", required=False, widget=DateInput(), help_text="Để trống: hôm nay.")
    reason = NFCFormCharField(label="Ghi chú", required=False)


class TransferReplyForm(forms.Form):
    """The receiving body's reply to a transferred petition."""

    replied_on = forms.DateField(label="Ngày cơ quan nhận trả lời", widget=DateInput())
    letter = NFCFormCharField(label="Số văn bản trả lời", max_length=60, required=False)
    reply = NFCFormCharField(
        label="Tóm tắt nội dung trả lời", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class AnswerForm(forms.Form):
    body = NFCFormCharField(
        label="Nội dung trả lời", widget=forms.Textarea(attrs={"rows": 6}), max_length=CONTENT_MAX_LENGTH
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label="Tệp đính kèm (PDF, JPG, PNG, DOCX; tối đa 10 MB)")

    def clean_file(self):
        f = self.cleaned_data["file"]
        validate_upload(f, kinds=ATTACHMENT_KINDS, max_bytes=ATTACHMENT_MAX_BYTES)
        return f


class ImportForm(forms.Form):
    file = forms.FileField(label="Tệp Excel (.xlsx) hoặc CSV, tối đa 5 MB")

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".csv"):
            # The content is checked again, more deeply, by dialogue.spreadsheets.
            validate_upload(f, kinds=("xlsx",), max_bytes=IMPORT_MAX_BYTES)
        return f


# --- the office's reference lists ---------------------------------------------------------


class CommuneRowForm(forms.ModelForm):
    """A row the office keeps for its own commune (the commune is set here, never typed)."""

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.commune = commune
        self.instance.commune = commune


class TopicForm(CommuneRowForm):
    class Meta:
        model = Topic
        fields = ["name", "reporting_field", "position", "is_active"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        same = topics_for(self.commune).filter(name__iexact=name).exclude(pk=self.instance.pk)
        if same.exists():
            raise forms.ValidationError("Đã có lĩnh vực cùng tên.")
        return name

    def save(self, commit=True):
        if not self.instance.code:
            base = slugify(fold(self.instance.name))[:30] or "linh-vuc"
            code, n = base, 1
            while Topic.objects.filter(commune=self.commune, code=code).exists():
                n += 1
                code = f"{base}-{n}"
            self.instance.code = code
        return super().save(commit)


class AnswerTemplateForm(CommuneRowForm):
    class Meta:
        model = AnswerTemplate
        fields = ["topic", "title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics_for(self.commune)


class DeadlineRuleForm(CommuneRowForm):
    class Meta:
        model = DeadlineRule
        fields = ["step", "working_days", "legal_basis"]

    def clean_working_days(self):
        days = self.cleaned_data["working_days"]
        if not 1 <= days <= 60:
            raise forms.ValidationError("Số ngày làm việc từ 1 đến 60.")
        return days

    def clean_step(self):
        step = self.cleaned_data["step"]
        taken = DeadlineRule.objects.filter(commune=self.commune, step=step).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("Xã đã có quy tắc cho bước này; hãy sửa quy tắc đó.")
        return step


class BulkForm(forms.Form):
    """One bulk action on the petitions ticked in a list (petitions/bulk.py)."""

    action = forms.ChoiceField(
        label="Thao tác", choices=[], error_messages={"required": "Chọn thao tác.", "invalid_choice": "Chọn thao tác."}
    )
    ids = forms.CharField(required=False, widget=forms.HiddenInput)
    topic = forms.ModelChoiceField(label="Lĩnh vực", queryset=Topic.objects.none(), required=False)
    kind = forms.ChoiceField(label="Loại", choices=[("", "—"), *Kind.choices], required=False)
    competence = forms.ChoiceField(label="Thẩm quyền", choices=[("", "—"), *Competence.choices], required=False)
    unit = forms.ModelChoiceField(label="Đơn vị xử lý", queryset=Unit.objects.none(), required=False)
    deadline = forms.DateField(label="Hạn xử lý", required=False, widget=DateInput())
    other = forms.CharField(label="Mã ý kiến gốc", required=False, max_length=40)
    template = forms.ModelChoiceField(label="Mẫu trả lời", queryset=AnswerTemplate.objects.none(), required=False)
    reason = NFCFormCharField(label="Ghi chú", required=False, max_length=500)

    def __init__(self, *args, commune=None, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "— Chọn thao tác —"), *actions]
        self.fields["topic"].queryset = topics_for(commune)
        self.fields["unit"].queryset = Unit.objects.filter(commune=commune, is_active=True)
        self.fields["template"].queryset = AnswerTemplate.objects.filter(
            Q(commune__isnull=True) | Q(commune=commune)
        ).select_related("topic")
        self.fields["template"].label_from_instance = lambda t: f"{t.topic} – {t.title}"

    def clean_deadline(self):
        deadline = self.cleaned_data.get("deadline")
        if deadline and deadline < timezone.localdate():
            raise forms.ValidationError("Hạn xử lý đã qua; chọn một ngày từ hôm nay trở đi.")
        return deadline

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        needs = {
            "phan-loai": ("topic", "kind", "competence"),
            "giao": ("unit",),
            "trung": ("other",),
            "soan-mau": ("template",),
            "chuyen-don-vi": ("unit", "reason"),
        }.get(action, ())
        labels = [str(self.fields[name].label) for name in needs if not cleaned.get(name)]
        if labels:
            raise forms.ValidationError(f"Thao tác này cần: {', '.join(labels)}.")
        return cleaned
