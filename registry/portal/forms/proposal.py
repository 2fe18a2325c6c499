"""The proposed data as a set of forms that work without JavaScript: the entry's fields, the
parameters of its category, and rows of other spellings, foreign analogs and production stages
(blank rows to fill, a box to remove a row). The forms are built on the register's models, and
the data they produce is checked once more as a whole by registry.proposals."""

from django import forms
from django.db.models import Count
from django.forms.utils import ErrorDict, ErrorList
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from products import vocabulary
from products.fields import SlugChoiceField
from products.models import (
    Category,
    ForeignAnalog,
    ParameterTemplate,
    PartAlias,
    Product,
    ProductionStage,
    ProductParameter,
)

from ...proposals import ENTRY_FIELDS, empty
from ...proposals.shape import ANALOG_FIELDS, DATE_FIELDS, STAGE_FIELDS
from ...proposals.validation import country_code

ROWS_MAX = 50


class CategoryChoiceField(SlugChoiceField):
    def label_from_instance(self, obj):
        return "\u2003" * obj.depth + obj.name


def category_field(**kwargs):
    return CategoryChoiceField(Category.objects.order_by("path"), to_field_name="slug",
                               label=_("Category"), **kwargs)


class EntryForm(forms.ModelForm):
    category = category_field()

    class Meta:
        model = Product
        fields = ENTRY_FIELDS
        widgets = {
            **{name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
               for name in DATE_FIELDS},
            "description_ru": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
        }


SUGGESTIONS = 40


def suggestions(template):
    """What a choice is usually called: the vocabulary's names, then the values entries have,
    the most used first, so a representative picks a spelling others use."""
    used = (ProductParameter.objects.filter(template=template).order_by().values("value")
            .annotate(n=Count("pk")).order_by("-n", "value").values_list("value", flat=True))
    listed = dict.fromkeys([*vocabulary.values_of(template.key), *used[:SUGGESTIONS]])
    return list(listed)[:SUGGESTIONS]


class SuggestingInput(forms.TextInput):
    """A text input with the usual values offered (a <datalist>): any value may still be typed."""

    def __init__(self, values, attrs=None):
        super().__init__(attrs)
        self.values = values

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or name}-values"
        attrs["list"] = list_id
        options = format_html_join("", '<option value="{}">', ((v,) for v in self.values))
        return super().render(name, value, attrs, renderer) + format_html(
            '<datalist id="{}">{}</datalist>', list_id, options)


