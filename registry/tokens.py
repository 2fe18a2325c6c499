"""Issuing, checking and revoking API tokens (registry.ApiToken).

A token reads `urt_<prefix>_<secret>`: the prefix (8 hex digits) finds the row, and the
SHA-256 digest of the whole token, compared in constant time, proves it. The secret carries
256 random bits, so a plain digest is enough to keep a stolen database from yielding tokens.
"""

import datetime
import hashlib
import hmac
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from manufacturers.models import Manufacturer

from .models.tokens import ApiToken, TokenScope

TOKEN_START = "urt_"
MAX_DAYS = 366
MAX_USABLE_PER_USER = 20
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


def digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def issue(user, *, name, scope, manufacturers=(), days=90):
    """A new token for `user`: (ApiToken, the token itself, to be shown once)."""
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Name the token, e.g. after the system that will use it.")
    elif len(name) > 100:
        errors["name"] = _("Keep it under %(n)d characters.") % {"n": 100}
    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        errors["days"] = _("A token is valid for 1 to %(n)d days.") % {"n": MAX_DAYS}
    manufacturers = list(manufacturers)
    if scope == TokenScope.REGISTRAR:
        if not user.is_registrar:
            errors["scope"] = _("Only a registrar may have a registrar's token.")
        elif manufacturers:
            errors["manufacturers"] = _("A registrar's token acts for no manufacturer.")
    elif scope == TokenScope.MANUFACTURERS:
        represented = set(Manufacturer.objects.represented_by(user).values_list("pk", flat=True))
        if not manufacturers:
            errors["manufacturers"] = _("Choose the manufacturers the token acts for.")
        elif any(maker.pk not in represented for maker in manufacturers):
            errors["manufacturers"] = _("A token acts only for manufacturers you represent.")
    else:
        errors["scope"] = _("Choose what the token may do.")
    if ApiToken.objects.filter(user=user).usable().count() >= MAX_USABLE_PER_USER:
        errors.setdefault("name", _("You have %(n)d tokens in use; revoke one you no longer "
                                    "need first.") % {"n": MAX_USABLE_PER_USER})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        token, secret = _create(user, name, scope, days)
        token.manufacturers.set(manufacturers)
    return token, secret


def _create(user, name, scope, days):
    for _attempt in range(5):  # a prefix taken already: draw another
        prefix = secrets.token_hex(4)
        secret = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
        try:
            with transaction.atomic():
                token = ApiToken.objects.create(
                    user=user, name=name, scope=scope, prefix=prefix, digest=digest(secret),
                    expires_at=timezone.now() + datetime.timedelta(days=days))
        except IntegrityError:
            continue
        return token, secret
    raise RuntimeError("No free token prefix after five draws.")


def find(secret):
    """The token `secret` is, or None (unknown, or not in the token's format)."""
    if not secret.startswith(TOKEN_START) or len(secret) > 200:
        return None
    prefix, _sep, rest = secret[len(TOKEN_START):].partition("_")
    if len(prefix) != 8 or not rest:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.digest, digest(secret)):
        return None
    return token


def mark_used(token):
    """Remember when the token was last used, at most once a minute (a write per request
    would cost more than the request)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def revoke(token, user):
    """The owner (or a superuser) revokes a token; revoking twice changes nothing."""
    if token.user_id != user.pk and not user.is_superuser:
        raise ValidationError(_("This is not your token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
