"""Sample data: the programme and the draft minutes of Lộc Thành's past conference (“dữ liệu mẫu”).

The seed sessions are not held, so they get none. Loaded by `manage.py load_demo` after the
notices' sample data. Idempotent: a session that already has a programme or minutes keeps them.
The minutes stay a draft, with chair and secretary named, so that the office can read, edit
and sign them on their page.
"""

from directory.models import Official
from sessions_app.demo import SAMPLE_MARK
from sessions_app.models import Session

from .models import Minutes, ProgrammeItem
from .services import HELD_STATES, minutes_save, minutes_start, programme_default, programme_save

SECRETARY_NAME = "Phan Thị Ngọc"  # Chánh Văn phòng HĐND và UBND xã (sessions_app.demo)


def load(communes):
    loc_thanh = next((c for c in communes if c.name == "Lộc Thành"), None)
    if loc_thanh is None:
        return
    session = (
        Session.objects.filter(plan__commune=loc_thanh, title__endswith=SAMPLE_MARK, status__in=HELD_STATES)
        .select_related("plan__issuer", "chair")
        .order_by("period_start", "pk")
        .first()
    )
    if session is None:
        return
    if not ProgrammeItem.objects.filter(session=session).exists():
        programme_save(session=session, rows=programme_default(session), user=None)
    if not Minutes.objects.filter(session=session).exists():
        minutes = minutes_start(session=session, user=None)
        minutes.secretary = Official.objects.filter(commune=loc_thanh, full_name=SECRETARY_NAME).first()
        minutes_save(minutes=minutes, user=None)
