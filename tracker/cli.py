"""The `tracker` command: argument parsing only; each command calls the library."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import signal
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .config import load_settings
from .core.errors import BadArgument, TrackerError
from .core.settings import Settings
from .outputs import cli_text
from .reports import history, json_text, sources, tasks
from .reports.bulk import bulk_work
from .reports.evaluation import Evaluation, evaluate

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
            message = re.sub(pattern, replacement, message)
        self.print_usage(sys.stderr)
        self.exit(2, f"Lỗi: {message}\n")


def _vi(text: str) -> str:
    for english, vietnamese in _HELP_VI:
        text = text.replace(english, vietnamese)
    return text


# Type functions raise ValueError: argparse then says "invalid ... value", which `_Parser`
# translates (an ArgumentTypeError's text would be shown as is).


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _days(value: str) -> int:
    if not value.isdigit():
        raise ValueError(value)
    return int(value)


def _port(value: str) -> int:
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise ValueError(value)
    return int(value)


_HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*"
                   r"|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?", re.IGNORECASE)  # fmt: skip


def _host(value: str) -> str:
    """A host name as a browser sends it in `Host`: a name or [IPv6], maybe with a port."""
    if not _HOST.fullmatch(value):
        raise ValueError(value)
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
        help="dùng bản đồng bộ gần nhất trong kho lịch sử thay vì đọc nguồn",
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
    dashboard.add_argument("--port", type=_port, default=8866, help="cổng (mặc định 8866)")
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
        type=_days,
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
    sample.add_argument("--tasks", type=_days, metavar="N", help="số nhiệm vụ tổng hợp")
    sample.add_argument("--seed", type=_days, default=1, metavar="S", help="hạt giống ngẫu nhiên")
    sample.set_defaults(run=_sample)
    return parser


def _due_soon(args: argparse.Namespace, settings: Settings) -> int:
    return settings.due_soon_days if args.due_soon_days is None else int(args.due_soon_days)


def _evaluate(args: argparse.Namespace, settings: Settings) -> Evaluation:
    workbook = sources.load(args.source, settings, offline=getattr(args, "offline", False))
    notice = sources.stale_notice(workbook)
    if notice:
        print(notice, file=sys.stderr)
    try:
        observed = history.observations(settings, args.source)
    except TrackerError as exc:  # the history store is optional for reading
        print(f"Cảnh báo: {exc.message}; tiếp tục không dùng lịch sử.", file=sys.stderr)
        observed = {}
    return evaluate(workbook, args.as_of or sources.today(), _due_soon(args, settings), observed)


def _emit(args: argparse.Namespace, report: Mapping[str, Any], text: Callable[[Any], str]) -> None:
    if args.json:
        # No indent: only then does json use its C encoder (5x faster on 25k tasks).
        _write_json(json.dumps(report, ensure_ascii=False))
    else:
        print(text(report))


def _write_json(text: str | Iterable[str]) -> None:
    if isinstance(text, str):
        text = [text]
    for piece in text:
        sys.stdout.write(piece)
    sys.stdout.write("\n")


def _check(args: argparse.Namespace, settings: Settings) -> int:
    evaluation = _evaluate(args, settings)
    _emit(args, tasks.check_report(evaluation), cli_text.check_text)
    return 1 if evaluation.errors else 0


def _status(args: argparse.Namespace, settings: Settings) -> int:
    evaluation = _evaluate(args, settings)
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
        raise BadArgument(f"không có cơ quan «{value}» trong danh mục")
    return registry.current(code, evaluation.as_of) or code


def _kpi(args: argparse.Namespace, settings: Settings) -> int:
    _emit(args, tasks.kpi_report(_evaluate(args, settings), args.by), cli_text.kpi_text)
    return 0


def _dashboard(args: argparse.Namespace, settings: Settings) -> int:
    from .outputs.dashboard.serve import serve

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
        raise BadArgument(f"--format «{args.format}» không hợp lệ (html, pdf)")
    evaluation = _evaluate(args, settings)
    if args.all:
        agencies = briefs.brief_agencies(evaluation)
    else:
        agencies = list(dict.fromkeys(_current_agency(evaluation, a) for a in args.agency))
    completed = history.completed_since_last_session(evaluation, settings, args.source)
    jobs = (os.cpu_count() or 1) if args.jobs is None else args.jobs
    result = briefs.run_batch(
        evaluation,
        agencies,
        args.out,
        jobs,
        completed,
        None if args.quiet else briefs.print_progress,
    )
    if "pdf" in formats:
        for agency in result.done:
            briefs.to_pdf(args.out / f"{briefs.file_stem(agency)}.html")
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
    for path in result.files:
        print(f"Đã ghi {path}")
    ids = ", ".join(t.id or "" for t in result.new_tasks) or "không có"
    print(f"Nhiệm vụ mới: {ids}; {result.carried} nhiệm vụ quá hạn chuyển sang phiên sau.")
    return 0


def _sync(args: argparse.Namespace, settings: Settings) -> int:
    if not args.quiet:
        print("Đang đọc nguồn và lưu ảnh chụp...", file=sys.stderr)
    workbook, result = history.sync(
        args.source, settings, args.as_of or sources.today(), _due_soon(args, settings)
    )
    report = history.sync_report(workbook, result)
    _emit(args, report, cli_text.sync_text)
    return 0


def _changes(args: argparse.Namespace, settings: Settings) -> int:
    evaluation = _evaluate(args, settings)
    report = history.changes_report(evaluation, settings, args.source, args.since)
    _emit(args, report, cli_text.changes_text)
    return 0


def _push(args: argparse.Namespace, settings: Settings) -> int:
    from .outputs import push

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


def _sample(args: argparse.Namespace, settings: Settings) -> int:
    from .sources.sample import write_sample
    from .sources.synthetic import write_synthetic

    reference = args.reference_date or sources.today()
    if args.tasks:
        write_synthetic(args.out, args.tasks, args.seed, reference)
        print(f"Đã ghi {args.tasks} nhiệm vụ tổng hợp vào {args.out}")
    else:
        write_sample(args.out, reference)
        print(f"Đã ghi bảng tính mẫu (ngày mốc {reference:%d/%m/%Y}) vào {args.out}")
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code (0 done, 1 problems found, 2 source or arguments)."""
    parser = build_parser()
    args = parser.parse_args(argv)
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
        print(f"Lỗi: không đọc/ghi được{where}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
