"""Participants of a session, their invitations, the printed documents and print jobs.

Imported at the bottom of models.py so Django registers these models with the app.
"""

import re
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from dialogue.fields import NFCCharField, NFCTextField
from dialogue.text import fold, given_name_key
from directory.models import Official, SignedOriginal, Unit, Village
from directory.numbering import document_symbol
from directory.querysets import CommuneScopedQuerySet


def new_checkin_token():
    return secrets.token_urlsafe(16)


def phone_digits(value):
    return re.sub(r"\D", "", value or "")


class ParticipantGroup(models.TextChoices):
    OFFICIALS = "officials", "Đại biểu xã"
    VILLAGE_DELEGATES = "village_delegates", "Đại biểu thôn, ấp"
    HOUSEHOLDS = "households", "Đại diện hộ gia đình"


class ResponseState(models.TextChoices):
    INVITED = "invited", "Đã mời"
    CONFIRMED = "confirmed", "Xác nhận dự"
    DECLINED = "declined", "Báo vắng"
    NO_ANSWER = "no_answer", "Chưa trả lời"


class ParticipantQuerySet(CommuneScopedQuerySet):
    commune_lookup = "session__plan__commune"

    def ordered(self):
        """Commune delegates, then village delegates, then households; by village and roster order."""
        rank = models.Case(
            *[models.When(group=g, then=models.Value(i)) for i, g in enumerate(ParticipantGroup.values)],
            output_field=models.IntegerField(),
        )
        return self.annotate(group_rank=rank).order_by("group_rank", "village__position", "position", "pk")

    def ordered_for_sheet(self):
        """Village, then given name in Vietnamese order (sorted in Python: the key is not SQL)."""
        rows = list(self.select_related("village", "unit"))
        rows.sort(
            key=lambda p: (p.village.position if p.village else -1, p.village_id or 0, given_name_key(p.full_name))
        )
        return rows


class Participant(models.Model):
    """One person invited to a session: a commune official, a village delegate or a household head."""

    Group = ParticipantGroup
    Response = ResponseState

    session = models.ForeignKey("sessions_app.Session", on_delete=models.CASCADE, related_name="participants")
    group = models.CharField("nhóm", max_length=20, choices=ParticipantGroup.choices)
    official = models.ForeignKey(
        Official,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name="cán bộ (danh bạ)",
    )
    honorific = models.CharField("danh xưng", max_length=3, choices=Official.Honorific.choices)
    full_name = NFCCharField("họ và tên", max_length=120)
    title = NFCCharField(
        "chức vụ", max_length=200, blank=True, help_text="In sau tên ở dòng “Kính gửi”, ví dụ: Trưởng ấp 3."
    )
    village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name="thôn, ấp",
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name="cơ quan, đơn vị",
    )
    phone = NFCCharField("điện thoại", max_length=20, blank=True)
    response = models.CharField("trả lời", max_length=12, choices=ResponseState.choices, default=ResponseState.INVITED)
    responded_at = models.DateTimeField("trả lời lúc", null=True, blank=True)
    attended_at = models.DateTimeField("có mặt lúc", null=True, blank=True)
    checkin_token = models.CharField("mã điểm danh", max_length=32, unique=True, default=new_checkin_token)
    position = models.PositiveIntegerField("thứ tự", default=0)
    # Folded name | village | phone digits: one person once per session.
    dedupe_key = models.CharField(max_length=200, editable=False)
    # Folded name for accent-insensitive search on the attendance page.
    search_name = models.CharField(max_length=120, editable=False, default="")
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    objects = ParticipantQuerySet.as_manager()
    # The derived keys and the check-in token stay out of the history (they repeat the name or are secret).
    history = HistoricalRecords(excluded_fields=["dedupe_key", "search_name", "checkin_token"])

    class Meta:
        verbose_name = "người được mời"
        verbose_name_plural = "người được mời"
        ordering = ["session", "group", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "dedupe_key"],
                name="participant_once_per_session",
                violation_error_message="Người này đã có trong danh sách của buổi.",
            ),
        ]
        indexes = [models.Index(fields=["session", "group"], name="participant_session_group_idx")]

    def __str__(self):
        return self.addressed_name

    def save(self, *args, **kwargs):
        self.fill_keys()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "dedupe_key", "search_name"}
        super().save(*args, **kwargs)

    def fill_keys(self):
        """Compute the stored keys (bulk_create callers call this themselves)."""
        self.dedupe_key = participant_key(self.full_name, self.village_id, self.phone)
        self.search_name = fold(self.full_name)[:120]

    @property
    def addressed_name(self):
        return f"{self.honorific} {self.full_name}"

    @property
    def addressee(self):
        """'Ông Nguyễn Văn A, Trưởng ấp 3' as printed after 'Kính gửi:'."""
        return f"{self.addressed_name}, {self.title}" if self.title else self.addressed_name

    def get_checkin_url(self):
        return reverse("sessions_app:checkin", args=[self.checkin_token])


