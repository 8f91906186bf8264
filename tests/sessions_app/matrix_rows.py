"""Permission-matrix rows of the roster, letters and attendance pages (merged into tests/test_permission_matrix.py).

These pages carry citizens' names and phone numbers. The commune-wide readers (both offices,
leaders, the MTTQ supervisor) read them; unit officials and province users get 404; writes
are for the office of the session's side (the matrix session is of the state side: `STATE_OFFICE`,
its office and the commune's administrator);
another commune's clerk gets 404 everywhere.
"""

from django.conf import settings

from tests.matrix import READERS, STATE_OFFICE


def _participant(o):
    from sessions_app.models import Participant

    if not hasattr(o, "participant"):
        o.participant = Participant.objects.create(
            session=o.session, group="households", honorific="Ông", full_name="Nguyễn Văn Ma Trận", village=o.village
        )
    return o.participant


def _document(o, kind):
    from sessions_app.participants import session_document_take

    return session_document_take(session=o.session, kind=kind)


def _document_original(o):
    from sessions_app.models import SessionDocumentOriginal

    document = _document(o, "TB")
    return SessionDocumentOriginal.objects.create(
        document=document, pdf=bytes(document.pdf), sha256="0" * 64, size=len(document.pdf), filename="tb.pdf"
    )


def _done_job(o):
    from pathlib import Path

    from sessions_app.models import PrintJob

    folder = Path(settings.DOCUMENTS_DIR) / "invitations"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"matrix-{o.session.pk}.pdf"
    path.write_bytes(b"%PDF-1.7\n%%EOF\n")
    return PrintJob.objects.create(session=o.session, status="done", total=1, done=1, path=str(path), filename="x.pdf")


def rows(row, in_commune, only, signed_in):
    def manage_post(status=302):
        return only(STATE_OFFICE, status)

    return {
        # The plan in Word, beside its PDF (sessions_app:plan_pdf): whoever reads the plan, in its commune.
        "sessions_app:plan_docx": row(lambda o: [o.plan.pk], get=in_commune(200)),
        "sessions_app:roster": row(lambda o: [o.session.pk], get=only(READERS, 200)),
        "sessions_app:roster_fill": row(lambda o: [o.session.pk], get=signed_in(405), post=manage_post()),
        "sessions_app:roster_households": row(
            lambda o: [o.session.pk], get=signed_in(405), post=manage_post(), data={"households_per_village": "4"}
        ),
        "sessions_app:participant_create": row(
            lambda o: [o.session.pk], get=only(STATE_OFFICE, 200), post=only(STATE_OFFICE, 200)
        ),
        "sessions_app:participant_response": row(
            lambda o: [o.session.pk, _participant(o).pk],
            get=signed_in(405),
            post=manage_post(),
            data={"response": "confirmed"},
        ),
        "sessions_app:participant_delete": row(
            lambda o: [o.session.pk, _participant(o).pk], get=signed_in(405), post=manage_post()
        ),
        "sessions_app:roster_import": row(
            lambda o: [o.session.pk], get=only(STATE_OFFICE, 200), post=only(STATE_OFFICE, 200)
        ),
        "sessions_app:roster_import_save": row(
            lambda o: [o.session.pk],
            get=signed_in(405),
            post=manage_post(),
            data={"digest": "0" * 64, "name": "ds.xlsx", "valid_rows": "2"},
        ),
        "sessions_app:roster_import_template": row(lambda o: [o.session.pk], get=only(STATE_OFFICE, 200)),
        "sessions_app:roster_xlsx": row(lambda o: [o.session.pk], get=only(READERS, 200)),
        "sessions_app:documents": row(lambda o: [o.session.pk], get=only(READERS, 200)),
        "sessions_app:document_create": row(
            lambda o: [o.session.pk, "TB"], get=signed_in(405), post=manage_post(), data={"tb-issued_on": "2025-11-05"}
        ),
        "sessions_app:document_original_upload": row(
            lambda o: [o.session.pk, "TB"] if _document(o, "TB") else None, get=signed_in(405), post=manage_post()
        ),
        "sessions_app:document_original_file": row(
            lambda o: [o.session.pk, "TB", _document_original(o).pk], get=only(READERS, 200)
        ),
        # Issue 10: a correction with a new number, and any document (a replaced one too) as frozen.
        "sessions_app:document_correct": row(
            lambda o: [o.session.pk, "TB"] if _document(o, "TB") else None,
            get=signed_in(405),
            post=manage_post(),
            data={"fix-tb-issued_on": "2025-11-06", "reason": "Đổi địa điểm"},
        ),
        "sessions_app:document_pdf": row(lambda o: [o.session.pk, _document(o, "TB").pk], get=only(READERS, 200)),
        "sessions_app:invitation_pdf": row(
            lambda o: [o.session.pk, _participant(o).pk] if _document(o, "GM") else None, get=only(READERS, 200)
        ),
        "sessions_app:invitation_docx": row(
            lambda o: [o.session.pk, _participant(o).pk] if _document(o, "GM") else None, get=only(READERS, 200)
        ),
        # The whole batch as one .docx: those who may print the batch.
        "sessions_app:invitation_batch_docx": row(
            lambda o: [o.session.pk] if _participant(o) and _document(o, "GM") else None,
            get=only(STATE_OFFICE, 200),
        ),
        "sessions_app:invitation_batch": row(
            lambda o: [o.session.pk] if _participant(o) and _document(o, "GM") else None,
            get=signed_in(405),
            post=manage_post(),
        ),
        "sessions_app:print_job": row(lambda o: [o.session.pk, _done_job(o).pk], get=only(READERS, 200)),
        "sessions_app:print_job_file": row(lambda o: [o.session.pk, _done_job(o).pk], get=only(READERS, 200)),
        "sessions_app:announcement_pdf": row(
            lambda o: [o.session.pk] if _document(o, "TB") else None, get=only(READERS, 200)
        ),
        "sessions_app:announcement_docx": row(
            lambda o: [o.session.pk] if _document(o, "TB") else None, get=only(READERS, 200)
        ),
        "sessions_app:signature_sheet_pdf": row(lambda o: [o.session.pk], get=only(READERS, 200)),
        "sessions_app:signature_sheet_docx": row(lambda o: [o.session.pk], get=only(READERS, 200)),
        "sessions_app:attendance": row(lambda o: [o.session.pk], get=only(READERS, 200)),
        "sessions_app:attendance_counts": row(lambda o: [o.session.pk], get=only(READERS, 200)),
        "sessions_app:attendance_tick": row(
            lambda o: [o.session.pk, _participant(o).pk], get=signed_in(405), post=manage_post()
        ),
        "sessions_app:checkin": row(
            lambda o: [_participant(o).checkin_token], get=only(STATE_OFFICE, 200), post=manage_post()
        ),
    }
