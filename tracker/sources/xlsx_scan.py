"""Bounding what reading an .xlsx may allocate.

python-calamine materialises a sheet's whole range, from its first used cell to its last,
when the sheet is opened; a single value at XFD1048576 makes that 17 billion cells and the
process aborts. So each sheet's XML is scanned first (streamed from the zip, without trusting
its `<dimension>`): cells beyond column `MAX_COLUMNS`, and rows after more than `ROW_GAP`
empty rows below the data, are far. A sheet with far cells is read from a copy of the
workbook without them; each such sheet gets one line naming its first far cell.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from ..core.text import column_letter

MAX_COLUMNS = 100  # A..CV: an assignment tab has about twenty columns
ROW_GAP = 10_000  # empty rows after which a lone row is not the sheet's data any more
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_ROW = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
# a cell reference whose column is beyond CV (column 100): CW-CZ, DA-ZZ, or three letters
_FAR_COLUMN = re.compile(rb'<c\b[^>]*?\br="((?:[A-Z]{3}|C[W-Z]|[D-Z][A-Z])\d+)"')
# The same reference wherever it stands: a search five times as fast, that rules out most
# sheets (it may also find one in a cell's text; `_FAR_COLUMN` then decides).
_MAYBE_FAR = re.compile(rb'r="(?:[A-Z]{3}|C[W-Z]|[D-Z][A-Z])\d')
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Scan:
    """What a sheet's XML holds beyond the bounds: far cells (their references, the first
    in document order first) and the first row number that is far (None: none)."""

    far_cells: tuple[str, ...]
    far_from_row: int | None

    @property
    def clean(self) -> bool:
        return not self.far_cells and self.far_from_row is None


def sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Tab name -> the zip member of its sheet XML."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    links = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {link.get("Id"): link.get("Target", "") for link in links}
    members = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "").lstrip("/")
        members[sheet.get("name", "")] = target if target.startswith("xl/") else f"xl/{target}"
    return members


def scan(archive: zipfile.ZipFile, member: str) -> Scan:
    """Stream a sheet's XML once: the rows it uses and the cells beyond `MAX_COLUMNS`."""
    rows: list[int] = []
    far: list[str] = []
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            data = tail + chunk
            # A tag cut by the chunk's end is matched with the next chunk.
            cut = data.rfind(b"<")
            done, tail = (data[:cut], data[cut:]) if cut > len(data) - 512 else (data, b"")
            rows += [int(n) for n in _ROW.findall(done)]
            far += _far_cells(done)
    rows += [int(n) for n in _ROW.findall(tail)]
    far += _far_cells(tail)
    return Scan(tuple(far), _far_from(sorted(set(rows))))


def _far_cells(xml: bytes) -> list[str]:
    if _MAYBE_FAR.search(xml) is None:
        return []
    return [ref.decode() for ref in _FAR_COLUMN.findall(xml)]


def _far_from(rows: list[int]) -> int | None:
    """The first row after a gap of more than `ROW_GAP` empty rows."""
    for before, row in itertools.pairwise(rows):
        if row - before > ROW_GAP:
            return row
    return None


def without_far_cells(archive: zipfile.ZipFile, member: str, found: Scan) -> tuple[bytes, str]:
    """A copy of the workbook whose sheet `member` lacks its far cells and rows (and has no
    `<dimension>` to mislead), and the reference of the first cell left out."""
    xml = archive.read(member).decode("utf-8")
    first: list[str] = []
    if found.far_from_row is not None:
        limit = found.far_from_row

        def row(match: re.Match[str]) -> str:
            if int(match["n"]) < limit:
                return match[0]
            first.extend(re.findall(r'<c\b[^>]*?\br="([A-Z]+\d+)"', match[0])[:1])
            return ""

        xml = re.sub(r'<row\b[^>]*?\br="(?P<n>\d+)"[^>]*?(?:/>|>.*?</row>)', row, xml, flags=re.S)
    if found.far_cells:
        refs = "|".join(re.escape(ref) for ref in found.far_cells)
        xml = re.sub(rf'<c\b[^>]*?\br="(?:{refs})"[^>]*?(?:/>|>.*?</c>)', "", xml, flags=re.S)
        xml = re.sub(r"<mergeCell\b[^>]*/>", _near_merge, xml)
    xml = re.sub(r"<dimension\b[^>]*/>", "", xml)
    copy = io.BytesIO()
    with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as out:
        for info in archive.infolist():
            data = xml.encode("utf-8") if info.filename == member else archive.read(info)
            # a new entry: writing one updates it, and the source's own must stay as it is
            out.writestr(zipfile.ZipInfo(info.filename, info.date_time), data)
    firsts = [*found.far_cells[:1], *first]
    return copy.getvalue(), firsts[0] if firsts else f"dòng {found.far_from_row}"


def _near_merge(match: re.Match[str]) -> str:
    """A merge that reaches beyond the columns read is dropped with the far cells."""
    end = re.search(r'ref="[A-Z]+\d+:([A-Z]+)\d+"', match[0])
    return match[0] if end is None or _column_number(end[1]) <= MAX_COLUMNS else ""


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def far_message(first: str) -> str:
    """The line about a sheet's far cells, in Vietnamese."""
    gap = f"{ROW_GAP:,}".replace(",", ".")
    return (
        f"ô {first} nằm quá xa vùng dữ liệu (sau cột {column_letter(MAX_COLUMNS - 1)}, hoặc "
        f"sau hơn {gap} dòng trống); các ô ở xa như vậy không được đọc"
    )