def participant_key(full_name, village_id, phone):
    return f"{fold(full_name)}|{village_id or ''}|{phone_digits(phone)}"[:200]


def _comparable_phone(digits):
    # +84 912 345 678 and 0912 345 678 are one number.
    if digits.startswith("84") and len(digits) in (11, 12):
        return "0" + digits[2:]
    return digits


class PersonIndex:
    """The people of a roster by folded name and village, to find one entered twice.

    Two entries are the same person when their names (accents and case aside) and villages
    match, unless both carry a phone and the phones differ: "Nguyễn Văn Thành, Ấp 1" with no
    phone is the same person as "Nguyễn Văn Thành, Ấp 1, 0912 345 678". The stored unique
    key (name | village | phone) cannot say so, because it differs when one phone is missing.
    """

    def __init__(self, keys=(), label=None):
        self._people = {}
        for key in keys:
            self.add(key, label)

    @staticmethod
    def _split(key):
        name, village, digits = key.rsplit("|", 2)
        return (name, village), _comparable_phone(digits)

    def add(self, key, label=None):
        person, phone = self._split(key)
        self._people.setdefault(person, []).append((phone, label))

    def find(self, key):
        """(label, same_phone) of the first entry that is the same person as KEY, or None."""
        person, phone = self._split(key)
        for other_phone, label in self._people.get(person, ()):
            if not phone or not other_phone or phone == other_phone:
                return label, phone == other_phone
        return None


class SessionDocumentQuerySet(CommuneScopedQuerySet):
    commune_lookup = "session__plan__commune"

    def current(self):
        """The documents in force: those no correction replaced (one per session and kind)."""
        return self.filter(replaced_by__isnull=True)


class NumberSource(models.TextChoices):
    COUNTER = "counter", "Sổ số của ứng dụng"
    EXTERNAL = "external", "Hệ thống quản lý văn bản (e-office)"


