"""DESIGN.md §3: every example of the table and the rules under it."""

import datetime as dt
import unicodedata

import pytest

from tracker.core.deadlines import parse_deadline
from tracker.core.model import DeadlineKind
from tracker.core.workdays import WorkCalendar

D = dt.date
ANCHOR = D(2024, 10, 14)  # a Monday; the assignment date of the examples

DATED = [
    # the table's examples, row by row
    ("31/12/2024", D(2024, 12, 31)),
    ("15-8-2025", D(2025, 8, 15)),
    ("45657", D(2024, 12, 31)),
    ("ngày 20 tháng 10 năm 2024", D(2024, 10, 20)),
    ("trước ngày 20 tháng 10 năm 2024", D(2024, 10, 20)),
    ("Trước 31/12/2024", D(2024, 12, 31)),
    ("chậm nhất ngày 15/11/2024", D(2024, 11, 15)),
    ("Chậm nhất 15.11.2024", D(2024, 11, 15)),
    ("hạn chót 30/11/2024", D(2024, 11, 30)),
    ("không quá ngày 30/11/2024", D(2024, 11, 30)),
    ("đến ngày 30/11/2024", D(2024, 11, 30)),
    ("từ nay đến ngày 30/11/2024", D(2024, 11, 30)),
    ("hoàn thành trước 30/11/2024", D(2024, 11, 30)),
    ("hoàn thành trong tháng 11/2024", D(2024, 11, 30)),
    ("Tháng 12/2024", D(2024, 12, 31)),
    ("tháng 01 năm 2023", D(2023, 1, 31)),
    ("trong tháng 1/2024", D(2024, 1, 31)),
    ("T12/2024", D(2024, 12, 31)),
    ("tháng 2/2024", D(2024, 2, 29)),
    ("Quý IV/2024", D(2024, 12, 31)),
    ("quý 4/2024", D(2024, 12, 31)),
    ("trong quý I năm 2024", D(2024, 3, 31)),
    ("Quý II/2025", D(2025, 6, 30)),
    ("quý III năm 2025", D(2025, 9, 30)),
    ("6 tháng đầu năm 2025", D(2025, 6, 30)),
    ("6 tháng cuối năm 2025", D(2025, 12, 31)),
    ("Năm 2025", D(2025, 12, 31)),
    ("trong năm 2026", D(2026, 12, 31)),
    ("cuối năm 2025", D(2025, 12, 31)),
    ("Giai đoạn 2023 – 2025", D(2025, 12, 31)),
    ("2023-2025", D(2025, 12, 31)),
    ("từ 1/9 đến 30/11/2025", D(2025, 11, 30)),
    ("tại Phiên họp Chính phủ thường kỳ tháng 01 năm 2023", D(2023, 1, 31)),
    ("2024-12-31", D(2024, 12, 31)),
    # relative: counted from the day after 14/10/2024
    ("trong 30 ngày", D(2024, 11, 13)),
    ("trong 15 ngày làm việc", D(2024, 11, 4)),
    # several dates or periods: the latest
    ("thí điểm từ tháng 8/2025 và triển khai chính thức trong tháng 9/2025", D(2025, 9, 30)),
    (
        "Thực hiện Thông báo 467/TB-VPCP ngày 14/10/2024; hoàn thành trước 15/12/2024",
        D(2024, 12, 15),
    ),
    # a date wins over ongoing and asap words
    ("Thường xuyên; báo cáo trước 31/12/2024", D(2024, 12, 31)),
    ("Khẩn trương, trước 15/11", D(2024, 11, 15)),
    # most specific reading of one stretch
    ("6 tháng đầu năm 2024", D(2024, 6, 30)),
    # missing year: the assignment year, or the next one if that falls before assignment
    ("ngày 20 tháng 10", D(2024, 10, 20)),
    ("trước 10/10", D(2025, 10, 10)),
    ("trước ngày 14/10", D(2024, 10, 14)),
    ("quý IV", D(2024, 12, 31)),
    ("quý III", D(2025, 9, 30)),
    ("trong tháng 12", D(2024, 12, 31)),
    # document symbols are never dates
    ("theo Nghị định 30/2020/NĐ-CP, hoàn thành tháng 12/2024", D(2024, 12, 31)),
    # more forms seen in real sheets
    ("Quý 4 năm 2024", D(2024, 12, 31)),
    ("tháng 10-2024", D(2024, 10, 31)),
    ("2025", D(2025, 12, 31)),
    ("trong 30 ngày kể từ ngày 01/11/2024", D(2024, 12, 1)),
    ("15 ngày làm việc từ 1/11/2024", D(2024, 11, 22)),
    ("Hoàn thành trước 30/6/2025 (đã gia hạn đến tháng 9/2025)", D(2025, 9, 30)),
    ("đến hết năm 2025", D(2025, 12, 31)),
    ("trong vòng 10 ngày", D(2024, 10, 24)),
    # spelling variants
    (unicodedata.normalize("NFD", "Quý IV/2024"), D(2024, 12, 31)),
    ("HOÀN THÀNH TRONG QUÝ IV/2024", D(2024, 12, 31)),
    ("  trước   ngày 20  tháng 10 năm 2024 ", D(2024, 10, 20)),
]


