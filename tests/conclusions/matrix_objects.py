"""Objects of the conclusions rows in tests/test_permission_matrix.py, made on first use."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from conclusions.enums import NoticeStatus
from conclusions.models import ProgressNote
from sessions_app.enums import SessionStatus

from ..factories import SessionFactory, aware
from .factories import AssignmentFactory, NoticeFactory


class ConclusionObjects:
    def __init__(self, o):
        self.session = SessionFactory(plan=o.plan, villages=[o.village], quarter=None, starts_at=aware(2025, 11, 20))
        self.session.status = SessionStatus.HELD
        self.session.save(update_fields=["status"])
        self.draft = NoticeFactory(session=self.session)
        self.draft_assignment = AssignmentFactory(notice=self.draft, unit=o.unit)
        concluded = SessionFactory(plan=o.plan, villages=[o.village], quarter=None, starts_at=aware(2025, 11, 21))
        concluded.status = SessionStatus.CONCLUDED
        concluded.save(update_fields=["status"])
        self.issued = NoticeFactory(
            session=concluded,
            status=NoticeStatus.ISSUED,
            number=1,
            number_period="2025",
            issued_on=datetime.date(2025, 11, 25),
        )
        self.assignment = AssignmentFactory(notice=self.issued, unit=o.unit)
        self.note = ProgressNote.objects.create(
            assignment=self.assignment,
            text="Đã khảo sát",
            evidence_name="bien-ban.pdf",
            evidence=SimpleUploadedFile("x.pdf", b"%PDF-1.4 matrix"),
        )


def conclusion_objects(o):
    if not hasattr(o, "conclusions"):
        o.conclusions = ConclusionObjects(o)
    return o.conclusions
