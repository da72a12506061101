"""The `tracker` command: argument parsing only; each command calls the library."""

from __future__ import annotations

import argparse
import codecs
import datetime as dt
import io
import json
import os
import re
import signal
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import load_settings
from .core.errors import BadArgument, SourceUnavailable, TrackerError, os_reason
from .core.settings import Settings
from .core.text import fold, strip_diacritics
from .outputs import cli_text
from .reports import history, json_text, sources, status_in_two, tasks
from .reports.bulk import bulk_work
from .reports.evaluation import Evaluation, evaluate

if TYPE_CHECKING:
    from .core.model import Request

_ARGPARSE_VI = [
    (r"^unrecognized arguments: (.*)$", r"tham số không nhận ra: \1"),
    (r"^the following arguments are required: (.*)$", r"thiếu tham số: \1"),
    (
        r"^argument (\S+): invalid choice: (.*?) \(choose from (.*)\)$",
        r"tham số \1: giá trị \2 không hợp lệ (chọn một trong: \3)",
    ),
    (r"^argument (\S+): invalid (\S+) value: (.*)$", r"tham số \1: giá trị \3 không hợp lệ"),
    (r"^argument (\S+): expected one argument$", r"tham số \1 cần một giá trị"),
    (r"^argument (\S+): not allowed with argument (\S+)$", r"tham số \1 không dùng cùng \2"),
    (r"^one of the arguments (.*) is required$", r"cần một trong các tham số \1"),
    (r"^argument (\S+): (.*)$", r"tham số \1: \2"),  # the messages of the types below
]
_HELP_VI = [
    ("usage:", "Cách dùng:"),
    ("positional arguments:", "Tham số:"),
    ("options:", "Tùy chọn:"),
    ("show this help message and exit", "hiện hướng dẫn này rồi thoát"),
]


class _Parser(argparse.ArgumentParser):
    """argparse with its own words in Vietnamese."""

    def format_usage(self) -> str:
        return _vi(super().format_usage())

    def format_help(self) -> str:
        return _vi(super().format_help())

    def error(self, message: str) -> Any:
        for pattern, replacement in _ARGPARSE_VI:
            message = re.sub(pattern, replacement, message, count=1)
        self.exit(2, f"Lỗi: {message} (xem `{self.prog} --help`)\n")


def _vi(text: str) -> str:
    for english, vietnamese in _HELP_VI:
        text = text.replace(english, vietnamese)
    return text


# The years a task force's dates fall in: anything else is a typing mistake, and dates far
# beyond them leave no room for the days computed from them.
DATE_YEARS = range(1950, 2101)


def _date(value: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"«{value}» không phải ngày hợp lệ (cần dạng YYYY-MM-DD, ví dụ 2025-06-30)"
        ) from None
    if day.year not in DATE_YEARS:
        raise argparse.ArgumentTypeError(
            f"«{value}» nằm ngoài các năm {DATE_YEARS.start}–{DATE_YEARS.stop - 1}"
        )
    return day


def _whole(low: int, high: int) -> Callable[[str], int]:
    """An argument type: a whole number from `low` to `high`."""

    def parse(value: str) -> int:
        if not value.isdigit() or not low <= int(value) <= high:
            raise argparse.ArgumentTypeError(
                f"«{value}» không hợp lệ (cần một số nguyên từ {low} đến {high})"
            )
        return int(value)

    return parse


_days = _whole(0, 3660)


_HOST = re.compile(r"(?:[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*"
                   r"|\[[0-9a-f:.]+\])(?::(?P<port>[0-9]{1,5}))?", re.IGNORECASE)  # fmt: skip


def _host(value: str) -> str:
    """A host name as a browser sends it in `Host`: a name or [IPv6], maybe with a port."""
    named = _HOST.fullmatch(value)
    if not named or not 0 < int(named["port"] or 1) < 65536:
        raise argparse.ArgumentTypeError(
            f"«{value}» không phải tên máy (ví dụ tracker.noibo hoặc tracker.noibo:8080)"
        )
    return value.lower()