class SessionDocument(models.Model):
    """A numbered document of a session: its invitation (GM) or its public announcement (TB).

    The number is taken once, when first printed, and kept: a reprint shows the same number.
    Numbering freezes what it says (SNAPSHOT): the invitation's letters and the announcement
    print from it, whatever is edited afterwards; the announcement's PDF is kept too (PDF,
    with its SHA-256), and every download returns those bytes.

    A change after numbering is a correction: a new document with a new number that REPLACES
    the one in force ("thay thế văn bản số …", participants.session_document_correct). The
    latest of the chain is current; the replaced ones stay, downloadable, marked replaced.
    """

    class Kind(models.TextChoices):
        INVITATION = "GM", "Giấy mời"
        ANNOUNCEMENT = "TB", "Thông báo"

    session = models.ForeignKey("sessions_app.Session", on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField("loại", max_length=2, choices=Kind.choices)
    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="cơ quan ban hành")
    number = models.PositiveIntegerField("số")
    number_source = models.CharField(
        "nguồn số", max_length=10, choices=NumberSource.choices, default=NumberSource.COUNTER, editable=False
    )
    issued_on = models.DateField("ngày ban hành")
    content = NFCTextField("nội dung", blank=True)
    snapshot = models.JSONField("nội dung đã cấp số", null=True, blank=True, editable=False)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name="thay thế văn bản",
        editable=False,
    )
    correction_reason = NFCTextField("lý do thay thế", blank=True, editable=False)
    pdf = models.BinaryField("bản PDF đã cấp số", null=True, blank=True, editable=False)
    pdf_sha256 = models.CharField("mã băm SHA-256 của bản PDF", max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="người tạo"
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    objects = SessionDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "văn bản của buổi"
        verbose_name_plural = "văn bản của buổi"
        # One first document per session and kind; each correction replaces exactly one (OneToOne).
        constraints = [
            models.UniqueConstraint(
                fields=["session", "kind"], condition=models.Q(replaces__isnull=True), name="session_document_once"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.symbol}"

    @property
    def symbol(self):
        return document_symbol(issuer=self.issuer, doc_type=self.kind, number=self.number)


class SessionDocumentOriginal(SignedOriginal):
    """The signed and stamped original of a session's invitation or announcement (the latest is of record)."""

    document = models.ForeignKey(SessionDocument, on_delete=models.CASCADE, related_name="originals")

    class Meta(SignedOriginal.Meta):
        verbose_name = "bản đã ký của văn bản buổi"
        verbose_name_plural = "bản đã ký của văn bản buổi"

    def get_absolute_url(self):
        return reverse(
            "sessions_app:document_original_file", args=[self.document.session_id, self.document.kind, self.pk]
        )


class PrintJobQuerySet(CommuneScopedQuerySet):
    commune_lookup = "session__plan__commune"


class PrintJob(models.Model):
    """A batch of letters rendered in the background into var/documents, with its progress."""

    class Status(models.TextChoices):
        PENDING = "pending", "Đang chờ"
        RUNNING = "running", "Đang tạo"
        DONE = "done", "Đã xong"
        FAILED = "failed", "Lỗi"

    session = models.ForeignKey("sessions_app.Session", on_delete=models.CASCADE, related_name="print_jobs")
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.PENDING)
    filters = models.JSONField("bộ lọc", default=dict, blank=True)
    total = models.PositiveIntegerField("số thư", default=0)
    done = models.PositiveIntegerField("đã tạo", default=0)
    filename = models.CharField("tên tệp", max_length=200, blank=True)
    path = models.CharField("đường dẫn", max_length=500, blank=True)
    error = models.TextField("lỗi", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="người tạo"
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)
    document = models.ForeignKey(
        "sessions_app.SessionDocument", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    base_url = models.CharField("địa chỉ trong mã QR", max_length=200, blank=True)
    # The task queue's record of the job: its task id, the worker running it ("host:pid", so that
    # the workers of that machine put it back in the queue if that process died) and how many
    # times it was started (printing.print_jobs_recover).
    task_id = models.CharField("mã tác vụ", max_length=64, blank=True)
    worker = models.CharField("tiến trình chạy", max_length=120, blank=True)
    attempts = models.PositiveSmallIntegerField("số lần chạy", default=0)

    objects = PrintJobQuerySet.as_manager()

    class Meta:
        verbose_name = "lượt in giấy mời"
        verbose_name_plural = "lượt in giấy mời"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.filename or 'giay-moi'} ({self.get_status_display()})"

    @property
    def percent(self):
        return int(100 * self.done / self.total) if self.total else (100 if self.status == self.Status.DONE else 0)


class ParticipantChange(models.Model):
    """One change of a participant's answer or attendance: who, when, from what, to what."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField("mục", max_length=20)
    from_value = models.CharField("từ", max_length=40, blank=True)
    to_value = models.CharField("sang", max_length=40, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="người thực hiện"
    )
    at = models.DateTimeField("lúc", auto_now_add=True)

    class Meta:
        verbose_name = "thay đổi của người được mời"
        verbose_name_plural = "lịch sử người được mời"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.field}: {self.from_value} → {self.to_value}"
