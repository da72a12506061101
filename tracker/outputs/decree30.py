"""The layout of Vietnamese administrative documents (Decree 30/2020/NĐ-CP, appendix I) in
python-docx: A4 with its margins, Times New Roman 14 pt, the heading as a borderless two-column
table (issuing body and number; national title, motto, place and date), page numbers from
page 2, the signature block beside «Nơi nhận». The notice, the minutes and the letters asking
for an explanation are written with it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..sources.files import atomic_path

FONT = "Times New Roman"
BODY_PT = 14


def decree_date(day: dt.date) -> str:
    """`ngày 05 tháng 01 năm 2026`: a day below 10 and the months 1 and 2 take a leading
    zero (Decree 30/2020/NĐ-CP, appendix I)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def style_document(document: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    # Page numbers centred at the top, from page 2 (none on the first page).
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field_code(paragraph, "PAGE")


def field_code(paragraph: Any, code: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (
        ("begin", None),
        (None, f" {code} "),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text is not None and text.strip() == code:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def borderless(table: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def add(
    cell_or_doc: Any,
    text: str,
    size: int = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: str = "center",
    space_after: int = 0,
    indent: bool = False,
) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    paragraph.paragraph_format.space_after = Pt(space_after)
    paragraph.paragraph_format.space_before = Pt(0)
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(10)
    for i, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        run.font.name, run.font.size = FONT, Pt(size)
        run.bold, run.italic, run.underline = bold, italic, underline
        if i < len(text.split("\n")) - 1:
            run.add_break()
    return paragraph


def header_table(document: Any, left: list[tuple[str, dict[str, Any]]], place_date: str) -> None:
    """The heading as a borderless two-column table: the issuing body (capitals, bold) and
    its number on the left; the national title, motto and place and date on the right."""
    from docx.shared import Mm

    table = document.add_table(rows=1, cols=2)
    borderless(table)
    table.autofit = False
    widths = (Mm(60), Mm(105))
    for column, cell, width in zip(table.columns, table.rows[0].cells, widths, strict=True):
        column.width = cell.width = width  # the grid (LibreOffice) and the cell (Word)
    left_cell, right_cell = table.rows[0].cells
    left_cell.paragraphs[0]._p.getparent().remove(left_cell.paragraphs[0]._p)
    right_cell.paragraphs[0]._p.getparent().remove(right_cell.paragraphs[0]._p)
    for text, style in left:
        add(left_cell, text, **style)
    add(right_cell, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True)
    add(
        right_cell, "Độc lập - Tự do - Hạnh phúc", size=14, bold=True, underline=True, space_after=6
    )
    add(right_cell, place_date, size=14, italic=True)


def signatures(
    document: Any, left: list[tuple[str, dict[str, Any]]], right: list[tuple[str, dict[str, Any]]]
) -> None:
    from docx.shared import Mm

    table = document.add_table(rows=1, cols=2)
    borderless(table)
    table.autofit = False
    widths = (Mm(85), Mm(80))
    for column, cell, width in zip(table.columns, table.rows[0].cells, widths, strict=True):
        column.width = cell.width = width
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    for text, style in left:
        add(table.rows[0].cells[0], text, **style)
    for text, style in right:
        add(table.rows[0].cells[1], text, **style)


def save(document: Any, path: Path) -> Path:
    with atomic_path(path) as tmp:
        document.save(str(tmp))
    return path


def items(document: Any, items: Iterable[str], prefix: str = "- ") -> None:
    for item in items:
        add(document, f"{prefix}{item}", align="justify", space_after=6, indent=True)
