"""Token authentication: `Authorization: Token <token>` (or `Bearer <token>`).

A request that sends an Authorization header must carry a usable token: a malformed header,
an unknown, expired or revoked token, or an inactive owner is a 401 with its own code, never
a silent fall-back to the anonymous public.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication

from .. import tokens

KEYWORDS = ("token", "bearer")


class TokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION")
        if header is None:
            return None
        parts = header.split()
        if len(parts) != 2 or parts[0].lower() not in KEYWORDS:
            raise exceptions.AuthenticationFailed(
                _("Send the token as Authorization: Token <token>."), code="token_malformed")
        token = tokens.find(parts[1])
        if token is None:
            raise exceptions.AuthenticationFailed(_("This token is not valid."),
                                                  code="token_invalid")
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This token has been revoked."),
                                                  code="token_revoked")
        if token.is_expired:
            raise exceptions.AuthenticationFailed(_("This token has expired."),
                                                  code="token_expired")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("The owner of this token cannot sign in."),
                                                  code="user_inactive")
        tokens.mark_used(token)
        return token.user, token

    def authenticate_header(self, request):
        return 'Token realm="api"'


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = TokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http", "scheme": "bearer",
            "description": (
                "An API token from the portal (/portal/tokens/): `Authorization: Bearer "
                "<token>` or `Authorization: Token <token>`. A representative's token acts for "
                "the manufacturers chosen when it was issued; a registrar's for the registrar's "
                "work. A bad, expired or revoked token is refused with 401."),
        }
