"""Print a session's invitation letters into one PDF from the command line (offices that print in bulk)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sessions_app.models import ParticipantGroup, Session, SessionDocument
from sessions_app.participants import ParticipantError, session_document_take
from sessions_app.printing import batch_filter, batch_slot, render_batch


class Command(BaseCommand):
    help = "In giấy mời của một buổi thành một tệp PDF (mỗi người một trang)."

    def add_arguments(self, parser):
        parser.add_argument("session_id", type=int, help="Mã buổi tiếp xúc, đối thoại.")
        parser.add_argument("-o", "--output", help="Tệp PDF ghi ra (mặc định: tên theo số giấy mời).")
        parser.add_argument("--group", choices=ParticipantGroup.values, help="Chỉ in một nhóm.")
        parser.add_argument("--village", type=int, help="Chỉ in một thôn, ấp (mã thôn).")
        parser.add_argument("--route", choices=["single", "sequential", "stamp"], help="Cách dựng (mặc định: tự chọn).")
        parser.add_argument(
            "--base-url", default="", help="Địa chỉ trang web in trong mã QR (mặc định: SITE_URL trong cấu hình)."
        )
        parser.add_argument("--no-qr", action="store_true", help="Không in mã QR điểm danh.")

    def handle(self, *args, **options):
        session = (
            Session.objects.select_related("plan__issuer", "plan__signer", "chair")
            .filter(pk=options["session_id"])
            .first()
        )
        if session is None:
            raise CommandError(f"Không có buổi số {options['session_id']}.")
        filters = {k: options[k] for k in ("group", "village") if options.get(k)}
        participants = list(batch_filter(session, filters))
        if not participants:
            raise CommandError("Không có ai trong danh sách theo bộ lọc này.")
        try:
            document = session_document_take(session=session, kind=SessionDocument.Kind.INVITATION)
        except ParticipantError as exc:
            raise CommandError(str(exc)) from exc
        started = time.perf_counter()

        def progress(done):
            self.stderr.write(f"\r{done}/{len(participants)} giấy mời", ending="")

        def waiting():
            self.stderr.write("\rĐang chờ một lượt in khác trên máy này xong…", ending="")

        with batch_slot(waiting, poll=2.0):
            filename, data, route = render_batch(
                session,
                participants,
                document=document,
                base_url=options["base_url"] or None,
                with_qr=not options["no_qr"],
                route=options["route"],
                progress=progress,
            )
        path = Path(options["output"] or filename)
        path.write_bytes(data)
        seconds = time.perf_counter() - started
        self.stderr.write("")
        self.stdout.write(
            f"Đã in {len(participants)} giấy mời số {document.symbol} vào {path} "
            f"({len(data) // 1024} KB, {seconds:.1f} giây, cách dựng: {route})."
        )