def _add_source(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "source",
        nargs="?",
        metavar="SOURCE",
        help="tệp .xlsx, đường dẫn Google Sheet hoặc gsheet:<key>; mặc định TRACKER_SOURCE, "
        "nếu không có thì dùng bảng tính mẫu đi kèm",
    )
    parser.add_argument(
        "--as-of",
        type=_date,
        metavar="YYYY-MM-DD",
        help="tính tình trạng tại ngày này (mặc định: hôm nay, giờ Việt Nam)",
    )
    parser.add_argument(
        "--due-soon-days",
        type=_days,
        metavar="W",
        help="số ngày coi là sắp đến hạn (mặc định 7)",
    )
    parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    parser.add_argument(
        "--offline",
        action="store_true",
        help="dùng ảnh chụp gần nhất trong kho lịch sử thay vì đọc nguồn",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tracker",
        description="Theo dõi nhiệm vụ Tổ công tác giao: ai làm, hạn nào, việc nào chậm.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    check = commands.add_parser(
        "check",
        help="kiểm tra bảng tính, liệt kê mọi lỗi và cảnh báo theo ô",
        description="Liệt kê mọi lỗi và cảnh báo dạng «Trang!F12 [lỗi] nội dung». "
        "Mã thoát 1 khi có lỗi.",
    )
    _add_source(check)
    check.set_defaults(run=_check)

    status = commands.add_parser(
        "status",
        help="mọi nhiệm vụ với tình trạng tính tại một ngày",
        description="Mọi nhiệm vụ với cơ quan chủ trì, thời hạn và tình trạng tính tại một ngày.",
    )
    _add_source(status)
    status.set_defaults(run=_status)

    overdue = commands.add_parser(
        "overdue",
        help="nhiệm vụ quá hạn theo cơ quan, quá hạn lâu nhất trước",
        description="Nhiệm vụ quá hạn, nhóm theo cơ quan chủ trì hiện nay, quá hạn lâu nhất trước.",
    )
    _add_source(overdue)
    overdue.add_argument("--agency", metavar="CODE", help="chỉ một cơ quan (mã hoặc tên)")
    overdue.add_argument("--program", metavar="P", help="chỉ một đề án/chương trình")
    overdue.set_defaults(run=_overdue)

    kpi = commands.add_parser(
        "kpi",
        help="chỉ số theo cơ quan, đề án hoặc phiên họp",
        description="Số nhiệm vụ theo từng tình trạng và tỷ lệ đúng hạn, theo nhóm và tổng cộng.",
    )
    _add_source(kpi)
    kpi.add_argument(
        "--by",
        choices=tasks.GROUPINGS,
        default="lead",
        help="nhóm theo cơ quan chủ trì (lead), đề án (program) hoặc phiên họp (meeting)",
    )
    kpi.set_defaults(run=_kpi)

    sync = commands.add_parser(
        "sync",
        help="đọc nguồn và lưu một ảnh chụp vào kho lịch sử",
        description="Đọc nguồn và lưu ảnh chụp vào kho lịch sử (TRACKER_DB: đường dẫn SQLite "
        "hoặc URL SQLAlchemy). Nội dung không đổi thì không thêm ảnh chụp, chỉ ghi nhận lần "
        "kiểm tra.",
    )
    _add_source(sync)
    sync.add_argument("--quiet", action="store_true", help="không in tiến trình")
    sync.set_defaults(run=_sync)

    changes = commands.add_parser(
        "changes",
        help="những gì thay đổi từ phiên họp trước (hoặc một ngày, một ảnh chụp)",
        description="Nhiệm vụ mới, đã hoàn thành, mới quá hạn, được gia hạn, đổi cơ quan chủ "
        "trì, không còn trong bảng tính, sửa nội dung, so với mốc --since.",
    )
    _add_source(changes)
    changes.add_argument(
        "--since",
        metavar="DATE|SNAPSHOT|last-meeting",
        help="mốc so sánh: một ngày, số ảnh chụp, hoặc last-meeting (mặc định: phiên họp gần "
        "nhất đến ngày as-of)",
    )
    changes.set_defaults(run=_changes)

    dashboard = commands.add_parser(
        "dashboard",
        help="mở bảng điều khiển (Voila) trên trình duyệt",
        description="Chạy bảng điều khiển Voila: chỉ nghe trên máy này, trừ khi --ip cho phép "
        "máy khác (khi đó cần mã truy cập, in một lần khi khởi động).",
    )
    dashboard.add_argument(
        "source", nargs="?", metavar="SOURCE", help="tệp .xlsx, Google Sheet hoặc gsheet:<key>"
    )
    dashboard.add_argument(
        "--as-of", type=_date, metavar="YYYY-MM-DD", help="tính tình trạng tại ngày này"
    )
    dashboard.add_argument(
        "--due-soon-days", type=_days, metavar="W", help="số ngày coi là sắp đến hạn"
    )
    dashboard.add_argument(
        "--port", type=_whole(1, 65535), default=8866, help="cổng (mặc định 8866)"
    )
    dashboard.add_argument(
        "--ip", default="127.0.0.1", help="địa chỉ nghe (mặc định 127.0.0.1: chỉ máy này)"
    )
    dashboard.add_argument("--no-browser", action="store_true", help="không tự mở trình duyệt")
    dashboard.add_argument(
        "--allow-host",
        action="append",
        type=_host,
        default=[],
        metavar="NAME",
        help="nhận thêm tên máy NAME (có thể kèm :cổng) khi không có mã truy cập, ví dụ tên "
        "trong mạng nội bộ mà một reverse proxy trên máy này chuyển tới; lặp lại được",
    )
    dashboard.set_defaults(run=_dashboard)

    briefs = commands.add_parser(
        "briefs",
        help="tạo bản tin cho từng cơ quan (papermill)",
        description="Tạo bản tin cho từng cơ quan: sổ tay đã chạy (lưu vết) và tệp HTML, cùng "
        "index.html. Một cơ quan lỗi không làm dừng các cơ quan khác.",
    )
    _add_source(briefs)
    who = briefs.add_mutually_exclusive_group(required=True)
    who.add_argument(
        "--agency", action="append", metavar="CODE", help="mã hoặc tên cơ quan (lặp lại được)"
    )
    who.add_argument(
        "--all", action="store_true", help="mọi cơ quan chủ trì hoặc phối hợp một nhiệm vụ"
    )
    briefs.add_argument("--out", type=Path, required=True, metavar="DIR", help="thư mục ghi")
    briefs.add_argument(
        "--format", default="html", metavar="html,pdf", help="định dạng: html, và pdf nếu cần"
    )
    briefs.add_argument(
        "--jobs",
        type=_whole(0, 64),
        metavar="N",
        help="số nhân xử lý song song (mặc định: số lõi CPU; 0: mỗi bản tin một nhân mới)",
    )
    briefs.add_argument("--quiet", action="store_true", help="không in tiến trình")
    briefs.set_defaults(run=_briefs)

    minutes = commands.add_parser(
        "minutes",
        help="soạn thông báo kết luận, biên bản và chương trình phiên sau từ biên bản phiên họp",
        description="Từ bản ghi phiên họp (tệp MEETING.yaml cạnh bảng tính, hoặc --record): "
        "thông báo kết luận và biên bản (.docx theo Nghị định 30/2020/NĐ-CP, kèm bản xem "
        "trước HTML), chương trình phiên sau với các nhiệm vụ còn quá hạn, và nhiệm vụ mới "
        "dạng .xlsx để dán vào bảng tính. Mã thoát 1 khi bản ghi không hợp lệ.",
    )
    minutes.add_argument("meeting", metavar="MEETING", help="mã phiên họp (trang Phiên họp)")
    _add_source(minutes)
    minutes.add_argument("--out", type=Path, required=True, metavar="DIR", help="thư mục ghi")
    minutes.add_argument(
        "--record",
        type=Path,
        metavar="FILE.yaml",
        help="bản ghi phiên họp (mặc định: MEETING.yaml cạnh bảng tính, hoặc bản mẫu đi kèm)",
    )
    minutes.set_defaults(run=_minutes)

    notice = commands.add_parser(
        "import-notice",
        help="đọc thông báo kết luận (.docx, .pdf, .txt, .md) thành dự thảo nhiệm vụ (.xlsx)",
        description="Đọc các câu giao nhiệm vụ trong một thông báo kết luận (hoặc chỉ thị, "
        "công văn): cơ quan chủ trì, phối hợp, thời hạn; mỗi nhiệm vụ một dòng dự thảo theo bố "
        "cục trang nhiệm vụ, kèm những gì cần xem lại. Trang PDF không có lớp chữ (bản quét) "
        "được đọc bằng OCR (Tesseract tiếng Việt). Sau khi rà soát, đưa vào bảng tính bằng "
        "`tracker push SOURCE --from DRAFT.xlsx`.",
    )
    notice.add_argument("file", type=Path, metavar="FILE", help="tệp .docx, .pdf, .txt hoặc .md")
    notice.add_argument(
        "source",
        nargs="?",
        metavar="SOURCE",
        help="bảng tính để lấy mã nhiệm vụ, ngày phiên họp và danh mục cơ quan (mặc định "
        "TRACKER_SOURCE; nếu không có thì chỉ dùng danh mục cơ quan đi kèm)",
    )
    notice.add_argument(
        "--meeting",
        metavar="ID",
        help="mã phiên họp: mã nhiệm vụ <ID>-NN và thời hạn tính từ ngày phiên họp",
    )
    notice.add_argument(
        "--assigned-on",
        type=_date,
        metavar="YYYY-MM-DD",
        help="ngày giao: thời hạn tương đối tính từ ngày này (mặc định: ngày phiên họp, nếu "
        "không có thì ngày của thông báo)",
    )
    notice.add_argument("--program", metavar="P", help="ghi vào cột Đề án/Chương trình")
    notice.add_argument(
        "--out", type=Path, required=True, metavar="DRAFT.xlsx", help="tệp dự thảo sẽ ghi"
    )
    notice.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    notice.set_defaults(run=_import_notice)

    push = commands.add_parser(
        "push",
        help="ghi vào Google Sheet: tình trạng tính được, hoặc nhiệm vụ mới",
        description="Ghi vào Google Sheet (giá trị thô, không thành công thức): --statuses ghi "
        "tình trạng vào cột «Tình trạng theo dõi»; --from thêm nhiệm vụ mới từ một tệp .xlsx. "
        "Ô đã bị người khác sửa sau khi đọc được để nguyên và báo xung đột (mã thoát 1).",
    )
    push.add_argument("source", metavar="SOURCE", help="đường dẫn Google Sheet hoặc gsheet:<key>")
    what = push.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "--from",
        dest="from_file",
        type=Path,
        metavar="FILE.xlsx",
        help="thêm các nhiệm vụ của tệp này (cùng bố cục trang nhiệm vụ)",
    )
    what.add_argument(
        "--statuses", action="store_true", help="ghi tình trạng tính được của mọi nhiệm vụ"
    )
    what.add_argument(
        "--from-minutes",
        metavar="MEETING",
        help="thêm các nhiệm vụ mới trong bản ghi phiên họp MEETING (mã <phiên>-<NN>)",
    )
    push.add_argument(
        "--record", type=Path, metavar="FILE.yaml", help="bản ghi phiên họp (với --from-minutes)"
    )
    push.add_argument("--tab", metavar="NAME", help="trang đích (mặc định: trang nhiệm vụ cuối)")
    push.add_argument("--dry-run", action="store_true", help="chỉ in những gì sẽ ghi, không ghi")
    push.add_argument(
        "--as-of", type=_date, metavar="YYYY-MM-DD", help="tính tình trạng tại ngày này"
    )
    push.add_argument("--due-soon-days", type=_days, metavar="W", help="số ngày coi là sắp đến hạn")
    push.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    push.set_defaults(run=_push)

    remind = commands.add_parser(
        "remind",
        help="nhắc việc từng cơ quan qua email (chạy thử nếu không có --send)",
        description="Mỗi cơ quan có nhiệm vụ quá hạn hoặc sắp đến hạn (là cơ quan chủ trì hiện "
        "nay) nhận một thư gửi tới các đầu mối của mình (trang «Đầu mối»), kèm bản tin; nhiệm "
        "vụ quá hạn lâu kèm công văn đề nghị giải trình. Không có --send: chỉ in ai sẽ nhận "
        "gì. Mã thoát 1 khi có cơ quan bị bỏ qua hoặc gửi lỗi.",
    )
    _add_source(remind)
    remind.add_argument(
        "--agency", action="append", metavar="CODE", help="chỉ cơ quan này (lặp lại được)"
    )
    remind.add_argument("--send", action="store_true", help="gửi thư thật (mặc định: chạy thử)")
    remind.add_argument(
        "--force", action="store_true", help="gửi cả cho cơ quan vừa được nhắc gần đây"
    )
    remind.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="thư mục ghi công văn và bản tin (mặc định: thư mục dữ liệu, theo ngày)",
    )
    remind.add_argument(
        "--briefs",
        type=Path,
        metavar="DIR",
        help="đính kèm các bản tin đã tạo bằng `tracker briefs` trong thư mục này",
    )
    remind.add_argument("--quiet", action="store_true", help="không in tiến trình")
    remind.set_defaults(run=_remind)

    explain = commands.add_parser(
        "explain",
        help="ghi nhận cơ quan đã giải trình việc chậm thực hiện một nhiệm vụ",
        description="Đánh dấu đề nghị giải trình đang chờ của nhiệm vụ TASK_ID là đã trả lời.",
    )
    explain.add_argument("task", metavar="TASK_ID", help="mã nhiệm vụ")
    explain.add_argument(
        "source", nargs="?", metavar="SOURCE", help="tệp .xlsx, Google Sheet hoặc gsheet:<key>"
    )
    explain.add_argument(
        "--answered",
        nargs="?",
        const="today",
        required=True,
        metavar="YYYY-MM-DD",
        help="ngày cơ quan trả lời (để trống: hôm nay)",
    )
    explain.add_argument("--note", metavar="TEXT", help="tóm tắt nội dung giải trình")
    explain.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    explain.set_defaults(run=_explain)

    explanations = commands.add_parser(
        "explanations",
        help="các đề nghị giải trình: đang chờ, quá hạn giải trình, đã giải trình",
        description="Mọi đề nghị giải trình theo cơ quan: đang chờ, quá hạn giải trình (quá ngày "
        "phải trả lời mà chưa trả lời) và đã giải trình.",
    )
    _add_source(explanations)
    explanations.set_defaults(run=_explanations)

    sample = commands.add_parser(
        "sample",
        help="ghi bảng tính mẫu (hoặc bảng tính tổng hợp lớn) ra tệp .xlsx",
        description="Ghi bảng tính mẫu đi kèm; với --tasks, ghi bảng tính tổng hợp lớn "
        "để đo hiệu năng.",
    )
    sample.add_argument("out", metavar="OUT.xlsx", type=Path, help="tệp sẽ ghi")
    sample.add_argument(
        "--reference-date",
        type=_date,
        metavar="YYYY-MM-DD",
        help="ngày mốc để bố trí các thời hạn (mặc định: hôm nay)",
    )
    sample.add_argument(
        "--tasks", type=_whole(1, 1_000_000), metavar="N", help="số nhiệm vụ tổng hợp"
    )
    sample.add_argument(
        "--seed", type=_whole(0, 2**32), default=1, metavar="S", help="hạt giống ngẫu nhiên"
    )
    sample.set_defaults(run=_sample)
    return parser


