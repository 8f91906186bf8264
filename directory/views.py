from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, ListView, UpdateView

from dialogue.text import nfc
from dialogue.views import ActiveCommuneMixin
from sessions_app.models import Plan, Session

from .forms import OfficialForm, UnitForm, VillageForm
from .middleware import SESSION_KEY
from .models import Commune, Official, Unit, Village


@login_required
def dashboard(request):
    commune = request.commune
    if commune is None:
        return render(request, "directory/no_commune.html")
    sessions = list(
        Session.objects.visible_to(request.user)
        .in_commune(commune)
        .upcoming()
        .select_related("plan__issuer", "chair")
        .prefetch_related("villages")[:20]
    )
    plan_years = list(
        Plan.objects.visible_to(request.user).in_commune(commune).order_by("-year").values_list("year", flat=True).distinct()
    )
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("nam", ""))
    except ValueError:
        # The most recent year that has plans, not later than this one.
        year = next((y for y in plan_years if y <= this_year), this_year)
    plans = (
        Plan.objects.visible_to(request.user)
        .in_commune(commune)
        .filter(year=year)
        .select_related("issuer")
        .prefetch_related("sessions")
    )
    return render(
        request,
        "directory/dashboard.html",
        {"sessions": sessions, "plans": plans, "year": year, "plan_years": sorted(set(plan_years) | {this_year}, reverse=True)},
    )


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
    search_fields = ()

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
        q = nfc(self.request.GET.get("q", "").strip())
        if q and self.search_fields:
            cond = Q()
            for field in self.search_fields:
                cond |= Q(**{f"{field}__icontains": q})
            qs = qs.filter(cond)
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["rows"] = [
            (obj, [self._value(obj, attr) for _, attr in self.columns]) for obj in ctx["object_list"]
        ]
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

    def form_valid(self, form):
        form.instance.commune = self.request.commune
        messages.success(self.request, f"Đã thêm {self.model._meta.verbose_name}: {form.instance}.")
        return super().form_valid(form)

    def get_success_url(self):
        return reverse(f"directory:{self.section}_list")


class DirectoryUpdateView(DirectoryMixin, UpdateView):
    template_name = "directory/form.html"

    def form_valid(self, form):
        messages.success(self.request, f"Đã lưu {self.model._meta.verbose_name}: {form.instance}.")
        return super().form_valid(form)

    def get_success_url(self):
        return reverse(f"directory:{self.section}_list")


VILLAGE = dict(
    model=Village, form_class=VillageForm, section="village",
    columns=(("Loại", "kind"), ("Tên", "name"), ("Thứ tự", "position"), ("Đang hoạt động", "is_active")),
    search_fields=("name", "kind"),
)
UNIT = dict(
    model=Unit, form_class=UnitForm, section="unit",
    columns=(("Tên", "name"), ("Loại", "get_kind_display"), ("Trực thuộc", "parent"), ("Ký hiệu", "symbol_code")),
    search_fields=("name", "short_name"),
)
OFFICIAL = dict(
    model=Official, form_class=OfficialForm, section="official",
    columns=(
        ("Danh xưng", "honorific"), ("Họ và tên", "full_name"), ("Chức vụ", "position"),
        ("Đơn vị", "unit"), ("Thôn, ấp", "village"),
    ),
    search_fields=("full_name", "position"),
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
