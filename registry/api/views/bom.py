"""A whole bill of materials at once, for PLM and ERP systems: POST a file or JSON lines.

The file is read exactly as on the site (products.bom), so a list that the page answers is
answered here the same way; the part column is guessed from the values unless named. Every
distinct part is looked up once, in batched queries, whatever the number of lines.
"""

from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import Throttled
from rest_framework.response import Response
from rest_framework.views import APIView

from products import bom

from ...security import ratelimit
from .. import public, schema
from ..errors import InvalidQuery
from ..links import site_url
from ..parsers import (
    MULTIPART_OVERHEAD,
    BoundedJSONParser,
    BoundedMultiPartParser,
    JSONAnswers,
    PayloadTooLarge,
    refuse_beyond,
)
from ..serializers.bom import BomAnswerSerializer, BomLinesSerializer, BomUploadSerializer
from .base import PublicReadMixin


class BomMultiPartParser(BoundedMultiPartParser):
    """A bill of materials is far smaller than a document: refused beyond its own limit."""

    def parse(self, stream, media_type=None, parser_context=None):
        refuse_beyond(parser_context["request"], bom.MAX_BYTES + MULTIPART_OVERHEAD)
        return super().parse(stream, media_type, parser_context)


@dataclass
class Table:
    rows: list
    layout: bom.Layout
    columns: list  # the title of each column, unique
    originals: list | None = None  # JSON lines as sent, in the order of the rows