def _due_soon(args: argparse.Namespace, settings: Settings) -> int:
    return settings.due_soon_days if args.due_soon_days is None else int(args.due_soon_days)


def _evaluate(
    args: argparse.Namespace,
    settings: Settings,
    needs_history: bool = False,
    observed: dict[str, dt.date] | None = None,
) -> Evaluation:
    """The source as of --as-of. The history store is optional for reading: when it cannot
    be opened, a warning says so and the command goes on without it (unless `needs_history`:
    then that is the command's one error line). `observed`: the store's completions when
    the caller has read them already."""
    workbook = sources.load(args.source, settings, offline=getattr(args, "offline", False))
    notice = sources.stale_notice(workbook)
    if notice:
        print(notice, file=sys.stderr)
    if observed is None:
        observed = _observed(args, settings, needs_history)
    return evaluate(workbook, args.as_of or sources.today(), _due_soon(args, settings), observed)


def _observed(
    args: argparse.Namespace, settings: Settings, needs_history: bool = False
) -> dict[str, dt.date]:
    """Completions first seen by a sync (see `_evaluate` for a store that cannot be opened)."""
    try:
        return history.observations(settings, args.source)
    except TrackerError as exc:
        if needs_history:
            raise
        print(f"Cảnh báo: {exc.message}; tiếp tục không dùng lịch sử.", file=sys.stderr)
        return {}


