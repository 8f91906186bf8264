"""Bulk actions on many petitions at once: classify, route to a unit, mark duplicate, approve
answers (the petition list, the approvals page); and on the unit's queue: draft the answer from
one of the answer templates, move to another unit, approve.

Each petition goes through its own door (services.petition_classify, _route, _mark_duplicate,
_answer_approve, _answer_draft, _reroute) inside a transaction of its own, with the rights checked for that petition:
one refused leaves it unchanged and the others go on. A few run in the request; a large
selection runs as a background job (directory.jobs) with its progress page.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from dialogue.http import NotPermitted
from directory.models import Unit

from . import services
from .models import Answer, AnswerTemplate, Petition, Topic
from .services import PetitionError

#: Selections up to this size are done in the request; larger ones run as a background job.
INLINE_MAX = 50
#: The most petitions one bulk action takes (a few pages of the list).
BULK_MAX = 5000

ACTIONS = {
    "phan-loai": "Phân loại",
    "giao": "Giao đơn vị xử lý",
    "trung": "Đánh dấu trùng",
    "duyet": "Duyệt văn bản trả lời",
    "soan-mau": "Soạn trả lời theo mẫu (gửi lãnh đạo duyệt)",
    "chuyen-don-vi": "Chuyển đơn vị xử lý khác",
}
#: The actions of the petition list, of the unit's queue, and of the approvals page.
LIST_ACTIONS = ("phan-loai", "giao", "trung")
QUEUE_ACTIONS = ("soan-mau", "chuyen-don-vi", "duyet")

NOT_FOUND = "Không tìm thấy hoặc anh/chị không có quyền với ý kiến này."


def _resolve(by, action, params):
    """The objects PARAMS name (saved as pks, so a job can carry them), checked once."""
    if action == "phan-loai":
        return {
            "topic": Topic.objects.filter(pk=params.get("topic")).first(),
            "kind": params.get("kind"),
            "competence": params.get("competence"),
        }
    if action == "giao":
        return {
            "unit": Unit.objects.filter(pk=params.get("unit")).first(),
            "deadline": datetime.date.fromisoformat(params["deadline"]) if params.get("deadline") else None,
        }
    if action == "trung":
        of = Petition.objects.visible_to(by).filter(pk=params.get("of")).first()
        if of is None:
            raise PetitionError("Không tìm thấy ý kiến gốc (nhập mã tiếp nhận).")
        return {"of": of}
    if action == "duyet":
        return {}
    if action == "soan-mau":
        template = AnswerTemplate.objects.select_related("topic").filter(pk=params.get("template")).first()
        if template is None:
            raise PetitionError("Không tìm thấy mẫu trả lời.")
        return {"template": template}
    if action == "chuyen-don-vi":
        unit = Unit.objects.filter(pk=params.get("unit")).first()
        if unit is None:
            raise PetitionError("Không tìm thấy đơn vị xử lý.")
        deadline = datetime.date.fromisoformat(params["deadline"]) if params.get("deadline") else None
        return {"unit": unit, "deadline": deadline}
    raise PetitionError("Thao tác hàng loạt không có.")


def _apply_one(by, action, petition, resolved, reason):
    if action == "phan-loai":
        services.petition_classify(petition=petition, by=by, reason=reason, **resolved)
    elif action == "giao":
        services.petition_route(petition=petition, by=by, reason=reason, **resolved)
    elif action == "trung":
        if resolved["of"].pk == petition.pk:
            raise PetitionError("Là chính ý kiến gốc.")
        services.petition_mark_duplicate(petition=petition, by=by, of=resolved["of"], reason=reason)
    elif action == "duyet":
        services.petition_answer_approve(petition=petition, by=by, reason=reason)
    elif action == "soan-mau":
        _draft_from_template(by, petition, resolved["template"])
    elif action == "chuyen-don-vi":
        services.petition_reroute(petition=petition, by=by, reason=reason, **resolved)


def _draft_from_template(by, petition, template):
    """The template's text as the draft of a petition that has none in this round: a draft the
    unit wrote (or one a leader returned with a reason to act on) is never overwritten here."""
    if template.topic_id != petition.topic_id:
        raise PetitionError(f"Mẫu “{template.title}” thuộc lĩnh vực {template.topic}, ý kiến thuộc {petition.topic}.")
    latest = Answer.objects.filter(petition=petition).order_by("-round").first()
    if latest is not None and latest.approved_at is None:
        raise PetitionError("Đã có dự thảo trả lời; sửa dự thảo trên trang của ý kiến.")
    services.petition_answer_draft(petition=petition, by=by, body=template.body)


def petitions_bulk_apply(*, by, action, ids, params, reason="", result=None, step=None):
    """Apply ACTION (a key of ACTIONS, with PARAMS as pks) to each petition of IDS, each alone.

    Returns RESULT: {"done": [pk...], "refused": [[pk, code, reason]...]}. A RESULT passed in
    (a job resumed after its worker was killed) is continued: the pks it holds are skipped.
    STEP(done=, result=) is called after each petition. A petition BY may not see, or may not
    act on, is refused with the reason and left unchanged; so is one the door refuses.
    """
    result = result or {"done": [], "refused": []}
    seen = set(result["done"]) | {row[0] for row in result["refused"]}
    resolved = _resolve(by, action, params)
    visible = Petition.objects.visible_to(by).select_related("commune", "unit", "topic")
    for pk in ids:
        if pk in seen:
            continue
        petition = visible.filter(pk=pk).first()
        if petition is None:
            result["refused"].append([pk, f"#{pk}", NOT_FOUND])
        else:
            try:
                with transaction.atomic():
                    _apply_one(by, action, petition, resolved, reason)
            except NotPermitted:
                result["refused"].append([pk, petition.code, "Anh/chị không có quyền với ý kiến này."])
            except PetitionError as e:
                result["refused"].append([pk, petition.code, str(e)])
            except ValidationError as e:
                result["refused"].append([pk, petition.code, " ".join(e.messages)])
            else:
                result["done"].append(pk)
        seen.add(pk)
        if step is not None:
            step(done=len(seen), result=result)
    return result


def summary(result, total):
    """ "Đã xử lý 18/20; 2 không được: KN-…: reason; …" """
    done, refused = len(result["done"]), result["refused"]
    text = f"Đã xử lý {done}/{total}"
    if refused:
        shown = "; ".join(f"{code}: {why.rstrip('.')}" for _, code, why in refused[:20])
        more = f"; và {len(refused) - 20} ý kiến khác" if len(refused) > 20 else ""
        text += f"; {len(refused)} không được: {shown}{more}"
    return text + "."
