"""The notifications page, marking read, and a user's choices."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from directory.permissions import can_manage

from .enums import Kind
from .models import Notification
from .services import (
    EMAIL_RETRIES,
    notification_mark_read,
    notification_retry,
    notifications_mark_all_read,
    settings_for,
    settings_save,
    undelivered,
)
from .services import undelivered_retry_all as services_undelivered_retry_all


@login_required
def notification_list(request):
    qs = Notification.objects.visible_to(request.user)
    if request.GET.get("chua_doc"):
        qs = qs.unread()
    page = Paginator(qs, 50).get_page(request.GET.get("trang"))
    return render(
        request,
        "notifications/list.html",
        {"page": page, "unread_only": bool(request.GET.get("chua_doc"))},
    )


@login_required
@require_POST
def notification_open(request, pk):
    """Mark the notification read and go to its page."""
    n = notification_mark_read(user=request.user, pk=pk)
    if n.url and url_has_allowed_host_and_scheme(n.url, allowed_hosts={request.get_host()}):
        return redirect(n.url)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request):
    count = notifications_mark_all_read(user=request.user)
    messages.success(request, f"Đã đánh dấu {count} thông báo là đã đọc.")
    return redirect("notifications:list")


class SettingsForm(forms.Form):
    email_kinds = forms.MultipleChoiceField(
        label="Gửi cả thư điện tử cho các loại",
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Loại không chọn chỉ hiện trong ứng dụng (chuông thông báo).",
    )
    email_paused = forms.BooleanField(label="Tạm dừng mọi thư điện tử", required=False)
    phone = forms.CharField(label="Số điện thoại nhận tin nhắn (SMS/Zalo)", max_length=20, required=False)
    sms_opt_in = forms.BooleanField(
        label="Tôi đồng ý nhận tin nhắn cho các loại đã chọn ở trên",
        required=False,
        help_text="Số điện thoại chỉ được dùng khi anh/chị đồng ý.",
    )


@login_required
def notification_settings(request):
    current = settings_for(request.user)
    form = SettingsForm(
        request.POST if request.method == "POST" else None,
        initial={
            "email_kinds": current.email_kinds,
            "email_paused": current.email_paused,
            "phone": current.phone,
            "sms_opt_in": current.sms_opt_in,
        },
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                settings_save(user=request.user, **form.cleaned_data)
            except ValueError as exc:
                messages.error(request, f"{exc}; chưa lưu gì.")
            else:
                messages.success(request, "Đã lưu cài đặt thông báo.")
                return redirect("notifications:settings")
        else:
            messages.error(request, "Lựa chọn không hợp lệ; chưa lưu gì.")
    return render(request, "notifications/settings.html", {"form": form, "has_email": bool(request.user.email)})


# --- the office's page of messages that did not go -----------------------------------------


def _office(request):
    if request.commune is None or not can_manage(request.user, request.commune):
        raise Http404
    return request.commune


@login_required
def undelivered_list(request):
    """Office staff: the e-mails and text messages of the commune that failed or are stuck."""
    commune = _office(request)
    page = Paginator(undelivered(commune), 50).get_page(request.GET.get("trang"))
    return render(request, "notifications/undelivered.html", {"page": page, "retries": EMAIL_RETRIES})


@login_required
@require_POST
def undelivered_retry(request, pk):
    commune = _office(request)
    n = get_object_or_404(Notification, pk=pk, commune=commune)
    channel = request.POST.get("kenh", "email")
    if channel not in ("email", "sms"):
        raise Http404
    if notification_retry(notification=n, by=request.user, channel=channel):
        messages.success(request, f"Đã xếp lại vào hàng đợi gửi cho {n.user.get_full_name() or n.user}.")
    else:
        messages.error(request, "Thông báo này không còn chờ gửi lại.")
    return redirect("notifications:undelivered")


@login_required
@require_POST
def undelivered_retry_all(request):
    commune = _office(request)
    count = services_undelivered_retry_all(commune=commune, by=request.user)
    messages.success(request, f"Đã xếp lại {count} thư, tin nhắn vào hàng đợi gửi.")
    return redirect("notifications:undelivered")
