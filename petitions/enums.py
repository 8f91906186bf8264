"""The states of a petition and the moves allowed between them (the one table), with its other choices."""

from django.db import models


class Kind(models.TextChoices):
    Y_KIEN = "y_kien", "Ý kiến"
    KIEN_NGHI = "kien_nghi", "Kiến nghị"
    PHAN_ANH = "phan_anh", "Phản ánh"
    KHIEU_NAI = "khieu_nai", "Khiếu nại"
    TO_CAO = "to_cao", "Tố cáo"


class Competence(models.TextChoices):
    COMMUNE = "commune", "Thuộc thẩm quyền của xã"
    TRANSFER = "transfer", "Chuyển cấp tỉnh hoặc cơ quan khác"


class Source(models.TextChoices):
    SESSION = "session", "Tại buổi tiếp xúc, đối thoại"
    BEFORE_SESSION = "before_session", "Thu thập trước buổi tiếp xúc"
    LETTER = "letter", "Đơn thư"
    RECEPTION = "reception", "Ngày tiếp công dân"
    PHONE = "phone", "Điện thoại"
    ONLINE = "online", "Gửi trực tuyến trước buổi"


class Status(models.TextChoices):
    RECEIVED = "received", "Mới tiếp nhận"
    CLASSIFIED = "classified", "Đã phân loại"
    ROUTED = "routed", "Đã giao xử lý"
    ANSWERED = "answered", "Đã trả lời"
    CLOSED = "closed", "Đã kết thúc"
    TRANSFERRED = "transferred", "Đã chuyển cơ quan khác"
    DUPLICATE = "duplicate", "Trùng ý kiến đã có"
    CLOSED_UNRESOLVED = "closed_unresolved", "Kết thúc, chưa giải quyết được"


#: Still waiting for something from the commune.
OPEN_STATES = (Status.RECEIVED, Status.CLASSIFIED, Status.ROUTED)
#: Not yet settled for the citizen (a repeat raised while one of these stands is "bức xúc").
UNRESOLVED_STATES = (Status.RECEIVED, Status.CLASSIFIED, Status.ROUTED, Status.ANSWERED, Status.CLOSED_UNRESOLVED)
FINAL_STATES = (Status.CLOSED, Status.TRANSFERRED, Status.DUPLICATE, Status.CLOSED_UNRESOLVED)


class Reaction(models.TextChoices):
    NONE = "", "Chưa ghi nhận"
    SATISFIED = "satisfied", "Đồng tình"
    NOT_SATISFIED = "not_satisfied", "Chưa đồng tình"


S = Status

#: The moves a petition may make: from each state, the states it may go to (services.petition_change_status).
PETITION_TRANSITIONS = {
    S.RECEIVED: {S.CLASSIFIED, S.ANSWERED, S.TRANSFERRED, S.DUPLICATE, S.CLOSED_UNRESOLVED},
    S.CLASSIFIED: {S.ROUTED, S.ANSWERED, S.TRANSFERRED, S.DUPLICATE, S.CLOSED_UNRESOLVED},
    # routed → routed: moved to another unit (petition_reroute).
    S.ROUTED: {S.ROUTED, S.ANSWERED, S.TRANSFERRED, S.DUPLICATE, S.CLOSED_UNRESOLVED},
    S.ANSWERED: {S.CLOSED, S.ROUTED, S.CLOSED_UNRESOLVED},
    S.CLOSED: {S.ROUTED},
    S.CLOSED_UNRESOLVED: {S.ROUTED},
    S.TRANSFERRED: set(),
    S.DUPLICATE: set(),
}

#: Never on a public page, whatever else is published: a denunciation protects the person who made it.
NEVER_PUBLIC_KINDS = (Kind.TO_CAO,)
