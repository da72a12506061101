"""The agency registry, 2025 successions and name resolution (DESIGN.md §4); pure.

Names resolve by exact lookup of a normalised key (see `agency_key`), never by fuzzy or
substring matching: `Sở Nội vụ tỉnh Y` is not `Bộ Nội vụ`.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

from .model import Agency, AgencyKind
from .text import fold, fold_pattern, strip_diacritics

PROVINCE_MERGER_DAY = dt.date(2025, 7, 1)
COLLECTIVE = ("ALL_MINISTRIES", "ALL_PROVINCES", "ALL_AGENCIES")

_NON_WORD = re.compile(r"[^\w\u0300-\u036f]+")
_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]+")


def agency_key(text: str) -> str:
    """Key under which names are looked up: folded (case, NFC/NFD, tone placement, `Ð`),
    punctuation and spacing ignored."""
    folded = fold(text)
    if folded.replace(" ", "").isalnum():  # nothing to drop (the common case)
        return folded
    spaced = _PUNCTUATION.sub(" ", folded)
    if spaced.replace(" ", "").isalnum():  # only ASCII punctuation (faster than _NON_WORD)
        return " ".join(spaced.split())
    return " ".join(_NON_WORD.sub(" ", folded).replace("_", " ").split())


_END = ""  # the key, in a node of `Registry._names`, of the code of a name ending there
# a node: the next words of names, and at _END the code of the name ending here
_Node = dict[str, Any]
_PROVINCE_PREFIXES = [
    tuple(" ".join(parts).split())
    for parts in itertools.product(
        ("", fold("chủ tịch")),
        ("", "ubnd", fold("ủy ban nhân dân")),
        ("", fold("tỉnh"), fold("thành phố"), "tp"),
    )
]
_PROVINCE_FORM = re.compile(
    fold_pattern(
        r"^(?:chủ tịch )?(?:(?:ubnd|ủy ban nhân dân) )?(?:(?:tỉnh|thành phố|tp) )?(?P<name>.+)$"
    )
)
# Words that open an agency's name: a comma-separated piece that starts with one is a new
# agency, not the rest of the previous name.
_HEADS = tuple(
    agency_key(word) + " "
    for word in (
        "bộ",
        "sở",
        "ubnd",
        "ủy ban",
        "ngân hàng",
        "thanh tra",
        "văn phòng",
        "bảo hiểm",
        "tỉnh",
        "thành phố",
        "tp",
        "tổng cục",
        "cục",
        "vụ",
        "viện",
        "tòa án",
        "kiểm toán",
        "hội",
        "tập đoàn",
        "tổng công ty",
        "công ty",
        "trung tâm",
        "ban",
        "công an",
        "đài",
        "thông tấn",
        "các",
        "huyện",
        "quận",
        "thị xã",
        "xã",
        "phường",
        "chủ tịch",
    )
)
_ELLIPSIS = re.compile(
    r"^(?:(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+)?(?:các|hai|ba|\d+)\s+"
    r"(?P<head>bộ|tỉnh,\s*thành phố|tỉnh|thành phố|ubnd tỉnh|ủy ban nhân dân tỉnh)"
    r"\s*:?\s+(?P<rest>\S.*)$",
    re.I | re.S,
)
_STRONG_SEP = re.compile(r"\s*[;\n\r+/]\s*")
_WEAK_SEP = re.compile(r"(\s*,\s*|\s+và\s+)", re.I)
_LEADING = "-–•*·"
_TRAILING = ".;,:"


def _bare(text: str) -> str:
    """The text without leading space and bullets (`-`, `•`, ...) and trailing space and
    punctuation (`.`, `;`, `,`, `:`)."""
    start = text.lstrip()
    while start[:1] and start[0] in _LEADING:
        start = start[1:].lstrip()
    end = start.rstrip()
    while end[-1:] and end[-1] in _TRAILING:
        end = end[:-1].rstrip()
    return end


@dataclass(frozen=True)
class Resolved:
    """One agency named in a cell: the text as written (expanded for elliptic lists) and its
    code, None when the name is unknown."""

    text: str
    code: str | None


def _read_csv(name: str) -> list[dict[str, str]]:
    with resources.files("tracker.core.data").joinpath(name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@cache
def builtin_agencies() -> tuple[Agency, ...]:
    """Every agency the tracker knows without a `Cơ quan` tab."""
    agencies = [
        Agency(
            code=row["code"],
            name=row["name"],
            kind=AgencyKind(row["kind"]),
            aliases=tuple(a for a in row["aliases"].split("|") if a),
            successor=row["successor"] or None,
            dissolved_on=dt.date.fromisoformat(row["dissolved_on"])
            if row["dissolved_on"]
            else None,
        )
        for row in _read_csv("agencies.csv")
    ]
    for row in _read_csv("provinces.csv"):
        title = "Thành phố" if row["type"] == "thành phố" else "Tỉnh"
        agencies.append(
            Agency(
                code=row["code"],
                name=f"{title} {row['name']}",
                kind=AgencyKind.PROVINCE,
                aliases=(row["name"], *(a for a in row["aliases"].split("|") if a)),
                successor=row["successor"] or None,
                dissolved_on=PROVINCE_MERGER_DAY if row["successor"] else None,
            )
        )
    return tuple(agencies)


class Registry:
    """Agencies by code, with name resolution and successions. Immutable once built."""

    def __init__(self, agencies: Iterable[Agency]) -> None:
        self._by_code: dict[str, Agency] = {}
        for agency in agencies:
            self._by_code[agency.code] = agency
        self._by_key: dict[str, str] = {}
        self._provinces: dict[str, str] = {}
        for agency in self._by_code.values():
            names = (agency.code, agency.name, *agency.aliases)
            for name in names:
                key = agency_key(name)
                if key:
                    self._by_key.setdefault(key, agency.code)
                    if agency.kind is AgencyKind.PROVINCE:
                        self._provinces.setdefault(key, agency.code)
        self._resolve_cache: dict[str, str | None] = {}
        self._key_cache: dict[str, str] = {}
        self._key_codes: dict[str, str | None] = {}
        self._chunk_cache: dict[str, tuple[Resolved, ...]] = {}
        self._word_cache: dict[str, tuple[str, ...]] = {}
        self._tree: _Node | None = None
        self._split_cache: dict[str, tuple[Resolved, ...]] = {}
        self._current_cache: dict[tuple[str | None, dt.date], str | None] = {}

    @classmethod
    def builtin(cls) -> Registry:
        return _builtin_registry()

    def with_overrides(self, agencies: Iterable[Agency]) -> Registry:
        """A registry where these agencies (from the workbook's `Cơ quan` tab) add to the
        built-in ones or replace those with the same code (keeping their succession)."""
        agencies = list(agencies)  # read twice below
        merged = dict(self._by_code)
        for agency in agencies:
            old = merged.get(agency.code)
            if old is not None:
                agency = replace(
                    agency,
                    aliases=(*agency.aliases, old.name, *old.aliases),
                    successor=agency.successor or old.successor,
                    dissolved_on=agency.dissolved_on or old.dissolved_on,
                )
            merged[agency.code] = agency
        # Names given in the tab win over built-in names that look the same.
        registry = Registry(merged.values())
        for agency in agencies:
            for name in (agency.code, agency.name, *agency.aliases):
                key = agency_key(name)
                if key:
                    registry._by_key[key] = agency.code
        registry._key_codes.clear()
        registry._tree = None
        registry._chunk_cache.clear()
        return registry

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[Agency]:
        return iter(self._by_code.values())

    def get(self, code: str) -> Agency | None:
        return self._by_code.get(code)

    def name(self, code: str | None) -> str:
        """Display name of a code; `Chưa xác định` for None, the code itself if unknown."""
        if code is None:
            return "Chưa xác định"
        agency = self._by_code.get(code)
        return agency.name if agency else code

    def current(self, code: str | None, as_of: dt.date) -> str | None:
        """The agency that answers for `code`'s tasks on `as_of`, following successions."""
        try:
            return self._current_cache[(code, as_of)]
        except KeyError:
            found = self._current_cache[(code, as_of)] = self._current(code, as_of)
            return found

    def _current(self, code: str | None, as_of: dt.date) -> str | None:
        seen: set[str] = set()
        while code is not None and code not in seen:
            seen.add(code)
            agency = self._by_code.get(code)
            if agency is None or agency.successor is None or agency.dissolved_on is None:
                return code
            if as_of < agency.dissolved_on:
                return code
            code = agency.successor
        return code

    def lookup(self, value: str) -> str | None:
        """A code given as a code or as any name the registry resolves; None if neither."""
        return value if value in self._by_code else self.resolve(value)

    def resolve(self, text: str) -> str | None:
        """The code of one agency name, None when it names no known agency."""
        cached = self._resolve_cache.get(text, "")
        if cached != "":
            return cached
        code = self._resolve_cache[text] = self._code_for(self._key(text))
        return code

    def _key(self, text: str) -> str:
        try:
            return self._key_cache[text]
        except KeyError:
            key = self._key_cache[text] = agency_key(text)
            return key

    def _code_for(self, key: str) -> str | None:
        """The code of a name's key (see `agency_key`), None when it names no agency."""
        try:
            return self._key_codes[key]
        except KeyError:
            pass
        code = self._by_key.get(key)
        if code is None:
            match = _PROVINCE_FORM.match(key)
            if match:
                code = self._provinces.get(match["name"])
        self._key_codes[key] = code
        return code

    def split(self, text: str | None) -> tuple[Resolved, ...]:
        """Every agency named in a cell, in order: split on `,` `;` `/` `+`, newlines and
        `và` without breaking names that contain them, with elliptic lists expanded
        (`các Bộ: Tài chính, Tư pháp`). Unknown names are kept with code None. Takes time
        linear in the length of the cell."""
        if not text or not text.strip():
            return ()
        cached = self._split_cache.get(text)
        if cached is None:
            cached = tuple(self._split(text))
            self._split_cache[text] = cached
        return cached

    def _names(self) -> _Node:
        """Every name the registry resolves, as a tree of their keys' words (a name ends
        where a node holds `_END`: its code): built once, it finds the longest name a
        list of pieces starts with, word by word."""
        if self._tree is not None:
            return self._tree
        tree: _Node = {}

        def add(words: Iterable[str], code: str) -> None:
            node = tree
            for word in words:
                node = node.setdefault(word, {})
            node[_END] = code

        # Province forms first (`[chủ tịch] [ubnd] [tỉnh] <name>`), then the names
        # themselves, which win where both read the same.
        for key, code in self._provinces.items():
            for form in _PROVINCE_PREFIXES:
                add((*form, *key.split()), code)
        for key, code in self._by_key.items():
            add(key.split(), code)
        self._tree = tree
        return tree

    def longest_name(self, words: Sequence[str], start: int) -> tuple[str, int] | None:
        """The code of the longest name that `words` (keys of single words, see
        `agency_key`) spell from `start`, and the index after its last word; None when no
        name starts there."""
        node: _Node | None = self._names()
        best: tuple[str, int] | None = None
        for j in range(start, len(words)):
            node = node.get(words[j]) if node is not None else None
            if node is None:
                break
            code = node.get(_END)
            if code is not None:
                best = (code, j + 1)
        return best

    def spellings(self) -> Iterator[tuple[str, str]]:
        """(code, name) for every name and alias the registry resolves."""
        for agency in self._by_code.values():
            for name in (agency.name, *agency.aliases):
                yield agency.code, name

    def _words(self, text: str) -> tuple[str, ...]:
        """The words of a piece of text's key (see `agency_key`)."""
        try:
            return self._word_cache[text]
        except KeyError:
            words = self._word_cache[text] = tuple(self._key(text).split())
            return words

    def _split(self, text: str) -> list[Resolved]:
        # A key drops punctuation, so the key of the cell, of a chunk or of several pieces is
        # the keys of their pieces joined: each piece (the same names recur in many cells) is
        # keyed once, and a long cell is never folded whole.
        text = _nfc(text)
        bare = [_bare(chunk) for chunk in _STRONG_SEP.split(text)]
        chunks = [(chunk, _WEAK_SEP.split(chunk)) for chunk in bare if chunk]
        words = [word for _, parts in chunks for part in parts for word in self._words(part)]
        code = self._code_for(" ".join(words))
        if code is not None:
            return [Resolved(_bare(text), code)]
        found: list[Resolved] = []
        for chunk, parts in chunks:
            named = self._chunk_cache.get(chunk)
            if named is None:
                named = self._chunk_cache[chunk] = tuple(self._split_chunk(chunk, parts))
            found.extend(named)
        return found

    def _split_chunk(self, chunk: str, parts: list[str]) -> list[Resolved]:
        code = self._code_for(" ".join(word for part in parts for word in self._words(part)))
        if code is not None:
            return [Resolved(chunk, code)]
        prefix = ""
        ellipsis = _ELLIPSIS.match(chunk)
        if ellipsis:
            # `các Bộ: Tài chính, Tư pháp` names `Bộ Tài chính` and `Bộ Tư pháp`; provinces in
            # `các tỉnh: Bắc Ninh, Hà Nam` resolve by their bare names.
            prefix = "Bộ " if ellipsis["head"].casefold() == "bộ" else ""
            parts = _WEAK_SEP.split(ellipsis["rest"])
        pieces, seps = parts[0::2], parts[1::2]
        # Names are looked up word by word in a tree, so a candidate stops growing as soon
        # as no name goes on that way: linear time.
        piece_keys = [self._words(p) for p in pieces]
        sep_keys = [self._words(s) for s in seps]

        def joined(i: int, j: int) -> str:
            return "".join(parts[2 * i : 2 * j - 1])

        def longest(i: int, prefix: str) -> tuple[Resolved, int] | None:
            """The longest run of pieces from `i` that names an agency (after `prefix`)."""
            node: _Node | None = self._names()
            for word in self._words(prefix) if prefix else ():
                node = node.get(word) if node is not None else None
            best: tuple[int, str] | None = None
            for j in range(i, len(pieces)):
                for word in (*sep_keys[j - 1], *piece_keys[j]) if j > i else piece_keys[j]:
                    node = node.get(word) if node is not None else None
                if node is None:
                    break
                code = node.get(_END)
                if code is not None:
                    best = (j + 1, code)
            if best is None:
                return None
            return Resolved(prefix + joined(i, best[0]), best[1]), best[0]

        found: list[Resolved] = []
        i = 0
        while i < len(pieces):
            taken = longest(i, prefix)
            if taken is None and prefix:
                # The list may go on with a name of its own: `các Bộ: Tài chính, Tư pháp
                # và UBND tỉnh Bắc Ninh`; from there on the prefix no longer applies.
                taken = longest(i, "")
                if taken is not None:
                    prefix = ""
            if taken is not None:
                found.append(taken[0])
                i = taken[1]
                continue
            # Unknown: keep together the pieces that do not open a new agency name.
            if prefix and _opens_key(piece_keys[i]):
                prefix = ""
            j = i + 1
            while j < len(pieces) and not _opens_key(piece_keys[j]) and longest(j, prefix) is None:
                j += 1
            found.append(Resolved(prefix + joined(i, j), None))
            i = j
        return found


_KIND_ORDER = {
    AgencyKind.MINISTRY: 0,
    AgencyKind.NATIONAL: 1,
    AgencyKind.PROVINCE: 2,
    AgencyKind.OTHER: 3,
    AgencyKind.COLLECTIVE: 4,
}


def display_order(registry: Registry) -> Callable[[str | None], tuple[int, str]]:
    """Sort key for agency codes as a secretariat lists them: ministries, national bodies,
    provinces, others, collective leads, then unknown and blank."""

    def key(code: str | None) -> tuple[int, str]:
        agency = registry.get(code) if code else None
        if agency is None:
            return (6 if code is None else 5, code or "")
        return (_KIND_ORDER[agency.kind], strip_diacritics(agency.name).casefold())

    return key


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _opens_key(words: tuple[str, ...]) -> bool:
    """Whether a piece (its key's words) opens a new agency name (see _HEADS)."""
    return (" ".join(words) + " ").startswith(_HEADS)


@cache
def _builtin_registry() -> Registry:
    return Registry(builtin_agencies())
