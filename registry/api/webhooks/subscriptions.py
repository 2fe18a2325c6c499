"""Making and changing webhook subscriptions: the rules for their address, kinds, secret and
cursor, whoever asks (the API, an administrator)."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ...feed.reading import latest_id
from ...models import ChangeKind, WebhookSubscription
from ...models.webhooks import MAX_SECRET, MIN_SECRET
from . import addresses

MAX_PER_OWNER = 10


def subscribe(owner, *, url, kinds=(), secret=None, after=None):
    """A new subscription, delivering from `after` (default: from now on). Returns it and
    its secret (to be shown to the owner this once)."""
    errors = {}
    _check(errors, "url", check_address, url)
    _check(errors, "kinds", check_kinds, kinds)
    secret = secrets.token_urlsafe(32) if secret is None else secret
    _check(errors, "secret", check_secret, secret)
    latest = latest_id()
    after = latest if after is None else after
    _check(errors, "after", check_cursor, after, latest)
    if WebhookSubscription.objects.filter(owner=owner).count() >= MAX_PER_OWNER:
        errors.setdefault("url", [_("You have %(n)d subscriptions; delete one first.")
                                  % {"n": MAX_PER_OWNER}])
    if errors:
        raise ValidationError(errors)
    subscription = WebhookSubscription.objects.create(
        owner=owner, url=url, kinds=list(dict.fromkeys(kinds)), secret=secret, cursor=after)
    return subscription, secret


def change(subscription, *, url=None, kinds=None, secret=None, active=None, cursor=None):
    """Change what is given. Switching a subscription on (again) clears a failure and
    resumes the deliveries from its cursor."""
    errors = {}
    if url is not None:
        _check(errors, "url", check_address, url)
    if kinds is not None:
        _check(errors, "kinds", check_kinds, kinds)
    if secret is not None:
        _check(errors, "secret", check_secret, secret)
    if cursor is not None:
        _check(errors, "cursor", check_cursor, cursor, latest_id())
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
        for name, value in (("url", url), ("secret", secret), ("cursor", cursor)):
            if value is not None:
                setattr(subscription, name, value)
        if kinds is not None:
            subscription.kinds = list(dict.fromkeys(kinds))
        if active is not None:
            subscription.active = active
        if active or cursor is not None:
            subscription.attempts, subscription.retry_at, subscription.failed_at = 0, None, None
        subscription.save()
        if subscription.active:
            transaction.on_commit(lambda: _resume(subscription.pk))
    return subscription


def _resume(subscription_id):
    from .delivery import deliver

    deliver.enqueue(subscription_id)


def _check(errors, field, check, *args):
    try:
        check(*args)
    except ValidationError as error:
        errors[field] = error.messages


def check_address(url):
    _scheme, host, port, _path = addresses.check_url(url)
    addresses.resolve(host, port)


def check_kinds(kinds):
    unknown = sorted(set(kinds) - set(ChangeKind.values))
    if unknown:
        raise ValidationError(_("Choose kinds among: %(kinds)s.")
                              % {"kinds": ", ".join(ChangeKind.values)})


def check_secret(secret):
    if not MIN_SECRET <= len(secret) <= MAX_SECRET or not secret.isprintable() \
            or not secret.isascii():
        raise ValidationError(_("The secret is %(min)d to %(max)d printable ASCII characters.")
                              % {"min": MIN_SECRET, "max": MAX_SECRET})


def check_cursor(cursor, latest):
    if not 0 <= cursor <= latest:
        raise ValidationError(_("Give an event id of the feed, from 0 to %(latest)d.")
                              % {"latest": latest})
