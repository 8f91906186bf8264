from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from directory.audit import event_log
from directory.models import Event
from office.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và các tệp (tải lên, văn bản đã tạo) vào một tệp .tar.gz có đóng dấu thời gian."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(settings.VAR_DIR / "backups"), help="Thư mục chứa bản sao lưu.")

    def handle(self, *args, output, **options):
        try:
            archive = backup_create(output_dir=output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        # After the archive, so the archive's figures are those of the database it copied.
        event_log(user=None, action=Event.Action.BACKED_UP, username="manage.py", detail=archive.name)
        self.stdout.write(str(archive))
