"""Reading a document's text as paragraphs: .docx, .pdf (the text layer; pages without one
through Tesseract OCR), .txt and .md.

A paragraph is a unit a person wrote: a .docx paragraph or table cell, a line of a text file,
or, in a PDF, lines joined back where the layout broke a sentence. Nothing here understands
what the paragraphs say (that is `core/notice.py`).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import TrackerError, os_reason

SUFFIXES = (".docx", ".pdf", ".txt", ".md")
OCR_DPI = 300
# A page whose text layer has fewer letters than this is taken for a scan.
MIN_LETTERS = 40
MAX_PAGES = 200
MAX_TEXT = 5_000_000  # characters: a notice is a few pages


@dataclass
class Paragraph:
    text: str
    page: int | None = None  # 1-based, PDFs only
    ocr: bool = False  # read by OCR: spellings may be off


@dataclass
class DocumentText:
    name: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the reader could not do, in Vietnamese


# pypdf logs what it repairs in a damaged file ("invalid pdf header", "EOF marker not
# found"), in English; with no handler set up, Python would print it beside our own reason.
logging.getLogger("pypdf").addHandler(logging.NullHandler())
logging.getLogger("pypdf").propagate = False


class DocumentUnreadable(TrackerError):
    """The file cannot be read as a document (missing, wrong type, damaged)."""


def read_document(path: Path, ocr: bool = True) -> DocumentText:
    """The paragraphs of `path`. Raises DocumentUnreadable with a one-line reason."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DocumentUnreadable(
            f"Không đọc được {path.name}: chỉ nhận tệp .docx, .pdf, .txt hoặc .md"
        )
    try:
        if not path.is_file():
            path.open("rb").close()  # says why: missing, a folder, no permission
        if suffix == ".docx":
            return _docx(path)
        if suffix == ".pdf":
            return _pdf(path, ocr)
        return _text(path)
    except OSError as exc:
        raise DocumentUnreadable(f"Không đọc được {path}: {os_reason(exc)}") from None


# --- plain text -----------------------------------------------------------------------------

_MD_MARKUP = re.compile(r"^\s*(#{1,6}\s+|>\s*)|(\*\*|__|\*|`)")


