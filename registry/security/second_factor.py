"""The second factor of registrars and staff (TOTP, django-otp).

With REGISTRAR_REQUIRE_OTP on, a staff member or registrar who has signed in with a password
but not yet given a code reaches only the pages that enrol a device or check a code (and
signing out): everything else, the registrar's desk first, redirects there. Representatives
may enrol too; for them the second factor stays optional.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

# Views a half-signed-in user may still reach.
OPEN_VIEWS = {"two-factor", "two-factor-setup", "logout", "admin:logout", "set_language",
              "javascript-catalog", "admin:jsi18n"}


def needs_second_factor(user):
    return user.is_authenticated and (user.is_staff or user.is_superuser or user.is_registrar)


def has_device(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def required(user):
    """Whether `user` must still give a code before going on."""
    return (settings.REGISTRAR_REQUIRE_OTP and needs_second_factor(user)
            and not user.is_verified())


class RequireSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not required(request.user) or request.resolver_match.view_name in OPEN_VIEWS:
            return None
        return redirect_to_login(request.get_full_path(), reverse("two-factor"))
