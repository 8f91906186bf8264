"""The commune directory: communes, villages, units, officials, and who works where."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from dialogue.fields import NFCCharField, NFCTextField
from dialogue.text import fold, nfc

from .querysets import CommuneQuerySet, CommuneScopedQuerySet, OfficialQuerySet
from .workdays import add_working_days


class FoldedSearchMixin(models.Model):
    """A stored accent-folded, lower-case copy of some text (`dialogue.text.fold`) for searching.

    SQLite's LIKE ignores case only for ASCII, so "ấp" never finds "Ấp"; searching a folded
    column with folded words works alike on SQLite and PostgreSQL (as petitions' search_text).
    Subclasses name in `search_source` the attributes (fields or properties) to fold.
    """

    search_source = ()
    search_text = models.TextField("chữ không dấu (để tìm kiếm)", blank=True, default="", editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def build_search_text(self):
        return fold(" ".join(str(getattr(self, name) or "") for name in self.search_source))


class Province(models.Model):
    name = NFCCharField("tên tỉnh, thành phố", max_length=120, unique=True)
    report_cutoff_day = models.PositiveSmallIntegerField(
        "ngày chốt số liệu báo cáo",
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, "Ngày chốt số liệu phải từ 1 đến 28."),
            MaxValueValidator(28, "Ngày chốt số liệu phải từ 1 đến 28."),
        ],
        help_text=(
            "Kỳ báo cáo của các xã tính từ ngày này của tháng trước đến ngày liền trước của tháng báo cáo "
            "(ví dụ 15: từ ngày 15 tháng trước đến ngày 14); 1 hoặc để trống: theo tháng dương lịch."
        ),
    )

    class Meta:
        verbose_name = "tỉnh, thành phố"
        verbose_name_plural = "tỉnh, thành phố"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Commune(models.Model):
    class Kind(models.TextChoices):
        XA = "xa", "Xã"
        PHUONG = "phuong", "Phường"
        DAC_KHU = "dac_khu", "Đặc khu"

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="communes", verbose_name="tỉnh")
    kind = models.CharField("loại", max_length=10, choices=Kind.choices, default=Kind.XA)
    name = NFCCharField("tên", max_length=120, help_text="Không kèm chữ “xã”/“phường”, ví dụ: Lộc Thành.")
    place_name = NFCCharField(
        "địa danh",
        max_length=120,
        blank=True,
        help_text="Ghi ở dòng ngày tháng của văn bản (“Lộc Thành, ngày … tháng … năm …”); để trống: dùng tên xã.",
    )
    address = NFCCharField("địa chỉ trụ sở", max_length=250, blank=True)
    phone = NFCCharField("điện thoại", max_length=20, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    report_cutoff_day = models.PositiveSmallIntegerField(
        "ngày chốt số liệu báo cáo",
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, "Ngày chốt số liệu phải từ 1 đến 28."),
            MaxValueValidator(28, "Ngày chốt số liệu phải từ 1 đến 28."),
        ],
        help_text=(
            "Ví dụ 15: kỳ tháng tính từ ngày 15 tháng trước đến ngày 14; 1: theo tháng dương lịch; "
            "để trống: theo quy định của tỉnh."
        ),
    )
    online_petitions = models.BooleanField(
        "nhận ý kiến trực tuyến trước buổi",
        default=False,
        help_text="Người dân gửi ý kiến cho buổi tiếp xúc đã thông báo qua trang công khai của xã.",
    )

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = "xã, phường"
        verbose_name_plural = "xã, phường"
        ordering = ["province__name", "name"]
        constraints = [models.UniqueConstraint(fields=["province", "kind", "name"], name="commune_unique_name")]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.get_kind_display()} {self.name}"

    @property
    def date_place(self):
        """The place name of the date line of the commune's documents."""
        return self.place_name or self.name


class Village(FoldedSearchMixin, models.Model):
    search_source = ("kind", "name")

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="villages", verbose_name="xã")
    kind = NFCCharField("loại", max_length=40, default="Thôn", help_text="Thôn, ấp, bản, tổ dân phố, khu phố…")
    name = NFCCharField("tên", max_length=120, help_text="Không kèm loại, ví dụ: Tuyết Diêm 1.")
    position = models.PositiveIntegerField("thứ tự", default=0)
    is_active = models.BooleanField("đang hoạt động", default=True)

    objects = CommuneScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "thôn, ấp, tổ dân phố"
        verbose_name_plural = "thôn, ấp, tổ dân phố"
        ordering = ["commune", "position", "name"]
        constraints = [models.UniqueConstraint(fields=["commune", "kind", "name"], name="village_unique_name")]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.kind} {self.name}"


