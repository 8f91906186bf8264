"""The notifications page, marking read, and a user's choices."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .enums import Kind
from .models import Notification
from .services import notification_mark_read, notifications_mark_all_read, settings_for, settings_save


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
