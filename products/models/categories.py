"""The category tree and the parameters each category's products carry."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from .. import units
from .localized import localized


class CategoryQuerySet(models.QuerySet):
    def subtree(self, category):
        """`category` and all its descendants, found by the materialised path."""
        return self.filter(path__startswith=category.path)


class Category(models.Model):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    code = models.CharField(_("code"), max_length=30, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("parent category"),
    )
    # "/integrated-circuits/microcontrollers/": descendants are a prefix query on one index.
    path = models.CharField(_("path"), max_length=500, unique=True, editable=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["path"]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return localized(self, "name")

    @property
    def depth(self):
        return self.path.count("/") - 2

    def ancestors(self, include_self=True):
        """Ancestors from the root down, without a query per level."""
        slugs = [s for s in self.path.split("/") if s]
        if not include_self:
            slugs = slugs[:-1]
        by_slug = {c.slug: c for c in Category.objects.filter(slug__in=slugs)}
        return [by_slug[s] for s in slugs if s in by_slug]

    def parameter_templates(self):
        """Parameters declared by this category and its ancestors, general ones first."""
        slugs = [s for s in self.path.split("/") if s]
        return ParameterTemplate.objects.filter(category__slug__in=slugs).select_related(
            "category").order_by("category__path", "position", "pk")

    def clean(self):
        node = self.parent
        while node is not None:
            if node.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("A category cannot be inside itself.")})
            node = node.parent

    def save(self, *args, **kwargs):
        old_path = self.path
        prefix = self.parent.path if self.parent_id else "/"
        self.path = f"{prefix}{self.slug}/"
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                for child in Category.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                    child.path = self.path + child.path[len(old_path):]
                    child.save(update_fields=["path"])


class ParameterTemplate(models.Model):
    """A parameter that products of a category (and of its subcategories) carry."""

    class Kind(models.TextChoices):
        NUMBER = "number", _("number")
        CHOICE = "choice", _("choice from a list")
        MULTIPLE = "multiple", _("several choices from a list")
        TEXT = "text", _("text")
        BOOLEAN = "boolean", _("yes / no")

    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="parameters",
        verbose_name=_("category"),
    )
    key = models.SlugField(_("key"), max_length=60)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("parameter of a category")
        verbose_name_plural = _("parameters of categories")
        ordering = ["category__path", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["category", "key"], name="parameter_template_unique"),
        ]

    def __str__(self):
        return f"{self.name}, {self.unit}" if self.unit else self.name

    @property
    def name(self):
        return localized(self, "name")

    def save(self, *args, **kwargs):
        previous = None if self._state.adding else ParameterTemplate.objects.filter(
            pk=self.pk).values_list("unit", flat=True).first()
        super().save(*args, **kwargs)
        if previous is not None and previous != self.unit:
            # The numbers stay as written; what they mean in SI changes with the unit.
            units.fill_si(self.values.all(), self.unit)

    def clean(self):
        # Filters, facets and the substitution engine take every template with one key as one
        # parameter (clock_mhz of microcontrollers and of DSPs): a range is only meaningful if
        # they all count in the same unit, a value list if they are all of one kind.
        other = ParameterTemplate.objects.filter(key=self.key).exclude(pk=self.pk) \
            .exclude(unit=self.unit, kind=self.kind).select_related("category").first()
        if other is not None:
            raise ValidationError({"unit": _(
                "The parameter %(key)s is counted in “%(unit)s” as %(kind)s in %(category)s; a "
                "parameter of the same key must keep that unit and type, or take another "
                "key.") % {"key": self.key, "unit": other.unit or "—",
                           "kind": other.get_kind_display(), "category": other.category.name}})
