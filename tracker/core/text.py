"""Text normalisation shared by header, agency and deadline matching; pure."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

LOOKALIKES = str.maketrans({"\u00d0": "Đ", "\u00f0": "đ"})
# Tone placement in the vowel pairs oa, oe and uy: the old style marks the second vowel
# (`hoà`, `khoẻ`, `uỷ`), the new style the first (`hòa`, `khỏe`, `ủy`). Both fold to the new.
_OLD_STYLE = {
    f"{pair[0]}{toned}": f"{first}{pair[1]}"
    for pair, toned_seconds, toned_firsts in (
        ("oa", "àáảãạ", "òóỏõọ"),
        ("oe", "èéẻẽẹ", "òóỏõọ"),
        ("uy", "ỳýỷỹỵ", "ùúủũụ"),
    )
    for toned, first in zip(toned_seconds, toned_firsts, strict=True)
}
_OLD_STYLE_RX = re.compile("|".join(_OLD_STYLE))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case-folded text whose spelling variants compare equal.

    NFC and NFD input, the old and new tone-mark placement (`Hoà`/`Hòa`, `Uỷ`/`Ủy`) and the
    look-alike `Ð` (U+00D0) all give the same result; diacritics are kept, so `ngay` and
    `ngày` stay different. Runs of white space become one space.
    """
    if "\u00d0" in text or "\u00f0" in text:
        text = text.translate(LOOKALIKES)
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    text = _OLD_STYLE_RX.sub(lambda m: _OLD_STYLE[m.group()], text)
    return " ".join(text.split())


def strip_diacritics(text: str) -> str:
    """ASCII-ish text: every diacritic removed and đ made d."""
    text = unicodedata.normalize("NFD", text.translate(LOOKALIKES))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("đ", "d").replace("Đ", "D")


_PUNCT = re.compile(r"[^\w%]+")
_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)\s*$")


def header_key(text: str) -> str:
    """Key for whole-cell header and tab-name matching: case, diacritics, punctuation and
    spacing do not count."""
    return " ".join(_PUNCT.sub(" ", strip_diacritics(text).casefold()).replace("_", " ").split())


def header_keys(text: str) -> tuple[str, ...]:
    """The header key, then the key without a trailing note in parentheses, if any."""
    first = header_key(text)
    stripped = _TRAILING_NOTE.sub("", text)
    if stripped != text and stripped.strip():
        second = header_key(stripped)
        if second != first:
            return (first, second)
    return (first,)


def clean(value: object) -> str | None:
    """A cell as text without surrounding space, None when blank."""
    if value is None:
        return None
    text = unicodedata.normalize("NFC", str(value)).strip()
    return text or None


# What XML 1.0 (so .docx and .xlsx) cannot hold: control characters other than tab and
# line breaks, lone surrogates and the two non-characters.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> tuple[str, int]:
    """The text without what XML cannot hold, and how many characters were dropped."""
    return _NOT_XML.subn("", text)


def column_letter(index: int) -> str:
    """0-based column index -> spreadsheet letter (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


_LETTER_RUN = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+")


def fold_pattern(pattern: str) -> str:
    """A regular expression written in plain Vietnamese, folded like the text it will scan.

    Only runs of letters that hold a non-ASCII character are folded, so the regex syntax
    (`(?P<name>`, `\\d`, `\\s`) is left as it is.
    """
    return _LETTER_RUN.sub(
        lambda m: fold(m.group(0)) if not m.group(0).isascii() else m.group(0), pattern
    )