def _text(path: Path) -> DocumentText:
    raw = path.read_bytes()
    if len(raw) > MAX_TEXT * 4:
        raise DocumentUnreadable(f"Tệp {path.name} quá lớn cho một văn bản ({len(raw)} byte)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("utf-16") if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        except UnicodeDecodeError:
            text = ""
        if not text:
            raise DocumentUnreadable(
                f"Không đọc được {path.name}: không phải văn bản UTF-8 (hãy lưu lại dưới dạng "
                "UTF-8)"
            ) from None
    result = DocumentText(path.name)
    markdown = path.suffix.lower() == ".md"
    run: list[str] = []  # lines outside tables, joined where a sentence was broken

    def flush() -> None:
        for paragraph in join_lines(run, typed=True):
            result.paragraphs.append(Paragraph(paragraph))
        run.clear()

    for line in text.splitlines():
        if markdown:
            line = _MD_MARKUP.sub("", line)
        cells = _cells(line)
        if len(cells) == 1:
            run.append(cells[0] if cells[0].strip() else "")
            continue
        flush()
        for cell in cells:
            if cell.strip() and not re.fullmatch(r"[\s|:-]+", cell):
                result.paragraphs.append(Paragraph(cell.strip()))
    flush()
    return result


def _cells(line: str) -> list[str]:
    """A table row written with pipes (`| a | b |`, as Markdown and text exports write
    tables) is one paragraph per cell; any other line is itself."""
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
        return [c for c in stripped[1:-1].split("|")]
    return [line]


# --- .docx ------------------------------------------------------------------------------------


def _docx(path: Path) -> DocumentText:
    import zipfile

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise DocumentUnreadable(
            f"Không đọc được {path.name}: không phải tệp Word .docx hợp lệ"
        ) from None
    result = DocumentText(path.name)
    for text in _docx_blocks(document.element.body):
        for line in text.split("\n"):  # a line break inside a paragraph
            if line.strip():
                result.paragraphs.append(Paragraph(line.strip()))
    return result


def _docx_blocks(body: Any) -> Iterator[str]:
    """The body's paragraphs and table cells in reading order (a merged cell once)."""
    from docx.oxml.ns import qn

    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            yield _paragraph_text(child)
        elif child.tag == qn("w:tbl"):
            rows = [
                [
                    "\n".join(_paragraph_text(p) for p in cell.iterchildren(qn("w:p")))
                    for cell in row.iterchildren(qn("w:tc"))
                ]
                for row in child.iterchildren(qn("w:tr"))
            ]
            if max((len(r) for r in rows), default=0) >= 3:
                yield from _table_rows(rows)  # a table of tasks: a paragraph per row
                continue
            for row in rows:  # a layout table (heading, signature): its cells in order
                yield from row


_COLUMN_LABELS = (
    (re.compile(r"chủ\s*trì", re.IGNORECASE), "Chủ trì"),
    (re.compile(r"phối\s*hợp", re.IGNORECASE), "Phối hợp"),
    (re.compile(r"thời\s*(?:hạn|gian)|tiến\s*độ", re.IGNORECASE), "Thời hạn"),
    (re.compile(r"nội\s*dung|nhiệm\s*vụ|công\s*việc", re.IGNORECASE), "Nội dung"),
)


def _table_rows(rows: list[list[str]]) -> Iterator[str]:
    """Rows of a table, each as one line of cells; where the first row names the columns
    (`Nội dung nhiệm vụ`, `Cơ quan chủ trì`, ...), each cell is labelled with its column."""
    labels: list[str | None] = []
    for header in rows[0]:
        labels.append(next((label for rx, label in _COLUMN_LABELS if rx.search(header)), None))
    named = "Chủ trì" in labels
    for row in rows[1:] if named else rows:
        cells = [" ".join(c.split()) for c in row]
        if named:
            cells = [
                f"{labels[i]}: {c}" if i < len(labels) and labels[i] and c else c
                for i, c in enumerate(cells)
            ]
        line = " | ".join(c for c in cells if c)
        if line:
            yield line


def _paragraph_text(p: Any) -> str:
    from docx.oxml.ns import qn

    parts = []
    for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts)


# --- PDF --------------------------------------------------------------------------------------