class Unit(FoldedSearchMixin, models.Model):
    search_source = ("name", "short_name")

    class Kind(models.TextChoices):
        PARTY_COMMITTEE = "party_committee", "Đảng ủy"
        PARTY_BODY = "party_body", "Cơ quan tham mưu, giúp việc Đảng ủy"
        PARTY_CELL = "party_cell", "Chi bộ"
        COUNCIL = "council", "HĐND"
        PEOPLES_COMMITTEE = "peoples_committee", "UBND"
        STATE_OFFICE = "state_office", "Cơ quan chuyên môn thuộc UBND"
        STATE_CENTRE = "state_centre", "Trung tâm, đơn vị sự nghiệp"
        FRONT = "front", "Ủy ban MTTQ"
        MASS_ORG = "mass_org", "Tổ chức chính trị - xã hội"
        POLICE = "police", "Công an xã"
        MILITARY = "military", "Ban Chỉ huy Quân sự"
        SCHOOL = "school", "Trường học"
        OTHER = "other", "Khác"

    class Side(models.TextChoices):
        PARTY = "party", "Đảng"
        STATE = "state", "Chính quyền"

    PARTY_KINDS = (Kind.PARTY_COMMITTEE, Kind.PARTY_BODY, Kind.PARTY_CELL)
    ISSUER_KINDS = (Kind.PARTY_COMMITTEE, Kind.PEOPLES_COMMITTEE)

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="units", verbose_name="xã")
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    name = NFCCharField("tên", max_length=200)
    short_name = NFCCharField("tên viết tắt", max_length=60, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name="trực thuộc"
    )
    village = models.ForeignKey(
        Village, on_delete=models.SET_NULL, null=True, blank=True, related_name="units", verbose_name="thôn (chi bộ)"
    )
    position = models.PositiveIntegerField("thứ tự", default=0)
    # Only for issuers (Đảng ủy, UBND): what their documents print.
    symbol_code = NFCCharField("ký hiệu cơ quan ban hành", max_length=20, blank=True, help_text="Ví dụ: ĐU, UBND.")
    header_superior = NFCCharField(
        "cơ quan cấp trên (tiêu đề văn bản)",
        max_length=200,
        blank=True,
        help_text="Ví dụ: ĐẢNG BỘ TỈNH LÂM ĐỒNG hoặc ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG (có thể để trống).",
    )
    header_name = NFCCharField(
        "tên cơ quan (tiêu đề văn bản)", max_length=200, blank=True, help_text="Ví dụ: ĐẢNG ỦY XÃ LỘC THÀNH."
    )
    term_label = NFCCharField(
        "nhiệm kỳ",
        max_length=20,
        blank=True,
        help_text="Chỉ với Đảng ủy: số văn bản chạy suốt nhiệm kỳ, ví dụ 2025-2030.",
    )
    is_active = models.BooleanField("đang hoạt động", default=True)

    objects = CommuneScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "cơ quan, đơn vị"
        verbose_name_plural = "cơ quan, đơn vị"
        ordering = ["commune", "position", "name"]
        constraints = [models.UniqueConstraint(fields=["commune", "name"], name="unit_unique_name")]

    def __str__(self):
        return self.name

    @property
    def side(self):
        return self.Side.PARTY if self.kind in self.PARTY_KINDS else self.Side.STATE

    @property
    def is_issuer(self):
        return self.kind in self.ISSUER_KINDS


