"""Account pages besides Django's own (sign in/out, password change and reset)."""

from django.urls import path

from .views import accounts, two_factor

urlpatterns = [
    path("signup/", accounts.signup, name="signup"),
    path("profile/", accounts.profile, name="profile"),
    path("two-factor/", two_factor.verify, name="two-factor"),
    path("two-factor/setup/", two_factor.setup, name="two-factor-setup"),
]
