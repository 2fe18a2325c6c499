"""Account pages besides Django's own (sign in/out, password change and reset), and the
reset request with a limit."""

from django.urls import path

from .views import accounts, two_factor

urlpatterns = [
    path("signup/", accounts.signup, name="signup"),
    # Before Django's own: the same page, landing where the person works.
    path("login/", accounts.SignIn.as_view(), name="login"),
    # Before Django's own: the same address, with a limit on requests.
    path("password_reset/", accounts.PasswordReset.as_view(), name="password_reset"),
    path("profile/", accounts.profile, name="profile"),
    path("two-factor/", two_factor.verify, name="two-factor"),
    path("two-factor/setup/", two_factor.setup, name="two-factor-setup"),
]
