"""Conclusion notices (Thông báo kết luận) of sessions and the assignments they give units."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from dialogue.fields import NFCCharField, NFCTextField
from directory.models import Official, SignedOriginal, StatusTransition, Unit
from directory.numbering import document_symbol, number_line

from .enums import (
    ASSIGNMENT_TRANSITIONS,
    MUTABLE_AFTER_ISSUE,
    NOTICE_TRANSITIONS,
    OPEN_ASSIGNMENT_STATES,
    RESULT_PUBLICATION_DAYS,
    AssignmentStatus,
    NoticeStatus,
)
from .errors import FROZEN_MESSAGE, ConclusionError
from .querysets import AssignmentQuerySet, NoticeQuerySet

#: What may still change on an issued notice: the record that its results were published.


def publication_due(session):
    """The day by which the results of a state-side conference must be published: 10 days
    after it was held (domain.md §2.8), whether or not its notice is issued yet. None on the
    Party side."""
    if session.plan.issuer.side == Unit.Side.PARTY:
        return None
    held = session.session_date or session.period_start
    return held + datetime.timedelta(days=RESULT_PUBLICATION_DAYS)


def _plain(value):
    return bytes(value) if isinstance(value, memoryview) else value


class ConclusionNotice(models.Model):
    DOC_TYPE = "TB"

    session = models.ForeignKey(
        "sessions_app.Session", on_delete=models.PROTECT, related_name="conclusion_notices", verbose_name="buổi"
    )
    issuer = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="conclusion_notices", verbose_name="cơ quan ban hành"
    )
    status = models.CharField(
        "trạng thái", max_length=20, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT, editable=False
    )
    number = models.PositiveIntegerField("số", null=True, blank=True, editable=False)
    # The numbering period (year or Party term) the number belongs to: with issuer and
    # number it is unique, so the database itself refuses a number given twice.
    number_period = models.CharField("kỳ đánh số", max_length=20, blank=True, editable=False)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True, editable=False)
    # When the notice takes its number from the office's e-office register instead of the app's
    # counter: typed by the office before approval, used when the notice is issued.
    external_number = models.PositiveIntegerField(
        "số trên hệ thống quản lý văn bản (e-office)",
        null=True,
        blank=True,
        help_text="Để trống để lấy số tiếp theo của sổ số trong ứng dụng khi ban hành. Nếu thông báo đã lấy "
        "số trên e-office, ghi số đó và ngày e-office cấp.",
    )
    external_issued_on = models.DateField("ngày ban hành trên e-office", null=True, blank=True)
    place = NFCCharField("địa danh", max_length=80, help_text="Ví dụ: Lộc Thành.")
    subject = NFCTextField(
        "trích yếu",
        help_text="Ví dụ: Kết luận của Chủ tịch UBND xã tại Hội nghị đối thoại trực tiếp với Nhân dân năm 2025.",
    )
    facts = NFCTextField(
        "diễn biến buổi",
        blank=True,
        help_text="Điền sẵn từ dữ liệu của buổi: thời gian, địa điểm, thành phần, số ý kiến.",
    )
    assessment = NFCTextField("đánh giá của chủ trì", blank=True)
    conclusions = NFCTextField("kết luận", blank=True)
    closing = NFCTextField("lời kết", blank=True)
    signing_authority = NFCCharField(
        "thẩm quyền ký",
        max_length=80,
        blank=True,
        help_text="Ví dụ: T/M BAN THƯỜNG VỤ, TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH.",
    )
    signer_title = NFCCharField("chức vụ người ký", max_length=80, help_text="Ví dụ: PHÓ BÍ THƯ, CHỦ TỊCH.")
    signer = models.ForeignKey(
        Official,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signed_notices",
        verbose_name="người ký",
    )
    recipients = NFCTextField(
        "nơi nhận", blank=True, help_text="Mỗi dòng một nơi nhận; thêm “(b/c)” ở cuối nơi nhận để báo cáo."
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name="đính chính thông báo",
    )
    results_published_on = models.DateField("ngày công khai kết quả", null=True, blank=True, editable=False)
    # Frozen at issue: the printed document and the text it printed.
    pdf = models.BinaryField("bản PDF đã ban hành", null=True, blank=True, editable=False)
    snapshot = models.JSONField("nội dung đã ban hành", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người soạn",
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)

    objects = NoticeQuerySet.as_manager()
    # The frozen PDF and text are kept once, on the notice itself, not in every history row.
    history = HistoricalRecords(excluded_fields=["pdf", "snapshot"])

    class Meta:
        verbose_name = "thông báo kết luận"
        verbose_name_plural = "thông báo kết luận"
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "number_period", "number"],
                name="notice_unique_number",
                condition=models.Q(number__isnull=False),
                violation_error_message="Số thông báo này đã được cấp.",
            ),
        ]

    def __str__(self):
        if self.number:
            return f"Thông báo {self.symbol}"
        return f"(Dự thảo) Thông báo kết luận – {self.session.display_title}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            self._refuse_changes_once_issued(kwargs.get("update_fields"))
        return super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("conclusions:notice_detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        if self.status == NoticeStatus.ISSUED:
            raise ConclusionError("Thông báo đã ban hành không được xóa.")
        return super().delete(*args, **kwargs)

    def _refuse_changes_once_issued(self, update_fields):
        """An issued notice is frozen: only MUTABLE_AFTER_ISSUE may still change (one query)."""
        names = [f.attname for f in self._meta.concrete_fields if f.name not in MUTABLE_AFTER_ISSUE]
        if update_fields is not None:
            wanted = set(update_fields)
            names = [n for n in names if n in wanted or n.removesuffix("_id") in wanted]
            if not names:
                return
        stored = type(self)._base_manager.filter(pk=self.pk).values(*{"status", *names}).first()
        if stored is None or stored["status"] != NoticeStatus.ISSUED:
            return
        if any(_plain(getattr(self, name)) != _plain(stored[name]) for name in names):
            raise ConclusionError(FROZEN_MESSAGE)

    @property
    def symbol(self):
        return document_symbol(issuer=self.issuer, doc_type=self.DOC_TYPE, number=self.number)

    @property
    def number_line(self):
        return number_line(issuer=self.issuer, doc_type=self.DOC_TYPE, number=self.number)

    @property
    def is_issued(self):
        return self.status == NoticeStatus.ISSUED

    @property
    def is_editable(self):
        return self.status == NoticeStatus.DRAFT

    @property
    def is_party(self):
        return self.issuer.side == Unit.Side.PARTY

    def allowed_transitions(self):
        return NOTICE_TRANSITIONS[NoticeStatus(self.status)]

    def recipient_lines(self):
        """[(text, for_report)] from the one-per-line field."""
        lines = []
        for raw in self.recipients.splitlines():
            text = raw.strip().lstrip("-").strip().rstrip(";.").strip()
            if not text:
                continue
            for_report = text.endswith("(b/c)")
            lines.append((text.removesuffix("(b/c)").strip(), for_report))
        return lines

    # Result publication (state side): within 10 days after the conference.
    @property
    def publication_due(self):
        return None if self.is_party else publication_due(self.session)

    @property
    def publication_days_left(self):
        due = self.publication_due
        return (due - timezone.localdate()).days if due else None


class NoticeTransition(StatusTransition):
    notice = models.ForeignKey(ConclusionNotice, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField("từ", max_length=20, choices=NoticeStatus.choices)
    to_status = models.CharField("sang", max_length=20, choices=NoticeStatus.choices)

    class Meta(StatusTransition.Meta):
        verbose_name = "chuyển trạng thái thông báo"
        verbose_name_plural = "lịch sử thông báo"


class Assignment(models.Model):
    """A task the notice gives a unit of the commune, with a deadline; followed until done."""

    notice = models.ForeignKey(
        ConclusionNotice, on_delete=models.CASCADE, related_name="assignments", verbose_name="thông báo"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="assignments", verbose_name="đơn vị thực hiện"
    )
    task = NFCTextField("nhiệm vụ")
    deadline = models.DateField("hạn hoàn thành")
    petitions = models.ManyToManyField(
        "petitions.Petition",
        blank=True,
        through="AssignmentPetition",
        related_name="assignments",
        verbose_name="ý kiến, kiến nghị",
    )
    status = models.CharField(
        "trạng thái", max_length=12, choices=AssignmentStatus.choices, default=AssignmentStatus.OPEN, editable=False
    )
    done_at = models.DateTimeField("hoàn thành lúc", null=True, blank=True, editable=False)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "nhiệm vụ được giao"
        verbose_name_plural = "nhiệm vụ được giao"
        ordering = ["position", "pk"]
        indexes = [
            models.Index(fields=["unit", "status", "deadline"], name="assignment_unit_status_idx"),
            # The reminder sweep reads the open assignments due in a window of days.
            models.Index(fields=["status", "deadline"], name="assignment_due"),
        ]

    def __str__(self):
        return f"{self.unit}: {self.task[:60]}"

    def get_absolute_url(self):
        return reverse("conclusions:assignment_detail", args=[self.pk])

    @property
    def is_overdue(self):
        return self.status in OPEN_ASSIGNMENT_STATES and self.deadline < timezone.localdate()

    @property
    def days_late(self):
        return (timezone.localdate() - self.deadline).days if self.is_overdue else 0

    @property
    def state_label(self):
        return "Quá hạn" if self.is_overdue else self.get_status_display()

    def allowed_transitions(self):
        return ASSIGNMENT_TRANSITIONS[AssignmentStatus(self.status)]


def protect_followed(collector, field, sub_objs, using):
    """on_delete of a petition's link to an assignment: deleting the petition is refused while
    the assignment belongs to an issued notice (the notice printed it); otherwise the link goes."""
    followed = list(
        AssignmentPetition.objects.using(using)
        .filter(pk__in=[link.pk for link in sub_objs], assignment__notice__status=NoticeStatus.ISSUED)
        .select_related("petition", "assignment__notice__issuer")
    )
    if followed:
        codes = ", ".join(sorted({link.petition.code for link in followed}))
        raise ProtectedError(
            f"Không xóa được ý kiến {codes}: ý kiến đã được giao xử lý trong thông báo kết luận đã ban hành.",
            set(followed),
        )
    models.CASCADE(collector, field, sub_objs, using)


class AssignmentPetition(models.Model):
    """A petition an assignment answers (the table Django created for the plain many-to-many)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="+")
    petition = models.ForeignKey("petitions.Petition", on_delete=protect_followed, related_name="+")

    class Meta:
        db_table = "conclusions_assignment_petitions"
        unique_together = [("assignment", "petition")]
        verbose_name = "ý kiến của nhiệm vụ"
        verbose_name_plural = "ý kiến của nhiệm vụ"

    def __str__(self):
        return f"{self.petition.code} – nhiệm vụ của Thông báo số {self.assignment.notice.symbol}"


