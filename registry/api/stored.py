"""Stored entry documents (registry.models.EntryDocument): rendering, keeping current, reading.

Each entry has one stored document per language: the full form of ProductSerializer, written
by the API's JSON renderer, with its links on a fixed placeholder address that a read replaces
by the address the client used. Documents are rendered

- when an entry changes: `render_on_event` receives the change feed's `event_recorded` signal,
  which `registry.feed.recording.record()` sends last in the changing transaction, and renders
  the entry's documents in that same transaction;
- when a manufacturer or a category changes: the documents of its entries are rendered in the
  same transaction when they are few (STORED_DOCUMENTS_SYNC_LIMIT), otherwise deleted in the
  same transaction and rendered again by a background task (`render_missing`) after commit;
- all at once by `manage.py rebuild_entry_documents`.

A read serves a stored document only when it is current: present, rendered by this code (a
fingerprint of the serializers' source, REPRESENTATION) from the entry and its manufacturer as
they are now (the `updated_at` of both is kept with it), and stating the entry's status today
(an entry past `valid_until` is expired before the daily round records it). Otherwise the
reader builds the representation with the serializer, as before.
"""

import contextvars
import hashlib
import inspect
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connections, router, transaction
from django.db.models import Case, Count, DateField, F, FilteredRelation, Q, Value, When
from django.db.models.functions import Cast
from django.http import HttpResponse
from django.utils import timezone, translation
from django_tasks import task
from rest_framework.renderers import JSONRenderer

from products import compiled, lookups
from products.models import Category, Product
from products.models.entries import effective_status, effective_status_expression

from ..models import EntryDocument
from ..models.changes import CATEGORY, ENTRY, subject_of
from . import bulk_entries, links, public
from .serializers import categories, entry_dicts, fields, manufacturers
from .serializers import products as product_serializers
from .serializers.products import ProductSerializer

# Links in stored bodies are written on this address (".invalid" never resolves) and moved to
# the client's address on the way out.
STORED_BASE = "http://register.invalid"
# Every link's key ends in "url" (url, api_url, a document's url), and nothing else's does.
LINK_KEY_END = 'url":"'
BATCH = 500
CONTENT_TYPE = "application/json"


def _representation_version():
    """A fingerprint of the code that writes an entry's representation, and of the API's
    version: documents rendered by other code are not served."""
    source = "".join(inspect.getsource(module) for module in (
        entry_dicts, product_serializers, categories, manufacturers, fields))
    key = settings.SPECTACULAR_SETTINGS["VERSION"] + source
    return hashlib.sha256(key.encode()).hexdigest()[:16]


REPRESENTATION = _representation_version()


def languages():
    return [code for code, _name in settings.LANGUAGES]


class _StoredAddress:
    """Stands for a request in registry.api.links: every link on STORED_BASE."""

    _register_api_base = STORED_BASE


def body_of(data):
    """The JSON text of a representation, exactly as the API's responses write it."""
    return JSONRenderer().render(data).decode()


def render_entries(entries):
    """Stored documents of `entries` (plain objects of bulk_entries.loaded_chunks) in every
    language, written over the previous ones."""
    now = timezone.now()
    rows = []
    for language in languages():
        with translation.override(language):
            dicts = entry_dicts.EntryDicts(_StoredAddress())
            for entry in entries:
                body = body_of(dicts.entry(entry))
                rows.append((entry.id, language, body, hashlib.sha256(body.encode()).hexdigest(),
                             entry.effective_status, now, REPRESENTATION, entry.updated_at,
                             entry.manufacturer.updated_at))
    _store(rows)
    return len(entries)


def render_queryset(queryset, batch=BATCH):
    """Render the documents of every entry of `queryset`, a batch at a time, from plain rows
    (bulk_entries) rather than model instances: a rebuild of a million entries is mostly this."""
    done, last = 0, 0
    base = queryset.order_by("pk").values_list("pk", flat=True)
    while ids := list(base.filter(pk__gt=last)[:batch]):
        chosen = Product.objects.filter(pk__any_of=lookups.Prepared(ids)).order_by("pk")
        for entries in bulk_entries.loaded_chunks(chosen, batch):
            done += render_entries(entries)
        last = ids[-1]
    return done


