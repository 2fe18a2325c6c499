"""Finding domestic substitutes for foreign parts, from any ordering code of them.

The engine lives in products.substitution; this module is what pages, the API and the bill
of materials check call. Each answer is a list of Candidates, best first: entries that
declare the part or its family as an analog, then parametric candidates of its category.
"""

from collections.abc import Iterable

from .substitution.candidates import (
    LIMIT,
    SAME_FAMILY,
    SAME_PART,
    Candidate,
    find_for_many,
)
from .substitution.entry import analog_comparisons

__all__ = ["LIMIT", "SAME_FAMILY", "SAME_PART", "Candidate", "analog_comparisons",
           "find_substitutes", "find_substitutes_for_many"]


def find_substitutes(part: str, limit: int | None = None) -> list[Candidate]:
    """[Candidate…] for one foreign part, best first (at most LIMIT, or `limit`)."""
    found = find_for_many([part]).get(part, [])
    return found if limit is None else found[:limit]


def find_substitutes_for_many(parts: Iterable[str],
                              limit: int = LIMIT) -> dict[str, list[Candidate]]:
    """{part: [Candidate…]} for many parts at once (a bill of materials), at most `limit`
    each.

    The same rules and order as find_substitutes, each entry once per part, in a fixed
    number of queries per batch of parts.
    """
    return find_for_many(parts, limit)
