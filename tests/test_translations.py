"""Russian is complete and the compiled catalogue matches its source."""

import ast
import gettext
import re

from django.conf import settings

PO = settings.BASE_DIR / "locale" / "ru" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def read_po(path):
    """[(msgctxt, msgid, msgid_plural, [msgstr…], flags)] of a .po file."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields, current, flags = {}, None, ""
        for line in block.splitlines():
            if line.startswith("#,"):
                flags = line
            elif line.startswith("#") or not line.strip():
                continue
            elif line.startswith('"'):
                fields[current] += ast.literal_eval(line)
            else:
                current, _, value = line.partition(" ")
                fields[current] = ast.literal_eval(value)
        if "msgid" in fields and fields["msgid"]:
            strings = [v for k, v in sorted(fields.items()) if re.fullmatch(r"msgstr(\[\d\])?", k)]
            entries.append((fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural"),
                            strings, flags))
    return entries


def test_every_message_has_a_russian_translation():
    untranslated = [msgid for _c, msgid, _p, strings, flags in read_po(PO)
                    if not all(strings) or "fuzzy" in flags]
    assert untranslated == []


def test_the_compiled_catalogue_is_up_to_date():
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = []
    for context, msgid, plural, strings, _flags in read_po(PO):
        if plural:
            compiled = catalogue.npgettext(context, msgid, plural, 1) if context else \
                catalogue.ngettext(msgid, plural, 1)
        else:
            compiled = catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)
        if compiled != strings[0]:
            stale.append(msgid)
    assert stale == [], "run `make messages`"