def _emit(args: argparse.Namespace, report: Mapping[str, Any], text: Callable[[Any], str]) -> None:
    if args.json:
        # No indent: only then does json use its C encoder (5x faster on 25k tasks).
        _write_json(json.dumps(report, ensure_ascii=False))
    else:
        print(text(report))


def _write_json(text: str | Iterable[json_text.Piece]) -> None:
    if isinstance(text, str):
        text = [text]
    stream = getattr(sys.stdout, "buffer", None)
    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    utf8 = stream is not None and codecs.lookup(encoding).name == "utf-8"
    for piece in text:
        if isinstance(piece, str):
            sys.stdout.write(piece)
        elif utf8 and stream is not None:  # already encoded: after the text before it
            sys.stdout.flush()
            stream.write(piece)
        else:
            sys.stdout.write(bytes(piece).decode("utf-8"))
    sys.stdout.write("\n")


def _check(args: argparse.Namespace, settings: Settings) -> int:
    evaluation = _evaluate(args, settings)
    _emit(args, tasks.check_report(evaluation), cli_text.check_text)
    return 1 if evaluation.errors else 0


def _status(args: argparse.Namespace, settings: Settings) -> int:
    observed = None
    if args.json and not getattr(args, "offline", False):
        # A large local workbook: two processes, each from its tabs' cells to their JSON.
        observed = _observed(args, settings)
        as_of, due_soon = args.as_of or sources.today(), _due_soon(args, settings)
        text = status_in_two.status_json_in_two(args.source, settings, as_of, due_soon, observed)
        if text is not None:
            _write_json(text)
            return 0
    evaluation = _evaluate(args, settings, observed=observed)
    if args.json:
        _write_json(json_text.status_json(evaluation))
    else:
        print(cli_text.status_text(tasks.status_report(evaluation)))
    return 0


