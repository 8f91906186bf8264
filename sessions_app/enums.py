from django.db import models


class PlanKind(models.TextChoices):
    PARTY_SECRETARY = "party_secretary", "Bí thư cấp ủy tiếp xúc, đối thoại (Quy định 11)"
    STATE_CONFERENCE = "state_conference", "Hội nghị đối thoại của UBND (Luật Thực hiện dân chủ ở cơ sở)"
    OTHER = "other", "Khác"


class SessionFormat(models.TextChoices):
    IN_PERSON = "in_person", "Trực tiếp"
    ONLINE = "online", "Trực tuyến"
    MIXED = "mixed", "Trực tiếp kết hợp trực tuyến"


class SessionStatus(models.TextChoices):
    DRAFT = "draft", "Dự kiến"
    SCHEDULED = "scheduled", "Đã lên lịch"
    ANNOUNCED = "announced", "Đã thông báo"
    HELD = "held", "Đã tổ chức"
    CONCLUDED = "concluded", "Đã có thông báo kết luận"
    CLOSED = "closed", "Đã hoàn thành"
    CANCELLED = "cancelled", "Đã hủy"


# Sessions still to be held, in the order of the cycle.
UPCOMING_STATES = (SessionStatus.DRAFT, SessionStatus.SCHEDULED, SessionStatus.ANNOUNCED)
# Not yet closed or cancelled: from these a session may still be cancelled.
OPEN_STATES = UPCOMING_STATES
ACTIVE_STATES = UPCOMING_STATES + (SessionStatus.HELD, SessionStatus.CONCLUDED)

SESSION_TRANSITIONS = {
    SessionStatus.DRAFT: (SessionStatus.SCHEDULED, SessionStatus.CANCELLED),
    SessionStatus.SCHEDULED: (SessionStatus.ANNOUNCED, SessionStatus.CANCELLED),
    SessionStatus.ANNOUNCED: (SessionStatus.HELD, SessionStatus.CANCELLED),
    SessionStatus.HELD: (SessionStatus.CONCLUDED,),
    SessionStatus.CONCLUDED: (SessionStatus.CLOSED,),
    SessionStatus.CLOSED: (),
    SessionStatus.CANCELLED: (),
}

# Button labels for each move, as the clerk reads them.
TRANSITION_LABELS = {
    SessionStatus.SCHEDULED: "Chốt lịch",
    SessionStatus.ANNOUNCED: "Đã thông báo cho Nhân dân",
    SessionStatus.HELD: "Đã tổ chức",
    SessionStatus.CONCLUDED: "Đã ban hành thông báo kết luận",
    SessionStatus.CLOSED: "Hoàn thành",
    SessionStatus.CANCELLED: "Hủy buổi",
}

LEGAL_MIN_ANNOUNCEMENT_DAYS = 7
