from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.audit import event_log
from directory.models import Event
from office.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu và các tệp từ một bản sao lưu (lệnh backup)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Tệp .tar.gz do lệnh backup tạo ra.")
        parser.add_argument("--force", action="store_true", help="Khôi phục đè lên cơ sở dữ liệu đang có dữ liệu.")

    def handle(self, *args, archive, force, **options):
        try:
            figures = backup_restore(archive=archive, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        # Written into the restored database, after its figures were checked against the manifest.
        event_log(user=None, action=Event.Action.RESTORED, username="manage.py", detail=Path(archive).name)
        rows = sum(figures["counts"].values())
        self.stdout.write(f"Đã khôi phục {rows} dòng dữ liệu, {len(figures['last_numbers'])} sổ đăng ký số văn bản.")
