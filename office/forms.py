"""Forms of the office's pages: one person's data (find, choose what to anonymise); the report."""

from django import forms

from dialogue.fields import NFCFormCharField
from dialogue.forms import DateInput
from dialogue.text import nfc

from .periods import CUSTOM, MONTH, PERIOD_CHOICES, PeriodError, period_of


class PersonSearchForm(forms.Form):
    ten = NFCFormCharField(label="Họ và tên", max_length=120, required=False)
    dien_thoai = forms.CharField(label="Số điện thoại", max_length=30, required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("ten", "").strip() and not cleaned.get("dien_thoai", "").strip():
            raise forms.ValidationError("Nhập họ tên hoặc số điện thoại của người cần tra cứu.")
        return cleaned


#: The kinds of record the anonymisation form chooses from (office.personal_data.ERASABLE).
ERASABLE_KEYS = ("petitions", "participants", "visits", "representatives")


class AnonymiseForm(PersonSearchForm):
    """The records chosen on the search page; CONFIRM is set by the confirmation page."""

    petitions = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())
    participants = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())
    visits = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())
    representatives = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())
    confirm = forms.BooleanField(required=False)

    def __init__(self, *args, found=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only records the search found may be chosen: a crafted id elsewhere is refused.
        ids = found.ids if found is not None else {}
        for key in ERASABLE_KEYS:
            self.fields[key].choices = [(pk, pk) for pk in ids.get(key, [])]

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(key) for key in ERASABLE_KEYS):
            raise forms.ValidationError("Chọn ít nhất một hồ sơ để xóa thông tin cá nhân.")
        return cleaned


class ReportForm(forms.Form):
    """The period asked for: a kind of PERIOD_CHOICES with its year (and month), a custom
    range, or a plan; the cut-off day is the commune's (periods.cutoff_of), given by the view."""

    nam = forms.IntegerField(label="Năm", min_value=2000, max_value=2100, required=False)
    ky = forms.ChoiceField(label="Kỳ báo cáo", choices=PERIOD_CHOICES, initial="nam")
    thang = forms.IntegerField(label="Tháng", min_value=1, max_value=12, required=False)
    tu = forms.DateField(label="Từ ngày", required=False, widget=DateInput())
    den = forms.DateField(label="Đến ngày", required=False, widget=DateInput())
    ke_hoach = forms.IntegerField(label="Kế hoạch", required=False, widget=forms.Select)
    xa = forms.IntegerField(label="Xã, phường", required=False, widget=forms.Select)
    ben = forms.ChoiceField(
        label="Báo cáo gửi",
        required=False,
        choices=[
            ("", "Theo cơ quan ban hành mặc định"),
            ("party", "Cấp ủy cấp trên (phía Đảng)"),
            ("state", "UBND và Thanh tra tỉnh (phía Chính quyền)"),
        ],
    )

    def __init__(self, *args, cutoff=1, **kwargs):
        super().__init__(*args, **kwargs)
        self.cutoff = cutoff

    def clean(self):
        data = super().clean()
        if self.errors or data.get("ke_hoach"):
            return data
        kind = data.get("ky")
        if kind != CUSTOM and not data.get("nam"):
            raise forms.ValidationError("Chọn năm báo cáo.")
        try:
            data["period"] = period_of(
                kind,
                data.get("nam"),
                month=data.get("thang") if kind == MONTH else None,
                start=data.get("tu"),
                end=data.get("den"),
                cutoff=self.cutoff,
            )
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return data


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
    # The office's own words around the figures (office.documents.NARRATIVE); a blank one is left out.
    danh_gia = forms.CharField(label="Đánh giá chung (ưu điểm, hạn chế)", max_length=8000, required=False)
    kho_khan = forms.CharField(label="Khó khăn, vướng mắc", max_length=8000, required=False)
    de_xuat = forms.CharField(label="Kiến nghị, đề xuất", max_length=8000, required=False)

    def clean(self):
        data = super().clean()
        for name in ("kinh_gui", "tham_quyen", "chuc_vu", "nguoi_ky", "danh_gia", "kho_khan", "de_xuat"):
            if name in data:
                data[name] = nfc(data[name]).strip()
        return data

    def narrative(self):
        data = self.cleaned_data
        return {"assessment": data["danh_gia"], "difficulties": data["kho_khan"], "proposals": data["de_xuat"]}
