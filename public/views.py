"""The citizen's side: no sign-in, no personal data, only what the office published."""

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods

from dialogue.http import set_no_store
from directory.models import Commune
from petitions.services import PetitionError, petition_find_by_lookup_code, petition_react_by_citizen

from . import reads
from .ical import commune_calendar
from .throttle import lookup_allowed

NOT_FOUND = (
    "Không tìm thấy ý kiến nào với mã tra cứu này. "
    "Kiểm tra lại mã in trên phiếu tiếp nhận (16 ký tự, không có chữ O, I, L và số 0, 1)."
)
TOO_MANY = "Anh/chị đã tra cứu quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ít phút."


def _public(response):
    """The same page for everyone: browsers and proxies may keep it for a few minutes."""
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
    return response


@require_GET
def commune_page(request, commune_pk):
    """The commune's page, the same for everyone: kept rendered in the cache under a key that
    changes with each publication (and each day, for "still to come"); at most
    PUBLIC_PAGE_MAX_AGE old for what changes without a publication (a later answer)."""
    commune = get_object_or_404(Commune.objects.select_related("province"), pk=commune_pk)
    today = timezone.localdate()
    key = f"public:commune:{commune.pk}:{today:%Y%m%d}:{reads.publication_version(commune)}"
    html = cache.get(key)
    if html is None:
        context = {
            "commune": commune,
            "upcoming": reads.upcoming_sessions(commune, today),
            "results": reads.published_results(commune),
        }
        html = render_to_string("public/commune.html", context)
        cache.set(key, html, settings.PUBLIC_PAGE_MAX_AGE)
    return _public(HttpResponse(html))


@require_GET
def commune_ical(request, commune_pk):
    """The commune's announced sessions as an iCal feed (subscribe from any calendar app)."""
    commune = get_object_or_404(Commune, pk=commune_pk)
    response = HttpResponse(
        commune_calendar(commune, reads.calendar_sessions(commune)), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="lich-tiep-xuc-{commune.pk}.ics"'
    return _public(response)


@require_GET
def notice_pdf(request, commune_pk, notice_pk):
    notice = reads.published_notice(get_object_or_404(Commune, pk=commune_pk), notice_pk)
    if notice is None or not notice.pdf:
        raise Http404("Thông báo chưa được công khai")
    response = HttpResponse(bytes(notice.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="thong-bao-ket-luan-{notice.number:02d}-{notice.issued_on.year}.pdf"'
    )
    return _public(response)


@require_http_methods(["GET", "POST"])
def lookup(request):
    """The status of one petition by its lookup code: state, deadline, approved answer, the
    citizen's reaction (which the citizen may give here once answered). A wrong, malformed or
    unknown code all answer the same page; every attempt counts against the address's limit."""
    data = request.POST if request.method == "POST" else request.GET
    code = (data.get("ma") or "").strip()[:64]
    context = {"code": code}
    status = 200
    if code:
        if not lookup_allowed(request):
            context["error"] = TOO_MANY
            status = 429
        else:
            petition = petition_find_by_lookup_code(code)
            reaction = data.get("dong-tinh") if request.method == "POST" else None
            if petition is not None and reaction in ("co", "khong"):
                try:
                    petition_react_by_citizen(petition=petition, satisfied=reaction == "co")
                except PetitionError as exc:
                    context["error"] = str(exc)
                else:
                    context["thanks"] = True
            if petition is None:
                context["error"] = NOT_FOUND
            else:
                context["result"] = reads.lookup_result(petition)
    # The answer concerns one citizen: no cache may keep it.
    return set_no_store(render(request, "public/lookup.html", context, status=status))
