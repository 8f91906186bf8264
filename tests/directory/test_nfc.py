import unicodedata

from django.contrib.auth import get_user_model

from directory.audit import event_log
from directory.models import Event

DECOMPOSED = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")


def test_user_names_are_stored_in_nfc(db):
    user = get_user_model().objects.create(username="anh", first_name=DECOMPOSED, last_name=DECOMPOSED)
    user.refresh_from_db()
    assert user.first_name == user.last_name == "Nguyễn Thị Ánh"
    assert len(user.first_name) == 14


def test_event_log_text_is_stored_in_nfc(db):
    event_log(user=None, action=Event.Action.SIGN_IN_FAILED, username=DECOMPOSED)
    event = Event.objects.get()
    assert event.username == "Nguyễn Thị Ánh"
