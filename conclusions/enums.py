from django.db import models


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    PENDING_APPROVAL = "pending_approval", "Chờ lãnh đạo duyệt"
    ISSUED = "issued", "Đã ban hành"


NOTICE_TRANSITIONS = {
    NoticeStatus.DRAFT: (NoticeStatus.PENDING_APPROVAL,),
    NoticeStatus.PENDING_APPROVAL: (NoticeStatus.DRAFT, NoticeStatus.ISSUED),
    NoticeStatus.ISSUED: (),
}

NOTICE_MOVE_LABELS = {
    NoticeStatus.PENDING_APPROVAL: "Trình lãnh đạo duyệt",
    NoticeStatus.DRAFT: "Trả lại để sửa",
    NoticeStatus.ISSUED: "Duyệt và ban hành",
}


class AssignmentStatus(models.TextChoices):
    OPEN = "open", "Chưa thực hiện"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    # Reported done by the unit: it counts as done only once the office or a leader confirms it.
    DONE = "done", "Đơn vị báo hoàn thành, chờ xác nhận"
    CONFIRMED = "confirmed", "Đã xác nhận hoàn thành"


#: Not yet done: these may become overdue.
OPEN_ASSIGNMENT_STATES = (AssignmentStatus.OPEN, AssignmentStatus.IN_PROGRESS)

#: Counted as done (the follow-up board, the reports, closing the session): confirmed only.
DONE_ASSIGNMENT_STATES = (AssignmentStatus.CONFIRMED,)

ASSIGNMENT_TRANSITIONS = {
    AssignmentStatus.OPEN: (AssignmentStatus.IN_PROGRESS, AssignmentStatus.DONE),
    AssignmentStatus.IN_PROGRESS: (AssignmentStatus.DONE,),
    # Confirmed by the office or a leader, or returned to the unit with a reason.
    AssignmentStatus.DONE: (AssignmentStatus.CONFIRMED, AssignmentStatus.IN_PROGRESS),
    # Reopened (with a reason) when the work proves not finished after all.
    AssignmentStatus.CONFIRMED: (AssignmentStatus.IN_PROGRESS,),
}

#: Moves only the office of the notice's side or a leader makes (the unit reports, it does not confirm).
ASSIGNMENT_REVIEW_MOVES = {
    (AssignmentStatus.DONE, AssignmentStatus.CONFIRMED),
    (AssignmentStatus.DONE, AssignmentStatus.IN_PROGRESS),
    (AssignmentStatus.CONFIRMED, AssignmentStatus.IN_PROGRESS),
}

ASSIGNMENT_MOVE_LABELS = {
    AssignmentStatus.IN_PROGRESS: "Đang thực hiện",
    AssignmentStatus.DONE: "Báo hoàn thành",
    AssignmentStatus.CONFIRMED: "Xác nhận hoàn thành",
}


def assignment_move_label(from_status, to_status):
    """The button of a move, as the clerk reads it."""
    if to_status == AssignmentStatus.IN_PROGRESS and from_status == AssignmentStatus.DONE:
        return "Trả lại để làm tiếp"
    if to_status == AssignmentStatus.IN_PROGRESS and from_status == AssignmentStatus.CONFIRMED:
        return "Mở lại nhiệm vụ"
    return ASSIGNMENT_MOVE_LABELS[to_status]


#: State side: results are published within this many days after the conference (law, domain.md §2.8).
RESULT_PUBLICATION_DAYS = 10


#: What may still change on an issued notice (its publication); everything else is frozen.
MUTABLE_AFTER_ISSUE = frozenset({"results_published_on", "updated_at"})
