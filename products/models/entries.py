"""A register entry: one product, its codes, status and the basis of its registration."""

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from manufacturers.models import Manufacturer
from manufacturers.roles import is_registrar

from .. import caching, partnumbers
from .categories import Category
from .codes import OKPD2_PATTERN, TNVED_PATTERN, compact_tnved, validate_okpd2, validate_tnved
from .localized import localized

REGISTRY_NUMBER_PATTERN = r"^[A-Z]{1,10}-[0-9]{4}-[0-9]{6}$"


class ProductStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    SUSPENDED = "suspended", _("suspended")
    EXCLUDED = "excluded", _("excluded")
    # Stored once the daily term task has recorded the lapse; read from `valid_until` before.
    EXPIRED = "expired", _("expired")


class StatusReason(models.TextChoices):
    """Why an entry was suspended or excluded: one list for both decisions."""

    WITHDRAWN = "withdrawn", _("withdrawn by the manufacturer")
    ORIGIN_EXPIRED = "origin_expired", _("origin document expired")
    FALSE_DATA = "false_data", _("false data")
    PRODUCTION_ENDED = "production_ended", _("production ended")
    LEGAL_ACT = "legal_act", _("legal act")


ExclusionReason = StatusReason

# Statuses whose entries lapse when their term ends (an excluded entry stays excluded).
LAPSING = (ProductStatus.REGISTERED, ProductStatus.SUSPENDED)


def effective_status(status, valid_until, today=None):
    """The status as it is today: an entry past `valid_until` is expired, whether or not the
    daily task has recorded it yet."""
    if status in LAPSING and valid_until is not None \
            and valid_until < (today or timezone.localdate()):
        return ProductStatus.EXPIRED.value
    return status


def effective_status_expression(today=None):
    """`effective_status` in SQL, for annotations, grouping and filters."""
    today = today or timezone.localdate()
    return Case(
        When(status__in=LAPSING, valid_until__lt=today, then=Value(ProductStatus.EXPIRED.value)),
        default=F("status"), output_field=models.CharField(max_length=12),
    )


def status_is(codes, today=None):
    """Q for entries whose effective status is one of `codes` (indexable: no expression)."""
    today = today or timezone.localdate()
    in_term = Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    lapsed = Q(status__in=LAPSING, valid_until__lt=today)
    condition = Q(pk__in=[])
    for code in set(codes):
        if code == ProductStatus.EXPIRED:
            condition |= Q(status=code) | lapsed
        elif code in LAPSING:
            condition |= Q(status=code) & in_term
        else:
            condition |= Q(status=code)
    return condition


class OriginDocumentKind(models.TextChoices):
    CERTIFICATE = "certificate", _("certificate of origin")
    EXPERTISE_ACT = "expertise_act", _("expertise act")
    CONCLUSION = "conclusion", _("conclusion on confirmation of production")


class ProductQuerySet(models.QuerySet):
    def restrict(self, user, action="view"):
        """Every entry is public; only registrars change entries (through the workflow)."""
        if action == "view":
            return self
        if is_registrar(user):
            return self
        return self.none()

    def with_effective_status(self, today=None):
        """Each entry annotated with `effective_status` (see effective_status)."""
        return self.annotate(effective_status=effective_status_expression(today))

    def in_status(self, *codes, today=None):
        return self.filter(status_is(codes, today))

    def with_related(self):
        return self.select_related("manufacturer", "category")

    def in_category(self, category):
        # The subtree's ids as values, not a subquery: the planner then knows them, and for a
        # leaf reads the category's index in registry-number order and stops at the page
        # (a subquery made it walk the whole register's number index: 250 ms on a million).
        # They are kept with the catalogue's cached results: every filtered list asks.
        return self.filter(category__in=caching.cached(["subtree", category.path], lambda: list(
            Category.objects.subtree(category).values_list("pk", flat=True))))


class ProductManager(models.Manager.from_queryset(ProductQuerySet)):
    def get_queryset(self):
        # The search vector is written and read by the database alone; pages never load it.
        return super().get_queryset().defer("search_vector")


