"""What the office layer keeps of its own: the reports issued upward, frozen as printed."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from dialogue.fields import NFCCharField
from directory.models import Commune, Unit
from directory.querysets import CommuneScopedQuerySet


class IssuedReport(models.Model):
    """A numbered report (BC) as issued: its PDF and SHA-256, kept when the number was taken.

    One number is one document: every later download returns these bytes, whatever the
    figures of the period have become since (services.report_issue).
    """

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+", verbose_name="xã")
    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="cơ quan ban hành")
    number = models.PositiveIntegerField("số")
    symbol = models.CharField("số, ký hiệu", max_length=40)
    issued_on = models.DateField("ngày ban hành")
    period_label = NFCCharField("kỳ báo cáo", max_length=120)
    filename = models.CharField("tên tệp", max_length=200)
    pdf = models.BinaryField("bản PDF đã ban hành", editable=False)
    #: The .docx printed from the same figures in the same transaction (empty for reports issued before).
    docx = models.BinaryField("bản Word đã ban hành", editable=False, default=b"", blank=True)
    sha256 = models.CharField("mã băm SHA-256", max_length=64, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="người lấy số"
    )
    created_at = models.DateTimeField("lấy số lúc", auto_now_add=True)

    objects = CommuneScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "báo cáo đã ban hành"
        verbose_name_plural = "báo cáo đã ban hành"
        ordering = ["-issued_on", "-pk"]

    def __str__(self):
        return f"Báo cáo {self.symbol}"

    def get_absolute_url(self):
        return reverse("office:issued_report_pdf", args=[self.pk])
