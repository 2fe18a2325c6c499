"""Public pages of the register: home, an entry, a manufacturer, a document download."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from manufacturers.models import Country, Manufacturer

from . import domestic, downloads, facets
from .filters import ProductFilterSet
from .models import Document, ForeignAnalog, Product, ProductParameter, ProductStatus
from .substitutes import analog_comparisons

LATEST_COUNT = 8
ENTRIES_PER_PAGE = 50


def home(request):
    """Counts come from the register's cached facet cube: no counting query per visit."""
    cube = facets.register_cube()
    registered = facets.Selection(statuses=(ProductStatus.REGISTERED,))
    makers = facets.makers_of(cube, registered)
    categories = facets.all_categories()
    counts = facets.CubeCounts(cube, registered, makers, categories)
    by_country = counts.by("country", lambda row: getattr(makers.get(row[1]), "country", ""))
    roots = facets.category_tree(counts, categories, None)
    return render(request, "products/home.html", {
        "registered_total": counts.total(),
        "by_country": {code: by_country[code] for code in Country.values if code in by_country},
        "countries": [(code, label, by_country.get(code, 0)) for code, label in Country.choices],
        "top_categories": [(node.category, node.count) for node in roots],
        "latest": Product.objects.restrict(request.user).with_related()
        .order_by("-registered_at", "-pk")[:LATEST_COUNT],
        "manufacturer_count": Manufacturer.objects.admitted().count(),
    })


def product_detail(request, registry_number):
    """The entry page. Its template is a setting: the catalogue's own page, or one extending
    it that fills the blocks of the apps above (the register's extract and history)."""
    queryset = Product.objects.restrict(request.user).with_related().prefetch_related(
        "aliases",
        Prefetch("parameters", ProductParameter.objects.select_related("template")),
        Prefetch("analogs", ForeignAnalog.objects.order_by("compatibility_rank", "part_number")),
        "production_stages",
        "documents",
    )
    product = get_object_or_404(queryset, registry_number=registry_number)
    stages = list(product.production_stages.all())
    template = getattr(settings, "ENTRY_PAGE_TEMPLATE", "products/product_detail.html")
    return render(request, template, {
        "product": product,
        "categories": product.category.ancestors(),
        "stages": stages,
        "verdict": domestic.verdict(stages),
        # Each declared analog, with its comparison where the reference catalogue knows it.
        "analogs": analog_comparisons(product),
    })


def manufacturer_detail(request, slug):
    """The manufacturer and its entries, searchable (the same `q` as the search page)."""
    manufacturer = get_object_or_404(Manufacturer.objects.restrict(request.user), slug=slug)
    filterset = ProductFilterSet(
        {"q": request.GET.get("q", "")},
        queryset=Product.objects.restrict(request.user).filter(manufacturer=manufacturer))
    status = 200
    if filterset.is_valid():
        entries = filterset.qs
        query = filterset.form.cleaned_data["q"]
    else:
        entries, query, status = Product.objects.none(), "", 400
    ordering = ("-match_rank", "-text_rank", "part_number", "pk") if query else (
        "part_number", "pk")
    paginator = Paginator(entries.select_related("category").order_by(*ordering),
                          ENTRIES_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "products/manufacturer_detail.html", {
        "manufacturer": manufacturer,
        "page": page,
        "page_links": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "query": query,
        "errors": filterset.errors.get("q", []),
    }, status=status)


def document_download(request, registry_number, pk):
    """Documents of an entry are public; served as attachments (products.downloads)."""
    document = get_object_or_404(
        Document.objects.select_related("product"),
        pk=pk, product__registry_number=registry_number,
    )
    return downloads.document_response(document, registry_number)
