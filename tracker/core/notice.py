"""A conclusion notice's prose -> draft tasks (DESIGN §9); pure.

The notice arrives as paragraphs (see `sources/documents.py`). Its heading gives the number,
the date, the issuing body and the title; its body, up to «Nơi nhận», gives the tasks.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .agencies import Registry, agency_key
from .deadlines import (
    DEFAULT_CALENDAR,
    DateMention,
    date_mentions,
    deadline_words,
    parse_deadline,
)
from .model import AgencyKind, Deadline, DeadlineKind
from .text import LOOKALIKES, fold, strip_diacritics
from .workdays import WorkCalendar

_OLD_TONES = {
    f"{pair[0]}{toned}": f"{first}{pair[1]}"
    for pair, toned_seconds, toned_firsts in (
        ("oa", "àáảãạ", "òóỏõọ"),
        ("oe", "èéẻẽẹ", "òóỏõọ"),
        ("uy", "ỳýỷỹỵ", "ùúủũụ"),
        ("OA", "ÀÁẢÃẠ", "ÒÓỎÕỌ"),
        ("OE", "ÈÉẺẼẸ", "ÒÓỎÕỌ"),
        ("UY", "ỲÝỶỸỴ", "ÙÚỦŨỤ"),
        ("Oa", "àáảãạ", "ÒÓỎÕỌ"),
        ("Oe", "èéẻẽẹ", "ÒÓỎÕỌ"),
        ("Uy", "ỳýỷỹỵ", "ÙÚỦŨỤ"),
    )
    for toned, first in zip(toned_seconds, toned_firsts, strict=True)
}
# Only where the pair ends a syllable (`hoà`, `uỷ`), not `hoàn`, `khoẻ` is fine either way.
_OLD_TONES_RX = re.compile("(?<![qQ])(?:" + "|".join(_OLD_TONES) + r")(?!\w)")


def canonical(text: str) -> str:
    """The text in one spelling, case kept: NFC, the new tone placement, `Đ` for its
    look-alike, one space between words. Positions in it are positions in `fold` of it."""
    text = unicodedata.normalize("NFC", text.translate(LOOKALIKES))
    text = _OLD_TONES_RX.sub(lambda m: _OLD_TONES[m.group()], text)
    return " ".join(text.split())


# --- the heading -----------------------------------------------------------------------------


@dataclass(frozen=True)
class NoticeInfo:
    number: str | None  # `467/TB-VPCP`
    date: dt.date | None  # the notice's own date, from `Hà Nội, ngày 14 tháng 10 năm 2024`
    issuer: str | None  # `Văn phòng Chính phủ`, as the heading writes it
    title: str | None  # `THÔNG BÁO Kết luận ...`, or the subject line `V/v ...`


# `Số: 467/TB-VPCP`, `Số 123-KL/TW`, `Số: 15/2024/NĐ-CP`
_NUMBER = re.compile(
    r"(?<!\w)(?i:số)\s*:?\s*(?P<n>[0-9]{1,6}[a-zA-Z]?(?:\s*/\s*(?:\d{4}\s*/\s*)?|-)"
    r"[A-ZĐ][\w&.\-]*(?:\s*/\s*[\w&.\-]+)*)",
)
_PLACE_DATE = re.compile(
    r"(?:^|[\s*_,])(?P<place>[A-ZĐ][^\W\d_]*(?:\s+[A-ZĐ][^\W\d_]*){0,4})\s*,\s*"
    r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})",
)
_KINDS = (
    "THÔNG BÁO",
    "CHỈ THỊ",
    "KẾT LUẬN",
    "NGHỊ QUYẾT",
    "QUYẾT ĐỊNH",
    "KẾ HOẠCH",
    "BIÊN BẢN",
    "CÔNG ĐIỆN",
    "BÁO CÁO",
)
_NATIONAL = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
HEADING_PARAGRAPHS = 16  # the heading is within the first paragraphs


def notice_info(paragraphs: Sequence[str], registry: Registry | None = None) -> NoticeInfo:
    """Number, date, issuing body and title from the heading (the first paragraphs). The
    date may be broken across paragraphs (`ngày 14 tháng 10` / `năm 2024`). The issuing body
    is named as the registry names it where it knows it, else as the heading writes it."""
    head = [canonical(p).strip("*_ ") for p in paragraphs[:HEADING_PARAGRAPHS]]
    joined = " ".join(head)
    number = _own_number(head)
    date = None
    for match in _PLACE_DATE.finditer(joined):
        try:
            date = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            continue
        break
    issuer = _issuer(head)
    code = registry.resolve(issuer) if registry and issuer else None
    return NoticeInfo(
        number=re.sub(r"\s+", "", number["n"]) if number else None,
        date=date,
        issuer=registry.name(code) if registry and code else issuer,
        title=_heading_title(head),
    )


def _own_number(head: list[str]) -> re.Match[str] | None:
    """The notice's own `Số: ...`: a heading line's, with nothing but capitals (the issuing
    body) before it. A number in a sentence (`Thực hiện Quyết định số 06/QĐ-TTg ...`) is a
    document the notice cites."""
    for text in head:
        for match in _NUMBER.finditer(text):
            if not any(c.islower() for c in text[: match.start()]):
                return match
    return None


def _issuer(head: list[str]) -> str | None:
    """The issuing body: the capitals that open the heading, before the national title, and
    not the document's type (`THÔNG BÁO`)."""
    for text in head[:4]:
        text = text.split("CỘNG HÒA")[0]
        text = re.split(r"\s-{3,}|\sSố\s*:?\s*\d", text)[0].strip(" -")
        if text in _KINDS:
            return None  # the title comes first: the heading names no issuer
        if text and text.upper() == text and sum(c.isalpha() for c in text) > 2:
            return text
    return None


def _heading_title(head: list[str]) -> str | None:
    for i, text in enumerate(head):
        if text.startswith(("V/v", "v/v")):
            return text
        for kind in _KINDS:
            if text == kind or (text.startswith(kind) and fold(text) == fold(text).upper()):
                rest = head[i + 1] if i + 1 < len(head) and text == kind else ""
                # a subtitle the layout ran into the opening sentence ends where it begins
                rest = re.split(r"\s(?=Ngày \d|Căn cứ|Kính gửi|Thực hiện )", rest)[0]
                if rest and not re.match(r"^(Ngày|Căn cứ|Kính gửi|-{3,})", rest):
                    return f"{text} {rest}"
                return text
    return None


# --- the body: sentences into tasks ---------------------------------------------------------


@dataclass(frozen=True)
class Named:
    """An agency as the notice names it: its code (None when the registry does not know it)
    and the text (expanded for elliptic lists: `Bộ Tư pháp` from `các Bộ: Tài chính, Tư
    pháp`)."""

    code: str | None
    text: str