class Official(FoldedSearchMixin, models.Model):
    search_source = ("full_name", "position")

    class Honorific(models.TextChoices):
        ONG = "Ông", "Ông"
        BA = "Bà", "Bà"

    class Role(models.TextChoices):
        PARTY_SECRETARY = "party_secretary", "Bí thư Đảng ủy"
        PARTY_DEPUTY = "party_deputy", "Phó Bí thư Đảng ủy"
        PARTY_STANDING = "party_standing", "Ủy viên Ban Thường vụ"
        COUNCIL_STANDING = "council_standing", "Thường trực HĐND"
        COMMITTEE_CHAIR = "committee_chair", "Chủ tịch UBND"
        COMMITTEE_VICE = "committee_vice", "Phó Chủ tịch UBND"
        PARTY_BODY_HEAD = "party_body_head", "Lãnh đạo cơ quan tham mưu Đảng ủy"
        FRONT_HEAD = "front_head", "Chủ tịch Ủy ban MTTQ"
        MASS_ORG_HEAD = "mass_org_head", "Người đứng đầu đoàn thể"
        POLICE_CHIEF = "police_chief", "Trưởng Công an xã"
        MILITARY_COMMANDER = "military_commander", "Chỉ huy trưởng Ban CHQS"
        OFFICE_HEAD = "office_head", "Thủ trưởng cơ quan, trung tâm"
        SCHOOL_HEAD = "school_head", "Đại diện Ban giám hiệu"
        CELL_SECRETARY = "cell_secretary", "Bí thư chi bộ"
        VILLAGE_HEAD = "village_head", "Trưởng thôn, ấp, tổ dân phố"
        FRONT_BOARD_HEAD = "front_board_head", "Trưởng Ban công tác Mặt trận"
        STAFF = "staff", "Cán bộ, công chức"
        OTHER = "other", "Khác"

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="officials", verbose_name="xã")
    honorific = models.CharField("danh xưng", max_length=3, choices=Honorific.choices)
    full_name = NFCCharField("họ và tên", max_length=120)
    position = NFCCharField("chức vụ", max_length=200, help_text="Ví dụ: Phó Bí thư Thường trực Đảng ủy xã.")
    role = models.CharField("vai trò", max_length=30, choices=Role.choices, default=Role.STAFF)
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="officials", verbose_name="cơ quan, đơn vị"
    )
    village = models.ForeignKey(
        Village, on_delete=models.SET_NULL, null=True, blank=True, related_name="officials", verbose_name="thôn, ấp"
    )
    phone = NFCCharField("điện thoại", max_length=20, blank=True)
    is_active = models.BooleanField("đang công tác", default=True)

    objects = OfficialQuerySet.as_manager()

    class Meta:
        verbose_name = "cán bộ"
        verbose_name_plural = "cán bộ"
        ordering = ["commune", "full_name"]
        indexes = [models.Index(Lower("full_name"), name="official_name_idx")]

    def __str__(self):
        return f"{self.honorific} {self.full_name} – {self.position}"

    @property
    def addressed_name(self):
        return f"{self.honorific} {self.full_name}"


class LegalBasis(models.Model):
    """A legal text that plans cite; editable so that a wrong citation is fixed once."""

    short_name = NFCCharField("tên ngắn", max_length=120, unique=True, help_text="Ví dụ: Quy định 11-QĐi/TW.")
    citation = NFCTextField(
        "trích dẫn đầy đủ",
        help_text="Ví dụ: Quy định số 11-QĐi/TW ngày 18/02/2019 của Bộ Chính trị về trách nhiệm của người đứng đầu…",
    )
    is_active = models.BooleanField("còn dùng", default=True)

    class Meta:
        verbose_name = "căn cứ pháp lý"
        verbose_name_plural = "căn cứ pháp lý"
        ordering = ["short_name"]

    def __str__(self):
        return self.short_name