@pytest.mark.parametrize(("text", "day"), DATED)
def test_dated(text: str, day: dt.date) -> None:
    deadline = parse_deadline(text, ANCHOR)
    assert (deadline.kind, deadline.day, deadline.issue) == (DeadlineKind.DATE, day, None)
    assert deadline.text == unicodedata.normalize("NFC", text.strip())


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Thường xuyên", DeadlineKind.ONGOING),
        ("thường xuyên, liên tục", DeadlineKind.ONGOING),
        ("Hằng năm", DeadlineKind.ONGOING),
        ("hằng quý", DeadlineKind.ONGOING),
        ("hằng tháng", DeadlineKind.ONGOING),
        ("định kỳ 6 tháng", DeadlineKind.ONGOING),
        ("tiếp tục thực hiện", DeadlineKind.ONGOING),
        ("Sớm", DeadlineKind.ASAP),
        ("khẩn trương", DeadlineKind.ASAP),
        ("ngay", DeadlineKind.ASAP),
        ("thực hiện ngay", DeadlineKind.ASAP),
        ("kịp thời", DeadlineKind.ASAP),
        ("chưa rõ", DeadlineKind.UNPARSED),
        ("theo Thông tư 04/2024/TT-BLĐTBXH", DeadlineKind.UNPARSED),
        ("467/TB-VPCP", DeadlineKind.UNPARSED),
        ("ngày", DeadlineKind.UNPARSED),  # `ngày` is not the asap word `ngay`
    ],
)
def test_undated(text: str, kind: DeadlineKind) -> None:
    deadline = parse_deadline(text, ANCHOR)
    assert (deadline.kind, deadline.day) == (kind, None)
    if kind is DeadlineKind.ONGOING:
        assert deadline.issue is None
    else:
        assert text in (deadline.issue or "")  # the warning quotes the text


def test_empty_cell_is_none_with_a_warning() -> None:
    for value in (None, "", "   "):
        deadline = parse_deadline(value, ANCHOR)
        assert deadline.kind is DeadlineKind.NONE
        assert deadline.issue


def test_early_year_is_approximate_31_march() -> None:
    deadline = parse_deadline("đầu năm 2024", ANCHOR)
    assert (deadline.kind, deadline.day) == (DeadlineKind.APPROXIMATE, D(2024, 3, 31))
    assert deadline.kind.dated and deadline.issue


def test_date_cells_and_serials() -> None:
    assert parse_deadline(D(2024, 12, 31)).day == D(2024, 12, 31)
    assert parse_deadline(dt.datetime(2024, 12, 31, 0, 0)).day == D(2024, 12, 31)
    assert parse_deadline(45657).day == D(2024, 12, 31)
    assert parse_deadline(45657.0).text == "31/12/2024"  # as the sheet shows it


def test_impossible_date_is_an_error() -> None:
    deadline = parse_deadline("31/02/2024", ANCHOR)
    assert deadline.kind is DeadlineKind.UNPARSED
    assert deadline.invalid and "31/02/2024" in (deadline.issue or "")


def test_relative_without_anchor_is_unparsed() -> None:
    for text in ("trong 15 ngày làm việc", "trong 30 ngày", "quý IV"):
        deadline = parse_deadline(text, None)
        assert deadline.kind is DeadlineKind.UNPARSED
        assert "ngày giao" in (deadline.issue or "")


def test_working_days_skip_tet_and_weekends() -> None:
    # Assigned Monday 20/01/2025; Tết 2025 holidays run 27/01-01/02 (holidays package).
    deadline = parse_deadline("trong 10 ngày làm việc", D(2025, 1, 20))
    # 21,22,23,24 (4), 03,04,05,06,07 (9), 10/02 (10)
    assert deadline.day == D(2025, 2, 10)
    assert parse_deadline("trong 10 ngày", D(2025, 1, 20)).day == D(2025, 1, 30)


def test_configured_days_off_and_make_up_working_days() -> None:
    bridge = WorkCalendar(
        extra_days_off=frozenset({D(2024, 10, 15)}),
        extra_working_days=frozenset({D(2024, 10, 19)}),  # a make-up Saturday
    )
    plain = parse_deadline("trong 5 ngày làm việc", ANCHOR).day
    assert plain == D(2024, 10, 21)
    # 15 off, 16,17,18 (3), Saturday 19 works (4), 21 (5)
    assert parse_deadline("trong 5 ngày làm việc", ANCHOR, bridge).day == D(2024, 10, 21)
    shifted = WorkCalendar(extra_days_off=frozenset({D(2024, 10, 15)}))
    assert parse_deadline("trong 5 ngày làm việc", ANCHOR, shifted).day == D(2024, 10, 22)


def test_rollover_moves_days_off_to_the_next_working_day() -> None:
    saturday = "19/10/2024"
    assert parse_deadline(saturday, ANCHOR).day == D(2024, 10, 19)
    assert parse_deadline(saturday, ANCHOR, rollover=True).day == D(2024, 10, 21)
    # 30/04 and 01/05/2025 are public holidays and 02/05/2025 a day off swapped with
    # Saturday 26/04 (as the holidays package lists it); 03-04/05 is a weekend.
    assert parse_deadline("30/04/2025", ANCHOR, rollover=True).day == D(2025, 5, 5)
    assert parse_deadline("Quý IV/2024", ANCHOR, rollover=True).day == D(2024, 12, 31)


def test_review_cases() -> None:
    # an impossible date written in words is an error, not the month around it
    wrong = parse_deadline("ngày 31 tháng 4 năm 2025", ANCHOR)
    assert wrong.kind is DeadlineKind.UNPARSED and wrong.invalid
    # readings that stand on their own do not need the assignment date
    assert parse_deadline("từ 1/9 đến 30/11/2025", None).day == D(2025, 11, 30)
    assert parse_deadline("trong 30 ngày kể từ ngày 14/10/2024", None).day == D(2024, 11, 13)
    # a year typed as a number in a spreadsheet cell
    assert parse_deadline(2025.0).day == D(2025, 12, 31)
