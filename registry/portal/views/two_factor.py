"""A second factor for signing in: enrol an authenticator app (TOTP), then give its code
after the password. Required of registrars and staff when REGISTRAR_REQUIRE_OTP is on
(registry.security.second_factor), optional for everyone else."""

import base64
from urllib.parse import quote

import django_otp
import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..forms import CodeForm

DEVICE_NAME = "authenticator"


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return "/"


def _confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


@login_required
def verify(request):
    """The code after the password; without an enrolled device, enrolment comes first."""
    device = _confirmed_device(request.user)
    if device is None:
        return redirect(_to("two-factor-setup", request))
    if request.user.is_verified():
        return redirect(_next(request))
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        django_otp.login(request, device)
        return redirect(_next(request))
    return render(request, "registration/two_factor.html", {"form": form,
                                                             "next": _next(request)})


@login_required
def setup(request):
    """Enrol an authenticator app: scan the code (or type the key), confirm with a code.

    A user who has a device already must verify with it before anything else: a password
    alone never replaces a second factor (a lost device is removed by an administrator)."""
    if _confirmed_device(request.user) is not None:
        messages.info(request, _("Two-factor sign-in is already set up for your account."))
        return redirect(_to("two-factor", request))
    device = _pending_device(request.user)
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        django_otp.login(request, device)
        messages.success(request, _("Two-factor sign-in is set up: from now on you give a code "
                                    "from the app after your password."))
        return redirect(_next(request))
    return render(request, "registration/two_factor_setup.html", {
        "form": form,
        "next": _next(request),
        "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=5),
        "key": base64.b32encode(device.bin_key).decode(),
    })


def _pending_device(user):
    """The device being enrolled: the same one across reloads, so the scanned code stays."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def _to(name, request):
    """The page `name`, passing on where the user was going."""
    return f"{reverse(name)}?next={quote(_next(request))}"
