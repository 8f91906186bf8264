"""Writes of the directory app: the register of personal-data requests."""

from django.db import transaction
from django.utils import timezone

from .audit import event_log
from .models import DataRequest, Event

S = DataRequest.Status

#: Allowed moves: from -> to.
TRANSITIONS = {
    S.RECEIVED: {S.ACKNOWLEDGED, S.DONE, S.REFUSED},
    S.ACKNOWLEDGED: {S.EXTENDED, S.DONE, S.REFUSED},
    S.EXTENDED: {S.DONE, S.REFUSED},
}


class DataRequestError(Exception):
    pass


def data_request_change_status(*, data_request, to_status, user, note="", on=None):
    """Move DATA_REQUEST to TO_STATUS on date ON (today by default).

    Acknowledged: sets acknowledged_on. Extended (once): needs NOTE as the reason, sets
    extended_on and extension_reason, which moves the due date by 15 days. Done or refused:
    needs NOTE as the outcome, sets closed_on and outcome.
    Side effects: saves the request; writes an event (changed_personal_data) with the move.
    Raises DataRequestError with a Vietnamese message for a move that is not allowed.
    """
    on = on or timezone.localdate()
    note = note.strip()
    with transaction.atomic():
        obj = DataRequest.objects.select_for_update().get(pk=data_request.pk)
        if to_status not in TRANSITIONS.get(obj.status, set()):
            raise DataRequestError(
                f"Không thể chuyển yêu cầu từ “{obj.get_status_display()}” sang “{S(to_status).label}”."
            )
        fields = ["status"]
        if to_status == S.ACKNOWLEDGED:
            obj.acknowledged_on = on
            fields.append("acknowledged_on")
        elif to_status == S.EXTENDED:
            if obj.extended_on:
                raise DataRequestError("Yêu cầu chỉ được gia hạn một lần.")
            if not note:
                raise DataRequestError("Cần ghi lý do gia hạn.")
            obj.extended_on, obj.extension_reason = on, note
            fields += ["extended_on", "extension_reason"]
        else:
            if not note:
                raise DataRequestError("Cần ghi kết quả giải quyết (hoặc lý do từ chối).")
            obj.closed_on, obj.outcome = on, note
            fields += ["closed_on", "outcome"]
        from_status = obj.status
        obj.status = to_status
        obj.save(update_fields=fields)
        event_log(user=user, action=Event.Action.DATA_REQUEST, obj=obj, detail=f"{from_status} -> {to_status}")
    data_request.__dict__.update({f: getattr(obj, f) for f in fields})
    return obj