def _overdue(args: argparse.Namespace, settings: Settings) -> int:
    evaluation = _evaluate(args, settings)
    agency = args.agency
    if agency is not None:
        agency = _current_agency(evaluation, agency)
    programs = {v.program for v in evaluation.views if v.program} if args.program else set()
    if args.program and fold(args.program) not in {fold(name) for name in programs}:
        # the match `tasks.filtered` makes, on the distinct programmes only
        known = sorted(programs, key=strip_diacritics)
        listed = "; ".join(f"«{name}»" for name in known[:10]) + ("; ..." if known[10:] else "")
        print(
            f"Cảnh báo: không có nhiệm vụ nào thuộc đề án «{args.program}»"
            + (f"; các đề án trong nguồn: {listed}" if known else ""),
            file=sys.stderr,
        )
    if args.json:
        _write_json(json_text.overdue_json(evaluation, agency, args.program))
    else:
        print(cli_text.overdue_text(tasks.overdue_report(evaluation, agency, args.program)))
    return 0


def _current_agency(evaluation: Evaluation, value: str) -> str:
    """An agency named by code or name, as it stands on the as-of date (an agency merged in
    2025 answers through its successor). Raises BadArgument when it is not in the registry."""
    registry = evaluation.workbook.registry
    code = registry.lookup(value)
    if code is None:
        raise BadArgument(
            f"--agency: không có cơ quan «{value}» trong danh mục (ghi mã như BCA, hoặc tên "
            "như «Bộ Công an»)"
        )
    return registry.current(code, evaluation.as_of) or code


