"""`field__any_of=[…]`: membership in a long list of values as one query parameter.

`pk__in=[10 000 ids]` makes Django resolve and the driver bind ten thousand parameters for
every query that reuses the list (results, facet counts, ranking); on PostgreSQL
`id = ANY(%s)` sends the list as one array instead. Elsewhere it is an ordinary IN.

Ids read from the database are handed over as `Prepared(ids)`: Django walks a list or tuple
value item by item looking for expressions, and the lookup would convert each item again, two
calls per id of ten thousand for every query that filters by the list. A compiled query
(products.compiled) is given its ids as `IdArray` text, the parameter it binds.
"""

from collections.abc import Iterable, Sequence

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignKey, Lookup


class Prepared(Sequence):
    """Values already in their column's type, passed to `any_of` whole."""

    __slots__ = ("values",)

    def __init__(self, values: Iterable):
        self.values = values if isinstance(values, list) else list(values)

    def __getitem__(self, index):
        return self.values[index]

    def __len__(self):
        return len(self.values)

    def __iter__(self):
        return iter(self.values)

    def __eq__(self, other):
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, as the list it holds

    def __repr__(self):
        return f"Prepared({self.values!r})"


class IdArray(str):
    """Integer ids written as a PostgreSQL array literal, '{1,2,3}': the one parameter
    `any_of` binds for them, so a compiled query can be run again with other ids put in."""

    @classmethod
    def of(cls, ids: Iterable[int]) -> "IdArray":
        return cls("{" + ",".join(map(str, ids)) + "}")

    def ids(self) -> list[int]:
        return [int(value) for value in self.strip("{}").split(",") if value]


@Field.register_lookup
class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self):
        if isinstance(self.rhs, IdArray):
            return self.rhs
        if isinstance(self.rhs, Prepared):
            return self.rhs  # kept as one: as_sql binds it without checking each value
        return [self.lhs.output_field.get_prep_value(value) for value in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        if isinstance(self.rhs, IdArray) and connection.vendor == "postgresql":
            # Bound as it is, even empty: the compiled query is the same for any ids.
            return f"{lhs} = ANY(%s::{self.lhs.output_field.db_type(connection)}[])", \
                [*params, self.rhs]
        prepared = isinstance(self.rhs, Prepared)
        values = self.rhs.ids() if isinstance(self.rhs, IdArray) \
            else self.rhs.values if prepared else list(self.rhs)
        if not values:
            raise EmptyResultSet
        if connection.vendor != "postgresql":
            return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*params, *values]
        column_type = self.lhs.output_field.db_type(connection)
        # Prepared ids are the column's integers already: not checked one by one (a search
        # page filters by up to 10,000 of them several times).
        if column_type in _INTEGER_TYPES and (
                prepared or all(type(value) is int for value in values)):
            # One text parameter cast to an array: the driver writes a list of ten thousand
            # ids item by item (a regular expression each), several milliseconds a query.
            array = "{" + ",".join(map(str, values)) + "}"
            return f"{lhs} = ANY(%s::{column_type}[])", [*params, array]
        return f"{lhs} = ANY(%s)", [*params, values]


_INTEGER_TYPES = {"integer", "bigint", "smallint"}


# Related rows of many entries at once: product__any_of=[ids].
ForeignKey.register_lookup(AnyOf)
