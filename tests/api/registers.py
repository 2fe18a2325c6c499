"""A register that changes in every way the public can see, through the workflow only: the
writer side of the mirror tests."""

import itertools

from django.core.exceptions import ValidationError

from manufacturers.models import Manufacturer
from products.models import Category, ParameterTemplate, Product
from registry import proposals, workflow
from tests.applications import include_data
from tests.factories import make_category, make_manufacturer, make_user

REFUSALS = (workflow.TransitionError, ValidationError)


class Register:
    """Makers admitted through the workflow, a category tree, and one method per kind of
    change; each refusal of the workflow is a change that did not happen."""

    def __init__(self, registrar, makers=2, prefix=""):
        self.registrar, self.prefix = registrar, prefix
        self.numbers = itertools.count(1)
        self.root = make_category(parameters=[("vcc", "number", "V")])
        self.mcu = make_category(parent=self.root, parameters=[("clock_mhz", "number", "MHz")])
        self.makers, self.reps = [], {}
        for _ in range(makers):
            self.add_maker()

    def unique(self, stem):
        return f"{self.prefix}{stem}{next(self.numbers)}"

    # --- Manufacturers -------------------------------------------------------------------------

    def add_maker(self):
        maker = make_manufacturer(slug=self.unique("maker-").lower(), status="pending")
        self.reps[maker.pk] = make_user(represents=maker)
        workflow.admit(maker, self.registrar, "documents checked")
        self.makers.append(maker)
        return maker

    def rename_maker(self, index):
        """Changes what entries embed of the maker: its short name and slug."""
        maker = self.maker(index)
        new_slug = self.unique("renamed-")

        def edit():
            fresh = Manufacturer.objects.get(pk=maker.pk)
            fresh.short_name_en, fresh.slug = f"Renamed {new_slug}", new_slug
            fresh.save()

        workflow.correct_manufacturer(maker, self.registrar, reason="renamed", edit=edit)

    def change_contacts(self, index):
        maker = self.maker(index)

        def edit():
            fresh = Manufacturer.objects.get(pk=maker.pk)
            fresh.website = f"https://{self.unique('site')}.example"
            fresh.email = f"{self.unique('office')}@example.org"
            fresh.save()

        workflow.correct_manufacturer(maker, self.registrar, reason="contacts", edit=edit)

    def maker(self, index):
        return Manufacturer.objects.get(pk=self.makers[index % len(self.makers)].pk)

    # --- Entries ----------------------------------------------------------------------------

    def entries(self):
        return list(Product.objects.filter(manufacturer__in=self.makers).order_by("pk"))

    def entry(self, index):
        entries = self.entries()
        return entries[index % len(entries)] if entries else None

    def decide(self, application, **approval):
        rep = self.reps[application.manufacturer_id]
        application = workflow.submit(application, rep)
        application = workflow.take_for_review(application, self.registrar)
        return workflow.approve(application, self.registrar, **approval)

    def include(self, index):
        maker = self.maker(index)
        data = include_data(self.mcu, part_number=self.unique("К1986ВЕ"))
        application = workflow.create_application(self.reps[maker.pk], maker, "include",
                                                  data=data)
        return self.decide(application).product

    def register_directly(self, index):
        maker = self.maker(index)
        product = Product(manufacturer=maker, category=self.root,
                          part_number=self.unique("IN74HC"), name_ru="Регистр")
        workflow.register_directly(product, self.registrar, reason="paper register")

    def amend(self, index):
        product = self.entry(index)
        if product is None:
            return
        data = {**proposals.of_entry(product), "package": self.unique("LQFP")}
        application = workflow.create_application(self.reps[product.manufacturer_id],
                                                   product.manufacturer, "amend",
                                                   product=product, data=data)
        self.decide(application)

    def withdraw(self, index):
        product = self.entry(index)
        if product is None:
            return
        application = workflow.create_application(self.reps[product.manufacturer_id],
                                                   product.manufacturer, "withdraw",
                                                   product=product, note="Production ended.")
        self.decide(application, legal_basis="Order No. 7")

    def suspend(self, index):
        if (product := self.entry(index)) is not None:
            workflow.suspend(product, self.registrar, "audit")

    def reinstate(self, index):
        if (product := self.entry(index)) is not None:
            workflow.reinstate(product, self.registrar, "audit passed")

    def exclude(self, index):
        if (product := self.entry(index)) is not None:
            workflow.exclude(product, self.registrar, reason_code="false_data",
                             legal_basis="Order No. 9")

    def correct(self, index):
        product = self.entry(index)
        if product is None:
            return
        name = self.unique("Corrected ")

        def edit():
            fresh = Product.objects.get(pk=product.pk)
            fresh.name_en = name
            fresh.save()

        workflow.correct_entry(product, self.registrar, reason="per datasheet", edit=edit)

    # --- Categories -------------------------------------------------------------------------

    def rename_category(self, index):
        """A new name for the root or the subcategory, and a new unit of its parameter."""
        category = [self.root, self.mcu][index % 2]
        name = self.unique("Category ")

        def edit():
            fresh = Category.objects.get(pk=category.pk)
            fresh.name_en = name
            fresh.save()
            template = ParameterTemplate.objects.filter(category=category).first()
            template.unit = self.unique("u")
            template.save()

        workflow.correct_category(category, self.registrar, edit=edit)

    STEPS = ("include", "include", "register_directly", "amend", "withdraw", "suspend",
             "reinstate", "exclude", "correct", "rename_maker", "change_contacts",
             "rename_category", "add_maker")

    def step(self, name, index=0):
        """One change; True when the workflow made it, False when it refused."""
        try:
            method = getattr(self, name)
            method() if name == "add_maker" else method(index)
        except REFUSALS:
            return False
        return True