class Membership(models.Model):
    """Attaches a user to a commune in a role; a user may hold several."""

    class Role(models.TextChoices):
        PARTY_OFFICE = "party_office", "Văn phòng Đảng ủy"
        STATE_OFFICE = "state_office", "Văn phòng HĐND và UBND"
        UNIT_OFFICIAL = "unit_official", "Cán bộ đơn vị"
        LEADER = "leader", "Lãnh đạo"
        SUPERVISOR = "supervisor", "Giám sát (MTTQ)"
        PROVINCE = "province", "Cán bộ cấp tỉnh"
        ADMIN = "admin", "Quản trị"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name="người dùng"
    )
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="memberships", verbose_name="xã")
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name="đơn vị",
        help_text="Bắt buộc với cán bộ đơn vị.",
    )
    official = models.ForeignKey(
        Official, on_delete=models.SET_NULL, null=True, blank=True, related_name="memberships", verbose_name="cán bộ"
    )

    objects = CommuneScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "phân quyền"
        verbose_name_plural = "phân quyền"
        constraints = [
            models.UniqueConstraint(fields=["user", "commune", "role", "unit"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.commune}"


class DocumentCounter(models.Model):
    """The last number issued per issuer, document type and period (see numbering.py)."""

    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="counters", verbose_name="cơ quan ban hành")
    doc_type = models.CharField("loại văn bản", max_length=10)
    period = models.CharField("kỳ đánh số", max_length=20, help_text="Năm (chính quyền) hoặc nhiệm kỳ (Đảng).")
    last_number = models.PositiveIntegerField("số cuối đã cấp", default=0)

    class Meta:
        verbose_name = "sổ đăng ký số văn bản"
        verbose_name_plural = "sổ đăng ký số văn bản"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "doc_type", "period"], name="counter_unique_period"),
        ]

    def __str__(self):
        return f"{self.issuer} {self.doc_type} {self.period}: {self.last_number}"


class ExternalNumber(models.Model):
    """A number the office's own register (the e-office system) gave a document, typed by the clerk.

    Kept beside the counter of its issuer, type and period: numbering.number_register_external
    refuses it when it is already used, and number_take never hands it out again.
    """

    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="cơ quan ban hành")
    doc_type = models.CharField("loại văn bản", max_length=10)
    period = models.CharField("kỳ đánh số", max_length=20)
    number = models.PositiveIntegerField("số")
    issued_on = models.DateField("ngày ban hành")
    created_at = models.DateTimeField("ghi lúc", auto_now_add=True)

    class Meta:
        verbose_name = "số lấy từ hệ thống quản lý văn bản"
        verbose_name_plural = "số lấy từ hệ thống quản lý văn bản"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "doc_type", "period", "number"], name="external_number_once"),
        ]

    def __str__(self):
        return f"{self.issuer} {self.doc_type} {self.period}: {self.number}"


class SignedOriginal(models.Model):
    """The signed and stamped original of a document, as uploaded: the document of record.

    Abstract: each app keeps the originals of its own documents (a ForeignKey to them) in its
    own table. The bytes are stored untouched, so a digitally signed PDF keeps its signature;
    see signed.py for the checks made before one is stored.
    """

    pdf = models.BinaryField("bản PDF đã ký", editable=False)
    sha256 = models.CharField("mã băm SHA-256", max_length=64, editable=False)
    size = models.PositiveIntegerField("dung lượng (byte)", editable=False)
    filename = models.CharField("tên tệp tải lên", max_length=255, editable=False)
    number_checked = models.BooleanField(
        "đã đối chiếu số",
        default=True,
        editable=False,
        help_text="Sai khi tệp không có lớp chữ (bản quét): không đối chiếu được số văn bản.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="người tải lên"
    )
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return f"{self.filename} ({self.sha256[:12]})"


class Holiday(models.Model):
    """A day off that working-day deadlines skip; kept by each office."""

    commune = models.ForeignKey(
        Commune,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="holidays",
        verbose_name="xã",
        help_text="Để trống: áp dụng cho mọi xã.",
    )
    day = models.DateField("ngày nghỉ")
    name = NFCCharField("tên", max_length=120)

    class Meta:
        verbose_name = "ngày nghỉ lễ"
        verbose_name_plural = "ngày nghỉ lễ"
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["commune", "day"], name="holiday_unique_day")]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} {self.name}"


class EventQuerySet(CommuneScopedQuerySet):
    """The event log is append-only: bulk changes are refused as well."""

    def update(self, **kwargs):
        raise EventLogError("Nhật ký sự kiện không được sửa.")

    def delete(self):
        raise EventLogError("Nhật ký sự kiện không được xóa.")


class EventLogError(Exception):
    pass


