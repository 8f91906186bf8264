from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, ListView, UpdateView
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from dialogue.http import status_post
from dialogue.middleware import OTP_REQUIRED_KEY
from dialogue.views import ActiveCommuneMixin

from . import jobs
from .audit import event_log
from .forms import (
    CommuneForm,
    DataRequestForm,
    HolidayForm,
    OfficialForm,
    OTPTokenForm,
    UnitForm,
    VillageForm,
)
from .middleware import SESSION_KEY
from .models import Commune, DataRequest, Event, Holiday, Job, Official, Unit, Village
from .permissions import R, can_manage, has_role, may_use_two_factor
from .querysets import folded_search
from .services import DataRequestError, data_request_change_status


@login_required
def commune_settings(request):
    """The active commune's name, kind, province, place name and contacts: its administrators only."""
    commune = request.commune
    if commune is None or not has_role(request.user, commune, R.ADMIN):
        raise Http404("Không có quyền")
    form = CommuneForm(request.POST or None, instance=commune)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, f"Đã lưu thông tin {form.instance.full_name}.")
            return redirect("directory:commune_settings")
        messages.error(request, "Chưa lưu được: kiểm tra các ô được đánh dấu đỏ.")
    return render(request, "directory/commune_form.html", {"form": form})


@login_required
@require_POST
def switch_commune(request):
    commune = Commune.objects.visible_to(request.user).filter(pk=request.POST.get("commune")).first()
    if commune is None:
        messages.error(request, "Không tìm thấy xã này trong phạm vi của tài khoản.")
    else:
        request.session[SESSION_KEY] = commune.pk
        messages.success(request, f"Đang làm việc với {commune.full_name}.")
    target = request.POST.get("next") or reverse("dashboard")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("dashboard")
    return redirect(target)


class DirectoryMixin(ActiveCommuneMixin):
    """One list and one form template serve villages, units and officials."""

    section = None  # url name prefix, e.g. "village"
    columns = ()  # (header, attribute)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            section=self.section,
            title=self.model._meta.verbose_name_plural.capitalize(),
            singular=self.model._meta.verbose_name,
            columns=self.columns,
            create_url=reverse(f"directory:{self.section}_create"),
            list_url=reverse(f"directory:{self.section}_list"),
        )
        return ctx


class DirectoryListView(DirectoryMixin, ListView):
    template_name = "directory/list.html"
    paginate_by = 50

    def get_queryset(self):
        qs = super().get_queryset().in_commune(self.request.commune)
        q = self.request.GET.get("q", "").strip()
        if q:
            qs = folded_search(qs, q)
        # People are listed by given name, then the rest (dialogue.text.given_name_key).
        return qs.by_given_name() if hasattr(qs, "by_given_name") else qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["rows"] = [(obj, [self._value(obj, attr) for _, attr in self.columns]) for obj in ctx["object_list"]]
        ctx["q"] = self.request.GET.get("q", "")
        return ctx

    @staticmethod
    def _value(obj, attr):
        value = obj
        for part in attr.split("."):
            value = getattr(value, part, None)
            if value is None:
                return ""
        if isinstance(value, bool):
            return "Có" if value else "Không"
        return value


class DirectoryCreateView(DirectoryMixin, CreateView):
    template_name = "directory/form.html"

    def dispatch(self, request, *args, **kwargs):
        # Only office staff keep the directory; to others the page does not exist.
        if request.user.is_authenticated and request.commune and not can_manage(request.user, request.commune):
            raise Http404("Không có quyền")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        form.instance.commune = self.request.commune
        messages.success(self.request, f"Đã thêm {self.model._meta.verbose_name}: {form.instance}.")
        return super().form_valid(form)

    def get_success_url(self):
        return reverse(f"directory:{self.section}_list")


class DirectoryUpdateView(DirectoryMixin, UpdateView):
    template_name = "directory/form.html"

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not can_manage(self.request.user, obj.commune):
            raise Http404("Không có quyền")
        return obj

    def form_valid(self, form):
        messages.success(self.request, f"Đã lưu {self.model._meta.verbose_name}: {form.instance}.")
        return super().form_valid(form)

    def get_success_url(self):
        return reverse(f"directory:{self.section}_list")