@dataclass
class DraftTask:
    paragraph: int  # 1-based, in the document's paragraphs
    text: str  # the sentence it was read from
    title: str
    lead: Named | None
    co: list[Named]
    deadline: Deadline
    deadline_text: str | None
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class NoticeProblem:
    paragraph: int
    text: str
    message: str


@dataclass
class ParsedNotice:
    info: NoticeInfo
    tasks: list[DraftTask] = field(default_factory=list)
    problems: list[NoticeProblem] = field(default_factory=list)


@dataclass(frozen=True)
class _Tok:
    text: str
    key: str  # folded, as the registry's name keys
    start: int
    end: int


class _Sentence:
    """A sentence in one spelling, cut into words."""

    def __init__(self, text: str, ocr: bool = False) -> None:
        self.text = text
        self.ocr = ocr
        self.toks = [
            _Tok(m.group(), agency_key(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)
        ]
        self.keys = [t.key for t in self.toks]

    def __len__(self) -> int:
        return len(self.toks)

    def gap(self, i: int) -> str:
        """The text between word i-1 and word i (between the start and word 0 for i = 0;
        after the last word for i = len)."""
        start = self.toks[i - 1].end if i > 0 else 0
        end = self.toks[i].start if i < len(self.toks) else len(self.text)
        return self.text[start:end]

    def span(self, i: int, j: int) -> str:
        """The text of words i..j-1, as written."""
        if j <= i:
            return ""
        return self.text[self.toks[i].start : self.toks[j - 1].end]

    def at(self, i: int, *words: str) -> bool:
        """Whether the words from i are `words` (compared folded)."""
        return tuple(self.keys[i : i + len(words)]) == _keyed(words)

    def pos(self, i: int) -> int:
        """The character position of word i (the end of the text past the last word)."""
        return self.toks[i].start if i < len(self.toks) else len(self.text)


_WORD = re.compile(r"\w+")
_DOCUMENT_SUBJECT = re.compile(
    r"\s*(?:Luật|Bộ luật|Nghị định|Nghị quyết|Quyết định|Thông tư|Chỉ thị|Kế hoạch|Đề án|"
    r"Chương trình|Văn bản|Công văn|Thông báo)\b"
)


@lru_cache(maxsize=1024)
def _keyed(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(agency_key(w) for w in words)


_MARKER = re.compile(
    r"^\s*(?:[-–•+*·]\s*|[a-zđ]\)\s*|\(?\d{1,2}[.)]\s+|\d{1,2}\.\d{1,2}\.?\s+|[IVX]{1,4}\.\s+)"
)
_CONNECTORS = re.compile(
    r"^(?:Đồng thời|Bên cạnh đó|Ngoài ra|Mặt khác|Cùng với đó|Đặc biệt|Theo đó|Trong đó|Sau đó"
    r"|Tiếp theo|Song song)\s*,?\s*",
    re.IGNORECASE,
)
_OPENERS = (
    "triển khai",
    "thực hiện",
    "để",
    "tại",
    "theo",
    "về",
    "căn cứ",
    "trên cơ sở",
    "nhằm",
    "trong",
    "sau khi",
    "ngày",
    "đối với",
    "với",
    "qua",
    "từ",
    "trước",
    "đến",
)
_TRIGGERS = (("giao",), ("yêu", "cầu"), ("đề", "nghị"))
_ADDRESSEE_WORDS = (
    ("quý", "cơ", "quan"),
    ("quý", "bộ"),
    ("quý", "ủy", "ban"),
    ("quý", "đơn", "vị"),
    ("quý", "cơ", "quan", "đơn", "vị"),
    ("các", "cơ", "quan"),
    ("các", "đơn", "vị"),
    ("các", "bộ", "cơ", "quan", "nêu", "trên"),
    ("các", "cơ", "quan", "nêu", "trên"),
)
_TITLES = (
    ("chủ", "tịch"),
    ("bộ", "trưởng"),
    ("thủ", "trưởng"),
    ("thống", "đốc"),
    ("tổng", "giám", "đốc"),
    ("giám", "đốc"),
    ("tổng", "thanh", "tra"),
    ("tổng", "kiểm", "toán"),
    ("chánh", "án"),
    ("viện", "trưởng"),
)
_LOWER_HEADS = frozenset({"bộ", "các", "tỉnh", "thành", "tp", "ủy", "ubnd", "chủ"})
_PROVINCE_WORDS = frozenset({"tỉnh", "thành", "tp", "ubnd", "ủy", "chủ"})
# Words that open the name of an organisation (the registry may not know it).
_ORG_HEADS = tuple(
    tuple(agency_key(w) for w in head.split())
    for head in (
        "Liên đoàn",
        "Liên hiệp",
        "Hiệp hội",
        "Hội",
        "Tổng công ty",
        "Tập đoàn",
        "Công ty",
        "Ủy ban",
        "Sở",
        "Cục",
        "Tổng cục",
        "Trung tâm",
        "Viện",
        "Đài",
        "Ban",
        "Học viện",
        "Đại học",
        "Kho bạc",
        "Ngân hàng",
        "Quỹ",
        "Bộ",
    )
)
# Words after a subject that say it is not being given a task: what it did or said.
_NOT_TASK_AFTER = frozenset(
    agency_key(w)
    for w in (
        "đã",
        "đang",
        "vừa",
        "mới",
        "còn",
        "chưa",
        "là",
        "xin",
        "thông",  # thông báo
        "kính",
        "cho",  # cho biết
        "cũng",
        "đều",
        "và",
        "với",
        "của",
        "tại",
        "kiến",  # kiến nghị
        "phát",  # phát biểu
        "nêu",
        "trình",  # trình bày (but `trình Thủ tướng` is after the task's verb)
        "được",
        "có",
        "không",
        "luôn",
        "tham",  # tham dự
        "dự",
        "báo",  # báo cáo: in minutes, what the agency reported
        "đề",  # đề nghị: the one who asks
        "yêu",  # yêu cầu
        "giao",
    )
)
_NOT_TASK_LABELS = re.compile(
    r"^(?:Đối tượng|Phạm vi|Mục tiêu|Mục đích|Thành phần|Tham dự|Ý kiến|Chủ trì|Thư ký"
    r"|Địa điểm|Thời gian họp|Nội dung)\b",
    re.IGNORECASE,
)
_DEADLINE_SENTENCE = re.compile(
    r"^(?:Thời gian(?: thực hiện| hoàn thành)?|Thời hạn(?: hoàn thành| thực hiện)?"
    r"|Hạn hoàn thành|Việc này|Nhiệm vụ này|Nội dung này)\b",
    re.IGNORECASE,
)
_ROLE_WORDS = frozenset({"chủ", "phối", "khẩn", "hoàn", "tổ", "xây", "rà", "thực", "triển"})
_VAGUE_CO = (
    ("các", "cơ", "quan", "đơn", "vị", "có", "liên", "quan"),
    ("các", "cơ", "quan", "đơn", "vị", "liên", "quan"),
    ("các", "cơ", "quan", "có", "liên", "quan"),
    ("các", "cơ", "quan", "liên", "quan"),
    ("các", "đơn", "vị", "có", "liên", "quan"),
    ("các", "đơn", "vị", "liên", "quan"),
    ("cơ", "quan", "liên", "quan"),
    ("các", "cơ", "quan", "đơn", "vị"),
    ("các", "cơ", "quan"),
    ("các", "đơn", "vị"),
)
_QUALIFIERS = (
    ("có", "liên", "quan"),
    ("liên", "quan"),
    ("trực", "thuộc", "trung", "ương"),
    ("trên", "địa", "bàn"),
)
_ADVERBS = (
    ("khẩn", "trương"),
    ("tập", "trung"),
    ("chịu", "trách", "nhiệm"),
    ("có", "trách", "nhiệm"),
    ("cần",),
    ("phải",),
    ("được", "giao"),
    ("tiếp", "tục"),
    ("chủ", "động"),
)


@dataclass
class _List:
    items: list[Named]
    end: int  # the word after the list
    collective: bool = False


class _Reader:
    """Reads one notice's sentences into tasks, keeping what a reader keeps in mind: the
    agency a heading names, the addressees of `Kính gửi`, the previous sentence's tasks."""

    def __init__(
        self,
        registry: Registry,
        anchor: dt.date | None,
        calendar: WorkCalendar,
        rollover: bool,
    ) -> None:
        self.registry = registry
        self.anchor = anchor
        self.calendar = calendar
        self.rollover = rollover
        self.fuzzy: list[str] = []  # OCR readings matched loosely, for the current sentence

    # --- agencies -----------------------------------------------------------------------

    def one(self, s: _Sentence, i: int, listed: bool = False) -> _List | None:
        """The agency (or group of agencies) named from word i; `listed`: within a list,
        where a bare province name (`Hà Nam`) is one."""
        if i >= len(s):
            return None
        for title in _TITLES:
            if s.at(i, *title):
                inner = self.one(s, i + len(title), listed)
                if inner is not None:
                    return inner
        plural = self.plural(s, i)
        if plural is not None:
            return plural
        found = self.registry.longest_name(s.keys, i)
        if found is not None:
            code, end = found
            if self._accept(s, i, end, code, listed):
                end = self._qualifiers(s, end)
                agency = self.registry.get(code)
                collective = agency is not None and agency.kind is AgencyKind.COLLECTIVE
                return _List([Named(code, s.span(i, found[1]))], end, collective)
        if s.ocr:
            return self.loose(s, i, listed)
        return None

    def _accept(self, s: _Sentence, i: int, end: int, code: str, listed: bool) -> bool:
        first = s.toks[i].text
        agency = self.registry.get(code)
        bare_province = (
            agency is not None
            and agency.kind is AgencyKind.PROVINCE
            and s.keys[i] not in _PROVINCE_WORDS
        )
        if bare_province:
            return listed
        if end - i >= 2:
            return first[:1].isupper() or s.keys[i] in _LOWER_HEADS
        return first.isupper() and len(first) >= 3  # an acronym: NHNN, BHXH

    def _qualifiers(self, s: _Sentence, end: int) -> int:
        for words in _QUALIFIERS:
            if s.at(end, *words) and "," not in s.gap(end):
                return end + len(words)
        return end

    def plural(self, s: _Sentence, i: int) -> _List | None:
        """`các Bộ: Tài chính, Tư pháp`, `các Bộ Tài nguyên và Môi trường, Tư pháp`, `UBND các
        tỉnh Hòa Bình, Sơn La`, `Chủ tịch UBND 12 địa phương, gồm: A, B, ...`, or a group
        (`các bộ, ngành`, `UBND các tỉnh, thành phố trực thuộc Trung ương`)."""
        j = i
        if s.at(j, "ubnd"):
            j += 1
        elif s.at(j, "ủy", "ban", "nhân", "dân"):
            j += 4
        if j >= len(s):
            return None
        count = s.keys[j]
        if not (count in ("các", "hai", "ba", "bốn", "năm") or count.isdigit()):
            return None
        head = j + 1
        if head >= len(s) or s.keys[head] not in ("bộ", "tỉnh", "thành", "địa"):
            return None
        ministries = s.keys[head] == "bộ"
        prefix = ("bộ",) if ministries else ()
        # a list after `gồm:` (`Chủ tịch UBND các tỉnh, thành phố bị ảnh hưởng, gồm: ...`)
        for k in range(head, min(len(s), head + 16)):
            if s.keys[k] == "gồm":
                listed = self.bare_list(s, k + 1, prefix)
                if listed is not None:
                    return listed
                break
            if s.keys[k] in _ROLE_WORDS and k > head + 1:
                break
        head_end = head + 1
        if s.at(head, "tỉnh", "thành", "phố"):
            head_end = head + 3
        elif s.at(head, "thành", "phố") or s.at(head, "địa", "phương"):
            head_end = head + 2
        if ":" in s.gap(head_end) and head_end < len(s):
            listed = self.bare_list(s, head_end, prefix)
            if listed is not None:
                return listed
        group = self.registry.longest_name(s.keys, i)
        if group is None and j != i:
            group = self.registry.longest_name(s.keys, j)
        if group is not None and group[1] > head_end:
            code, end = group
            return _List([Named(code, s.span(i, end))], self._qualifiers(s, end), True)
        listed = self.bare_list(s, head_end, prefix) if head_end < len(s) else None
        if listed is not None:
            return listed
        if group is not None:
            code, end = group
            return _List([Named(code, s.span(i, end))], self._qualifiers(s, end), True)
        return None

    def bare_list(self, s: _Sentence, i: int, prefix: tuple[str, ...]) -> _List | None:
        """Names after a plural (`Tài chính, Tư pháp` after `các Bộ`), each read with the
        prefix first, else as itself."""
        items: list[Named] = []
        k = i
        while k < len(s):
            got = None
            if prefix:
                found = self.registry.longest_name([*prefix, *s.keys[k : k + 12]], 0)
                if found is not None and found[1] > len(prefix):
                    end = k + found[1] - len(prefix)
                    got = _List([Named(found[0], "Bộ " + s.span(k, end))], end)
            if got is None:
                got = self.one(s, k, listed=True)
            if got is None:
                break
            items += got.items
            k = got.end
            nxt = k + 1 if s.at(k, "và") and "," not in s.gap(k) else k
            if nxt < len(s) and (nxt > k or "," in s.gap(k)) and self._starts_name(s, nxt, prefix):
                k = nxt
                continue
            break
        return _List(items, k) if items else None

    def _starts_name(self, s: _Sentence, k: int, prefix: tuple[str, ...]) -> bool:
        if prefix:
            found = self.registry.longest_name([*prefix, *s.keys[k : k + 12]], 0)
            if found is not None and found[1] > len(prefix):
                return True
        return self.one(s, k, listed=True) is not None

    def agencies(self, s: _Sentence, i: int, listed: bool = False) -> _List | None:
        """A list of agencies from word i: names joined by `,` or `và`; `các cơ quan liên
        quan` and the like are read and left out."""
        items: list[Named] = []
        k = i
        collective = False
        while k < len(s):
            got = self.one(s, k, listed=listed or bool(items))
            if got is not None:
                items += got.items
                collective = collective or got.collective
                k = got.end
            else:
                vague = next((len(v) for v in _VAGUE_CO if s.at(k, *v)), 0)
                if not vague or (not items and not listed):
                    break
                k = self._qualifiers(s, k + vague)
            nxt = k + 1 if s.at(k, "và") and "," not in s.gap(k) else k
            joined = nxt > k or "," in s.gap(k) or ";" in s.gap(k)
            if (
                nxt < len(s)
                and joined
                and (
                    self.one(s, nxt, listed=True) is not None
                    or any(s.at(nxt, *v) for v in _VAGUE_CO)
                )
            ):
                k = nxt
                continue
            break
        if not items and not (listed and k > i):
            return None
        return _List(items, k, collective)  # no items: only `các cơ quan liên quan`

    def unknown(self, s: _Sentence, i: int) -> _List | None:
        """A body the registry does not know, named in capitals from an organisation's word
        (`Liên đoàn Thương mại và Công nghiệp Việt Nam`)."""
        if i >= len(s) or not s.toks[i].text[:1].isupper():
            return None
        if not any(s.at(i, *head) for head in _ORG_HEADS):
            return None

        def capital(k: int) -> bool:
            return k < len(s) and s.toks[k].text[:1].isupper()

        # Names go capital by capital, each maybe with one more syllable (`Liên đoàn
        # Thương mại và Công nghiệp Việt Nam`); two lowercase words in a row are the verb.
        k = i
        while k < len(s) and (k == i or ("," not in s.gap(k) and ":" not in s.gap(k))):
            if capital(k):
                k += 1
                if (
                    k + 1 < len(s)
                    and not capital(k)
                    and s.keys[k] != "và"
                    and (capital(k + 1) or s.keys[k + 1] == "và")
                ):
                    k += 1
            elif s.keys[k] == "và" and capital(k + 1):
                k += 1
            else:
                break
        if k - i < 3:
            return None
        return _List([Named(None, s.span(i, k))], k)

    def loose(self, s: _Sentence, i: int, listed: bool) -> _List | None:
        """An agency read by OCR with a letter or a mark off (bounded edit distance on the
        name without diacritics); every such reading is noted for review."""
        if s.keys[i] not in _LOWER_HEADS and not s.toks[i].text[:1].isupper():
            return None
        best: tuple[int, str, int] | None = None
        for code, words in _loose_names(self.registry):
            n = len(words)
            if n < 2 or i + n > len(s) or (not listed and words[0] not in _LOWER_HEADS):
                continue
            candidate = " ".join(strip_diacritics(k) for k in s.keys[i : i + n])
            target = " ".join(strip_diacritics(w) for w in words)
            bound = max(1, len(target) // 8)
            distance = _distance(candidate, target, bound)
            if distance <= bound and (best is None or (distance, -n) < (best[0], -best[2])):
                best = (distance, code, n)
        if best is None:
            return None
        _, code, n = best
        written = s.span(i, i + n)
        self.fuzzy.append(
            f"«{written}» (đọc bằng OCR) được hiểu là {self.registry.name(code)}; cần kiểm tra"
        )
        agency = self.registry.get(code)
        collective = agency is not None and agency.kind is AgencyKind.COLLECTIVE
        return _List([Named(code, self.registry.name(code))], i + n, collective)

    # --- a sentence's task -------------------------------------------------------------

    def subject(self, s: _Sentence, addressees: list[Named]) -> tuple[list[Named], int] | None:
        """Who the sentence gives a task to, and the word after: the agencies after `giao`,
        `yêu cầu`, `đề nghị` (the addressees for `Quý cơ quan`), or at the start of a clause.
        The earliest reading wins."""
        candidates: list[tuple[int, list[Named], int]] = []
        for k in range(len(s)):
            trigger = next((t for t in _TRIGGERS if s.at(k, *t)), None)
            if trigger is None or (k > 0 and s.keys[k - 1] in ("bàn", "được", "chuyển", "theo")):
                continue
            if not self._requester_ok(s, k):
                continue
            after = k + len(trigger)
            if s.at(after, "cho"):
                after += 1
            if addressees and any(s.at(after, *w) for w in _ADDRESSEE_WORDS):
                words = next(
                    w for w in sorted(_ADDRESSEE_WORDS, key=len, reverse=True) if s.at(after, *w)
                )
                candidates.append((k, list(addressees), after + len(words)))
                break
            found = self.agencies(s, after) or self.unknown(s, after)
            if found is not None and found.items:
                candidates.append((k, found.items, found.end))
                break
        for start in self._clause_starts(s):
            found = self.agencies(s, start)
            if found is None or not found.items:
                found = self.unknown(s, start)
                if found is None or not self._task_follows(s, found.end, strict=True):
                    continue
            elif not self._task_follows(s, found.end):
                continue
            candidates.append((start, found.items, found.end))
            break
        if not candidates:
            return None
        _, items, end = min(candidates, key=lambda c: c[0])
        return items, end

    def _requester_ok(self, s: _Sentence, k: int) -> bool:
        """Whether the one who asks (the words before the trigger, back to a comma or colon)
        is the chair or the issuing office, not a participant (`Đại diện Bộ X đề nghị ...`,
        `Bộ X kiến nghị ...`)."""
        start = k
        while start > 0 and not any(c in s.gap(start) for c in ",:;"):
            start -= 1
        words = s.keys[start:k]
        if any(w in ("diện", "kiến") for w in words):  # đại diện, ý kiến, kiến nghị
            return False
        if words[-1:] == ["hướng"] or words[-1:] == ["việc"]:  # `theo hướng giao`, `việc giao`
            return False
        if start < k and _DOCUMENT_SUBJECT.match(s.text[s.pos(start) :]):
            return False  # `Nghị định số 06/2022/NĐ-CP ... giao Bộ X`: a citation
        for i in range(start, k):
            found = self.registry.longest_name(s.keys, i)
            if (
                found is not None
                and found[0] != "VPCP"
                and self._accept(s, i, found[1], found[0], False)
            ):
                return False
        return True

    def _clause_starts(self, s: _Sentence) -> list[int]:
        """Where a clause may open with its subject: the start (after a connector or an
        opening phrase), after a colon that follows no label, after a semicolon."""
        starts = [0]
        if s.keys and any(s.at(0, *o.split()) for o in _OPENERS):
            for k in range(1, len(s)):
                if "," in s.gap(k):
                    starts.append(k)
                    break
        for k in range(1, len(s)):
            gap = s.gap(k)
            if ":" in gap and not _NOT_TASK_LABELS.match(s.text):
                starts.append(k)
            elif ";" in gap:
                starts.append(k)
                if any(s.at(k, *o.split()) for o in _OPENERS):
                    for m in range(k + 1, len(s)):
                        if "," in s.gap(m):
                            starts.append(m)
                            break
        return starts

    def _task_follows(self, s: _Sentence, end: int, strict: bool = False) -> bool:
        """Whether the words after a subject read as something it must do."""
        if end >= len(s):
            return False
        gap = s.gap(end)
        if ":" in gap:
            return True  # `- BHXH VN: hoàn thành ...`
        if any(c in gap for c in ",.;"):
            return False
        if s.at(end, "được", "giao") or s.at(end, "có", "trách", "nhiệm"):
            return True
        if s.at(end, "báo", "cáo") and not strict:
            # `Bộ X báo cáo Thủ tướng ... trước ngày ...` gives a task; `Bộ X báo cáo tiến độ`
            # in minutes tells what was said
            return bool(date_mentions_safe(s.text[s.pos(end) :], self.anchor, self.calendar))
        return s.keys[end] not in _NOT_TASK_AFTER

    def roles(self, s: _Sentence, i: int) -> tuple[list[Named], int]:
        """`chủ trì, phối hợp (chặt chẽ) với ...`, `phối hợp với ...` from word i: the
        co-agencies, and the word where the task itself begins."""
        co: list[Named] = []
        k = i
        for _ in range(3):
            adverb = next((a for a in _ADVERBS if s.at(k, *a)), None)
            if adverb is not None and (
                s.at(k + len(adverb), "chủ", "trì") or s.at(k + len(adverb), "phối", "hợp")
            ):
                k += len(adverb)
            if s.at(k, "chủ", "trì"):
                k += 2
                continue
            if s.at(k, "phối", "hợp"):
                k += 2
                if s.at(k, "chặt", "chẽ"):
                    k += 2
                if s.at(k, "với"):
                    k += 1
                found = self.agencies(s, k, listed=True)
                if found is not None:
                    co += found.items
                    k = found.end
                continue
            break
        if s.at(k, "để") and k > i:
            k += 1
        return co, k

    def trailing_co(self, s: _Sentence, start: int) -> tuple[list[Named], int]:
        """`..., Bộ Nội vụ phối hợp.` at the end of the sentence: the co-agencies and where
        they begin (len(s) when there are none)."""
        n = len(s)
        if n - start < 3 or not s.at(n - 2, "phối", "hợp"):
            return [], n
        for k in range(n - 3, start, -1):
            if "," in s.gap(k):
                found = self.agencies(s, k, listed=True)
                if found is not None and found.end == n - 2:
                    return found.items, k
                break
        return [], n

    # --- deadline and title ------------------------------------------------------------

    def deadline(self, text: str) -> tuple[Deadline, str | None, tuple[int, int] | None]:
        """The deadline a task's words give (the dates of cited documents, meetings, laws and
        programmes left out), the words that say it, and where they are in `text`."""
        found = [
            m
            for m in date_mentions_safe(text, self.anchor, self.calendar)
            if not _distractor(text, m)
        ]
        if found:
            start = _cue_start(text, found[0].start)
            end = found[-1].end
            if text.count("(", start, end) > text.count(")", start, end):
                close = text.find(")", end)
                end = close + 1 if close != -1 else end
            words = text[start:end].strip(" ,;")
            deadline = parse_deadline(words, self.anchor, self.calendar, self.rollover)
            return deadline, words, (start, end)
        span = deadline_words(text)
        if span is not None:
            start, end = span
            more = _EVERY.match(text, end)
            if more:
                end = more.end()
            words = text[start:end]
            deadline = parse_deadline(words, self.anchor, self.calendar, self.rollover)
            return deadline, words, (start, end)
        return Deadline(DeadlineKind.NONE, issue="chưa có thời hạn"), None, None


def date_mentions_safe(
    text: str, anchor: dt.date | None, calendar: WorkCalendar
) -> list[DateMention]:
    try:
        return date_mentions(text, anchor, calendar)
    except ValueError:  # a spelling whose fold changes its length: read no dates
        return []


_EVERY = re.compile(r"\s*(?:,\s*)?(?:hằng|hàng|liên tục)(?:\s+(?:năm|quý|tháng|tuần|ngày))?")
_CUES = re.compile(
    r"(?:\b(?:trước|chậm nhất(?: là)?|không quá|hạn chót|từ nay đến|đến hết|đến|trong|vào|"
    r"tại|từ|xong|kể từ|ngay trong|cuối)\s+(?:\d{1,2}\s*(?:giờ|h)(?:\s*\d{2})?\s*,?\s*)?"
    r"(?:ngày\s+)?)+$",
    re.IGNORECASE,
)
_YEAR_CUES = re.compile(
    r"\b(?:trong|đến|hết|vào|trước|hoàn thành|xong|cả|từ nay đến|chậm nhất|cuối|ngay trong)"
    r"\s*$",
    re.IGNORECASE,
)
_RELATIVE_CUES = re.compile(
    r"\b(?:trong(?: vòng| thời hạn)?|chậm nhất(?: là)?|không quá|sau|tối đa|trong thời gian)"
    r"\s*$",
    re.IGNORECASE,
)
_CITED = re.compile(
    r"(?:\d[\w.&\-]*/[\w.&/\-]*[A-Za-zĐđ][\w.&/\-]*\s*(?:,\s*)?(?:ngày\s*)?$)"
    r"|(?:\b(?:thông báo|nghị định|nghị quyết|quyết định|chỉ thị|công văn|văn bản|tờ trình|"
    r"kế hoạch|thông tư|(?-i:Luật)|(?-i:Bộ luật)|hiến pháp|kết luận|công điện|pháp lệnh)\b"
    r"[^,;:()]{0,60}$)",
    re.IGNORECASE,
)
_MEETING = re.compile(
    r"\b(?:cuộc họp|phiên họp|buổi làm việc|hội nghị|họp)\b[^,;:()]{0,40}$", re.IGNORECASE
)
_PROGRAMME = re.compile(
    r"\b(?:đề án|chương trình|chiến lược|quy hoạch|kế hoạch|nghị quyết|tầm nhìn|định hướng)"
    r"\b[^,;:()]{0,80}$",
    re.IGNORECASE,
)
_ANY_CUE = re.compile(r"\b(?:trước|chậm nhất|không quá|hạn chót|hoàn thành|xong)\b", re.I)
_BETWEEN_CUE = re.compile(
    r"\b(?:trước|chậm nhất|không quá|hạn chót|hoàn thành|xong|trong|đến|vào|tại|từ)\b",
    re.IGNORECASE,
)
_A_DAY = re.compile(
    r"\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}|ngày\s*\d{1,2}\s*tháng", re.IGNORECASE
)
_YEAR_ONLY = re.compile(r"^(?:năm\s*)?\d{4}$", re.IGNORECASE)
_PERIOD = re.compile(r"\d{4}\s*(?:[-–—]|đến)\s*(?:năm\s*)?\d{4}$", re.IGNORECASE)


def _distractor(text: str, mention: DateMention) -> bool:
    """Whether a date in a task's words is not its deadline: the date of a cited document
    (`Thông báo số 328/TB-VPCP ngày 16 tháng 7 năm 2024`) or of a meeting, the year of a
    law or of a noun (`vốn đầu tư công năm 2024`), a programme's horizon (`Đề án ... đến
    năm 2030`), a count of days that is not a time limit."""
    said = text[mention.start : mention.end]
    before = text[max(0, mention.start - 90) : mention.start]
    cited = _CITED.search(before)
    if cited and not _BETWEEN_CUE.search(cited.group()):
        return True
    meeting = _MEETING.search(before)
    if meeting and _A_DAY.search(said) and not _BETWEEN_CUE.search(meeting.group()):
        return True
    if mention.relative:
        return not _RELATIVE_CUES.search(before)
    year_only = _YEAR_ONLY.match(said.strip())
    period = _PERIOD.search(said)
    horizon = re.search(r"\bđến\s*$", before, re.IGNORECASE) and re.match(
        r"^(?:năm\s*)?\d{4}$", said.strip(), re.IGNORECASE
    )
    if horizon and not re.search(r"\b(?:hoàn thành|xong)\s+đến\s*$", before, re.IGNORECASE):
        return True  # `đến năm 2030`: a programme's horizon, not a time limit
    if year_only or period or re.match(r"^đến năm", said, re.IGNORECASE):
        programme = _PROGRAMME.search(before)
        if programme and not _ANY_CUE.search(programme.group()):
            return True
        if year_only and not _YEAR_CUES.search(before):
            return True
    return False


def _cue_start(text: str, start: int) -> int:
    """Where the words that introduce a deadline begin (`trước ngày`, `trong`, `đến`)."""
    cue = _CUES.search(text[:start])
    return cue.start() if cue else start


_LEADING_WORDS = re.compile(
    r"^(?:(?:khẩn trương|tập trung|chịu trách nhiệm|có trách nhiệm|cần|phải|được giao|để|"
    r"sớm|thường xuyên|liên tục|định kỳ(?: hằng| hàng)? ?(?:năm|quý|tháng|tuần)?)\s*,?\s+)+",
    re.IGNORECASE,
)
_DONE_WORDS = re.compile(
    r"(?:[,;]?\s*(?:và\s+)?(?:hoàn thành|xong)|;\s*thực hiện)\s*$", re.IGNORECASE
)


def _title(text: str, span: tuple[int, int] | None) -> str:
    """The task itself: its words without the deadline (and the `hoàn thành` that leads to
    it) and without leading adverbs."""
    if span is not None:
        before, after = text[: span[0]], text[span[1] :]
        before = _DONE_WORDS.sub("", before.rstrip()).rstrip()
        after = after.strip()
        if not after.strip(" .;,"):
            text = before
        elif after[0] in ",;":
            text = before.rstrip(" ,;") + after
        else:
            text = before + " " + after
    text = text.strip(" .;,:").removesuffix("./")
    text = _LEADING_WORDS.sub("", text)
    text = re.sub(r"\s*,\s*,", ",", text)
    return " ".join(text.split()).strip(" .;,:")


# --- the document ------------------------------------------------------------------------------

_END_OF_BODY = re.compile(r"^\W*(?:Nơi nhận|NƠI NHẬN)\b")
_HEADING_LINE = re.compile(
    r"^(?:-{3,}|Số\s*:|V/v\b|CỘNG HÒA|Độc lập\s*-|[^,]{2,40},\s*ngày\s+\d{1,2}\s+tháng)",
)
_SECTION = re.compile(r"^(?:[IVX]{1,4}|\d{1,2})\.\s+(?P<title>[^.;]{2,90})$")
_ASSIGNING = re.compile(r"(?:giao|phân công)\s+nhiệm vụ|tổ chức thực hiện", re.IGNORECASE)
_KINH_GUI = re.compile(r"^\W*Kính gửi\s*:?\s*", re.IGNORECASE)
_ABBREVIATION = re.compile(r"(?:\b(?:TP|Tp|tp|TT|TS|ThS|GS|PGS|Q|P|St|v\.v)|\b[A-ZĐ])\.$")


def parse_notice(
    paragraphs: Sequence[str],
    registry: Registry,
    anchor: dt.date | None,
    calendar: WorkCalendar = DEFAULT_CALENDAR,
    rollover: bool = False,
    ocr: Collection[int] = (),
) -> ParsedNotice:
    """The notice's heading and its tasks. `anchor`: the assignment date relative deadlines
    and years left out count from; `ocr`: indexes (0-based) of paragraphs read by OCR."""
    texts = [canonical(p) for p in paragraphs]
    result = ParsedNotice(notice_info(texts, registry))
    reader = _Reader(registry, anchor, calendar, rollover)
    start, end = _body(texts)
    assigning = any(
        (m := _SECTION.match(t)) and _ASSIGNING.search(m["title"]) for t in texts[start:end]
    )
    in_assigning = not assigning
    addressees: list[Named] = []
    in_kinh_gui = False
    heading: list[Named] | None = None
    previous: list[DraftTask] = []
    for index in _joined(texts, start, end):
        text = texts[index]
        if not text:
            continue
        number = index + 1
        section = _SECTION.match(text)
        if section and reader.agencies(_Sentence(section["title"]), 0) is None:
            heading = None
            if assigning:
                in_assigning = bool(_ASSIGNING.search(section["title"]))
            continue
        kinh_gui = _KINH_GUI.match(text)
        if kinh_gui or in_kinh_gui:
            rest = text[kinh_gui.end() :] if kinh_gui else text
            named = reader.agencies(_Sentence(_MARKER.sub("", rest)), 0, listed=True)
            whole = (
                named is not None
                and not _Sentence(_MARKER.sub("", rest)).gap(named.end).strip(" .;,:")
                and named.end == len(_Sentence(_MARKER.sub("", rest)))
            )
            if kinh_gui or whole:
                if named is not None:
                    addressees += named.items
                in_kinh_gui = True
                continue
            in_kinh_gui = False
        marked = _MARKER.match(text)
        body = text[marked.end() :] if marked else text
        lead_line = _lead_heading(reader, body)
        if lead_line is not None:
            heading = lead_line
            continue
        if not marked and heading is not None and not _CONNECTORS.match(body):
            heading = None
        fields = _labelled(reader, body, number, index in ocr)
        if fields is not None:
            if in_assigning:
                result.tasks += fields
                previous = fields
            continue
        for sentence in _sentences(body):
            reader.fuzzy = []
            if index in ocr:
                sentence, repaired = _ocr_repair(sentence)
                reader.fuzzy += repaired
            s = _Sentence(sentence, index in ocr)
            if _DEADLINE_SENTENCE.match(sentence) and reader.subject(s, addressees) is None:
                waiting = [t for t in previous if t.deadline.kind is DeadlineKind.NONE]
                if waiting:
                    deadline, words, _ = reader.deadline(sentence)
                    if deadline.kind is not DeadlineKind.NONE:
                        for task in waiting:
                            task.deadline, task.deadline_text = deadline, words
                            task.problems = [
                                p for p in task.problems if p != _NO_DEADLINE
                            ] + _deadline_problems(deadline, words, "", s.ocr)
                        continue
            tasks = _read_sentence(reader, s, number, addressees, heading, previous, marked)
            if tasks is None:
                if _names_agency(reader, s):
                    result.problems.append(
                        NoticeProblem(
                            number,
                            sentence,
                            "câu có nêu cơ quan nhưng không đọc được thành nhiệm vụ; cần xem lại",
                        )
                    )
                continue
            if not in_assigning:
                for task in tasks:
                    result.problems.append(
                        NoticeProblem(
                            number,
                            sentence,
                            "câu giao việc cho "
                            + (task.lead.text if task.lead else "một cơ quan")
                            + " nằm ngoài mục giao nhiệm vụ của thông báo; chưa đưa vào "
                            "dự thảo, cần xem lại",
                        )
                    )
                previous = []
                continue
            result.tasks += tasks
            previous = tasks
    return result


_NO_DEADLINE = "chưa có thời hạn"


def _body(texts: list[str]) -> tuple[int, int]:
    """Where the body begins (after the heading) and ends (at «Nơi nhận»)."""
    start = 0
    for i, text in enumerate(texts[:HEADING_PARAGRAPHS]):
        if _HEADING_LINE.match(text) or (
            text.upper() == text and sum(c.isalpha() for c in text) > 2 and len(text) < 120
        ):
            start = i + 1
            if any(text == kind for kind in _KINDS) and i + 1 < len(texts):
                start = i + 2  # the subtitle under the kind of document
    end = next((i for i in range(start, len(texts)) if _END_OF_BODY.match(texts[i])), len(texts))
    return start, end


def _joined(texts: list[str], start: int, end: int) -> list[int]:
    """The body's paragraph indexes, a paragraph that ends `... chủ trì, phối hợp với X:`
    joined with the next when the layout broke it there (the next is no list item)."""
    order = []
    i = start
    while i < end:
        order.append(i)
        text = texts[i]
        if (
            text.endswith(":")
            and i + 1 < end
            and ("chủ trì" in text or "phối hợp" in text)
            and not _MARKER.match(texts[i + 1])
            and not _SECTION.match(texts[i + 1])
        ):
            texts[i] = f"{text} {texts[i + 1]}"
            texts[i + 1] = ""
            i += 1
        i += 1
    return order


def _lead_heading(reader: _Reader, body: str) -> list[Named] | None:
    """`Bộ Công an:` alone on its line (after `a)`, `1.`): the agencies the items under it
    are given to."""
    if not body.rstrip().endswith(":"):
        return None
    s = _Sentence(body.rstrip().rstrip(":"))
    found = reader.agencies(s, 0, listed=True)
    if found is None or found.end != len(s):
        return None
    return found.items


def _sentences(text: str) -> list[str]:
    """A paragraph cut at the end of each sentence (not after `TP.` and the like)."""
    out: list[str] = []
    start = 0
    # after a full stop and a space, or (a typing slip) with no space between two words
    for match in re.finditer(
        r"[.!?](?=\s+[A-ZĐÀ-Ỹ\"“(])|(?<=[a-zà-ỹđ]{2})\.(?=[A-ZĐ][a-zà-ỹđ])", text
    ):
        piece = text[start : match.end()]
        if _ABBREVIATION.search(piece) or re.search(r"(?:^|\s)\d{1,2}\.$", piece):
            continue
        out.append(piece.strip())
        start = match.end()
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


def _names_agency(reader: _Reader, s: _Sentence) -> bool:
    return any(reader.one(s, i) is not None for i in range(len(s)))


def _read_sentence(
    reader: _Reader,
    s: _Sentence,
    number: int,
    addressees: list[Named],
    heading: list[Named] | None,
    previous: list[DraftTask],
    marked: re.Match[str] | None,
) -> list[DraftTask] | None:
    """The tasks one sentence gives, one per lead; None when it gives none."""
    found = reader.subject(s, addressees)
    if found is not None:
        leads, after = found
    else:
        connector = _CONNECTORS.match(s.text)
        generic = re.match(r"^(?:Bộ|Ủy ban|Cơ quan này|Đơn vị này)\s+(?:cần|phải)\s+", s.text)
        if connector and previous:
            leads = [t.lead for t in previous if t.lead is not None] or []
            after = _word_at(s, connector.end())
            rest = s.text[connector.end() :]
            generic = re.match(r"^(?:Bộ|Ủy ban|Cơ quan này|Đơn vị này)\s+(?:cần|phải)\s+", rest)
            if generic:
                after = _word_at(s, connector.end() + generic.end())
        elif generic and previous:
            leads = [t.lead for t in previous if t.lead is not None]
            after = _word_at(s, generic.end())
        elif heading is not None and marked is not None:
            leads, after = heading, 0
        else:
            return None
        leads = list(dict.fromkeys(leads))
        if not leads:
            return None
    if s.text.rstrip().endswith(":") and found is None:
        return None  # `Trong đó chú ý một số nội dung sau:` opens a list, gives no task
    co, begin = reader.roles(s, after)
    # `X thực hiện nghiêm ...; chủ trì, phối hợp với Y để ...`: the task is what follows
    for k in range(begin + 1, len(s)):
        if ";" in s.gap(k) and (s.at(k, "chủ", "trì") or s.at(k, "phối", "hợp")):
            more, later = reader.roles(s, k)
            if more:
                co += more
                begin = later
            break
    trailing, stop = reader.trailing_co(s, begin)
    co += trailing
    end = s.pos(stop) if stop < len(s) else len(s.text)
    words = s.text[s.pos(begin) : end].lstrip(" ,:")
    if not words.strip(" .;,"):
        return None
    # the deadline may be said before the task's words (`khẩn trương phối hợp với ...`)
    region = s.text[s.pos(after) : end]
    deadline, deadline_text, span = reader.deadline(region)
    if span is not None:
        shift = len(region) - len(words)
        span = (span[0] - shift, span[1] - shift) if span[0] >= shift else None
    title = _title(words, span)
    if not title:
        return None
    problems = list(reader.fuzzy)
    problems += _deadline_problems(deadline, deadline_text, "", s.ocr)
    tasks = []
    for lead in leads:
        mine = list(problems)
        if lead.code is None:
            mine.insert(0, f"không nhận ra cơ quan chủ trì «{lead.text}»")
        for agency in co:
            if agency.code is None:
                mine.append(f"không nhận ra cơ quan phối hợp «{agency.text}»")
        if len(leads) > 1:
            mine.append(f"câu giao cùng một việc cho {len(leads)} cơ quan: tách thành từng dòng")
        tasks.append(
            DraftTask(
                number,
                s.text,
                title,
                lead,
                [c for c in co if c != lead],
                deadline,
                deadline_text,
                mine,
            )
        )
    return tasks


_FIELD = re.compile(
    r"^(?:(?P<lead>(?:cơ quan |đơn vị )?chủ trì)|(?P<co>(?:cơ quan |đơn vị )?phối hợp)"
    r"|(?P<deadline>thời hạn(?: hoàn thành)?|thời gian(?: hoàn thành| thực hiện)?|tiến độ)"
    r"|(?P<title>nội dung(?: nhiệm vụ)?|nhiệm vụ|tên nhiệm vụ|công việc))\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)


def _labelled(reader: _Reader, body: str, number: int, ocr: bool) -> list[DraftTask] | None:
    """A task written as labelled cells, as tables are (`Xây dựng ... | Chủ trì: Bộ Nội vụ |
    Phối hợp: Bộ Công an | Thời hạn: Quý I/2026`); None for any other paragraph."""
    if "|" not in body:
        return None
    cells = [c.strip() for c in body.split("|") if c.strip()]
    found: dict[str, str] = {}
    plain: list[str] = []
    for cell in cells:
        match = _FIELD.match(cell)
        if match:
            kind = next(k for k in ("lead", "co", "deadline", "title") if match[k])
            found[kind] = match["value"].strip()
        elif not re.fullmatch(r"(?:STT\s*)?\d+\.?", cell, re.IGNORECASE):
            plain.append(cell)
    if "lead" not in found:
        return None
    reader.fuzzy = []
    s = _Sentence(found["lead"], ocr)
    leads = reader.agencies(s, 0, listed=True)
    lead_items = leads.items if leads is not None and leads.items else [Named(None, found["lead"])]
    co: list[Named] = []
    if found.get("co"):
        listed = reader.agencies(_Sentence(found["co"], ocr), 0, listed=True)
        co = listed.items if listed is not None else [Named(None, found["co"])]
    title = found.get("title") or (plain[0] if plain else "")
    words = found.get("deadline", "")
    if words:
        deadline = parse_deadline(words, reader.anchor, reader.calendar, reader.rollover)
    else:
        deadline = Deadline(DeadlineKind.NONE, issue=_NO_DEADLINE)
    problems = list(reader.fuzzy) + _deadline_problems(deadline, words or None, "", ocr)
    tasks = []
    for lead in lead_items:
        mine = list(problems)
        if lead.code is None:
            mine.insert(0, f"không nhận ra cơ quan chủ trì «{lead.text}»")
        tasks.append(DraftTask(number, body, title, lead, co, deadline, words or None, mine))
    return tasks


_DATE_WORDS = ("ngày", "tháng", "năm", "quý", "trước")
_ROMAN_SLIPS = {
    "tv": "IV",
    "lv": "IV",
    "1v": "IV",
    "iv": "IV",
    "ll": "II",
    "il": "II",
    "li": "II",
    "lll": "III",
    "ill": "III",
    "iil": "III",
    "l": "I",
    "1": "I",
}
_BEFORE_NUMBER = re.compile(r"\b(\w{2,6})(?=\s*\d)")
_QUARTER = re.compile(r"\b([Qq]u[yýỳỷỹỵ])\s+([TtLlIi1Vv]{1,3})(?=\s*(?:/|năm|nam|\b))")


def _ocr_repair(text: str) -> tuple[str, list[str]]:
    """Deadline words that OCR read with a mark or a letter off, put right where a number
    follows (`thang 6` -> `tháng 6`, `Quý TV/2026` -> `Quý IV/2026`); each repair is noted
    for review. Only for text read by OCR."""
    notes: list[str] = []

    def word(match: re.Match[str]) -> str:
        found = match.group(1)
        bare = strip_diacritics(found).casefold()
        for right in _DATE_WORDS:
            if found.casefold() != right and bare == strip_diacritics(right):
                notes.append(f"«{found}» (đọc bằng OCR) được hiểu là «{right}»; cần kiểm tra")
                return right if found[:1].islower() else right.capitalize()
        return found

    def quarter(match: re.Match[str]) -> str:
        numeral = match.group(2)
        right = _ROMAN_SLIPS.get(numeral.casefold())
        if right is None or (numeral == right and match.group(1).casefold() == "quý"):
            return match.group()
        notes.append(f"«{match.group()}» (đọc bằng OCR) được hiểu là «Quý {right}»; cần kiểm tra")
        return f"Quý {right}"

    text = _QUARTER.sub(quarter, text)
    return _BEFORE_NUMBER.sub(word, text), notes


def _word_at(s: _Sentence, position: int) -> int:
    return next((i for i, t in enumerate(s.toks) if t.start >= position), len(s))


def _deadline_problems(deadline: Deadline, words: str | None, prefix: str, ocr: bool) -> list[str]:
    if deadline.kind is DeadlineKind.NONE:
        return [_NO_DEADLINE]
    out = [deadline.issue] if deadline.issue else []
    if ocr and words:
        out.append(f"thời hạn «{words}» đọc bằng OCR; cần đối chiếu với bản gốc")
    return [prefix + p for p in out]


@lru_cache(maxsize=8)
def _loose_names_cached(
    registry_id: int, registry: Registry
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(
        (code, tuple(agency_key(name).split()))
        for code, name in registry.spellings()
        if len(agency_key(name).split()) >= 2
    )


def _loose_names(registry: Registry) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return _loose_names_cached(id(registry), registry)


def _distance(a: str, b: str, bound: int) -> int:
    """Levenshtein distance, or bound + 1 as soon as it must exceed `bound`."""
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > bound:
            return bound + 1
        previous = current
    return previous[-1]
