"""The session's own documents: its programme (chương trình) and its minutes (biên bản)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from dialogue.fields import NFCCharField, NFCTextField
from directory.models import Official, StatusTransition, Unit
from directory.numbering import document_symbol, number_line

from .enums import MINUTES_TRANSITIONS, MUTABLE_AFTER_SIGNING, MinutesStatus
from .errors import FROZEN_MESSAGE, ProceedingsError
from .querysets import MinutesQuerySet, ProgrammeItemQuerySet


def _plain(value):
    return bytes(value) if isinstance(value, memoryview) else value


class ProgrammeItem(models.Model):
    """One row of a session's programme: when, what, who presents it."""

    session = models.ForeignKey(
        "sessions_app.Session", on_delete=models.CASCADE, related_name="programme_items", verbose_name="buổi"
    )
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    starts_at = models.TimeField("giờ", null=True, blank=True, help_text="Ví dụ: 08:00.")
    item = NFCTextField("nội dung")
    presenter = NFCCharField("người thực hiện", max_length=200, blank=True)

    objects = ProgrammeItemQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "mục chương trình"
        verbose_name_plural = "chương trình của buổi"
        ordering = ["session", "position", "starts_at", "pk"]

    def __str__(self):
        return self.item[:80]

    @property
    def time_label(self):
        return f"{self.starts_at:%H} giờ {self.starts_at:%M}" if self.starts_at else ""


class Minutes(models.Model):
    """The minutes of a held session: drafted from its records, edited, signed by chair and
    secretary, then numbered (BB) and frozen with the text and PDF it printed."""

    DOC_TYPE = "BB"

    session = models.OneToOneField(
        "sessions_app.Session", on_delete=models.PROTECT, related_name="minutes", verbose_name="buổi"
    )
    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="cơ quan ban hành")
    status = models.CharField(
        "trạng thái", max_length=12, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT, editable=False
    )
    number = models.PositiveIntegerField("số", null=True, blank=True, editable=False)
    number_period = models.CharField("kỳ đánh số", max_length=20, blank=True, editable=False)
    signed_on = models.DateField("ngày ký", null=True, blank=True, editable=False)
    place = NFCCharField("địa danh", max_length=80, help_text="Ví dụ: Lộc Thành.")
    chair = models.ForeignKey(
        Official, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="chủ trì"
    )
    secretary = models.ForeignKey(
        Official, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="thư ký"
    )
    time_place = NFCTextField("thời gian, địa điểm", blank=True)
    attendance = NFCTextField("thành phần tham dự", blank=True, help_text="Điền sẵn từ điểm danh, theo từng nhóm.")
    course = NFCTextField("diễn biến", blank=True)
    opinions = NFCTextField(
        "ý kiến của Nhân dân và trả lời tại buổi",
        blank=True,
        help_text="Điền sẵn từ các ý kiến ghi tại buổi: mỗi ý kiến một đoạn, kèm người trả lời tại buổi.",
    )
    closing = NFCTextField("kết thúc", blank=True)
    # Frozen at signing: the text it printed, the PDF and its hash, the .docx.
    snapshot = models.JSONField("nội dung đã ký", null=True, blank=True, editable=False)
    pdf = models.BinaryField("bản PDF đã ký", null=True, blank=True, editable=False)
    pdf_sha256 = models.CharField("mã băm SHA-256 của bản PDF", max_length=64, blank=True, editable=False)
    #: The .docx printed from the same snapshot at signing (None for minutes signed before it was kept).
    docx = models.BinaryField("bản Word đã ký", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)

    objects = MinutesQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["pdf", "docx", "snapshot"])

    class Meta:
        verbose_name = "biên bản"
        verbose_name_plural = "biên bản"
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "number_period", "number"],
                name="minutes_unique_number",
                condition=models.Q(number__isnull=False),
                violation_error_message="Số biên bản này đã được cấp.",
            ),
        ]

    def __str__(self):
        if self.number:
            return f"Biên bản {self.symbol}"
        return f"(Dự thảo) Biên bản – {self.session.display_title}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            self._refuse_changes_once_signed(kwargs.get("update_fields"))
        return super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("proceedings:minutes_detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        if self.status == MinutesStatus.SIGNED:
            raise ProceedingsError("Biên bản đã ký không được xóa.")
        return super().delete(*args, **kwargs)

    def _refuse_changes_once_signed(self, update_fields):
        """Signed minutes are frozen: nothing but MUTABLE_AFTER_SIGNING may change (one query)."""
        names = [f.attname for f in self._meta.concrete_fields if f.name not in MUTABLE_AFTER_SIGNING]
        if update_fields is not None:
            wanted = set(update_fields)
            names = [n for n in names if n in wanted or n.removesuffix("_id") in wanted]
            if not names:
                return
        stored = type(self)._base_manager.filter(pk=self.pk).values(*{"status", *names}).first()
        if stored is None or stored["status"] != MinutesStatus.SIGNED:
            return
        if any(_plain(getattr(self, name)) != _plain(stored[name]) for name in names):
            raise ProceedingsError(FROZEN_MESSAGE)

    @property
    def symbol(self):
        return document_symbol(issuer=self.issuer, doc_type=self.DOC_TYPE, number=self.number)

    @property
    def number_line(self):
        return number_line(issuer=self.issuer, doc_type=self.DOC_TYPE, number=self.number)

    @property
    def is_signed(self):
        return self.status == MinutesStatus.SIGNED

    @property
    def is_editable(self):
        return self.status == MinutesStatus.DRAFT

    @property
    def is_party(self):
        return self.issuer.side == Unit.Side.PARTY

    def allowed_transitions(self):
        return MINUTES_TRANSITIONS[MinutesStatus(self.status)]


class MinutesTransition(StatusTransition):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField("từ", max_length=12, choices=MinutesStatus.choices)
    to_status = models.CharField("sang", max_length=12, choices=MinutesStatus.choices)

    class Meta(StatusTransition.Meta):
        verbose_name = "chuyển trạng thái biên bản"
        verbose_name_plural = "lịch sử biên bản"