def _kpi(args: argparse.Namespace, settings: Settings) -> int:
    _emit(args, tasks.kpi_report(_evaluate(args, settings), args.by), cli_text.kpi_text)
    return 0


def _dashboard(args: argparse.Namespace, settings: Settings) -> int:
    from .outputs.dashboard.serve import serve

    # A file that cannot be read is said here, not on a page that opens with no dashboard.
    path = sources.local_path(sources.resolve_source(args.source, settings))
    if path is not None and not path.is_file():
        raise SourceUnavailable(str(path), "không tìm thấy tệp")

    serve(
        args.source,
        args.as_of,
        args.due_soon_days,
        args.port,
        args.ip,
        not args.no_browser,
        settings=settings,
        allow_hosts=args.allow_host,
    )
    return 0


def _briefs(args: argparse.Namespace, settings: Settings) -> int:
    from .outputs.briefs import batch as briefs

    formats = {f.strip() for f in args.format.split(",") if f.strip()}
    if not formats <= {"html", "pdf"}:
        raise BadArgument(f"--format «{args.format}» không hợp lệ (cần html, pdf hoặc html,pdf)")
    evaluation = _evaluate(args, settings)
    if args.all:
        agencies = briefs.brief_agencies(evaluation)
    else:
        agencies = list(dict.fromkeys(_current_agency(evaluation, a) for a in args.agency))
    completed = history.completed_since_last_session(evaluation, settings, args.source)
    try:
        requests = stored_requests(settings, args.source)
    except TrackerError:  # a damaged store was said already: briefs go on without it
        requests = []
    jobs = (os.cpu_count() or 1) if args.jobs is None else args.jobs
    result = briefs.run_batch(
        evaluation,
        agencies,
        args.out,
        jobs,
        completed,
        None if args.quiet else cli_text.Progress("Đang tạo bản tin"),
        requests,
    )
    if "pdf" in formats:
        for agency in result.done:
            briefs.to_pdf(result.html(agency))
    if args.json:
        _write_json(json.dumps(result.to_dict(evaluation, "pdf" in formats), ensure_ascii=False))
    else:
        print(f"Đã tạo {len(result.done)} bản tin trong {args.out} (mục lục: {result.index}).")
    for agency, error in result.failed.items():
        print(f"Lỗi: không tạo được bản tin cho {agency}: {error}", file=sys.stderr)
    return 1 if result.failed else 0


