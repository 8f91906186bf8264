"""The kinds of notification a user may receive, and the states of its e-mail."""

from django.db import models


class Kind(models.TextChoices):
    PETITION_ROUTED = "petition_routed", "Ý kiến, kiến nghị được giao hoặc chuyển cho đơn vị tôi"
    RETURNED = "returned", "Văn bản, ý kiến trả lại cho tôi"
    APPROVAL_WAITING = "approval_waiting", "Văn bản trả lời, thông báo chờ tôi duyệt"
    ASSIGNMENT_ISSUED = "assignment_issued", "Thông báo kết luận giao việc cho đơn vị tôi"


class EmailStatus(models.TextChoices):
    NONE = "", "Không gửi"
    PENDING = "pending", "Đang chờ gửi"
    SENT = "sent", "Đã gửi"
    FAILED = "failed", "Không gửi được"