def _pdf(path: Path, ocr: bool) -> DocumentText:
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted:
            reader.decrypt("")  # opens a file locked only against editing
        pages = list(reader.pages)
    except (FileNotDecryptedError, DependencyError):
        raise DocumentUnreadable(
            f"Không đọc được {path.name}: tệp PDF có mật khẩu (hãy lưu một bản không có mật "
            "khẩu rồi đọc lại)"
        ) from None
    except (PdfReadError, ValueError, KeyError, TypeError):
        raise DocumentUnreadable(
            f"Không đọc được {path.name}: tệp PDF hỏng hoặc không phải tệp PDF"
        ) from None
    if len(pages) > MAX_PAGES:
        raise DocumentUnreadable(
            f"Tệp {path.name} có {len(pages)} trang, quá {MAX_PAGES} trang của một văn bản"
        )
    result = DocumentText(path.name)
    texts: dict[int, str] = {}
    scans: list[int] = []
    for number, page in enumerate(pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception:  # pypdf raises many kinds of error on a damaged page
            text = ""
        if sum(c.isalpha() for c in text) >= MIN_LETTERS:
            texts[number] = text
        else:
            scans.append(number)
    if scans and ocr:
        texts.update(_ocr_pages(path, scans, result))
    elif scans:
        result.notes.append(
            f"Trang {_pages_text(scans)} không có lớp chữ (bản quét) và không được đọc"
        )
    # Lines of every page in order, joined across page breaks (a sentence goes on overleaf).
    lines = [(line, n) for n in sorted(texts) for line in texts[n].splitlines()]
    for paragraph, first in join_lines_from([line for line, _ in lines]):
        on = lines[first][1]
        result.paragraphs.append(Paragraph(paragraph, on, on in result.ocr_pages))
    return result


def _pages_text(pages: list[int]) -> str:
    return ", ".join(str(p) for p in pages)


def tesseract() -> str | None:
    """The Tesseract program, when it is installed with its Vietnamese model."""
    program = shutil.which("tesseract")
    if program is None:
        return None
    try:
        listed = subprocess.run(
            [program, "--list-langs"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return program if "vie" in listed.stdout.split() else None


def _ocr_pages(path: Path, numbers: list[int], result: DocumentText) -> dict[int, str]:
    """The scanned pages read by Tesseract (Vietnamese model) from a 300 dpi rendering,
    two pages at a time."""
    program = tesseract()
    if program is None:
        result.notes.append(
            f"Trang {_pages_text(numbers)} là bản quét nhưng máy chưa cài Tesseract với mô hình "
            "tiếng Việt (gói tesseract-ocr và tesseract-ocr-vie); các trang này chưa được đọc"
        )
        return {}
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        images = {n: _pgm(document[n - 1]) for n in numbers}
    finally:
        document.close()

    def read(number: int) -> tuple[int, str]:
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        done = subprocess.run(
            [program, "stdin", "stdout", "-l", "vie", "--dpi", str(OCR_DPI)],
            input=images[number],
            capture_output=True,
            timeout=600,
            env=env,
        )
        return number, done.stdout.decode("utf-8", "replace") if done.returncode == 0 else ""

    found: dict[int, str] = {}
    with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        for number, text in pool.map(read, numbers):
            if text.strip():
                found[number] = unicodedata.normalize("NFC", text)
                result.ocr_pages.append(number)
            else:
                result.notes.append(f"Trang {number}: OCR không đọc được chữ nào")
    result.ocr_pages.sort()
    return found


def _pgm(page: Any) -> bytes:
    """The page rendered in grey at OCR_DPI, as a binary PGM image."""
    bitmap = page.render(scale=OCR_DPI / 72, grayscale=True)
    try:
        pixels = bitmap.to_numpy()
        height, width = pixels.shape[:2]
        data: bytes = pixels.reshape(height, width).tobytes()
        return b"P5 %d %d 255\n" % (width, height) + data
    finally:
        bitmap.close()


# --- lines back into paragraphs -----------------------------------------------------------

_ENDS = re.compile(r"[.:;!?]\s*$|\./\.\s*$")
_STARTS = re.compile(
    r"^\s*(?:[-–•+*]\s|[a-zđ]\)\s|\d+(?:\.\d+)*[.)]\s|[IVXLC]+\.\s|Điều\s+\d|Kính gửi|Nơi nhận)",
    re.IGNORECASE,
)


_OWN_LINE = re.compile(r"^(?:-{3,}|Số\s*:|V/v\s)", re.IGNORECASE)


def join_lines(lines: list[str], typed: bool = False) -> list[str]:
    """Lines as paragraphs (see `join_lines_from`)."""
    return [paragraph for paragraph, _ in join_lines_from(lines, typed)]


def join_lines_from(lines: list[str], typed: bool = False) -> list[tuple[str, int]]:
    """Lines as paragraphs, each with the index of its first line: an empty line ends one;
    so does a line that ends a sentence or a heading (`.`, `:`, `;`); a line that opens a
    list item or a numbered heading starts one. Else the layout broke a sentence and the
    lines are joined. `typed`: lines someone typed (a text file), where a line that starts
    with a capital starts a paragraph; only a line that goes on in lower case or with a
    number continues the one before."""
    paragraphs: list[tuple[str, int]] = []
    current: list[str] = []
    first = 0
    for index, raw in enumerate(lines):
        line = " ".join(raw.split())
        if not current:
            first = index
        if not line:
            if current:
                paragraphs.append((" ".join(current), first))
                current = []
            continue
        if _OWN_LINE.match(line) or (line.upper() == line and sum(c.isalpha() for c in line) > 2):
            # a heading in capitals, a rule, the number: lines of their own
            if current:
                paragraphs.append((" ".join(current), first))
                current = []
            paragraphs.append((line, index))
            continue
        if current and (_STARTS.match(line) or (typed and line[:1].isupper())):
            paragraphs.append((" ".join(current), first))
            current = []
            first = index
        current.append(line)
        if _ENDS.search(line):
            paragraphs.append((" ".join(current), first))
            current = []
    if current:
        paragraphs.append((" ".join(current), first))
    return paragraphs
