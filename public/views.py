"""The citizen's side: no sign-in, no personal data, only what the office published."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods

from dialogue.http import set_no_store
from directory.models import Commune
from petitions.forms import topics_for
from petitions.models import Petition
from petitions.services import (
    PetitionError,
    petition_find_by_lookup_code,
    petition_react_by_citizen,
    petition_receive_online,
)

from . import reads
from .forms import OnlinePetitionForm
from .ical import commune_calendar, personal_calendar
from .models import CalendarFeed
from .services import calendar_feed_renew, calendar_feed_revoke
from .throttle import lookup_allowed_and_read, online_petition_allowed

NOT_FOUND = (
    "Không tìm thấy ý kiến nào với mã tra cứu này. "
    "Kiểm tra lại mã in trên phiếu tiếp nhận (16 ký tự, không có chữ O, I, L và số 0, 1)."
)
TOO_MANY_ONLINE = (
    "Đã nhận quá nhiều ý kiến gửi từ địa chỉ này hoặc cho buổi này. Vui lòng thử lại sau, "
    "hoặc gửi ý kiến qua Trưởng thôn, ấp."
)
NO_CODE = "Nhập mã tra cứu in trên phiếu tiếp nhận (16 ký tự, ví dụ ABCD-EFGH-JKMN-PQRS)."
TOO_MANY = "Anh/chị đã tra cứu quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ít phút."


def _public(response):
    """The same page for everyone: browsers and proxies may keep it for a few minutes."""
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
    return response


@require_GET
def commune_page(request, commune_pk):
    """The commune's page, the same for everyone: kept rendered in the cache under a key that
    changes with each publication (and each day, for "still to come"); at most
    PUBLIC_PAGE_MAX_AGE old for what changes without a publication (a later answer). A page
    found in the cache costs no query (see reads.commune_publication_version)."""
    version = reads.commune_publication_version(commune_pk)
    if version is None:
        raise Http404("Không có xã này")
    today = timezone.localdate()
    key = f"public:commune:{commune_pk}:{today:%Y%m%d}:{version}"
    html = cache.get(key)
    if html is None:
        commune = get_object_or_404(Commune.objects.select_related("province"), pk=commune_pk)
        context = {
            "commune": commune,
            "upcoming": reads.upcoming_sessions(commune, today),
            "results": reads.published_results(commune),
        }
        html = render_to_string("public/commune.html", context)
        cache.set(key, html, settings.PUBLIC_PAGE_MAX_AGE)
    return _public(HttpResponse(html))


@require_GET
def session_results(request, commune_pk, notice_pk):
    """Every published petition of one session, a page at a time (the commune page shows the first few)."""
    commune = get_object_or_404(Commune.objects.select_related("province"), pk=commune_pk)
    notice, page = reads.published_session_results(commune, notice_pk, request.GET.get("trang"))
    if notice is None:
        raise Http404("Kết quả chưa được công khai")
    return _public(render(request, "public/session_results.html", {"commune": commune, "notice": notice, "page": page}))


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
        reaction = data.get("dong-tinh") if request.method == "POST" else None
        # The count and the read together (one round trip when the counters live in PostgreSQL).
        allowed, row = lookup_allowed_and_read(request, *reads.lookup_query(code))
        if not allowed:
            context["error"] = TOO_MANY
            status = 429
        else:
            result = reads.lookup_status_of(row)
            if result is not None and reaction in ("co", "khong"):
                petition = petition_find_by_lookup_code(code)
                try:
                    if petition is None:  # gone since the read
                        raise PetitionError(NOT_FOUND)
                    petition_react_by_citizen(petition=petition, satisfied=reaction == "co")
                except PetitionError as exc:
                    context["error"] = str(exc)
                else:
                    context["thanks"] = True
                    result = reads.lookup_status(code)
            if result is None:
                context["error"] = NOT_FOUND
            else:
                context["result"] = result
    elif request.method == "POST":
        context["error"] = NO_CODE
    # The answer concerns one citizen: no cache may keep it.
    return set_no_store(render(request, "public/lookup.html", context, status=status))


@require_http_methods(["GET", "POST"])
def online_petition(request, commune_pk, session_pk):
    """The public form to send an opinion before an announced session: only when the commune
    takes them (off by default) and only for a session still to come that was announced."""
    commune = get_object_or_404(Commune, pk=commune_pk, online_petitions=True)
    session = reads.upcoming_sessions(commune).exclude(status="cancelled").filter(pk=session_pk).first()
    if session is None:
        raise Http404("Buổi tiếp xúc chưa được thông báo")
    form = OnlinePetitionForm(
        request.POST or None, villages=session.villages.all(), topics=topics_for(commune).order_by("position")
    )
    context = {"commune": commune, "session": session, "form": form}
    status = 200
    if request.method == "POST" and form.is_valid():
        today = timezone.localdate()
        per_session = Petition.objects.filter(session=session, source=Petition.Source.ONLINE, received_on=today)
        if not online_petition_allowed(request) or per_session.count() >= settings.PUBLIC_ONLINE_PER_SESSION_DAY:
            context["error"] = TOO_MANY_ONLINE
            status = 429
        else:
            try:
                petition = petition_receive_online(session=session, **form.cleaned_data)
            except PetitionError as exc:
                context["error"] = str(exc)
            else:
                context = {"commune": commune, "session": session, "sent": petition}
    response = render(request, "public/online_petition.html", context, status=status)
    return set_no_store(response)


@login_required
@require_http_methods(["GET", "POST"])
def my_calendar(request):
    """A signed-in user's private calendar address: make a new one (revoking the old) or revoke it."""
    if request.method == "POST":
        if request.POST.get("action") == "thu-hoi":
            calendar_feed_revoke(user=request.user)
            messages.success(request, "Đã thu hồi đường dẫn lịch riêng; đường dẫn cũ không dùng được nữa.")
        else:
            calendar_feed_renew(user=request.user)
            messages.success(request, "Đã tạo đường dẫn lịch riêng mới; đường dẫn cũ (nếu có) đã bị thu hồi.")
        return redirect("public:my_calendar")
    feed = CalendarFeed.objects.filter(user=request.user, revoked_at__isnull=True).first()
    url = f"{settings.SITE_URL}{reverse('public:my_calendar_feed', args=[feed.token])}" if feed else ""
    return render(request, "public/my_calendar.html", {"feed": feed, "url": url})


@require_GET
def my_calendar_feed(request, token):
    """The private feed itself: no sign-in (calendar apps cannot), the secret address is the key."""
    feed = CalendarFeed.objects.filter(token=token, revoked_at__isnull=True, user__is_active=True).first()
    if feed is None:
        raise Http404("Không có lịch này")
    sessions, deadlines = reads.personal_feed(feed.user)
    response = HttpResponse(
        personal_calendar(sessions=sessions, deadlines=deadlines), content_type="text/calendar; charset=utf-8"
    )
    return set_no_store(response)