class BomSubstitutesView(PublicReadMixin, APIView):
    content_negotiation_class = JSONAnswers
    parser_classes = [BoundedJSONParser, BomMultiPartParser]

    @extend_schema(
        summary="Domestic substitutes of a whole bill of materials",
        description=(
            "Send a file as multipart/form-data (CSV, TXT or XLSX: KiCad, Altium and Excel "
            "exports, ГОСТ 2.701 parts lists; the part column is guessed from its values "
            "unless part_column names it) or JSON lines ({\"lines\": [{\"part\": "
            "\"SN74HC164N\", \"quantity\": 2, …}]}). The answer has a line per line sent, "
            "with every original column, the part number read and its best candidates "
            "(at most five; `more` says whether the part has others, which GET "
            "/api/v1/substitutes/?part= lists). When the part column does not look like "
            "part numbers, `warnings` says so and names the columns that do. Limits: the "
            "file size and line count below; a larger body is refused with 413."),
        request={"multipart/form-data": BomUploadSerializer,
                 "application/json": BomLinesSerializer},
        responses=schema.write_responses(BomAnswerSerializer, not_found=False),
    )
    def post(self, request):
        decision = ratelimit.take_bom(request)  # counted before the body is even read
        if not decision.allowed:
            raise Throttled(wait=decision.retry_after, detail=ratelimit.bom_refusal())
        data = request.data  # 415 for a body of another type, 413 beyond the limits
        if request.content_type.startswith("multipart/"):
            table = self.file_table(self.valid(BomUploadSerializer, data))
        else:
            table = self.json_table(self.valid(BomLinesSerializer, data)["lines"])
        lines = bom.answer(table.rows, table.layout, visible=public.products(request.user))
        page = site_url(request, "product-detail", "0").replace("/0/", "/{}/")
        body = {
            "part_column": table.columns[table.layout.part],
            "quantity_column": (None if table.layout.quantity is None
                                else table.columns[table.layout.quantity]),
            "summary": bom.summary(lines),
            "warnings": self.warnings(table),
            "lines": [self.line(table, index, line, page)
                      for index, line in enumerate(lines)],
        }
        # Built as plain data: a thousand lines through serializer fields cost more than
        # their lookup. BomAnswerSerializer describes exactly this shape (tested).
        return Response(body)

    def valid(self, serializer_class, data):
        serializer = serializer_class(data=data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    # --- Reading ----------------------------------------------------------------------------

    def file_table(self, data):
        upload = data["file"]
        if upload.size > bom.MAX_BYTES:
            raise PayloadTooLarge(_("The file is %(size)s; the limit is %(limit)s.") % {
                "size": filesizeformat(upload.size), "limit": filesizeformat(bom.MAX_BYTES)})
        try:
            rows = bom.read_upload(upload)
        except bom.BomError as error:
            raise InvalidQuery("file", str(error), code="unreadable") from error
        layout = bom.guess_layout(rows)
        if "part_column" in data:
            layout.header, layout.part = self.column(rows, layout.header, data["part_column"],
                                                     "part_column")
            if layout.quantity == layout.part:
                layout.quantity = None
        if "quantity_column" in data:
            layout.header, layout.quantity = self.column(
                rows, layout.header, data["quantity_column"], "quantity_column")
        return Table(rows, layout, _unique(bom.header_names(rows, layout.header)))

    @staticmethod
    def column(rows, header, name, field):
        """(header row, column index) of a column named by its title or its letter."""
        wanted = name.strip().casefold()
        rows_to_search = ([header] if header is not None else []) + list(
            range(min(len(rows), bom.PREVIEW_ROWS)))
        for index in rows_to_search:
            titles = [cell.casefold() for cell in rows[index][1]]
            if wanted in titles:
                return index, titles.index(wanted)
        letters = [letter.casefold() for letter in bom.column_letters(rows)]
        if wanted in letters:
            return header, letters.index(wanted)
        known = ", ".join(bom.column_labels(rows, header))
        raise InvalidQuery(field, _("The file has no column %(name)s. Its columns: "
                                    "%(known)s.") % {"name": name, "known": known},
                           code="unknown_column")

    @staticmethod
    def json_table(lines):
        titles = list(dict.fromkeys(key for line in lines for key in line))
        rows = [(0, titles)] + [
            (number, ["" if line.get(key) is None else str(line.get(key))[:bom.MAX_CELL]
                      for key in titles])
            for number, line in enumerate(lines, start=1)]
        quantity = titles.index("quantity") if "quantity" in titles else None
        return Table(rows, bom.Layout(0, titles.index("part"), quantity), titles, lines)

    # --- Answering --------------------------------------------------------------------------

    def warnings(self, table):
        warning = bom.check_part_column(table.rows, table.layout)
        if warning is None:
            return []
        title = table.columns[warning.column.index]
        message = _("Column %(column)s does not look like part numbers: only %(percent)s %% "
                    "of its cells do.") % {"column": title, "percent": warning.column.percent}
        return [{"code": "part_column_unlikely", "message": str(message), "column": title,
                 "alternatives": [{"column": table.columns[c.index],
                                   "share": round(c.share, 2)} for c in warning.others]}]

    @staticmethod
    def line(table, index, line, page):
        if table.originals is not None:
            columns = table.originals[index]
        else:
            columns = dict(zip(table.columns, line.cells, strict=True))
        status = ("section" if line.section else "empty" if not line.part
                  else "found" if line.candidates else "none")
        return {"line": line.number, "columns": columns, "part": line.part,
                "quantity": line.quantity, "status": status,
                "candidates": [candidate(c, page) for c in line.candidates],
                "more": line.more}


def candidate(found, page):
    product = found.product
    return {"registry_number": product.registry_number, "part_number": product.part_number,
            "manufacturer": product.manufacturer.short_name,
            "manufacturer_slug": product.manufacturer.slug, "level": found.level,
            "level_label": found.level_label, "score": found.score,
            "package_note": found.package_note, "url": page.format(product.registry_number)}


def _unique(titles):
    """Titles made unique: a repeated one gets its column's letter."""
    seen, unique = set(), []
    for index, title in enumerate(titles):
        if title in seen:
            title = f"{bom.column_letters([(0, titles)])[index]}: {title}"
        seen.add(title)
        unique.append(title)
    return unique