class AssignmentTransition(StatusTransition):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField("từ", max_length=12, choices=AssignmentStatus.choices)
    to_status = models.CharField("sang", max_length=12, choices=AssignmentStatus.choices)

    class Meta(StatusTransition.Meta):
        verbose_name = "chuyển trạng thái nhiệm vụ"
        verbose_name_plural = "lịch sử nhiệm vụ"


def evidence_path(instance, filename):
    return f"assignments/{instance.assignment_id}/{filename}"


class ProgressNote(models.Model):
    """A unit's report on an assignment, with an optional evidence file."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="progress_notes")
    text = NFCTextField("nội dung báo cáo")
    evidence = models.FileField("tệp minh chứng", upload_to=evidence_path, max_length=255, blank=True)
    evidence_name = NFCCharField("tên tệp gốc", max_length=200, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="người báo cáo"
    )
    at = models.DateTimeField("lúc", default=timezone.now)

    class Meta:
        verbose_name = "báo cáo tiến độ"
        verbose_name_plural = "báo cáo tiến độ"
        ordering = ["at", "pk"]

    def __str__(self):
        return self.text[:60]


class NoticeOriginal(SignedOriginal):
    """The signed and stamped original of an issued conclusion notice; the latest is the notice of record."""

    notice = models.ForeignKey(ConclusionNotice, on_delete=models.CASCADE, related_name="originals")

    class Meta(SignedOriginal.Meta):
        verbose_name = "bản thông báo kết luận đã ký"
        verbose_name_plural = "bản thông báo kết luận đã ký"

    def get_absolute_url(self):
        return reverse("conclusions:notice_original_file", args=[self.notice_id, self.pk])
