"""Manufacturers admitted to the register and the people who represent them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import identifiers
from .roles import is_registrar


class Country(models.TextChoices):
    BELARUS = "BY", _("Belarus")
    RUSSIA = "RU", _("Russia")


class ManufacturerQuerySet(models.QuerySet):
    def admitted(self):
        return self.filter(status=Manufacturer.Status.ADMITTED)

    def represented_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)

    def restrict(self, user, action="view"):
        """The manufacturers `user` may see (view) or act for (apply, change)."""
        if is_registrar(user):
            return self
        if action == "view":
            return self.filter(Q(status=Manufacturer.Status.ADMITTED) | Q(
                pk__in=self.represented_by(user).values("pk")))
        if action == "apply" and user.is_authenticated:
            return self.admitted().filter(
                memberships__user=user, memberships__role=Membership.Role.EDITOR
            )
        return self.none()


class Manufacturer(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting admission")
        ADMITTED = "admitted", _("admitted")
        REFUSED = "refused", _("refused")

    name_ru = models.CharField(_("legal name (Russian)"), max_length=300)
    name_en = models.CharField(_("legal name (English)"), max_length=300, blank=True)
    short_name_ru = models.CharField(_("short name (Russian)"), max_length=100)
    short_name_en = models.CharField(_("short name (English)"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    unp = models.CharField(
        _("UNP"), max_length=9, blank=True, validators=[identifiers.validate_unp],
        help_text=_("Belarusian taxpayer number, 9 digits."),
    )
    inn = models.CharField(
        _("INN"), max_length=10, blank=True, validators=[identifiers.validate_inn],
        help_text=_("Russian taxpayer number of an organisation, 10 digits."),
    )
    ogrn = models.CharField(
        _("OGRN"), max_length=13, blank=True, validators=[identifiers.validate_ogrn],
        help_text=_("Russian primary state registration number, 13 digits."),
    )
    city_ru = models.CharField(_("city (Russian)"), max_length=100, blank=True)
    city_en = models.CharField(_("city (English)"), max_length=100, blank=True)
    address = models.CharField(_("postal address"), max_length=500, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    status = models.CharField(
        _("admission"), max_length=10, choices=Status.choices, default=Status.PENDING,
        db_index=True,
    )
    admitted_at = models.DateTimeField(_("admitted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    history = HistoricalRecords()
    objects = ManufacturerQuerySet.as_manager()

    class Meta:
        verbose_name = _("manufacturer")
        verbose_name_plural = _("manufacturers")
        ordering = ["short_name_ru", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(country__in=["BY", "RU"]), name="manufacturer_country_by_ru"
            ),
            # Each country has its own identifiers; the other country's stay empty.
            models.CheckConstraint(
                condition=Q(country="RU") | (Q(inn="") & Q(ogrn="")),
                name="manufacturer_by_has_no_inn_ogrn",
            ),
            models.CheckConstraint(
                condition=Q(country="BY") | Q(unp=""), name="manufacturer_ru_has_no_unp"
            ),
            models.CheckConstraint(
                condition=Q(unp="") | Q(unp__regex=r"^[0-9]{9}$"), name="manufacturer_unp_format"
            ),
            models.CheckConstraint(
                condition=Q(inn="") | Q(inn__regex=r"^[0-9]{10}$"), name="manufacturer_inn_format"
            ),
            models.CheckConstraint(
                condition=Q(ogrn="") | Q(ogrn__regex=r"^[0-9]{13}$"),
                name="manufacturer_ogrn_format",
            ),
            models.UniqueConstraint(
                fields=["country", "unp"], condition=~Q(unp=""), name="manufacturer_unique_unp"
            ),
            models.UniqueConstraint(
                fields=["country", "inn"], condition=~Q(inn=""), name="manufacturer_unique_inn"
            ),
            models.UniqueConstraint(
                fields=["country", "ogrn"], condition=~Q(ogrn=""),
                name="manufacturer_unique_ogrn",
            ),
        ]
        indexes = [models.Index(fields=["country", "status"], name="manufacturer_country_idx")]

    def __str__(self):
        return self.short_name

    @property
    def short_name(self):
        if get_language() == "en" and self.short_name_en:
            return self.short_name_en
        return self.short_name_ru

    @property
    def name(self):
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_ru

    @property
    def city(self):
        if get_language() == "en" and self.city_en:
            return self.city_en
        return self.city_ru

    def get_absolute_url(self):
        return reverse("manufacturer-detail", args=[self.slug])

    def clean_fields(self, exclude=None):
        # "7735 007358" is how people type it; store it compact before lengths are checked.
        for field in ("unp", "inn", "ogrn"):
            value = getattr(self, field)
            if value:
                setattr(self, field, identifiers.compact(field, value))
        super().clean_fields(exclude=exclude)

    def clean(self):
        # Identifiers are optional (not every admitted maker's numbers are published), but a
        # number of one country's kind on the other country's manufacturer is an error.
        errors = {}
        if self.country == Country.BELARUS:
            for field in ("inn", "ogrn"):
                if getattr(self, field):
                    errors[field] = _("INN and OGRN are Russian identifiers; leave them empty.")
        elif self.country == Country.RUSSIA and self.unp:
            errors["unp"] = _("UNP is a Belarusian identifier; leave it empty.")
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        # Report a duplicate identifier on its own field rather than as a form-wide error.
        for field in ("unp", "inn", "ogrn"):
            value = getattr(self, field)
            if value and (exclude is None or field not in exclude):
                clash = Manufacturer.objects.filter(country=self.country, **{field: value})
                if clash.exclude(pk=self.pk).exists():
                    raise ValidationError({field: _(
                        "Another manufacturer of this country is registered with this number.")})
        super().validate_constraints(exclude=exclude)


class Membership(models.Model):
    """A user who represents a manufacturer in the portal and the API."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("editor (prepares and submits applications)")
        VIEWER = "viewer", _("viewer (reads applications)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("user"),
    )
    manufacturer = models.ForeignKey(
        Manufacturer, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("manufacturer"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.EDITOR)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        constraints = [
            models.UniqueConstraint(fields=["user", "manufacturer"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} — {self.manufacturer}"
