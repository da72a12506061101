"""One exception root for everything the tracker expects to go wrong."""

from __future__ import annotations

import errno

# The operating system's errors that users meet, in their words.
_OS_REASONS = {
    errno.ENOENT: "không tìm thấy",
    errno.EACCES: "không có quyền",
    errno.EPERM: "không có quyền",
    errno.ENOSPC: "hết chỗ trống trên đĩa",
    errno.EROFS: "ổ đĩa chỉ đọc",
    errno.EISDIR: "đây là một thư mục",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
    errno.EDQUOT: "vượt hạn mức đĩa",
    errno.ENAMETOOLONG: "tên tệp hoặc đường dẫn quá dài",
    errno.ELOOP: "đường dẫn có vòng liên kết tượng trưng",
    errno.EMFILE: "đang mở quá nhiều tệp",
    errno.ENFILE: "đang mở quá nhiều tệp",
    errno.EIO: "lỗi đọc ghi trên đĩa",
    errno.EBUSY: "tệp đang được dùng",
    errno.ETXTBSY: "tệp đang được dùng",
}


def os_reason(exc: OSError) -> str:
    """What went wrong with a file, in Vietnamese (with the error's code when it is not a
    common case)."""
    if exc.errno == errno.EEXIST:
        # What the tracker meets: a folder to create where a file of that name already is.
        where = f" «{exc.filename}»" if exc.filename else ""
        return f"đã có tệp{where} ở chỗ cần một thư mục"
    reason = _OS_REASONS.get(exc.errno or 0)
    if reason:
        return reason
    code = errno.errorcode.get(exc.errno or 0)
    return f"lỗi hệ điều hành ({code})" if code else f"lỗi hệ điều hành ({type(exc).__name__})"


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


class SourceUnreachable(SourceUnavailable):
    """The source did not answer (network, timeouts, 429, 5xx after every retry): an earlier
    snapshot may stand in for it."""


class SheetAccessDenied(SourceUnavailable):
    """Google answered 403: the sheet is not shared with the account the tracker uses."""

    def __init__(self, source: str, share_with: str | None) -> None:
        if share_with:
            reason = (
                f"không có quyền truy cập; hãy chia sẻ bảng tính với {share_with} "
                "(quyền Người chỉnh sửa để ghi, Người xem để chỉ đọc)"
            )
        else:
            reason = (
                "không có quyền truy cập bằng khóa API; bảng tính phải được chia sẻ "
                "«Bất kỳ ai có đường liên kết» (Người xem)"
            )
        super().__init__(source, reason)
        self.share_with = share_with


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


class StoreUnavailable(TrackerError):
    """The history store cannot be opened (damaged, not a database, no driver)."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"Không mở được kho lịch sử {where}: {reason}")
        self.where = where
        self.reason = reason


class BadArgument(TrackerError):
    """A command-line value that cannot be used."""
