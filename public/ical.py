"""The commune's public calendar (RFC 5545): its announced sessions, for any calendar app."""

import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from sessions_app.enums import SessionStatus

#: A session's length is not recorded; calendars need an end: a morning's conference.
SESSION_LENGTH = datetime.timedelta(hours=3)


def _host():
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "localhost"


def _calendar(name):
    cal = Calendar()
    cal.add("prodid", "-//Tiep xuc doi thoai voi Nhan dan//vi")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    return cal


def commune_calendar(commune, sessions):
    """SESSIONS (announced, with an exact time) of COMMUNE as iCalendar bytes."""
    cal = _calendar(f"Tiếp xúc, đối thoại với Nhân dân – {commune.full_name}")
    _add_sessions(cal, sessions)
    return cal.to_ical()


def personal_calendar(*, sessions, deadlines):
    """A user's own calendar: SESSIONS of their communes and DEADLINES [(uid, day, summary)] of
    their work (petition codes and tasks only: a calendar app is a third party, no citizen's
    name goes there)."""
    cal = _calendar("Đối thoại với Nhân dân – lịch của tôi")
    _add_sessions(cal, sessions)
    for uid, day, summary in deadlines:
        event = CalendarEvent()
        event.add("uid", f"{uid}@{_host()}")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", day)
        event.add("dtend", day + datetime.timedelta(days=1))
        event.add("summary", summary)
        cal.add_component(event)
    return cal.to_ical()


def _add_sessions(cal, sessions):
    host = _host()
    for session in sessions:
        event = CalendarEvent()
        event.add("uid", f"session-{session.pk}@{host}")
        event.add("dtstamp", session.announcement_published_at or timezone.now())
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.starts_at + SESSION_LENGTH)
        event.add("summary", session.display_title)
        event.add("location", session.venue)
        lines = ["Thôn, ấp: " + ", ".join(v.full_name for v in session.villages.all())]
        if session.chair:
            lines.append(f"Chủ trì: {session.chair.addressed_name}, {session.chair.position}")
        lines.append(f"Hình thức: {session.get_format_display()}")
        event.add("description", "\n".join(lines))
        event.add("status", "CANCELLED" if session.status == SessionStatus.CANCELLED else "CONFIRMED")
        cal.add_component(event)