class Event(models.Model):
    """A business or security event (who, when, what, on which record): written once, never changed.

    Holds no personal data of citizens: records are named by type and id only.
    Written through `directory.audit.event_log`.
    """

    class Action(models.TextChoices):
        SIGNED_IN = "signed_in", "Đăng nhập"
        SIGN_IN_FAILED = "sign_in_failed", "Đăng nhập sai"
        SIGNED_OUT = "signed_out", "Đăng xuất"
        OTP_VERIFIED = "otp_verified", "Xác thực hai bước"
        OTP_FAILED = "otp_failed", "Mã xác thực sai"
        OTP_ENROLLED = "otp_enrolled", "Bật xác thực hai bước"
        ROUTED = "routed", "Giao xử lý"
        ANSWERED = "answered", "Trả lời"
        APPROVED = "approved", "Phê duyệt"
        ISSUED = "issued", "Ban hành"
        EXPORTED = "exported", "Xuất dữ liệu"
        PRINTED = "printed", "In"
        VIEWED_PERSONAL_DATA = "viewed_personal_data", "Xem dữ liệu cá nhân"
        CHANGED_PERSONAL_DATA = "changed_personal_data", "Sửa, xóa dữ liệu cá nhân"
        DATA_REQUEST = "data_request", "Xử lý yêu cầu về dữ liệu cá nhân"
        BACKED_UP = "backed_up", "Sao lưu"
        RESTORED = "restored", "Khôi phục"
        PUBLISHED = "published", "Công khai"
        UNPUBLISHED = "unpublished", "Thôi công khai"
        SIGNED_ORIGINAL = "signed_original", "Lưu bản đã ký"

    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người dùng",
    )
    #: The login name as typed (kept when the account is gone, and for failed sign-ins).
    username = models.CharField("tên đăng nhập", max_length=150, blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="xã"
    )
    action = models.CharField("sự kiện", max_length=30, choices=Action.choices, db_index=True)
    object_type = models.CharField("loại hồ sơ", max_length=60, blank=True)
    object_id = models.CharField("mã hồ sơ", max_length=40, blank=True)
    detail = models.CharField("ghi chú", max_length=200, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "nhật ký sự kiện"
        verbose_name_plural = "nhật ký sự kiện"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="event_object_idx")]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.username} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise EventLogError("Nhật ký sự kiện không được sửa.")
        for name in ("username", "object_type", "object_id", "detail"):
            setattr(self, name, nfc(getattr(self, name)))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise EventLogError("Nhật ký sự kiện không được xóa.")


