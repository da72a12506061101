"""One exception root for everything the tracker expects to go wrong."""

from __future__ import annotations


class TrackerError(Exception):
    """An expected failure, with a one-line Vietnamese message for the user and an exit code."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SourceUnavailable(TrackerError):
    """The source cannot be read: missing, not a workbook, unreachable."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"Không đọc được nguồn dữ liệu {source}: {reason}")
        self.source = source
        self.reason = reason


class NoAssignmentTab(SourceUnavailable):
    """The workbook has no tab that holds assignments."""

    def __init__(self, source: str, tabs: list[str]) -> None:
        names = ", ".join(f"«{t}»" for t in tabs) or "(không có trang nào)"
        super().__init__(
            source,
            "không có trang tính nhiệm vụ nào (cần trang «Nhiệm vụ» hoặc trang có các cột Mã, "
            f"Nội dung nhiệm vụ, Cơ quan chủ trì, Thời hạn); các trang hiện có: {names}",
        )
        self.tabs = tabs


class BadArgument(TrackerError):
    """A command-line value that cannot be used."""
