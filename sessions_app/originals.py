"""The signed and stamped originals of a plan and of a session's invitation and announcement.

An original is stored as uploaded (its bytes untouched, so a digital signature stays valid), with
its SHA-256, who and when; the latest is the document of record, downloaded first. A refused
upload (directory.signed) changes nothing: the earlier original stays.
"""

from django.db import transaction

from directory.audit import event_log
from directory.models import Event
from directory.permissions import require_manager
from directory.signed import SignedOriginalError, signed_original_read

from .models import PlanOriginal, SessionDocumentOriginal


def plan_original_add(*, plan, upload, user):
    """Store UPLOAD as the signed original of numbered PLAN and return it.

    Refuses (SignedOriginalError) a draft plan or a file that signed_original_read refuses;
    NotPermitted unless USER runs the plan's office. Side effects: a PlanOriginal row and a
    "signed_original" event.
    """
    require_manager(user, plan, "lưu bản đã ký của kế hoạch này")
    if not plan.number:
        raise SignedOriginalError("Kế hoạch chưa có số: ghi số, ngày ban hành rồi mới lưu bản đã ký.")
    read = signed_original_read(upload, issuer=plan.issuer, doc_type=plan.DOC_TYPE, number=plan.number)
    with transaction.atomic():
        original = PlanOriginal.objects.create(plan=plan, uploaded_by=user, **read)
        event_log(user=user, action=Event.Action.SIGNED_ORIGINAL, obj=plan, detail=f"plan {original.sha256}")
    return original


def session_document_original_add(*, document, upload, user):
    """Store UPLOAD as the signed original of DOCUMENT (a SessionDocument) and return it.

    Same checks and side effects as plan_original_add, on the session's office.
    """
    session = document.session
    require_manager(user, session, "lưu bản đã ký của văn bản này")
    read = signed_original_read(upload, issuer=document.issuer, doc_type=document.kind, number=document.number)
    with transaction.atomic():
        original = SessionDocumentOriginal.objects.create(document=document, uploaded_by=user, **read)
        event_log(
            user=user,
            action=Event.Action.SIGNED_ORIGINAL,
            obj=session,
            detail=f"{document.kind} {original.sha256}",
        )
    return original
