"""Request size cap; session guards: lifetime limits, deactivated users, two-factor step; no caching of pages."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.core import signals
from django.core.exceptions import BadRequest, DisallowedHost, PermissionDenied, SuspiciousOperation
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from .http import set_no_store
from .views import bad_request, error_page, logger, page_not_found, permission_denied, protected_page, server_error

#: Session keys written at sign-in (directory.signals) and on each request.
STARTED_KEY = "_auth_started"
SEEN_KEY = "_auth_seen"
OTP_REQUIRED_KEY = "_otp_required"
#: How often (seconds) the last-seen time is written, so that not every request saves the session.
SEEN_GRANULARITY = 60


def client_ip(request):
    """The client's address for django-axes: REMOTE_ADDR, or the trusted proxy's header if configured."""
    header = settings.CLIENT_IP_HEADER
    if header and request.META.get(header):
        # The proxy appends the address it saw last; earlier entries are whatever the client claimed.
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")


class RequestSizeMiddleware:
    """Refuses a request whose declared body is larger than MAX_REQUEST_BYTES with the Vietnamese 413
    page, before anything reads the body.

    Django caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams uploaded files to a temporary
    file of any size before a form can look at them; this cap comes first. It sits above every
    allowed upload (10 MB), so a legitimate form never meets it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads such a body as empty too
        if length > settings.MAX_REQUEST_BYTES:
            return error_page(too_big=True, limit=settings.MAX_REQUEST_BYTES)
        return self.get_response(request)


def _login_redirect(request, reason):
    query = urlencode({"next": request.get_full_path(), "ly_do": reason})
    return redirect(f"{reverse(settings.LOGIN_URL)}?{query}")


class SessionGuardMiddleware:
    """Ends a session that is idle too long, too old, or whose user was deactivated;
    holds a user with a confirmed two-factor device at the code page until the code is given.

    Runs after AuthenticationMiddleware and django-otp's OTPMiddleware.
    """

    #: Paths a user who still owes the second factor may reach.
    OTP_OPEN_URLS = ("otp_verify", "logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:
            if not request.user.is_authenticated:
                # The user was deactivated or deleted: Django's backend refuses them; end the session too.
                logout(request)
                return _login_redirect(request, "tai-khoan-khoa")
            now = time.time()
            started = session.get(STARTED_KEY)
            seen = session.get(SEEN_KEY, started)
            if started is None:
                session[STARTED_KEY] = session[SEEN_KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_LIFETIME or now - seen > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                return _login_redirect(request, "het-phien")
            elif now - seen > SEEN_GRANULARITY:
                session[SEEN_KEY] = now
            if session.get(OTP_REQUIRED_KEY) and not request.user.is_verified():
                allowed = {reverse(name) for name in self.OTP_OPEN_URLS}
                if request.path not in allowed and not request.path.startswith(settings.STATIC_URL):
                    return redirect(f"{reverse('otp_verify')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class NoStoreMiddleware:
    """Every response to a signed-in user may carry personal data: no cache may keep it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            set_no_store(response)
        return response


class HostCheckMiddleware:
    """First of all: with DEBUG on and the friendly pages (ErrorPagesMiddleware), an address not in
    ALLOWED_HOSTS answers the Vietnamese 400 page; Django would answer its technical page, because
    the error is raised by a middleware, before any view (production already answers handler400)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if ErrorPagesMiddleware.friendly():
            try:
                request.get_host()
            except DisallowedHost as exc:
                return bad_request(request, exc)
        return self.get_response(request)


class ErrorPagesMiddleware:
    """The Vietnamese error pages everywhere, development server included.

    - A delete refused by a protecting record (ProtectedError, RestrictedError) answers the 409 page
      naming what protects it, always.
    - With DEBUG off, Django itself calls the handlers of dialogue.urls (handler400/403/404/500).
      With DEBUG on (`make run`), Django would show its English technical pages: unless the developer
      asks for them (TECHNICAL_ERROR_PAGES=1), this answers the same Vietnamese pages instead; an
      unexpected error is still logged with its traceback and signalled (the test client re-raises it).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def friendly():
        return settings.DEBUG and not settings.TECHNICAL_ERROR_PAGES

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and self.friendly() and getattr(request, "resolver_match", None) is None:
            # No URL matched: Django answered its technical 404 before any view ran.
            return page_not_found(request)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, ProtectedError | RestrictedError):
            return protected_page(request, exception)
        if not self.friendly():
            return None
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return permission_denied(request, exception)
        if isinstance(exception, BadRequest | SuspiciousOperation):
            return bad_request(request, exception)
        logger.error("Internal Server Error: %s", request.path, exc_info=exception, extra={"request": request})
        signals.got_request_exception.send(sender=None, request=request)
        return server_error(request)
