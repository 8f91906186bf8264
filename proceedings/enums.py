"""The states of the minutes (biên bản) and the moves allowed between them."""

from django.db import models


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    SIGNED = "signed", "Đã ký"


MINUTES_TRANSITIONS = {
    MinutesStatus.DRAFT: (MinutesStatus.SIGNED,),
    # Signed minutes are the record of the session: never reopened (a new session record is a new document).
    MinutesStatus.SIGNED: (),
}

MINUTES_MOVE_LABELS = {
    MinutesStatus.SIGNED: "Chủ trì và thư ký đã ký: cấp số và khóa",
}

#: What may still change on signed minutes: nothing but the timestamp of the save itself.
MUTABLE_AFTER_SIGNING = frozenset({"updated_at"})
