"""Russian and Belarusian are complete and each compiled catalogue matches its source."""

import ast
import gettext
import re

import pytest
from django.conf import settings

# Every interface language but English, the language of the source strings.
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]


def po_path(language):
    return settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po"


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


def test_belarusian_is_an_interface_language():
    assert LANGUAGES == ["ru", "be"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    untranslated = [msgid for _c, msgid, _p, strings, flags in read_po(po_path(language))
                    if not all(strings) or "fuzzy" in flags]
    assert untranslated == []


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != settings.LANGUAGE_CODE])
def test_every_russian_message_is_in_the_other_catalogues(language):
    """A string translated into Russian but missing from Belarusian would show in Russian."""
    russian = {(c, m) for c, m, *_rest in read_po(po_path("ru"))}
    assert russian - {(c, m) for c, m, *_rest in read_po(po_path(language))} == set()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_up_to_date(language):
    po = po_path(language)
    with po.with_suffix(".mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = []
    for context, msgid, plural, strings, _flags in read_po(po):
        if plural:
            compiled = catalogue.npgettext(context, msgid, plural, 1) if context else \
                catalogue.ngettext(msgid, plural, 1)
        else:
            compiled = catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)
        if compiled != strings[0]:
            stale.append(msgid)
    assert stale == [], "run `make messages`"
