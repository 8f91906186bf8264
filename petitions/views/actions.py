"""The state changes of a petition, one POST each, through the doors of petitions.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from .. import services
from ..forms import (
    AnswerForm,
    AttachmentForm,
    ClassifyForm,
    CorrectionForm,
    RerouteForm,
    RouteForm,
    TransferForm,
    TransferReplyForm,
)
from ..models import Petition
from ..services import PetitionError


def _act(request, pk, action):
    petition = get_object_or_404(Petition.objects.visible_to(request.user), pk=pk)
    try:
        message = action(petition)
    except PetitionError as e:
        messages.error(request, str(e))
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        if message:
            messages.success(request, message)
    return redirect(petition)


def _form_or_error(form):
    if not form.is_valid():
        errors = [str(m) for field in form.errors.values() for m in field]
        raise PetitionError(" ".join(errors))
    return form.cleaned_data


def _other(request, petition, name):
    value = (request.POST.get(name) or "").strip()
    code_or_pk = Petition.objects.visible_to(request.user).filter(commune=petition.commune)
    found = code_or_pk.filter(code=value).first() or (
        code_or_pk.filter(pk=int(value)).first() if value.isdigit() else None
    )
    if found is None:
        raise PetitionError("Không tìm thấy ý kiến đã chọn (nhập mã tiếp nhận).")
    return found


@login_required
@require_POST
def petition_action(request, pk, action):
    u = request.user

    def run(p):
        reason = (request.POST.get("reason") or "").strip()
        if action == "sua":
            data = _form_or_error(CorrectionForm(request.POST, petition=p))
            correction = services.petition_correct(petition=p, by=u, **data)
            fields = ", ".join(c["label"] for c in correction.changes)
            return f"Đã sửa {fields}; mã tiếp nhận giữ nguyên {p.code}."
        if action == "phan-loai":
            data = _form_or_error(ClassifyForm(request.POST, commune=p.commune))
            services.petition_classify(petition=p, by=u, reason=reason, **data)
            return "Đã phân loại."
        if action == "giao":
            data = _form_or_error(RouteForm(request.POST, commune=p.commune))
            services.petition_route(petition=p, by=u, unit=data["unit"], deadline=data["deadline"], reason=reason)
            return f"Đã giao {p.unit}, hạn {p.deadline:%d/%m/%Y}."
        if action == "chuyen-don-vi":
            data = _form_or_error(RerouteForm(request.POST, commune=p.commune, exclude_unit=p.unit_id))
            services.petition_reroute(
                petition=p, by=u, unit=data["unit"], deadline=data["deadline"], reason=data["reason"]
            )
            return f"Đã chuyển {p.unit} xử lý, hạn {p.deadline:%d/%m/%Y}."
        if action == "chuyen":
            data = _form_or_error(TransferForm(request.POST))
            p = services.petition_transfer(
                petition=p, by=u, to_body=data["to_body"], reason=data["reason"], letter=data["letter"], on=data["on"]
            )
            return f"Đã chuyển cơ quan có thẩm quyền; hạn trả lời {p.transfer_reply_due:%d/%m/%Y}."
        if action == "tra-loi-chuyen":
            data = _form_or_error(TransferReplyForm(request.POST))
            services.petition_transfer_reply(
                petition=p, by=u, replied_on=data["replied_on"], reply=data["reply"], letter=data["letter"]
            )
            return "Đã ghi trả lời của cơ quan nhận."
        if action == "soan":
            data = _form_or_error(AnswerForm(request.POST))
            services.petition_answer_draft(petition=p, by=u, body=data["body"])
            return "Đã lưu dự thảo trả lời; chờ lãnh đạo duyệt."
        if action == "duyet":
            services.petition_answer_approve(petition=p, by=u, reason=reason)
            return "Đã duyệt văn bản trả lời."
        if action == "tra-lai":
            services.petition_answer_return(petition=p, by=u, reason=reason)
            return "Đã trả lại dự thảo để đơn vị sửa."
        if action == "dong-tinh":
            services.petition_react(petition=p, by=u, satisfied=True, reason=reason)
            return "Đã ghi nhận người dân đồng tình; ý kiến kết thúc."
        if action == "chua-dong-tinh":
            services.petition_react(petition=p, by=u, satisfied=False, reason=reason)
            return "Đã ghi nhận người dân chưa đồng tình; ý kiến được mở lại."
        if action == "ket-thuc":
            services.petition_close(petition=p, by=u, reason=reason)
            return "Đã kết thúc."
        if action == "ket-thuc-chua-giai-quyet":
            services.petition_close_unresolved(petition=p, by=u, reason=reason)
            return "Đã kết thúc (chưa giải quyết được)."
        if action == "mo-lai":
            services.petition_reopen(petition=p, by=u, reason=reason)
            return "Đã mở lại ý kiến."
        if action == "trung":
            services.petition_mark_duplicate(petition=p, by=u, of=_other(request, p, "other"), reason=reason)
            return "Đã đánh dấu trùng."
        if action == "neu-lai":
            if not services.can_intake(u, p.commune):
                raise PetitionError("Anh/chị không có quyền thực hiện thao tác này.")
            services.petition_link_repeat(petition=p, of=_other(request, p, "other"), by=u)
            return "Đã liên kết là ý kiến nêu lại."
        if action == "dinh-kem":
            form = AttachmentForm(request.POST, request.FILES)
            data = _form_or_error(form)
            services.petition_attach(petition=p, by=u, upload=data["file"])
            return "Đã đính kèm tệp."
        raise Http404

    return _act(request, pk, run)
