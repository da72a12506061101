"""Large synthetic workbooks for benchmarks, as messy as the sheets secretariats keep.

`tracker sample OUT --tasks N` writes one. Like a real shared sheet it has a `Phiên họp` tab,
a `Cơ quan` tab, and one assignment tab per session, each with title rows above a header row
whose spelling differs from tab to tab. Its cells cover the variety of DESIGN §2-§5:

- deadlines in every form of the grammar (dates as text in five layouts, real date cells,
  serial numbers, months, quarters, halves, years, periods, ranges, events, relative and
  approximate deadlines, ongoing and vague words, several dates in one cell, a cited notice,
  a day and month without a year, blank and unreadable cells), some with a revised deadline;
- agencies by code, full name and short forms, provinces in all their forms (`Chủ tịch UBND
  tỉnh ...`, `TP. ...`, a bare name), collective leads, bodies below a province, elliptic
  lists, several separators, two leads in one cell, blank leads;
- text pasted as NFD, with old tone placement, the look-alike `Ð`, odd case and stray spaces;
- dates of assignment and completion as date cells, serial numbers and text; progress as
  `80`, `80%`, `0,8` and `80,5 %`; statuses as agencies write them.

Deterministic: the same arguments give the same cells.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..core.agencies import builtin_agencies
from ..core.model import AgencyKind
from .xlsx_write import write_xlsx

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
PROGRAMS = [
    "Đề án 06",
    "Cơ sở dữ liệu đất đai",
    "CSDL người có công",
    "Dịch vụ công trực tuyến",
    "Miễn, giảm phí, lệ phí",
    "Số hóa hồ sơ",
    "Cải cách TTHC",
    "đề án 06",
    "CSDL NGƯỜI CÓ CÔNG",
]
TITLES = [
    "Hoàn thành kết nối, chia sẻ dữ liệu dân cư với CSDL đất đai quốc gia",
    "Làm sạch dữ liệu đất đai, bảo đảm 'đúng, đủ, sạch, sống'",
    "Xây dựng CSDL người có công với cách mạng, kết nối với CSDL quốc gia về dân cư",
    "Chi trả trợ cấp ưu đãi người có công không dùng tiền mặt",
    "Tái cấu trúc quy trình, cung cấp dịch vụ công trực tuyến toàn trình",
    "Nâng cấp hệ thống thông tin giải quyết TTHC cấp tỉnh",
    "Miễn lệ phí cấp bản sao trích lục hộ tịch khi thực hiện trực tuyến",
    "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực",
    "Rà soát, cắt giảm, đơn giản hóa thủ tục hành chính nội bộ",
    "Triển khai xác thực điện tử qua VNeID cho dịch vụ công thiết yếu",
    "Báo cáo Thủ tướng Chính phủ kết quả thực hiện Đề án 06",
    "Ban hành văn bản hướng dẫn liên thông thủ tục khai sinh, thường trú, bảo hiểm y tế",
]
HEADERS: list[dict[str, str]] = [
    {
        "n": "STT",
        "id": "Mã",
        "title": "Nội dung nhiệm vụ",
        "program": "Đề án/Chương trình",
        "meeting": "Phiên họp",
        "assigned_on": "Ngày giao",
        "lead": "Cơ quan chủ trì",
        "co": "Cơ quan phối hợp",
        "deadline": "Thời hạn",
        "deadline_revised": "Thời hạn điều chỉnh",
        "status": "Tình trạng",
        "progress": "Tỷ lệ hoàn thành",
        "completed_on": "Ngày hoàn thành",
        "report": "Kết quả/Văn bản báo cáo",
        "source_doc": "Văn bản giao",
        "notes": "Ghi chú",
    },
    {
        "id": "Mã nhiệm vụ",
        "title": "Nhiệm vụ",
        "program": "Chương trình",
        "meeting": "Cuộc họp",
        "lead": "Chủ trì",
        "co": "Phối hợp",
        "deadline": "Thời hạn hoàn thành",
        "deadline_revised": "Gia hạn",
        "status": "Trạng thái",
        "progress": "Tiến độ (%)",
        "completed_on": "Ngày hoàn thành",
        "report": "Báo cáo",
        "source_doc": "Văn bản chỉ đạo",
        "assigned_on": "Ngày giao",
        "notes": "Ghi chú",
    },
    {
        "n": "TT",
        "id": "ID",
        "title": "Nội dung",
        "program": "Lĩnh vực",
        "lead": "Cơ quan chủ trì",
        "co": "Cơ quan phối hợp",
        "deadline": "Hạn",
        "status": "Tiến độ thực hiện",
        "progress": "Tỷ lệ hoàn thành",
        "completed_on": "Ngày hoàn thành",
        "source_doc": "Văn bản giao",
        "meeting": "Phiên họp",
        "assigned_on": "Ngày giao",
        "notes": "Ghi chú (nội bộ)",
    },
]
STATUSES = [
    ("Đang thực hiện", 30),
    ("Đang triển khai", 8),
    (None, 10),
    ("Hoàn thành một phần", 4),
    ("Cơ bản hoàn thành", 3),
    ("Chưa hoàn thành", 3),
    ("Dừng thực hiện", 1),
    ("Không còn phù hợp", 1),
]
DONE = ["Hoàn thành", "Đã hoàn thành", "hoàn thành đúng hạn", "Xong", "Done", "ĐÃ HOÀN THÀNH"]
ONGOING = ["Thường xuyên", "thường xuyên, liên tục", "Hằng năm", "hằng quý", "định kỳ 6 tháng"]
ASAP = ["Sớm", "khẩn trương", "ngay", "kịp thời"]
UNREAD = ["chưa rõ", "theo kế hoạch", "sau khi có ý kiến của Bộ Tư pháp"]
UNKNOWN_BODIES = [
    "Sở Tư pháp tỉnh Bắc Ninh",
    "Sở Y tế TP. Hà Nội",
    "UBND huyện Gia Lâm",
    "Công an tỉnh Nghệ An",
    "Tập đoàn Bưu chính Viễn thông Việt Nam",
]
COLLECTIVE = [
    "các bộ, ngành",
    "Các bộ, cơ quan ngang bộ",
    "các địa phương",
    "UBND các tỉnh, thành phố trực thuộc Trung ương",
    "các bộ, ngành, địa phương",
]


def _old_tones(text: str) -> str:
    """Old tone placement (`Hoà`, `Uỷ`), as older keyboards type it."""
    for new, old in (("òa", "oà"), ("óa", "oá"), ("ủy", "uỷ"), ("Ủy", "Uỷ"), ("úy", "uý")):
        text = text.replace(new, old)
    return text


# How a cell may have been typed or pasted; each keeps the meaning.
NOISE: list[Callable[[str], str]] = [
    lambda s: unicodedata.normalize("NFD", s),  # pasted from a Mac
    _old_tones,
    lambda s: s.replace("Đ", "\u00d0"),  # the look-alike Ð
    lambda s: s.upper(),
    lambda s: s.lower(),
    lambda s: "  " + s.replace(" ", "  ", 1) + " ",  # stray spaces
]


def _agency_forms() -> tuple[list[str], list[str]]:
    """(ministry and national-body forms, province forms) as secretariats write them."""
    national: list[str] = []
    provinces: list[str] = []
    for agency in builtin_agencies():
        if agency.kind is AgencyKind.PROVINCE:
            base = agency.name.split(" ", 1)[1] if agency.name.startswith("Tỉnh ") else None
            if base is None:
                base = agency.name.removeprefix("Thành phố ")
                kind = "thành phố"
                short = ["TP. " + base, "TP " + base]
            else:
                kind, short = "tỉnh", ["Tỉnh " + base]
            provinces += [
                f"UBND {kind} {base}",
                f"Ủy ban nhân dân {kind} {base}",
                f"Chủ tịch UBND {kind} {base}",
                *short,
                base,
            ]
        elif agency.kind is not AgencyKind.COLLECTIVE:
            national += [agency.name, agency.code, *agency.aliases]
    return national, provinces


class _Cells:
    """Random cell values in the messy forms of real sheets."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.national, self.provinces = _agency_forms()

    def noisy(self, text: str, rate: float = 0.15) -> str:
        return self.rng.choice(NOISE)(text) if self.rng.random() < rate else text

    def agency(self) -> str:
        roll = self.rng.random()
        if roll < 0.5:
            name = self.rng.choice(self.national)
        elif roll < 0.93:
            name = self.rng.choice(self.provinces)
        elif roll < 0.97:
            name = self.rng.choice(COLLECTIVE)
        else:
            name = self.rng.choice(UNKNOWN_BODIES)
        return self.noisy(name)

    def lead(self) -> str | None:
        roll = self.rng.random()
        if roll < 0.01:
            return None
        if roll < 0.03:
            return f"{self.agency()}, {self.agency()}"  # two leads in one cell
        return self.agency()

    def co(self) -> str | None:
        rng = self.rng
        count = rng.choice([0, 0, 1, 1, 2, 2, 3, 4])
        if count == 0:
            return None
        roll = rng.random()
        if roll < 0.08:
            return rng.choice(
                [
                    "các Bộ: Tài chính, Tư pháp",
                    "các Bộ Tài nguyên và Môi trường, Tư pháp",
                    "các tỉnh: Bắc Ninh, Hà Nam, Nam Định",
                    "các Bộ: Công an, Y tế và UBND tỉnh Bắc Ninh",
                ]
            )
        names = [self.agency() for _ in range(count)]
        cell = names[0]
        for name in names[1:]:
            cell += rng.choice([", ", "; ", " / ", " + ", "\n", " và ", ";"]) + name
        return cell

    def day_text(self, day: dt.date) -> Any:
        rng = self.rng
        form = rng.randrange(9)
        if form == 0:
            return day  # a real date cell
        if form == 1:
            return float((day - dt.date(1899, 12, 30)).days)  # a serial number
        if form == 2:
            return f"{day.day}/{day.month}/{day.year}"
        if form == 3:
            return f"{day:%d/%m/%Y}"
        if form == 4:
            return f"{day.day}-{day.month}-{day.year}"
        if form == 5:
            return f"{day.day}.{day.month}.{day.year}"
        if form == 6:
            return day.isoformat()
        return f"ngày {day.day} tháng {day.month} năm {day.year}"

    def deadline(self, day: dt.date, assigned: dt.date) -> Any:
        rng = self.rng
        y, m, d = day.year, day.month, day.day
        quarter = (m - 1) // 3 + 1
        form = rng.randrange(30)
        if form < 6:
            cell = self.day_text(day)
            if not isinstance(cell, str) or form < 3:
                return cell
            prefix = rng.choice(
                [
                    "trước ngày ",
                    "Trước ",
                    "chậm nhất ngày ",
                    "Chậm nhất ",
                    "hạn chót ",
                    "không quá ngày ",
                    "đến ngày ",
                    "từ nay đến ngày ",
                    "hoàn thành trước ngày ",
                ]
            )
            return self.noisy(prefix + cell.removeprefix("ngày "))
        choices: list[str] = [
            f"Tháng {m}/{y}",
            f"tháng {m:02d} năm {y}",
            f"trong tháng {m}/{y}",
            f"T{m}/{y}",
            f"Quý {ROMAN[quarter]}/{y}",
            f"quý {quarter}/{y}",
            f"trong quý {ROMAN[quarter]} năm {y}",
            f"6 tháng {'đầu' if m <= 6 else 'cuối'} năm {y}",
            f"Năm {y}",
            f"trong năm {y}",
            f"cuối năm {y}",
            f"Giai đoạn {y - 2} – {y}",
            f"{y - 1}-{y}",
            f"từ {max(1, d - 20)}/{m} đến {d}/{m}/{y}",
            f"tại Phiên họp Chính phủ thường kỳ tháng {m:02d} năm {y}",
            f"trong {rng.choice([5, 10, 15, 20])} ngày làm việc",
            f"trong {rng.choice([15, 30, 45, 60])} ngày",
            f"đầu năm {y}",
            f"thí điểm từ tháng {max(1, m - 2)}/{y} và triển khai chính thức trong tháng {m}/{y}",
            f"theo Thông báo số 328/TB-VPCP ngày 16/7/2024, hoàn thành trước {d}/{m}/{y}",
            f"Trước {d}/{m}",  # no year: the assignment's year, or the next
            f"Hoàn thành trong tháng {m}/{y}, báo cáo Thủ tướng Chính phủ",
            rng.choice(ONGOING),
            rng.choice(ASAP),
            rng.choice(UNREAD),
            "",
        ]
        return self.noisy(rng.choice(choices)) or None

    def progress(self, percent: int) -> Any:
        return self.rng.choice(
            [percent, f"{percent}%", percent / 100, f"{percent},5 %" if percent < 100 else "100%"]
        )


