"""API tokens: how external systems act for a representative or a registrar.

A token is shown once, when it is issued; the register keeps only its SHA-256 digest and its
prefix (the part that names it in lists). Its scope narrows what its owner may do through it:
the manufacturers it acts for (some of those the owner represents), or the registrar's work.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class TokenScope(models.TextChoices):
    MANUFACTURERS = "manufacturers", _("acts for manufacturers")
    REGISTRAR = "registrar", _("acts as a registrar")


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens", verbose_name=_("owner"))
    name = models.CharField(_("name"), max_length=100,
                            help_text=_("What the token is for, e.g. the system that uses it."))
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False,
                              help_text=_("The start of the token, to recognise it."))
    digest = models.CharField(_("SHA-256 of the token"), max_length=64, editable=False)
    scope = models.CharField(_("scope"), max_length=20, choices=TokenScope.choices)
    manufacturers = models.ManyToManyField(
        "manufacturers.Manufacturer", blank=True, related_name="+",
        verbose_name=_("manufacturers"), help_text=_("Those the token acts for."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()
    # Issued, rescoped, revoked: by whom and when (use is stamped without a history row).
    history = HistoricalRecords(excluded_fields=["last_used_at"],
                                m2m_fields=["manufacturers"])

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(scope__in=TokenScope.values),
                                   name="api_token_scope_valid"),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self):
        return self.revoked_at is None and not self.is_expired

    @property
    def acts_as_registrar(self):
        return self.scope == TokenScope.REGISTRAR
