"""The reception-day register (Sổ tiếp công dân): the days a leader receives citizens, and each visit."""

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from dialogue.fields import NFCCharField, NFCTextField
from directory.models import Commune, Official
from petitions.models import GROUP_MIN_PEOPLE, Petition

from .querysets import ReceptionDayQuerySet, VisitQuerySet

#: The leader's duty (Kết luận 215-KL/TW): at least this many reception days a month.
DAYS_PER_MONTH = 2


class ReceptionDay(models.Model):
    class Kind(models.TextChoices):
        REGULAR = "regular", "Tiếp định kỳ"
        SCHEDULED = "scheduled", "Tiếp theo lịch của lãnh đạo"
        AD_HOC = "ad_hoc", "Tiếp đột xuất"

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="reception_days", verbose_name="xã")
    day = models.DateField("ngày tiếp")
    kind = models.CharField("hình thức", max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    leader = models.ForeignKey(
        Official, on_delete=models.PROTECT, related_name="reception_days", verbose_name="lãnh đạo tiếp"
    )
    place = NFCCharField("địa điểm", max_length=200)
    note = NFCTextField("ghi chú", blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    objects = ReceptionDayQuerySet.as_manager()

    class Meta:
        verbose_name = "ngày tiếp công dân"
        verbose_name_plural = "ngày tiếp công dân"
        ordering = ["-day", "-id"]
        indexes = [models.Index(fields=["commune", "day"], name="reception_day_commune_day")]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} – {self.leader}"

    def get_absolute_url(self):
        return reverse("reception:day", args=[self.pk])


class Visit(models.Model):
    """One citizen's visit (lượt) on a reception day: how many came, the matter, what was decided."""

    class Matter(models.TextChoices):
        NEW = "new", "Vụ việc mới"
        OLD = "old", "Vụ việc cũ (đã nêu trước đây)"

    class Outcome(models.TextChoices):
        ANSWERED = "answered", "Trả lời, giải thích tại chỗ"
        RECORDED = "recorded", "Tiếp nhận đơn, chuyển xử lý"
        GUIDED = "guided", "Hướng dẫn đến cơ quan có thẩm quyền"

    day = models.ForeignKey(ReceptionDay, on_delete=models.CASCADE, related_name="visits", verbose_name="ngày tiếp")
    citizen_name = NFCCharField("người đến", max_length=120, blank=True)
    citizen_address = NFCCharField("địa chỉ", max_length=200, blank=True)
    citizen_phone = NFCCharField("điện thoại", max_length=20, blank=True)
    people_count = models.PositiveSmallIntegerField(
        "số người", default=1, validators=[MinValueValidator(1, "Số người ít nhất là 1.")]
    )
    matter = models.CharField("vụ việc", max_length=5, choices=Matter.choices, default=Matter.NEW)
    earlier_petition = models.ForeignKey(
        Petition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reception_repeats",
        verbose_name="ý kiến đã nêu trước",
    )
    content = NFCTextField("nội dung")
    outcome = models.CharField("kết quả", max_length=10, choices=Outcome.choices)
    answer = NFCTextField("nội dung trả lời, hướng dẫn", blank=True)
    petition = models.OneToOneField(
        Petition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reception_visit",
        verbose_name="ý kiến được ghi nhận",
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    objects = VisitQuerySet.as_manager()
    # The visit names a citizen: its versions are kept, found and erased with it (personal_data.py).
    history = HistoricalRecords()

    class Meta:
        verbose_name = "lượt tiếp công dân"
        verbose_name_plural = "lượt tiếp công dân"
        ordering = ["day", "id"]

    def __str__(self):
        return f"{self.day}: {self.content[:60]}"

    @property
    def is_group(self):
        return self.people_count >= GROUP_MIN_PEOPLE


class Representative(models.Model):
    """One representative of a group visit (đoàn đông người): who spoke for the group."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="representatives", verbose_name="lượt tiếp")
    name = NFCCharField("họ và tên", max_length=120)
    address = NFCCharField("địa chỉ, thôn", max_length=200, blank=True)
    phone = NFCCharField("điện thoại", max_length=20, blank=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    # A representative is a person: versions kept, found and erased with them (personal_data.py).
    history = HistoricalRecords()

    class Meta:
        verbose_name = "người đại diện"
        verbose_name_plural = "người đại diện"
        ordering = ["visit", "position", "id"]

    def __str__(self):
        return ", ".join(part for part in (self.name or "ẩn danh", self.address, self.phone) if part)
