"""Public pages of the register: home, an entry, a manufacturer, a document download."""

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from manufacturers.models import Manufacturer

from .models import Category, Document, ForeignAnalog, Product, ProductParameter, ProductStatus

LATEST_COUNT = 8
ENTRIES_PER_PAGE = 50


def home(request):
    entries = Product.objects.restrict(request.user)
    by_country = dict(
        entries.filter(status=ProductStatus.REGISTERED)
        .values_list("manufacturer__country").annotate(n=Count("pk")).order_by()
    )
    top_categories = Category.objects.filter(parent__isnull=True).order_by("position", "path")
    subtree_counts = _registered_counts_by_root()
    return render(request, "products/home.html", {
        "registered_total": sum(by_country.values()),
        "by_country": by_country,
        "top_categories": [(c, subtree_counts.get(c.slug, 0)) for c in top_categories],
        "latest": entries.with_related().order_by("-registered_at", "-pk")[:LATEST_COUNT],
        "manufacturer_count": Manufacturer.objects.admitted().count(),
    })


def _registered_counts_by_root():
    """Registered entries per top-level category, in one grouped query."""
    rows = (
        Product.objects.filter(status=ProductStatus.REGISTERED)
        .values_list("category__path").annotate(n=Count("pk")).order_by()
    )
    counts = {}
    for path, n in rows:
        root = path.strip("/").split("/")[0]
        counts[root] = counts.get(root, 0) + n
    return counts


def product_detail(request, registry_number):
    queryset = Product.objects.restrict(request.user).with_related().prefetch_related(
        "aliases",
        Prefetch("parameters", ProductParameter.objects.select_related("template")),
        Prefetch("analogs", ForeignAnalog.objects.order_by("compatibility_rank", "part_number")),
        "production_stages",
        "documents",
    )
    product = get_object_or_404(queryset, registry_number=registry_number)
    return render(request, "products/product_detail.html", {
        "product": product,
        "categories": product.category.ancestors(),
    })


def manufacturer_detail(request, slug):
    manufacturer = get_object_or_404(Manufacturer.objects.restrict(request.user), slug=slug)
    entries = manufacturer.products.select_related("category").order_by("part_number", "pk")
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "products/manufacturer_detail.html", {
        "manufacturer": manufacturer,
        "page": page,
    })


def document_download(request, registry_number, pk):
    """Documents are served as attachments, never rendered in the register's origin."""
    document = get_object_or_404(
        Document.objects.select_related("product"),
        pk=pk, product__registry_number=registry_number,
    )
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    extension = document.file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        handle, as_attachment=True, content_type=document.content_type,
        filename=f"{registry_number}-{document.kind}-{document.pk}.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
