"""The office's reference lists for petitions: topics, answer templates, deadline rules.

Rows with no commune are shared by every commune (seeded by the migrations): shown,
not edited here. Only office staff of the active commune open these pages (404 otherwise).
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from directory.permissions import can_manage

from ..forms import AnswerTemplateForm, DeadlineRuleForm, TopicForm
from ..models import AnswerTemplate, DeadlineRule, Topic


@dataclass(frozen=True)
class Reference:
    model: type
    form_class: type
    section: str  # url names: petitions:<section>_list / _create / _update
    title: str
    columns: tuple  # (header, callable(obj))
    select_related: tuple = ()


def _office_commune(request):
    if request.commune is None or not can_manage(request.user, request.commune):
        raise Http404
    return request.commune


def _list(request, ref):
    commune = _office_commune(request)
    qs = ref.model.objects.filter(Q(commune__isnull=True) | Q(commune=commune)).select_related(*ref.select_related)
    rows = [
        (
            [value(obj) for _, value in ref.columns],
            reverse(f"petitions:{ref.section}_update", args=[obj.pk]) if obj.commune_id else None,
        )
        for obj in qs
    ]
    return render(
        request,
        "petitions/reference_list.html",
        {
            "title": ref.title,
            "singular": ref.model._meta.verbose_name,
            "headers": [header for header, _ in ref.columns],
            "rows": rows,
            "create_url": reverse(f"petitions:{ref.section}_create"),
        },
    )


def _edit(request, ref, pk=None):
    commune = _office_commune(request)
    instance = get_object_or_404(ref.model, pk=pk, commune=commune) if pk else None
    form = ref.form_class(request.POST or None, instance=instance, commune=commune)
    if request.method == "POST" and form.is_valid():
        obj = form.save()
        messages.success(request, f"Đã lưu {ref.model._meta.verbose_name}: {obj}.")
        return redirect(f"petitions:{ref.section}_list")
    return render(
        request,
        "petitions/reference_form.html",
        {
            "form": form,
            "object": instance,
            "singular": ref.model._meta.verbose_name,
            "list_url": reverse(f"petitions:{ref.section}_list"),
        },
    )


def _scope(obj):
    return "Của xã" if obj.commune_id else "Dùng chung"


def _yes_no(value):
    return "Có" if value else "Không"


TOPICS = Reference(
    Topic,
    TopicForm,
    "topic",
    "Lĩnh vực ý kiến, kiến nghị",
    (
        ("Tên", str),
        ("Lĩnh vực báo cáo", lambda t: t.reporting_field or "Chưa xếp"),
        ("Thứ tự", lambda t: t.position),
        ("Còn dùng", lambda t: _yes_no(t.is_active)),
        ("Phạm vi", _scope),
    ),
    select_related=("reporting_field",),
)
TEMPLATES = Reference(
    AnswerTemplate,
    AnswerTemplateForm,
    "answer_template",
    "Mẫu văn bản trả lời",
    (("Lĩnh vực", lambda t: t.topic), ("Tên mẫu", str), ("Phạm vi", _scope)),
    select_related=("topic",),
)
RULES = Reference(
    DeadlineRule,
    DeadlineRuleForm,
    "deadline_rule",
    "Quy tắc thời hạn xử lý",
    (
        ("Bước", lambda r: r.get_step_display()),
        ("Số ngày làm việc", lambda r: r.working_days),
        ("Căn cứ", lambda r: r.legal_basis),
        # A commune's own rule takes the place of the shared one (services.rule_days).
        ("Phạm vi", lambda r: "Của xã (thay quy tắc chung)" if r.commune_id else "Dùng chung"),
    ),
)


def _views(ref):
    return (
        login_required(lambda request: _list(request, ref)),
        login_required(lambda request: _edit(request, ref)),
        login_required(lambda request, pk: _edit(request, ref, pk)),
    )


topic_list, topic_create, topic_update = _views(TOPICS)
answer_template_list, answer_template_create, answer_template_update = _views(TEMPLATES)
deadline_rule_list, deadline_rule_create, deadline_rule_update = _views(RULES)