def _minutes(args: argparse.Namespace, settings: Settings) -> int:
    from .outputs.minutes.session import minutes

    result = minutes(
        args.source,
        settings,
        args.meeting,
        args.out,
        args.as_of,
        args.record,
        _due_soon(args, settings),
    )
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    if args.json:
        _write_json(json.dumps(result.to_dict(args.meeting), ensure_ascii=False))
        return 0
    for path in result.files:
        print(f"Đã ghi {path}")
    ids = ", ".join(t.id or "" for t in result.new_tasks) or "không có"
    print(f"Nhiệm vụ mới: {ids}; {result.carried} nhiệm vụ quá hạn chuyển sang phiên sau.")
    return 0


def _import_notice(args: argparse.Namespace, settings: Settings) -> int:
    from .outputs.exports import cut_warning, tasks_xlsx
    from .reports.import_notice import import_notice

    if args.out.suffix.lower() != ".xlsx":
        raise BadArgument(f"--out phải là tệp .xlsx (nhận «{args.out}»)")
    result = import_notice(
        args.file, settings, args.source, args.meeting, args.assigned_on, args.program
    )
    report = result.report
    cut: list[str] = []
    notes = [(p["paragraph"], p["text"], p["message"]) for p in report["problems"]]
    try:
        tasks_xlsx(
            result.assignments, args.out, cut, [t["problems"] for t in report["tasks"]], notes
        )
    except OSError as exc:
        raise TrackerError(f"Không ghi được {args.out}: {os_reason(exc)}") from None
    warning = cut_warning(cut)
    if warning:
        print(warning, file=sys.stderr)
    _emit(args, report, lambda r: cli_text.import_text(r, args.out))
    return 0


def _sync(args: argparse.Namespace, settings: Settings) -> int:
    if not args.quiet and sys.stderr.isatty():
        print("Đang đọc nguồn và lưu ảnh chụp...", file=sys.stderr)
    workbook, result = history.sync(
        args.source, settings, args.as_of or sources.today(), _due_soon(args, settings)
    )
    report = history.sync_report(workbook, result)
    _emit(args, report, cli_text.sync_text)
    return 0


def _changes(args: argparse.Namespace, settings: Settings) -> int:
    evaluation = _evaluate(args, settings, needs_history=True)
    report = history.changes_report(evaluation, settings, args.source, args.since)
    _emit(args, report, cli_text.changes_text)
    return 0


def _push(args: argparse.Namespace, settings: Settings) -> int:
    from .outputs import push
    from .sources.gsheets import sheet_key

    if sheet_key(args.source) is None:
        raise BadArgument(
            f"«{args.source}» không phải Google Sheet: push chỉ ghi vào Google Sheet (đường "
            "dẫn https://docs.google.com/spreadsheets/d/... hoặc gsheet:<mã>); để thêm nhiệm vụ "
            "vào một tệp .xlsx, hãy mở tệp --from và chép các dòng của nó sang tệp đó"
        )

    if args.statuses:
        due_soon = settings.due_soon_days if args.due_soon_days is None else args.due_soon_days
        result = push.push_statuses(
            args.source, settings, args.as_of or sources.today(), due_soon, args.tab, args.dry_run
        )
    elif args.from_minutes:
        from .outputs.minutes.session import minutes_tasks

        new = minutes_tasks(args.source, settings, args.from_minutes, args.record)
        result = push.push_tasks(args.source, settings, new, args.tab, args.dry_run)
    else:
        new, problems = push.tasks_from_file(args.from_file, settings)
        result = push.push_tasks(args.source, settings, new, args.tab, args.dry_run, problems)
    _emit(args, result.to_dict(), cli_text.push_text)
    return 1 if result.conflicts or result.refused else 0


def stored_requests(settings: Settings, source: str | None) -> list[Request]:
    from .reports.chase import stored_requests as found

    return found(settings, source)


def _remind(args: argparse.Namespace, settings: Settings) -> int:
    from .outputs.mail.remind import remind

    evaluation = _evaluate(args, settings)
    agencies = None
    if args.agency:
        agencies = {_current_agency(evaluation, a) for a in args.agency}
    as_of = evaluation.as_of
    out = args.out or settings.data_dir / "nhac-viec" / f"{as_of:%Y-%m-%d}"
    report = remind(
        evaluation,
        settings,
        sources.resolve_source(args.source, settings),
        out,
        send=args.send,
        force=args.force,
        agencies=agencies,
        briefs_dir=args.briefs,
        progress=None if args.quiet else cli_text.Progress("Đang gửi thư"),
    )
    _emit(args, report, cli_text.remind_text)
    return 1 if report["skipped"] or report["failed"] else 0