def synthetic_tabs(tasks: int, seed: int, reference: dt.date) -> dict[str, list[list[Any]]]:
    """The cells of a synthetic workbook of `tasks` tasks, tab by tab (row 0 is the sheet's
    row 1): sessions about every 80 days before `reference`, one assignment tab each."""
    rng = random.Random(seed)
    cells = _Cells(rng)
    sessions = max(3, min(24, tasks // 2000 + 3))
    first = reference - dt.timedelta(days=900)
    days = [first + dt.timedelta(days=round(i * 870 / (sessions - 1))) for i in range(sessions)]
    meetings: list[list[Any]] = [
        ["Mã", "Phiên thứ", "Ngày họp", "Chủ trì phiên họp", "Địa điểm", "Thành phần"]
    ]
    for number, day in enumerate(days, start=1):
        meetings.append(
            [
                f"PH{number:02d}",
                number,
                cells.day_text(day),
                "Phó Thủ tướng Chính phủ",
                "Trụ sở Chính phủ, Hà Nội",
                "Thành viên Tổ công tác",
            ]
        )
    tabs: dict[str, list[list[Any]]] = {
        "Phiên họp": meetings,
        "Cơ quan": [
            ["Mã", "Tên cơ quan", "Tên khác", "Loại", "Email"],
            ["SKHCN-QN", "Sở Khoa học và Công nghệ tỉnh Quảng Ninh", "Sở KH&CN Quảng Ninh", "khác"],
        ],
    }
    per_session, extra = divmod(tasks, sessions)
    for index, meeting_day in enumerate(days, start=1):
        mid = f"PH{index:02d}"
        notice = f"{100 + index * 17}/TB-VPCP ngày {meeting_day:%d/%m/%Y}"
        headers = HEADERS[index % len(HEADERS)]
        fields = list(headers)
        rows: list[list[Any]] = [
            [f"DANH MỤC NHIỆM VỤ GIAO TẠI PHIÊN HỌP THỨ {index}"],
            [f"(Kèm theo Thông báo số {notice})"],
            [],
            [headers[f] for f in fields],
        ]
        for n in range(1, per_session + (index <= extra) + 1):
            values = _task(cells, mid, n, meeting_day, reference, notice)
            rows.append([values.get(f) for f in fields])
            if n % 400 == 0:
                rows.append([])  # blank rows in the middle, as people leave them
        tabs[f"Phiên {index} ({meeting_day:%d-%m-%Y})"] = rows
    return tabs


def _task(
    cells: _Cells, mid: str, n: int, meeting_day: dt.date, reference: dt.date, notice: str
) -> dict[str, Any]:
    rng = cells.rng
    assigned = meeting_day + dt.timedelta(days=rng.choice([0, 0, 0, 1, 3, 7]))
    due = assigned + dt.timedelta(days=rng.randint(10, 500))
    deadline = cells.deadline(due, assigned)
    revised = None
    if rng.random() < 0.08:
        revised = cells.day_text(due + dt.timedelta(days=rng.randint(15, 120)))
    status: Any = _weighted(rng, STATUSES)
    progress: Any = None
    completed: Any = None
    roll = rng.random()
    if roll < 0.4 and due < reference:
        done_on = min(reference, due + dt.timedelta(days=rng.randint(-60, 40)))
        completed = cells.day_text(max(assigned, done_on))
        status = rng.choice(DONE)
        progress = cells.progress(100) if rng.random() < 0.5 else None
    elif roll < 0.45:
        status = rng.choice(DONE)  # done, no date
    elif roll < 0.65:
        progress = cells.progress(rng.randint(1, 9) * 10)
    title = rng.choice(TITLES)
    if rng.random() < 0.3:
        title = f"{title} (đợt {rng.randint(1, 5)})"
    return {
        "n": n,
        "id": f"{mid}-{n:04d}",
        "title": cells.noisy(title, 0.05),
        "program": rng.choice(PROGRAMS),
        "meeting": mid,
        "assigned_on": cells.day_text(assigned) if rng.random() < 0.7 else None,
        "lead": cells.lead(),
        "co": cells.co(),
        "deadline": deadline,
        "deadline_revised": revised,
        "status": status,
        "progress": progress,
        "completed_on": completed,
        "report": f"Báo cáo số {n}/BC-{mid}" if completed else None,
        "source_doc": notice,
        "notes": "đã nhắc qua điện thoại" if n % 7 == 0 else None,
    }


def _weighted(rng: random.Random, choices: list[tuple[Any, int]]) -> Any:
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights)[0]


def write_synthetic(path: Path, tasks: int, seed: int, reference: dt.date) -> Path:
    """Write a synthetic workbook of `tasks` tasks to `path` (whole or not at all)."""
    write_xlsx(path, synthetic_tabs(tasks, seed, reference).items(), big=True)
    return path
