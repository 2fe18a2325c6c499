"""Public pages of the register: home, an entry, the manufacturers, a document download."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render

from manufacturers.models import Country, Manufacturer

from . import directory, domestic, downloads, facets
from .filters import ProductFilterSet
from .models import (
    Document,
    ForeignAnalog,
    Product,
    ProductionStage,
    ProductParameter,
    ProductStatus,
)
from .models.production import Stage
from .substitutes import analog_comparisons

LATEST_COUNT = 8
ENTRIES_PER_PAGE = 50
MAKERS_PER_PAGE = 50


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


def manufacturer_list(request):
    """The directory: search by name or identifier, narrow by country and category."""
    visible = Manufacturer.objects.restrict(request.user)
    filterset = directory.DirectoryFilterSet(request.GET, queryset=visible)
    if not filterset.is_valid():
        return render(request, "products/manufacturer_list.html", {
            "errors": [e for errors in filterset.errors.values() for e in errors]}, status=400)
    cleaned = filterset.form.cleaned_data
    holdings = directory.Holdings.of_register()
    paginator = Paginator(filterset.qs.order_by("short_name_ru", "pk"), MAKERS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    for maker in page.object_list:
        maker.entries_in_force = holdings.entries.get(maker.pk, 0)
    trail, categories = directory.category_options(holdings, cleaned.get("category"))
    return render(request, "products/manufacturer_list.html", {
        "filterset": filterset,
        "page": page,
        "page_links": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "countries": _country_options(filterset, visible, cleaned.get("country") or []),
        "category_trail": trail,
        "category_options": categories,
    })


def _country_options(filterset, visible, chosen):
    """Each country with how many makers match the other filters."""
    data = filterset.data.copy()
    for name in ("country", "page"):
        data.pop(name, None)
    others = directory.DirectoryFilterSet(data, queryset=visible)
    counts = dict(others.qs.order_by().values_list("country").annotate(n=Count("pk")))
    return [facets.Option(code, label, counts.get(code, 0), code in chosen)
            for code, label in Country.choices]


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
        "sites": _production_sites(manufacturer, request.user),
        "page": page,
        "page_links": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "query": query,
        "errors": filterset.errors.get("q", []),
    }, status=status)


def _production_sites(manufacturer, user):
    """Where the manufacturer's visible entries are made: each site with its stages and the
    number of entries made there."""
    rows = (ProductionStage.objects
            .filter(product__in=Product.objects.restrict(user).filter(manufacturer=manufacturer))
            .exclude(site="").order_by()
            .values_list("country", "site", "operator", "stage")
            .annotate(entries=Count("product", distinct=True)))
    sites = {}
    for country, site, operator, stage, entries in rows:
        entry = sites.setdefault((country, site, operator), {"stages": [], "entries": 0})
        entry["stages"].append(Stage(stage).label)
        entry["entries"] = max(entry["entries"], entries)
    return [{"country": country, "site": site, "operator": operator, **facts}
            for (country, site, operator), facts in sorted(sites.items())]


def document_download(request, registry_number, pk):
    """Documents of an entry are public; served as attachments (products.downloads)."""
    document = get_object_or_404(
        Document.objects.select_related("product"),
        pk=pk, product__registry_number=registry_number,
    )
    return downloads.document_response(document, registry_number)
