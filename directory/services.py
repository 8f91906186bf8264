"""Writes of the directory app: the register of personal-data requests."""

from django.db import transaction
from django.utils import timezone

from .audit import event_log
from .models import DataRequest, Event

S = DataRequest.Status


class DataRequestError(Exception):
    pass


def data_request_change_status(*, obj, to, by, note="", on=None):
    """Move the request OBJ to status TO (by user BY, with NOTE) on date ON (today by default).

    Acknowledged: sets acknowledged_on. Extended (once): needs NOTE as the reason, sets
    extended_on and extension_reason, which moves the due date by 15 days. Done or refused:
    needs NOTE as the outcome, sets closed_on and outcome.
    Side effects: saves the request; writes an event (changed_personal_data) with the move.
    Raises DataRequestError with a Vietnamese message for a move that is not allowed.
    """
    on = on or timezone.localdate()
    note = note.strip()
    with transaction.atomic():
        locked = DataRequest.objects.select_for_update().get(pk=obj.pk)
        if to not in DataRequest.TRANSITIONS.get(locked.status, set()):
            raise DataRequestError(f"Không thể chuyển yêu cầu từ “{locked.get_status_display()}” sang “{S(to).label}”.")
        fields = ["status"]
        if to == S.ACKNOWLEDGED:
            locked.acknowledged_on = on
            fields.append("acknowledged_on")
        elif to == S.EXTENDED:
            if locked.extended_on:
                raise DataRequestError("Yêu cầu chỉ được gia hạn một lần.")
            if not note:
                raise DataRequestError("Cần ghi lý do gia hạn.")
            locked.extended_on, locked.extension_reason = on, note
            fields += ["extended_on", "extension_reason"]
        else:
            if not note:
                raise DataRequestError("Cần ghi kết quả giải quyết (hoặc lý do từ chối).")
            locked.closed_on, locked.outcome = on, note
            fields += ["closed_on", "outcome"]
        from_status = locked.status
        locked.status = to
        locked.save(update_fields=fields)
        event_log(user=by, action=Event.Action.DATA_REQUEST, obj=locked, detail=f"{from_status} -> {to}")
    obj.__dict__.update({f: getattr(locked, f) for f in fields})
    return obj
