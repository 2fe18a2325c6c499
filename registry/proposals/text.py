"""Rules for every piece of text in a proposal, whoever sends it (portal, API, desk): text
is a string, holds no NUL, and is stored in Unicode NFC; identifiers (part numbers, other
spellings, analogs, codes) also hold no control, invisible or bidirectional characters, which
would make a published number read differently from what it is."""

import unicodedata

from django.utils.translation import gettext as _

IDENTIFIER_FIELDS = {"part_number", "tnved_code", "okpd2_code", "origin_document_number"}
# Cc controls, Cf format characters (zero-width, bidi embeddings and isolates, soft hyphen),
# surrogates, private use, unassigned, and the line and paragraph separators.
_NOT_IN_IDENTIFIERS = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


class TextError(ValueError):
    pass


def clean_text(value, identifier=False):
    """`value` as stored (NFC), or TextError with the message to show."""
    if not isinstance(value, str):
        raise TextError(_("Enter text."))
    if "\x00" in value:
        raise TextError(_("Remove the null character (\\x00) from the text."))
    value = unicodedata.normalize("NFC", value)
    if identifier:
        hidden = next((c for c in value if unicodedata.category(c) in _NOT_IN_IDENTIFIERS),
                      None)
        if hidden is not None:
            raise TextError(_(
                "Remove the invisible or control character U+%(code)04X: an identifier may "
                "hold only visible characters and spaces.") % {"code": ord(hidden)})
    return value
