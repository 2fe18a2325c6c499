"""Account pages besides Django's own (sign in/out, password change and reset)."""

from django.urls import path

from .views import accounts

urlpatterns = [
    path("signup/", accounts.signup, name="signup"),
    path("profile/", accounts.profile, name="profile"),
]