class ParametersForm(forms.Form):
    """One field per parameter the category (and its ancestors) declares."""

    def __init__(self, *args, templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.templates = list(templates)
        for template in self.templates:
            self.fields[template.key] = self._field(template)

    @staticmethod
    def _field(template):
        label = str(template)
        if template.kind == ParameterTemplate.Kind.BOOLEAN:
            return forms.ChoiceField(label=label, required=False, choices=[
                ("", "—"), ("yes", _("yes")), ("no", _("no"))])
        attrs = {"inputmode": "decimal"} if template.kind == ParameterTemplate.Kind.NUMBER else {}
        help_text = _("A number, e.g. 2.5") if attrs else ""
        widget = forms.TextInput(attrs=attrs)
        if template.kind == ParameterTemplate.Kind.MULTIPLE:
            help_text = _("Items separated by commas, e.g. USB, 2×CAN, I2C")
        if template.kind == ParameterTemplate.Kind.CHOICE:
            widget = SuggestingInput(suggestions(template))
        return forms.CharField(label=label, required=False, max_length=300, help_text=help_text,
                               widget=widget)

    def clean(self):
        # Each value by the parameter model's own rule (numbers must be numbers).
        data = super().clean()
        for template in self.templates:
            value = data.get(template.key)
            if value:
                try:
                    ProductParameter(template=template, value=value).clean()
                except forms.ValidationError as error:
                    for messages in error.message_dict.values():
                        self.add_error(template.key, messages)
        return data

    def values(self):
        return {key: value for key, value in self.cleaned_data.items() if value}


class RowForm(forms.ModelForm):
    """One row of a list. A row left blank is skipped, whether it was shown empty or the user
    emptied it; a row with anything in it is checked by the model's rules."""

    defaults = ()  # fields whose preselected value alone does not fill a row in

    def has_changed(self):
        for name, field in self.fields.items():
            if name == "DELETE" or name in self.defaults:
                continue
            value = field.widget.value_from_datadict(self.data, self.files,
                                                     self.add_prefix(name))
            if value not in (None, ""):
                return True
        return False


class RowFormSet(forms.BaseFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.empty_permitted = True  # shown rows too: blank means "no row"
        return form


class AliasForm(RowForm):
    class Meta:
        model = PartAlias
        fields = ["part_number"]


class AnalogForm(RowForm):
    defaults = ("compatibility",)

    class Meta:
        model = ForeignAnalog
        fields = ANALOG_FIELDS


class StageForm(RowForm):
    class Meta:
        model = ProductionStage
        fields = STAGE_FIELDS

    def clean_country(self):
        return country_code(self.cleaned_data["country"])


def _with_one_more_row(data, prefix):
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        total = int(data.get(key, 0))
    except ValueError:
        total = 0
    data[key] = str(min(max(total, 0) + 1, ROWS_MAX))
    return data


def _formset(form):
    return forms.formset_factory(form, formset=RowFormSet, extra=2, can_delete=True,
                                 max_num=ROWS_MAX, validate_max=True)


AliasFormSet, AnalogFormSet, StageFormSet = (_formset(AliasForm), _formset(AnalogForm),
                                             _formset(StageForm))


class ProposalForms:
    """All the forms of one proposal. `initial`: proposal data to start from."""

    ROW_PREFIXES = ("alias", "analog", "stage")

    def __init__(self, data=None, initial=None, category=None):
        initial = initial or empty(category)
        self.bound = data is not None
        # "Add a row" (works without JavaScript): the same page again, one more empty row in
        # the table asked for, what was typed kept, nothing saved and no errors shown yet.
        self.adding_row = self.bound and data.get("add_row") in self.ROW_PREFIXES
        if self.adding_row:
            data = _with_one_more_row(data, data["add_row"])
        self.general_errors = []
        self.category_changed = False
        entry_initial = {name: initial.get(name) for name in ENTRY_FIELDS}
        self.entry = EntryForm(data, initial=entry_initial, prefix="entry")
        # The parameters on the page are those of the category the page was built for.
        self.category_slug = (data.get("param_category") if self.bound else None) \
            or initial.get("category") or (category.slug if category else "")
        self.category_slug = self.category_slug.replace("\x00", "")  # a hidden field: anything
        self.parameters = self._parameters_form(data, initial.get("parameters") or {})
        self.aliases = AliasFormSet(data, prefix="alias", initial=[
            {"part_number": alias} for alias in initial.get("aliases") or []])
        self.analogs = AnalogFormSet(data, prefix="analog", initial=initial.get("analogs") or [])
        self.stages = StageFormSet(data, prefix="stage", initial=initial.get("production") or [])

    def _parameters_form(self, data, values):
        category = Category.objects.filter(slug=self.category_slug).first()
        templates = category.parameter_templates() if category else []
        return ParametersForm(data, prefix="param", templates=templates, initial=values)

    def __iter__(self):
        return iter([self.entry, self.parameters, self.aliases, self.analogs, self.stages])

    def hold_errors(self):
        """While rows are being added the forms are not judged: the page shows what was typed
        and no error until the draft is saved."""
        for form in self:
            for one in getattr(form, "forms", [form]):
                one._errors = ErrorDict()
            if hasattr(form, "forms"):
                form._errors, form._non_form_errors = [], ErrorList()

    def is_valid(self):
        # Every form is validated (no short cut), so that all errors show at once.
        results = [form.is_valid() for form in self]
        valid = all(results)
        chosen = self.entry.cleaned_data.get("category") if valid else None
        if chosen is not None and chosen.slug != self.category_slug:
            # A new category has other parameters: show them, keep what still applies.
            kept = self.parameters.values()
            self.category_slug = chosen.slug
            self.parameters = self._parameters_form(None, kept)
            self.category_changed = True
            return False
        return valid

    def proposal(self):
        """The proposed data, in the shape registry.proposals validates."""
        entry = self.entry.cleaned_data
        data = {name: entry.get(name) for name in ENTRY_FIELDS}
        data["category"] = entry["category"].slug
        for name in DATE_FIELDS:
            data[name] = data[name].isoformat() if data[name] else None
        data["parameters"] = self.parameters.values()
        data["aliases"] = [row["part_number"] for row in self._rows(self.aliases)]
        data["analogs"] = [{n: row.get(n) for n in ANALOG_FIELDS}
                           for row in self._rows(self.analogs)]
        data["production"] = [{n: row.get(n) for n in STAGE_FIELDS}
                              for row in self._rows(self.stages)]
        return data

    @staticmethod
    def _kept(formset):
        return [form for form in formset.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")]

    def _rows(self, formset):
        return [form.cleaned_data for form in self._kept(formset)]

    def add_errors(self, error):
        """Put the errors of registry.proposals (by path) next to the fields they are about."""
        sections = {"aliases": self.aliases, "analogs": self.analogs,
                    "production": self.stages}
        for path, messages in error.message_dict.items():
            head, _dot, rest = path.partition(".")
            if head in self.entry.fields:
                self.entry.add_error(head, messages)
            elif head == "parameters" and rest in self.parameters.fields:
                self.parameters.add_error(rest, messages)
            elif head in sections and rest:
                self._add_row_error(sections[head], rest, messages)
            else:
                self.general_errors.extend(messages)

    def _add_row_error(self, formset, rest, messages):
        index, _dot, field = rest.partition(".")
        kept = self._kept(formset)
        if not index.isdigit() or int(index) >= len(kept):
            self.general_errors.extend(messages)
            return
        form = kept[int(index)]
        field = field or next(iter(form.fields))
        form.add_error(field if field in form.fields else None, messages)