VILLAGE = dict(
    model=Village,
    form_class=VillageForm,
    section="village",
    columns=(("Loại", "kind"), ("Tên", "name"), ("Thứ tự", "position"), ("Đang hoạt động", "is_active")),
)
UNIT = dict(
    model=Unit,
    form_class=UnitForm,
    section="unit",
    columns=(("Tên", "name"), ("Loại", "get_kind_display"), ("Trực thuộc", "parent"), ("Ký hiệu", "symbol_code")),
)
OFFICIAL = dict(
    model=Official,
    form_class=OfficialForm,
    section="official",
    columns=(
        ("Danh xưng", "honorific"),
        ("Họ và tên", "full_name"),
        ("Chức vụ", "position"),
        ("Đơn vị", "unit"),
        ("Thôn, ấp", "village"),
    ),
)


def _views(spec):
    list_spec = {k: v for k, v in spec.items() if k != "form_class"}
    return (
        DirectoryListView.as_view(**list_spec),
        DirectoryCreateView.as_view(**spec),
        DirectoryUpdateView.as_view(**spec),
    )


village_list, village_create, village_update = _views(VILLAGE)
unit_list, unit_create, unit_update = _views(UNIT)
official_list, official_create, official_update = _views(OFFICIAL)


# --- Two-factor sign-in (django-otp TOTP) -------------------------------------------------


def _safe_next(request, default="dashboard"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse(default)


@login_required
def otp_verify(request):
    """The second step of sign-in for a user with a confirmed authenticator."""
    if request.user.is_verified() or not user_has_device(request.user):
        return redirect(_safe_next(request))
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            event_log(user=request.user, action=Event.Action.OTP_VERIFIED)
            return redirect(_safe_next(request))
        event_log(user=request.user, action=Event.Action.OTP_FAILED)
        form.add_error("token", "Mã xác thực không đúng hoặc đã hết hạn.")
    return render(request, "registration/otp_verify.html", {"form": form, "next": _safe_next(request)})


@login_required
def otp_setup(request):
    """Enrol an authenticator app: show the key as a QR code, confirm with one code."""
    if not may_use_two_factor(request.user):
        raise Http404("Không áp dụng")
    confirmed = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if confirmed is not None:
        return render(request, "registration/otp_setup.html", {"confirmed": confirmed})
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="Ứng dụng xác thực", confirmed=False)
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            request.session[OTP_REQUIRED_KEY] = True
            event_log(user=request.user, action=Event.Action.OTP_ENROLLED)
            messages.success(request, "Đã bật xác thực hai bước. Từ lần đăng nhập sau cần nhập mã từ ứng dụng.")
            return redirect("dashboard")
        form.add_error("token", "Mã xác thực không đúng: kiểm tra giờ trên điện thoại và thử lại.")
    qr = segno.make(device.config_url, error="m").png_data_uri(scale=5, border=2)
    return render(
        request,
        "registration/otp_setup.html",
        {"form": form, "qr": qr, "secret": b32encode(device.bin_key).decode().rstrip("=")},
    )


# --- Register of personal-data requests (Law 91/2025/QH15) --------------------------------------


def data_requests_for(request):
    """The requests the user may handle: office staff of the active commune; to others, 404."""
    if request.commune is None or not can_manage(request.user, request.commune):
        raise Http404("Không có quyền")
    return DataRequest.objects.visible_to(request.user).in_commune(request.commune)


@login_required
def data_request_list(request):
    requests = list(data_requests_for(request))
    today = timezone.localdate()
    show = request.GET.get("loc", "mo")
    if show == "mo":
        requests = [r for r in requests if r.is_open]
    rows = []
    for r in requests:
        late_ack = r.status == DataRequest.Status.RECEIVED and today > r.acknowledge_by
        late = r.is_open and today > r.due_on
        rows.append((r, late_ack, late))
    return render(request, "directory/data_request_list.html", {"rows": rows, "show": show, "today": today})


@login_required
def data_request_create(request):
    data_requests_for(request)
    form = DataRequestForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        form.instance.commune = request.commune
        form.instance.created_by = request.user
        obj = form.save()
        event_log(user=request.user, action=Event.Action.DATA_REQUEST, obj=obj, detail="received")
        messages.success(request, f"Đã tiếp nhận. Hạn xác nhận: {obj.acknowledge_by:%d/%m/%Y}.")
        return redirect(obj)
    return render(request, "directory/data_request_form.html", {"form": form})


