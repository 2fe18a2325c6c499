"""Normalisation of part numbers: one module, used when saving and when searching.

Russian designations mix Cyrillic and Latin (К1986ВЕ92QI) and are typed three ways: as
designed, with look-alike Latin letters (K1986BE92QI) and transliterated (k1986ve92qi).
Every spelling is reduced to a few keys; two spellings of one part share at least one:

* look-alike key: Cyrillic letters that look like Latin ones become those Latin letters;
* transliteration key: every Cyrillic letter is transliterated (В→V, Я→YA, Х→KH …);
* skeleton key: Latin look-alikes are read as the Cyrillic letters they imitate, everything
  is transliterated, and the Latin letters that stand for two sounds are folded (B≡V, H≡N,
  P≡R, C≡S, X≡KH), so K1986BE92QI and k1986ve92qi meet. It is looser than the others, and
  search ranks its matches below theirs;
* family key: the skeleton without the К/КР/КМ/ЭК or vendor prefix and without the
  package/grade suffix (К1986ВЕ92QI → 1986VE92, SN74HC164N → 74NS164).
"""

import re
import unicodedata
from dataclasses import dataclass

LOOKALIKE = str.maketrans("АВЕКМНОРСТХУ", "ABEKMHOPCTXY")

TRANSLIT = str.maketrans({
    "А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Е": "E", "Ё": "E", "Ж": "ZH",
    "З": "Z", "И": "I", "Й": "Y", "К": "K", "Л": "L", "М": "M", "Н": "N", "О": "O",
    "П": "P", "Р": "R", "С": "S", "Т": "T", "У": "U", "Ф": "F", "Х": "KH", "Ц": "TS",
    "Ч": "CH", "Ш": "SH", "Щ": "SHCH", "Ъ": "", "Ы": "Y", "Ь": "", "Э": "E", "Ю": "YU",
    "Я": "YA",
    # Belarusian and Ukrainian letters that appear in designations.
    "І": "I", "Ў": "U", "Ї": "I", "Є": "E", "Ґ": "G",
})

# After transliteration, the Latin letters that look like a different Cyrillic letter are
# folded to that letter's transliteration, so the skeleton holds none of B, H, P, C, X and
# computing it again changes nothing.
SKELETON_FOLD = str.maketrans({"B": "V", "H": "N", "P": "R", "C": "S", "X": "KN"})

# Other common ways to write Я, Ю, Ё in Latin (1892vm14ja), folded to one spelling.
_LATIN_VARIANTS = re.compile(r"J([AUO])")

# [prefix of up to four letters][series digits][function letters][number] + any suffix.
_RUSSIAN_STYLE = re.compile(r"^[A-Z]{0,4}(\d{2,}[A-Z]{1,6}\d+)")
# [vendor prefix][digits] + any suffix: MC34119 → 34119, L7805CV → 7805.
_DIGIT_CORE = re.compile(r"^[A-Z]{0,4}(\d{3,})")

# The CMOS 4000 series under its makers' prefixes (CD4011BE, HEF4011B, MC14011B): its family
# key is digits only, so the prefix alone cannot tell it from other parts with those digits.
CMOS_4000 = re.compile(r"^(?:CD|HEF|HCF|MC1|TC|MM|BU)?(4\d{3,4})(?!\d)")

MAX_LENGTH = 100


_NOT_ALNUM = re.compile(r"[\W_]+")


def plain(value: object) -> str:
    """Upper-case letters and digits only: spaces, hyphens, dots, slashes, underscores go."""
    text = str(value or "")
    if text.isascii():
        return _NOT_ALNUM.sub("", text).upper()[:MAX_LENGTH]
    text = unicodedata.normalize("NFKC", text).upper()
    text = unicodedata.normalize("NFKC", text).replace("Ё", "Е")
    return _NOT_ALNUM.sub("", text)[:MAX_LENGTH]


def lookalike(value: object) -> str:
    return plain(value).translate(LOOKALIKE)


def _fold_latin(text: str) -> str:
    return _LATIN_VARIANTS.sub(lambda m: "Y" + m.group(1), text)


def translit(value: object) -> str:
    return _fold_latin(plain(value).translate(TRANSLIT))


def skeleton(value: object) -> str:
    # The fold creates no J, so it commutes with the YA/YU/YO folding done by translit.
    return translit(value).translate(SKELETON_FOLD)


def _family_of_skeleton(key: str) -> str:
    match = _RUSSIAN_STYLE.match(key) or _DIGIT_CORE.match(key)
    return match.group(1) if match else key


def family(value: object) -> str:
    """The family of a part number: its skeleton without prefix and suffix."""
    return _family_of_skeleton(skeleton(value))


def keys_of(value: object) -> tuple[str, str, str, str]:
    """(lookalike, translit, skeleton, family) of one spelling; bulk imports call this for
    every row, so Latin-only text, which the Cyrillic tables leave as it is, skips them."""
    text = plain(value)
    if text.isascii():
        transliterated = _fold_latin(text) if "J" in text else text
        lookalike_key = text
    else:
        transliterated = _fold_latin(text.translate(TRANSLIT))
        lookalike_key = text.translate(LOOKALIKE)
    folded = transliterated.translate(SKELETON_FOLD)
    return lookalike_key, transliterated, folded, _family_of_skeleton(folded)


@dataclass(frozen=True)
class PartKeys:
    lookalike: str
    translit: str
    skeleton: str
    family: str

    @classmethod
    def of(cls, value: object) -> "PartKeys":
        return cls(*keys_of(value))

    @property
    def exact(self) -> set[str]:
        """The keys a spelling is known by exactly (for matching against stored keys)."""
        return {self.lookalike, self.translit} - {""}

    def meets(self, other: "PartKeys") -> bool:
        """True when two spellings name the same part (share a key)."""
        mine = {self.lookalike, self.translit, self.skeleton} - {""}
        return bool(mine & {other.lookalike, other.translit, other.skeleton})