def _explain(args: argparse.Namespace, settings: Settings) -> int:
    from .reports.store import open_store
    from .store.chase import answer
    from .store.location import source_key

    day = sources.today() if args.answered == "today" else _date_value(args.answered, "--answered")
    name = sources.resolve_source(args.source, settings)
    store = open_store(settings)
    done = None
    if store is not None:
        try:
            done = answer(store, source_key(name), name, args.task, day, args.note)
        finally:
            store.close()
    if done is None:
        raise BadArgument(f"nhiệm vụ «{args.task}» không có đề nghị giải trình nào đang chờ")
    report = {
        "task": done.task_key,
        "agency": done.agency,
        "answered_on": day.isoformat(),
        "note": done.note,
    }
    _emit(args, report, lambda r: f"Đã ghi nhận {r['agency']} giải trình nhiệm vụ {r['task']} "
          f"ngày {day:%d/%m/%Y}.")  # fmt: skip
    return 0


def _explanations(args: argparse.Namespace, settings: Settings) -> int:
    from .reports.chase import explanations_report

    evaluation = _evaluate(args, settings, needs_history=True)
    found = stored_requests(settings, args.source)
    _emit(args, explanations_report(evaluation, found), cli_text.explanations_text)
    return 0


def _date_value(value: str, option: str) -> dt.date:
    try:
        return _date(value)
    except argparse.ArgumentTypeError as exc:
        raise BadArgument(f"tham số {option}: {exc}") from None


def _sample(args: argparse.Namespace, settings: Settings) -> int:
    from .sources.sample import write_sample
    from .sources.synthetic import write_synthetic

    if args.out.suffix.lower() != ".xlsx":
        raise BadArgument(f"OUT phải là tệp .xlsx (nhận «{args.out}»)")
    reference = args.reference_date or sources.today()
    try:  # worded as import-notice words it
        if args.tasks:
            write_synthetic(args.out, args.tasks, args.seed, reference)
        else:
            write_sample(args.out, reference)
    except OSError as exc:
        raise TrackerError(f"Không ghi được {args.out}: {os_reason(exc)}") from None
    if args.tasks:
        print(f"Đã ghi {args.tasks} nhiệm vụ tổng hợp vào {args.out}")
    else:
        print(f"Đã ghi bảng tính mẫu (ngày mốc {reference:%d/%m/%Y}) vào {args.out}")
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _unicode_escapes(error: UnicodeError) -> tuple[str, int]:
    """What an output's encoding cannot hold, as JSON's escapes (`\u1ec7`)."""
    assert isinstance(error, UnicodeEncodeError)
    escaped = []
    for char in error.object[error.start : error.end]:
        code = ord(char)
        if code > 0xFFFF:  # a pair of surrogates, as JSON writes it
            code -= 0x10000
            escaped.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            escaped.append(f"\\u{code:04x}")
    return "".join(escaped), error.end


_UNICODE_ESCAPES = "tracker-unicode-escapes"
codecs.register_error(_UNICODE_ESCAPES, _unicode_escapes)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code (0 done, 1 problems found, 2 source or arguments)."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # told by the command's own parser, whose help lists what it takes
        commands = next(
            a for a in parser._actions if isinstance(a, argparse._SubParsersAction)
        ).choices
        commands.get(args.command, parser).error(f"unrecognized arguments: {' '.join(extra)}")
    # An output that cannot hold Vietnamese (PYTHONIOENCODING=ascii) gets \uXXXX escapes,
    # not a traceback: in JSON they read as the same text.
    for stream in sys.stdout, sys.stderr:
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors=_UNICODE_ESCAPES)
    # Cells reach the terminal in tables and messages: what it would act on is shown escaped
    # (JSON escapes it already).
    streams = sys.stdout, sys.stderr
    sys.stderr = cli_text.Shown(sys.stderr)
    if not getattr(args, "json", False):
        sys.stdout = cli_text.Shown(sys.stdout)
    try:
        return _run(args)
    finally:
        sys.stdout, sys.stderr = streams


def _run(args: argparse.Namespace) -> int:
    # A stop request (SIGTERM) ends a command like Ctrl-C: cleanly, leaving no partial file.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        settings = load_settings()
        if args.command == "dashboard":  # a server: the collector runs as usual
            code: int = args.run(args, settings)
        else:
            with bulk_work():  # a command that builds its objects and ends
                code = args.run(args, settings)
        sys.stdout.flush()
        return code
    except TrackerError as exc:
        print(f"Lỗi: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        # Output piped into `head` and the like: stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        # A file that cannot be read or written (a folder in the way, permissions, disk full).
        where = f" {exc.filename}" if exc.filename else ""
        print(f"Lỗi: không đọc/ghi được{where}: {os_reason(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
