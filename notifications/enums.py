"""The kinds of notification a user may receive, and the states of its e-mail."""

from django.db import models


class Kind(models.TextChoices):
    PETITION_ROUTED = "petition_routed", "Ý kiến, kiến nghị được giao hoặc chuyển cho đơn vị tôi"
    RETURNED = "returned", "Văn bản, ý kiến trả lại cho tôi"
    APPROVAL_WAITING = "approval_waiting", "Văn bản trả lời, thông báo chờ tôi duyệt"
    ASSIGNMENT_ISSUED = "assignment_issued", "Thông báo kết luận giao việc cho đơn vị tôi"
    DEADLINE_SOON = "deadline_soon", "Sắp đến hạn (còn 3 ngày làm việc)"
    DEADLINE_PASSED = "deadline_passed", "Đã quá hạn"
    WEEKLY_DIGEST = "weekly_digest", "Tổng hợp hằng tuần (sáng thứ Hai)"


class EmailStatus(models.TextChoices):
    NONE = "", "Không gửi"
    PENDING = "pending", "Đang chờ gửi"
    SENDING = "sending", "Đang gửi"
    SENT = "sent", "Đã gửi"
    FAILED = "failed", "Không gửi được"
