"""The layout of Decree 30/2020/NĐ-CP, checked the same way for every document the tracker
writes in it (the conclusion notice, the letters asking for an explanation)."""

from __future__ import annotations

import re
from typing import Any

from docx.shared import Mm, Pt


def paragraph_texts(document: Any) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


def borderless(table: Any) -> bool:
    borders = table._tbl.tblPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblBorders"
    )
    return borders is not None and all(
        e.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") == "nil"
        for e in borders
    )


def check_page_and_header(document: Any) -> None:
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)

    def within(value: int, low: float, high: float) -> bool:  # Word stores twips: ±0.1 mm
        return Mm(low - 0.1) <= value <= Mm(high + 0.1)

    assert within(section.top_margin, 20, 25) and within(section.bottom_margin, 20, 25)
    assert within(section.left_margin, 30, 35) and within(section.right_margin, 15, 20)
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman" and Pt(13) <= normal.size <= Pt(14)
    # page numbers centred at the top, from page 2
    assert section.different_first_page_header_footer is True
    assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()
    header_xml = section.header._element.xml
    assert "PAGE" in header_xml and 'w:jc w:val="center"' in header_xml
    # the heading: a borderless two-column table
    table = document.tables[0]
    assert len(table.columns) == 2 and borderless(table)
    left, right = table.rows[0].cells
    # the issuing body in capitals and bold (under its parent body, if any, not bold)
    assert any(p.text.isupper() and all(r.bold for r in p.runs) for p in left.paragraphs)
    national, motto, place = right.paragraphs[:3]
    assert national.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and national.runs[0].bold
    assert motto.text == "Độc lập - Tự do - Hạnh phúc"
    assert motto.runs[0].bold and motto.runs[0].underline
    assert re.fullmatch(r"Hà Nội, ngày \d\d tháng (0[12]|[3-9]|1[0-2]) năm \d{4}", place.text)
    assert place.runs[0].italic
