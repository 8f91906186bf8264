from collections import defaultdict

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from directory.models import Commune
from office.personal_data import person_anonymise, petitions_past_retention, retention_cutoff


class Command(BaseCommand):
    help = (
        "Xóa thông tin cá nhân (họ tên, điện thoại, địa chỉ, tệp đính kèm, cả trong lịch sử thay đổi) của các ý kiến, "
        "kiến nghị đã kết thúc lâu hơn thời hạn lưu trữ PERSONAL_DATA_RETENTION_DAYS."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đếm, không thay đổi gì.")
        parser.add_argument("--days", type=int, default=None, help="Thời hạn lưu trữ (ngày), thay cho cấu hình.")

    def handle(self, *args, dry_run, days, **options):
        days = settings.PERSONAL_DATA_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("Thời hạn lưu trữ phải từ 1 ngày trở lên.")
        cutoff = retention_cutoff(days)
        day = timezone.localtime(cutoff)
        by_commune = defaultdict(list)
        for pk, commune_id in petitions_past_retention(cutoff=cutoff).values_list("pk", "commune_id"):
            by_commune[commune_id].append(pk)
        total = sum(len(ids) for ids in by_commune.values())
        if dry_run:
            self.stdout.write(
                f"Chạy thử: {total} ý kiến, kiến nghị kết thúc trước {day:%d/%m/%Y} sẽ được ẩn danh "
                f"(thời hạn lưu trữ {days} ngày). Chưa thay đổi gì."
            )
            return
        files = 0
        for commune in Commune.objects.filter(pk__in=by_commune):
            done = person_anonymise(
                commune=commune, user=None, petition_ids=by_commune[commune.pk], reason=f"retention {days} days"
            )
            files += done["attachments"]
        self.stdout.write(
            f"Đã ẩn danh {total} ý kiến, kiến nghị kết thúc trước {day:%d/%m/%Y} "
            f"(thời hạn lưu trữ {days} ngày); đã xóa {files} tệp đính kèm."
        )