class DataRequest(models.Model):
    """A citizen's request about their personal data (Law 91/2025/QH15): the register and its deadlines.

    State changes only through `directory.services.data_request_change_status`.
    """

    class Kind(models.TextChoices):
        SEE = "see", "Xem, được cung cấp dữ liệu"
        CORRECT = "correct", "Chỉnh sửa dữ liệu"
        DELETE = "delete", "Xóa dữ liệu"
        OBJECT = "object", "Phản đối, hạn chế xử lý"

    class Status(models.TextChoices):
        RECEIVED = "received", "Đã tiếp nhận"
        ACKNOWLEDGED = "acknowledged", "Đã xác nhận với người yêu cầu"
        EXTENDED = "extended", "Đã gia hạn"
        DONE = "done", "Đã giải quyết"
        REFUSED = "refused", "Từ chối (có lý do)"

    OPEN_STATES = (Status.RECEIVED, Status.ACKNOWLEDGED, Status.EXTENDED)
    #: The moves a request may make (services.data_request_change_status): from -> to.
    TRANSITIONS = {
        Status.RECEIVED: {Status.ACKNOWLEDGED, Status.DONE, Status.REFUSED},
        Status.ACKNOWLEDGED: {Status.EXTENDED, Status.DONE, Status.REFUSED},
        Status.EXTENDED: {Status.DONE, Status.REFUSED},
    }
    #: Acknowledge within 2 working days; complete within 15 days, extendable once by 15 days.
    ACKNOWLEDGE_WORKING_DAYS = 2
    COMPLETE_DAYS = 15
    EXTENSION_DAYS = 15

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="data_requests", verbose_name="xã")
    person_name = NFCCharField("người yêu cầu", max_length=120)
    contact = NFCCharField("liên hệ", max_length=200, blank=True, help_text="Địa chỉ hoặc số điện thoại để trả lời.")
    kind = models.CharField("loại yêu cầu", max_length=10, choices=Kind.choices)
    description = NFCTextField("nội dung yêu cầu", blank=True)
    received_on = models.DateField("ngày nhận")
    status = models.CharField("trạng thái", max_length=15, choices=Status.choices, default=Status.RECEIVED)
    acknowledged_on = models.DateField("ngày xác nhận", null=True, blank=True)
    extended_on = models.DateField("ngày gia hạn", null=True, blank=True)
    extension_reason = NFCTextField("lý do gia hạn", blank=True)
    closed_on = models.DateField("ngày giải quyết xong", null=True, blank=True)
    outcome = NFCTextField("kết quả", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người tiếp nhận",
    )

    objects = CommuneScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "yêu cầu về dữ liệu cá nhân"
        verbose_name_plural = "yêu cầu về dữ liệu cá nhân"
        ordering = ["-received_on", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.person_name} ({self.received_on:%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("directory:data_request_detail", args=[self.pk])

    @property
    def acknowledge_by(self):
        return add_working_days(self.received_on, self.ACKNOWLEDGE_WORKING_DAYS, self.commune)

    @property
    def due_on(self):
        days = self.COMPLETE_DAYS + (self.EXTENSION_DAYS if self.extended_on else 0)
        return self.received_on + datetime.timedelta(days=days)

    @property
    def is_open(self):
        return self.status in self.OPEN_STATES


class StatusTransition(models.Model):
    """One status move of a record: from which state, to which, who, when, and the note (a reason).

    Abstract: each stateful model has its own table (SessionTransition, PetitionTransition,
    NoticeTransition, AssignmentTransition), which adds the link to its record and gives
    `from_status` and `to_status` the choices of its status enum. Written only by the
    model's one door, `<thing>_change_status(*, obj, to, by, note="")`.
    """

    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thực hiện",
    )
    at = models.DateTimeField("lúc", default=timezone.now)
    note = NFCTextField("ghi chú", blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A background job is its owner's: nobody else sees its progress or its file."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)


class Job(models.Model):
    """Long work run on the task queue, with its progress for a page to show (directory.jobs).

    Shared by every app that starts long work (bulk petition actions, imports, report files,
    exports): the app's task calls `jobs.job_run(pk, work)`; the page `/viec-nen/<pk>/` shows
    queued/running/done/failed with a bar, the result file to download, and a retry.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Đang chờ"
        RUNNING = "running", "Đang chạy"
        DONE = "done", "Đã xong"
        FAILED = "failed", "Lỗi"

    kind = models.CharField("loại việc", max_length=50)
    label = models.CharField("tên việc", max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs", verbose_name="người tạo"
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="xã"
    )
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.QUEUED)
    # The dotted path of the huey task that runs it, so a retry queues the same work again.
    task = models.CharField("tác vụ", max_length=200)
    params = models.JSONField("tham số", default=dict, blank=True)
    total = models.PositiveIntegerField("tổng số", default=0)
    done = models.PositiveIntegerField("đã xử lý", default=0)
    # What the work reports (e.g. the records refused with their reasons); kept across a retry,
    # so work resumed after a killed worker skips what was already done.
    result = models.JSONField("kết quả", default=dict, blank=True)
    message = models.TextField("thông báo", blank=True)
    file_path = models.CharField("tệp kết quả", max_length=500, blank=True)
    file_name = models.CharField("tên tệp", max_length=200, blank=True)
    content_type = models.CharField("kiểu tệp", max_length=100, blank=True)
    back_url = models.CharField("trang quay lại", max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField("số lần chạy", default=0)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    started_at = models.DateTimeField("bắt đầu lúc", null=True, blank=True)
    # Touched by every progress step: a running job not touched for long had its worker killed.
    touched_at = models.DateTimeField("cập nhật lúc", null=True, blank=True)
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = "việc chạy nền"
        verbose_name_plural = "việc chạy nền"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="job_owner_recent")]

    def __str__(self):
        return f"{self.label} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("directory:job", args=[self.pk])

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        return min(100, int(100 * self.done / self.total)) if self.total else 0