@login_required
def data_request_detail(request, pk):
    obj = get_object_or_404(data_requests_for(request), pk=pk)
    event_log(user=request.user, action=Event.Action.VIEWED_PERSONAL_DATA, obj=obj)
    moves = [(s, DataRequest.Status(s).label) for s in sorted(DataRequest.TRANSITIONS.get(obj.status, ()))]
    return render(
        request, "directory/data_request_detail.html", {"obj": obj, "moves": moves, "today": timezone.localdate()}
    )


@login_required
@require_POST
def data_request_status(request, pk):
    return status_post(
        request,
        get_object_or_404(data_requests_for(request), pk=pk),
        door=data_request_change_status,
        statuses=DataRequest.Status.values,
        error=DataRequestError,
        success=lambda r: f"Yêu cầu đã chuyển sang “{r.get_status_display()}”.",
    )


# --- Holidays: the calendar working-day deadlines skip (office staff) ----------------------


def _holiday_commune(request):
    if request.commune is None or not can_manage(request.user, request.commune):
        raise Http404
    return request.commune


@login_required
def holiday_list(request):
    commune = _holiday_commune(request)
    rows = [
        (
            [f"{h.day:%d/%m/%Y}", h.name, "Của xã" if h.commune_id else "Dùng chung"],
            reverse("directory:holiday_update", args=[h.pk]) if h.commune_id else None,
        )
        for h in Holiday.objects.filter(Q(commune__isnull=True) | Q(commune=commune)).order_by("-day")
    ]
    return render(
        request,
        "petitions/reference_list.html",
        {
            "title": "Lịch nghỉ lễ, tết",
            "singular": "ngày nghỉ",
            "headers": ["Ngày", "Tên", "Phạm vi"],
            "rows": rows,
            "create_url": reverse("directory:holiday_create"),
        },
    )


@login_required
def holiday_edit(request, pk=None):
    commune = _holiday_commune(request)
    instance = get_object_or_404(Holiday, pk=pk, commune=commune) if pk else None
    form = HolidayForm(request.POST or None, instance=instance, commune=commune)
    if request.method == "POST" and form.is_valid():
        holiday = form.save()
        messages.success(request, f"Đã lưu ngày nghỉ {holiday}.")
        return redirect("directory:holiday_list")
    return render(
        request,
        "petitions/reference_form.html",
        {"form": form, "object": instance, "singular": "ngày nghỉ", "list_url": reverse("directory:holiday_list")},
    )


# --- background jobs (directory.jobs) --------------------------------------------------------


def _job(request, pk):
    return get_object_or_404(Job.objects.visible_to(request.user), pk=pk)


@login_required
def job_detail(request, pk):
    """A job's progress: the page, or its state as JSON (`?json=1`) for the page to poll."""
    job = _job(request, pk)
    stale = jobs.job_is_stale(job)
    if request.GET.get("json"):
        return JsonResponse(
            {
                "status": job.status,
                "label": job.get_status_display(),
                "done": job.done,
                "total": job.total,
                "percent": job.percent,
                "message": job.message[:2000],
                "download": reverse("directory:job_file", args=[job.pk]) if jobs.job_file_path(job) else "",
                "can_retry": job.status == Job.Status.FAILED or stale,
            }
        )
    has_file = jobs.job_file_path(job) is not None
    return render(
        request,
        "directory/job.html",
        {
            "job": job,
            "stale": stale,
            "has_file": has_file,
            # Deleted by the nightly clean-up (jobs.job_files_prune): the page says so.
            "file_pruned": job.status == Job.Status.DONE and bool(job.file_name) and not has_file,
            "keep_days": jobs.JOB_FILES_KEEP.days,
        },
    )


@login_required
def job_file(request, pk):
    job = _job(request, pk)
    path = jobs.job_file_path(job)
    if path is None:
        raise Http404
    event_log(user=request.user, action=Event.Action.EXPORTED, obj=job, commune=job.commune, detail=job.kind)
    return FileResponse(path.open("rb"), content_type=job.content_type, as_attachment=True, filename=job.file_name)


@login_required
@require_POST
def job_retry(request, pk):
    job = _job(request, pk)
    try:
        jobs.job_retry(job=job, by=request.user)
    except jobs.JobError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, "Đã xếp việc vào hàng đợi để chạy lại.")
    return redirect(job)