# From this many documents on, they are written by COPY.
COPY_FROM = 300
STORED_COLUMNS = ("product_id", "language", "body", "etag", "status", "rendered_at",
                  "representation", "entry_updated_at", "manufacturer_updated_at")


def _store(rows):
    """Insert or replace documents, rows of STORED_COLUMNS. On PostgreSQL not by bulk_create,
    whose arrays quote every quote of every body in Python: a few rows as one pipelined
    upsert, many by COPY into a scratch table and one upsert from it (about twice as fast)."""
    using = router.db_for_write(EntryDocument)
    connection = connections[using]
    if connection.vendor != "postgresql":
        EntryDocument.objects.using(using).bulk_create(
            [EntryDocument(**dict(zip(STORED_COLUMNS, row, strict=True))) for row in rows],
            batch_size=BATCH, update_conflicts=True, unique_fields=["product", "language"],
            update_fields=list(STORED_COLUMNS[2:]))
        return
    quote = connection.ops.quote_name
    table = quote(EntryDocument._meta.db_table)
    columns = ", ".join(quote(name) for name in STORED_COLUMNS)
    upsert = (f"INSERT INTO {table} ({columns}) {{}} ON CONFLICT (product_id, language) "
              "DO UPDATE SET " + ", ".join(f"{quote(name)} = EXCLUDED.{quote(name)}"
                                           for name in STORED_COLUMNS[2:]))
    with connection.cursor() as cursor:
        if len(rows) < COPY_FROM:
            values = f"VALUES ({', '.join(['%s'] * len(STORED_COLUMNS))})"
            cursor.executemany(upsert.format(values), rows)
            return
        cursor.execute(f"CREATE TEMP TABLE documents_in ON COMMIT DROP AS "
                       f"SELECT {columns} FROM {table} WITH NO DATA")
        # Uncompressed here: PostgreSQL copies a compressed value as it is, so bodies would
        # keep this table's compression (pglz) instead of taking the documents' own (lz4).
        cursor.execute("ALTER TABLE documents_in ALTER COLUMN body SET STORAGE EXTERNAL")
        with cursor.cursor.copy(f"COPY documents_in ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(upsert.format(f"SELECT {columns} FROM documents_in"))
        cursor.execute("DROP TABLE documents_in")


def affected_entries(event):
    """The entries whose representation the event changed."""
    subject = subject_of(event.kind)
    if subject == ENTRY:
        return Product.objects.filter(pk=event.product_id)
    if subject == CATEGORY:
        category = Category.objects.get(pk=event.category_id)
        return Product.objects.filter(category__in=Category.objects.subtree(category))
    return Product.objects.filter(manufacturer_id=event.manufacturer_id)


_deferred = contextvars.ContextVar("stored_documents_deferred", default=False)


@contextmanager
def deferred():
    """Inside, changes drop the affected documents instead of rendering them (a bulk load
    renders them afterwards in one pass: `rebuild_entry_documents --outdated`)."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def render_on_event(sender, event, **kwargs):
    """Receives `event_recorded`, inside the transaction of the change."""
    entries = affected_entries(event)
    if _deferred.get():
        EntryDocument.objects.filter(product__in=entries).delete()
        return
    if subject_of(event.kind) == ENTRY:
        render_queryset(entries)
        return
    limit = settings.STORED_DOCUMENTS_SYNC_LIMIT
    if entries[:limit + 1].count() <= limit:
        render_queryset(entries)
        return
    # Many entries: drop their documents now (reads fall back to the serializer), render them
    # again once the change has committed.
    EntryDocument.objects.filter(product__in=entries).delete()
    transaction.on_commit(lambda: render_missing.enqueue())


@task()
def render_missing():
    """Render the documents that a large catalogue change dropped: every entry lacking one
    in some language."""
    complete = EntryDocument.objects.values("product_id").annotate(
        stored=Count("pk")).filter(stored=len(languages())).values("product_id")
    return render_queryset(Product.objects.exclude(pk__in=complete))


def outdated_ids(queryset, batch=5000):
    """Ids of the entries of `queryset` lacking a current document in some language, read a
    batch at a time without rendering anything."""
    last, wanted = 0, len(languages())
    base = queryset.order_by("pk").values_list(
        "pk", "updated_at", "manufacturer__updated_at", "status", "valid_until")
    while True:
        rows = list(base.filter(pk__gt=last)[:batch])
        if not rows:
            return
        last = rows[-1][0]
        current = {}
        for pk, claimed, *rendered_from in EntryDocument.objects.filter(
                product_id__in=[row[0] for row in rows]).values_list(
                    "product_id", "status", "representation", "entry_updated_at",
                    "manufacturer_updated_at"):
            current.setdefault(pk, []).append((claimed, rendered_from))
        for pk, updated, maker_updated, status, valid_until in rows:
            documents = current.get(pk, [])
            if len(documents) < wanted or not all(
                    is_current("", claimed, rendered_from, status, valid_until,
                               (updated, maker_updated))
                    for claimed, rendered_from in documents):
                yield pk


def verify(queryset, batch=BATCH):
    """(registry number, language, what is wrong) for each stored document of `queryset` that
    is missing or differs from what DRF builds from the serializer's declared fields now."""
    last = 0
    base = queryset.order_by("pk")
    while True:
        products = list(ProductSerializer.load(base.filter(pk__gt=last))[:batch])
        if not products:
            return
        last = products[-1].pk
        stored = {(pk, language): rest for pk, language, *rest in EntryDocument.objects.filter(
            product__in=products).values_list(
                "product_id", "language", "body", "status", "representation",
                "entry_updated_at", "manufacturer_updated_at")}
        for language in languages():
            with translation.override(language):
                serializer = ProductSerializer(context={"request": _StoredAddress()})
                for product in products:
                    row = stored.get((product.pk, language))
                    if row is None:
                        yield product.registry_number, language, "missing"
                        continue
                    body, claimed, *rendered_from = row
                    if body != body_of(serializer.field_by_field(product)):
                        yield product.registry_number, language, "differs"
                    elif not is_current(body, claimed, rendered_from, product.status,
                                        product.valid_until, (
                                            product.updated_at,
                                            product.manufacturer.updated_at)):
                        yield product.registry_number, language, "outdated"


# --- Reading --------------------------------------------------------------------------------

def is_current(body, claimed, rendered_from, status, valid_until, stamps):
    """Whether a stored document may be served: present, rendered by this code from the entry
    and manufacturer as they are now (their `updated_at`), and stating the entry's status
    today. `rendered_from` is (representation, entry's stamp, manufacturer's stamp)."""
    return body is not None and tuple(rendered_from) == (REPRESENTATION, *stamps) \
        and claimed == effective_status(status, valid_until)


def with_document(queryset, language):
    """`queryset` with the entry's stored document in `language` joined (left) as `doc`."""
    return queryset.annotate(doc=FilteredRelation(
        "stored_documents", condition=Q(stored_documents__language=language)))


DETAIL_COLUMNS = ("pk", "updated_at", "manufacturer__updated_at", "status", "valid_until",
                  "doc__body", "doc__status", "doc__representation", "doc__entry_updated_at",
                  "doc__manufacturer_updated_at")


def _current(row):
    """(pk, timestamps, body or None) of a row of DETAIL_COLUMNS: the body if it is current."""
    pk, updated, maker_updated, status, valid_until, body, claimed, *rendered_from = row
    stamps = (updated, maker_updated)
    current = is_current(body, claimed, rendered_from, status, valid_until, stamps)
    return pk, stamps, body if current else None


def detail_row(queryset, language):
    """(pk, timestamps, current body or None) of the one entry of `queryset`, in one query;
    None when there is no such entry."""
    row = with_document(queryset, language).values_list(*DETAIL_COLUMNS).first()
    return None if row is None else _current(row)


# The public's detail read: the same query for every entry but its number.
PUBLIC_DETAIL = compiled.CompiledQuery(lambda language, number: with_document(
    public.products(AnonymousUser()).filter(registry_number=number), language)
    .order_by("pk").values_list(*DETAIL_COLUMNS), prepared=True)


def public_detail_row(number, language):
    """detail_row of the public entry `number`, its SQL compiled once per language."""
    row = PUBLIC_DETAIL.first(language, number, router.db_for_read(Product))
    return None if row is None else _current(row)


def current_body(today=None):
    """The joined document's body when it is current, else NULL: `is_current` in SQL, so
    that a reader of many entries gets (pk, text) without reading and comparing the stamps
    (loading four timestamps a row cost an export more than its texts)."""
    fresh = Q(doc__representation=REPRESENTATION, doc__entry_updated_at=F("updated_at"),
              doc__manufacturer_updated_at=F("manufacturer__updated_at"),
              doc__status=effective_status_expression(today))
    return Case(When(fresh, then=F("doc__body")), default=Value(None),
                output_field=EntryDocument._meta.get_field("body"))


def id_and_current_body(queryset, language, today=None):
    """(pk, current body or None) rows of `queryset`, in its order."""
    return with_document(queryset, language).annotate(current_body=current_body(today)) \
        .values_list("pk", "current_body")


def _documents(scope, ids, today):
    """id_and_current_body of the entries `ids` (an IdArray), of the public's entries only
    when `scope` says so; `today` as text, so that the compiled SQL keeps it a parameter."""
    language, public_only = scope
    entries = public.products(AnonymousUser()) if public_only else Product.objects.all()
    return id_and_current_body(entries.filter(pk__any_of=lookups.IdArray(ids)).order_by(),
                               language, Cast(Value(today), DateField()))


# A list page's or a feed page's documents: the same query for any entries, compiled once.
DOCUMENTS = compiled.CompiledQuery(_documents, slots=2, prepared=True)


def current_bodies(ids, language, public_only=False):
    """{pk: body as UTF-8 bytes} of the entries `ids` whose stored document in `language`
    is current (of the public's entries only, with `public_only`), in one query of plain
    rows (a feed page asks for 500), in no order: sorting them cost the feed's query a tenth
    of its time. Bytes, as the answer sends them: a feed page's 1.3 MB are not decoded from
    the server's UTF-8 and encoded again."""
    if not ids:
        return {}
    values = (lookups.IdArray.of(ids), timezone.localdate().isoformat())
    rows = DOCUMENTS.rows((language, public_only), values, router.db_for_read(Product),
                          raw_text=True)
    return {pk: body if isinstance(body, bytes) else body.encode()
            for pk, body in rows if body is not None}


def rebase(body, request):
    """The stored text (str, or its UTF-8 bytes) with its links on the address the client
    used (without a request, as for a webhook delivery, on the register's public address)."""
    moves = link_moves(request)
    if isinstance(body, bytes):
        moves = [(old.encode(), new.encode()) for old, new in moves]
    for old, new in moves:
        body = body.replace(old, new)
    return body


def link_moves(request):
    """(old, new) pieces of text that move stored links to the address the client used; none
    when that is STORED_BASE itself."""
    base = links.absolute(request, "/")[:-1]
    if base == STORED_BASE:
        return []
    # One move for every link key: each pass over a feed page's 1.3 MB costs a millisecond.
    return [(f"{LINK_KEY_END}{STORED_BASE}/", f"{LINK_KEY_END}{base}/")]


def response(text):
    """An answer written from stored text (str or bytes), without parsing or rendering it
    again."""
    return HttpResponse(text if isinstance(text, bytes) else text.encode(),
                        content_type=CONTENT_TYPE)


def page_text(next_link, previous_link, bodies):
    """A list page as KeysetPagination's response writes it, from its entries' texts (UTF-8
    bytes)."""
    head = body_of({"next": next_link, "previous": previous_link, "results": []}).encode()
    assert head.endswith(b"[]}")
    return head[:-2] + b",".join(bodies) + b"]}"
