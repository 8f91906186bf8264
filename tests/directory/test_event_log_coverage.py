"""The event log's helpers: ids spread over rows, backups logged, admin change pages logged."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import RequestFactory

from directory.audit import PersonalDataAdminMixin, compact_ids, event_log_ids
from directory.models import DataRequest, Event


def test_ids_are_written_as_ranges():
    assert compact_ids([9, 1, 2, 3, 7, 10, 3]) == ["1-3", "7", "9-10"]
    assert compact_ids([]) == []


def test_ids_that_do_not_fit_one_row_go_on_several(commune, clerk):
    ids = list(range(1, 400, 2))  # 200 lone ids: no ranges
    events = event_log_ids(user=clerk, action=Event.Action.EXPORTED, commune=commune, label="petitions", ids=ids)
    rows = list(Event.objects.filter(action=Event.Action.EXPORTED).order_by("id"))
    assert len(rows) == len(events) > 1
    assert all(len(r.detail) <= 200 and r.detail.startswith("petitions ") for r in rows)
    logged = [int(x) for r in rows for x in r.detail.removeprefix("petitions ").split(",")]
    assert logged == ids
    assert {(r.username, r.commune_id) for r in rows} == {("clerk", commune.pk)}


# The backup reads the database through a second connection: the test must not hold a transaction.
@pytest.mark.django_db(transaction=True)
def test_a_backup_is_logged(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DOCUMENTS_DIR = tmp_path / "documents"
    call_command("backup", output=str(tmp_path / "out"))
    [archive] = (tmp_path / "out").glob("dialogue-backup-*.tar.gz")
    [event] = Event.objects.filter(action=Event.Action.BACKED_UP)
    assert (event.username, event.detail) == ("manage.py", archive.name)


def test_the_admin_mixin_logs_a_change_page_view_by_id(commune):
    request_obj = DataRequest.objects.create(
        commune=commune, person_name="Trần Thị Bưởi", kind="see", received_on=datetime.date(2026, 1, 5)
    )

    class LoggedAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
        pass

    boss = get_user_model().objects.create_superuser("boss", password="x")
    request = RequestFactory().get("/")
    request.user = boss
    response = LoggedAdmin(DataRequest, admin.site).change_view(request, str(request_obj.pk))
    assert response.status_code == 200
    [event] = Event.objects.filter(action=Event.Action.VIEWED_PERSONAL_DATA)
    assert (event.username, event.object_type, event.object_id, event.detail) == (
        "boss",
        "directory.datarequest",
        str(request_obj.pk),
        "admin",
    )
    assert "Bưởi" not in event.detail