class Product(models.Model):
    part_number = models.CharField(
        _("part number"), max_length=100,
        help_text=_("Exactly as the manufacturer writes it, e.g. К1986ВЕ92QI."),
    )
    # Indexed in Meta: plain b-trees for equality, a pattern one for the skeleton's prefixes.
    key_lookalike = models.CharField(max_length=100, editable=False)
    key_translit = models.CharField(max_length=100, editable=False)
    key_skeleton = models.CharField(max_length=100, editable=False)
    key_family = models.CharField(max_length=100, editable=False)

    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    # As the manufacturer writes it in Belarusian, where it does; pages fall back to Russian.
    name_be = models.CharField(_("name (Belarusian)"), max_length=300, blank=True,
                               default="", db_default="")
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    manufacturer = models.ForeignKey(
        Manufacturer, on_delete=models.PROTECT, related_name="products",
        verbose_name=_("manufacturer"), db_index=False,  # product_manufacturer_idx leads with it
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="products", verbose_name=_("category"),
        db_index=False,  # product_category_number_idx leads with it
    )
    package = models.CharField(_("package"), max_length=60, blank=True)
    tnved_code = models.CharField(
        _("TN VED EAEU code"), max_length=10, blank=True, validators=[validate_tnved],
    )
    okpd2_code = models.CharField(
        _("OKPD2 / OKRB code"), max_length=12, blank=True, validators=[validate_okpd2],
    )

    registry_number = models.CharField(
        _("registry number"), max_length=24, unique=True, editable=False,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ProductStatus.choices,
        default=ProductStatus.REGISTERED,
    )
    registered_at = models.DateField(_("registered on"), db_index=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    suspended_at = models.DateField(_("suspended on"), null=True, blank=True)
    suspension_reason = models.TextField(_("reason for suspension"), blank=True)
    suspension_reason_code = models.CharField(
        _("reason code of suspension"), max_length=20, choices=StatusReason.choices, blank=True,
    )
    suspension_legal_basis = models.CharField(_("legal basis of suspension"), max_length=300,
                                              blank=True)
    excluded_at = models.DateField(_("excluded on"), null=True, blank=True)
    exclusion_reason = models.CharField(
        _("reason for exclusion"), max_length=20, choices=StatusReason.choices, blank=True,
    )
    exclusion_legal_basis = models.CharField(_("legal basis of exclusion"), max_length=300,
                                             blank=True)
    exclusion_note = models.TextField(_("note on exclusion"), blank=True)

    # The basis of the entry: the registrar's decision and the origin document it rests on.
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    origin_document_kind = models.CharField(
        _("origin document"), max_length=20, choices=OriginDocumentKind.choices, blank=True,
    )
    origin_document_number = models.CharField(_("origin document number"), max_length=60,
                                              blank=True)
    origin_document_date = models.DateField(_("origin document date"), null=True, blank=True)
    origin_document_valid_until = models.DateField(
        _("origin document valid until"), null=True, blank=True,
    )

    # Where an entry imported from a national register came from (manage.py import_register):
    # the register, its record number, the date of the record and its validity there. Empty
    # for entries the register itself included. The record number is the key a later import
    # of the same register matches rows by.
    source_register = models.CharField(_("source register"), max_length=40, blank=True,
                                       default="", db_default="")
    source_record_number = models.CharField(_("record number in the source register"),
                                            max_length=60, blank=True, default="",
                                            db_default="")
    source_record_date = models.DateField(_("date of the record in the source register"),
                                          null=True, blank=True)
    source_valid_until = models.DateField(_("valid until in the source register"), null=True,
                                          blank=True)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)
    # Names, descriptions and manufacturer names for full-text search. On PostgreSQL a
    # trigger keeps it current on every write (bulk ones too); on SQLite it stays empty.
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(excluded_fields=[
        "key_lookalike", "key_translit", "key_skeleton", "key_family", "updated_at",
        "search_vector",
    ])
    objects = ProductManager()

    class Meta:
        verbose_name = _("register entry")
        verbose_name_plural = _("register entries")
        ordering = ["-registered_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(registry_number__regex=REGISTRY_NUMBER_PATTERN),
                name="product_registry_number_format",
            ),
            models.CheckConstraint(
                condition=Q(tnved_code="") | Q(tnved_code__regex=TNVED_PATTERN),
                name="product_tnved_format",
            ),
            models.CheckConstraint(
                condition=Q(okpd2_code="") | Q(okpd2_code__regex=OKPD2_PATTERN),
                name="product_okpd2_format",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProductStatus.values), name="product_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=ProductStatus.EXCLUDED)
                | (Q(excluded_at__isnull=False) & ~Q(exclusion_reason="")),
                name="product_excluded_has_date_and_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status=ProductStatus.SUSPENDED) | Q(suspended_at__isnull=False),
                name="product_suspended_has_date",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_until__gte=models.F("registered_at")),
                name="product_valid_after_registration",
            ),
            # One entry per record of a source register.
            models.UniqueConstraint(
                fields=["source_register", "source_record_number"],
                condition=~Q(source_record_number=""), name="product_unique_source_record",
            ),
        ]
        # One index per filter and sort the search page and the API offer; the composite
        # ones also serve the foreign keys they start with.
        indexes = [
            models.Index(fields=["manufacturer", "status"], name="product_manufacturer_idx"),
            # A category's entries of one status in registry-number order: the API's filtered
            # lists read a page of them and stop (in_category passes a leaf's id as a value).
            models.Index(fields=["category", "status", "registry_number"],
                         name="product_category_number_idx"),
            models.Index(fields=["status"], name="product_status_idx"),
            # Entries whose registration ends soon (the expiry backlog in /metrics).
            models.Index(fields=["valid_until"], name="product_valid_until_idx"),
            models.Index(fields=["part_number"], name="product_part_number_idx"),
            # A manufacturer's entries in part-number order (its page, the API's filter).
            models.Index(fields=["manufacturer", "part_number"], name="product_maker_part_idx"),
            models.Index(fields=["key_lookalike"], name="product_lookalike_idx"),
            models.Index(fields=["key_translit"], name="product_translit_idx"),
            models.Index(fields=["key_family"], name="product_family_idx"),
            models.Index(fields=["key_skeleton"], name="product_skeleton_idx",
                         opclasses=["varchar_pattern_ops"]),
            # Searches by the leading groups of a classification code (26.11 → 26.11.*).
            models.Index(fields=["okpd2_code"], name="product_okpd2_idx",
                         opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["tnved_code"], name="product_tnved_idx",
                         opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self):
        return f"{self.part_number} ({self.registry_number})"

    @property
    def name(self):
        return localized(self, "name")

    @property
    def description(self):
        return localized(self, "description")

    def get_absolute_url(self):
        return reverse("product-detail", args=[self.registry_number])

    @property
    def effective_status(self):
        """The status today (an annotation of the same name, when present, wins)."""
        annotated = self.__dict__.get("_effective_status")
        return annotated or effective_status(self.status, self.valid_until)

    @effective_status.setter
    def effective_status(self, value):
        self.__dict__["_effective_status"] = value

    def get_effective_status_display(self):
        return str(ProductStatus(self.effective_status).label)

    @property
    def is_expired(self):
        return self.effective_status == ProductStatus.EXPIRED

    def days_to_expiry(self, today=None):
        if self.valid_until is None:
            return None
        return (self.valid_until - (today or timezone.localdate())).days

    @property
    def is_in_force(self):
        return self.effective_status == ProductStatus.REGISTERED

    def refresh_part_keys(self):
        keys = partnumbers.PartKeys.of(self.part_number)
        self.key_lookalike = keys.lookalike
        self.key_translit = keys.translit
        self.key_skeleton = keys.skeleton
        self.key_family = keys.family

    def clean_fields(self, exclude=None):
        # Customs papers write "8542 31 900 0"; compact before the length is checked.
        self.part_number = (self.part_number or "").strip()
        self.tnved_code = compact_tnved(self.tnved_code)
        self.okpd2_code = (self.okpd2_code or "").strip()
        super().clean_fields(exclude=exclude)

    def clean(self):
        if self.part_number and not partnumbers.plain(self.part_number):
            raise ValidationError({"part_number": _(
                "A part number needs at least one letter or digit.")})
        if self.valid_until and self.registered_at and self.valid_until < self.registered_at:
            raise ValidationError({"valid_until": _(
                "The entry cannot expire before it was registered.")})

    def save(self, *args, **kwargs):
        self.refresh_part_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "part_number" in update_fields:
            kwargs["update_fields"] = {*update_fields, "key_lookalike", "key_translit",
                                       "key_skeleton", "key_family"}
        super().save(*args, **kwargs)
