"""The operating system's errors in the user's words."""

from __future__ import annotations

import errno

from tracker.core.errors import os_reason


def test_common_errors_read_in_vietnamese() -> None:
    assert os_reason(FileNotFoundError(errno.ENOENT, "No such file", "a.xlsx")) == "không tìm thấy"
    too_long = OSError(errno.ENAMETOOLONG, "File name too long")
    assert os_reason(too_long) == "tên tệp hoặc đường dẫn quá dài"


def test_a_file_where_a_folder_is_needed_is_named() -> None:
    # Path.mkdir(parents=True, exist_ok=True) raises this when a file has the folder's name
    exc = FileExistsError(errno.EEXIST, "File exists", "/data/out.xlsx")
    assert os_reason(exc) == "đã có tệp «/data/out.xlsx» ở chỗ cần một thư mục"


def test_a_rare_error_gives_its_code_not_the_system_s_english() -> None:
    reason = os_reason(OSError(errno.EXDEV, "Invalid cross-device link"))
    assert reason == "lỗi hệ điều hành (EXDEV)" and "Invalid" not in reason
