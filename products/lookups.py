"""`field__any_of=[…]`: membership in a long list of values as one query parameter.

`pk__in=[10 000 ids]` makes Django resolve and the driver bind ten thousand parameters for
every query that reuses the list (results, facet counts, ranking); on PostgreSQL
`id = ANY(%s)` sends the list as one array instead. Elsewhere it is an ordinary IN.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignKey, Lookup


@Field.register_lookup
class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self):
        return [self.lhs.output_field.get_prep_value(value) for value in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if not values:
            raise EmptyResultSet
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*params, values]
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*params, *values]


# Related rows of many entries at once: product__any_of=[ids].
ForeignKey.register_lookup(AnyOf)
