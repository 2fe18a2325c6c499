"""Sign-up of a new representative, the profile (notification language, e-mail), and the
password reset request, limited so that nobody can flood an inbox or the mail server."""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters

from manufacturers.roles import is_registrar

from ...security import ratelimit
from ..forms import ProfileForm, SignUpForm


class SignIn(auth_views.LoginView):
    """Django's sign-in; without a `next`, a registrar lands on the desk and anyone else in
    the portal (their applications, or the admission of their organisation)."""

    def get_default_redirect_url(self):
        return landing_url(self.request.user)


def landing_url(user):
    return reverse("admin:index") if is_registrar(user) else reverse("portal:home")


@sensitive_post_parameters("password1", "password2")
def signup(request):
    if request.user.is_authenticated:
        return redirect("portal:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your account is ready. Apply for the admission of your "
                                    "organisation, or ask its representative to add you."))
        return redirect("portal:admission")
    return render(request, "registration/signup.html", {"form": form})


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("profile")
    return render(request, "registration/profile.html", {"form": form})


class PasswordReset(auth_views.PasswordResetView):
    """Django's reset request, refused past a few per hour for one address and per client.
    The refusal reads the same whether an account has the address or not."""

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        window = settings.PASSWORD_RESET_RATE_WINDOW
        decisions = [
            ratelimit.take(self.request, "password-reset:client", window,
                           settings.PASSWORD_RESET_RATE_PER_CLIENT),
            ratelimit.take(self.request, "password-reset:email", window,
                           settings.PASSWORD_RESET_RATE_PER_EMAIL,
                           subject=hashlib.sha256(email.encode()).hexdigest()),
        ]
        refused = [decision for decision in decisions if not decision.allowed]
        if refused:
            minutes = max(decision.retry_after for decision in refused) // 60 + 1
            form.add_error(None, ngettext(
                "Too many password reset requests. Try again in %(minutes)d minute.",
                "Too many password reset requests. Try again in %(minutes)d minutes.",
                minutes) % {"minutes": minutes})
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)
