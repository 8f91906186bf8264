"""Sign-in bookkeeping (the event log and the session's lifetime markers); users' names in NFC."""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django_otp import user_has_device

from dialogue.middleware import OTP_REQUIRED_KEY, SEEN_KEY, STARTED_KEY
from dialogue.text import nfc

from .audit import event_log
from .models import Event


@receiver(user_logged_in, dispatch_uid="directory_signed_in")
def _signed_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[STARTED_KEY] = request.session[SEEN_KEY] = now
        request.session[OTP_REQUIRED_KEY] = user_has_device(user)
    event_log(user=user, action=Event.Action.SIGNED_IN)


@receiver(user_logged_out, dispatch_uid="directory_signed_out")
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        event_log(user=user, action=Event.Action.SIGNED_OUT)


@receiver(user_login_failed, dispatch_uid="directory_sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    event_log(user=None, action=Event.Action.SIGN_IN_FAILED, username=str(credentials.get("username") or ""))


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="directory_user_names_nfc")
def _user_names_nfc(sender, instance, **kwargs):
    # django.contrib.auth's User is not ours, so its names are normalised here, whichever
    # way they arrive (admin, createsuperuser, the demo loader).
    instance.first_name = nfc(instance.first_name)
    instance.last_name = nfc(instance.last_name)
