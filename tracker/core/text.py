"""Text normalisation shared by header, agency and deadline matching; pure."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Vietnamese tone marks as combining characters (NFD). Vowel-shape marks (circumflex,
# breve, horn) stay on their letter; only the tone mark moves between spelling styles.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+")
LOOKALIKES = str.maketrans({"\u00d0": "Đ", "\u00f0": "đ", "\u0110": "Đ", "\u0111": "đ"})


def _fold_word(match: re.Match[str]) -> str:
    word = match.group(0)
    tones = [c for c in word if c in _TONES]
    if not tones:
        return word
    base = "".join(c for c in word if c not in _TONES)
    return base + tones[0]


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case-folded text whose spelling variants compare equal.

    NFC and NFD input, the old and new tone-mark placement (`Hoà`/`Hòa`, `Uỷ`/`Ủy`) and the
    look-alike `Ð` (U+00D0) all give the same result; diacritics are kept, so `ngay` and
    `ngày` stay different. Runs of white space become one space.
    """
    text = unicodedata.normalize("NFD", text.translate(LOOKALIKES)).casefold()
    text = _WORD.sub(_fold_word, text)
    return " ".join(unicodedata.normalize("NFC", text).split())


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
