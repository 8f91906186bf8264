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
    DONE = "done", "Đã hoàn thành"


#: Not yet done: these may become overdue.
OPEN_ASSIGNMENT_STATES = (AssignmentStatus.OPEN, AssignmentStatus.IN_PROGRESS)

ASSIGNMENT_TRANSITIONS = {
    AssignmentStatus.OPEN: (AssignmentStatus.IN_PROGRESS, AssignmentStatus.DONE),
    AssignmentStatus.IN_PROGRESS: (AssignmentStatus.DONE,),
    # Reopened when the board finds the work not finished after all.
    AssignmentStatus.DONE: (AssignmentStatus.IN_PROGRESS,),
}

ASSIGNMENT_MOVE_LABELS = {
    AssignmentStatus.IN_PROGRESS: "Đang thực hiện",
    AssignmentStatus.DONE: "Đã hoàn thành",
}

#: State side: results are published within this many days after the conference (law, domain.md §2.8).
RESULT_PUBLICATION_DAYS = 10


#: What may still change on an issued notice (its publication); everything else is frozen.
MUTABLE_AFTER_ISSUE = frozenset({"results_published_on", "updated_at"})
