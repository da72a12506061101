"""The embedded sample workbook (large synthetic ones are in `synthetic`).

The sample is modelled on the Prime Minister's task force on administrative-procedure reform
(three sessions, the second chaired by Deputy Prime Minister Trần Lưu Quang). Its dates are laid
out relative to a reference date so that, as of that date, every status of DESIGN.md §5 is
present. Both writers are deterministic: the same arguments give the same cells.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .xlsx_write import write_xlsx

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

# (offset from the reference date in days, chair, location)
SESSIONS = {
    "PH01": (-640, "Phó Thủ tướng Chính phủ Trần Lưu Quang", "Trụ sở Chính phủ, Hà Nội"),
    "PH02": (-320, "Phó Thủ tướng Chính phủ Trần Lưu Quang", "Trụ sở Chính phủ, Hà Nội"),
    "PH03": (-24, "Phó Thủ tướng Chính phủ Trần Lưu Quang", "Trụ sở Chính phủ, Hà Nội"),
}
NOTICES = {"PH01": "112/TB-VPCP", "PH02": "38/TB-VPCP", "PH03": "455/TB-VPCP"}


@dataclass(frozen=True)
class _Task:
    """One sample task. `due` is days from the reference date (or fixed text); `done` is days
    from the deadline to completion, 'undated' (reported done, no date), 'cancel', a progress
    percentage as a string like '60%', or None (not done)."""

    meeting: str
    title: str
    program: str
    lead: str
    co: str
    due: int | str
    style: str = "dmy"
    done: int | str | None = None
    revised: int | None = None


P06 = "Đề án 06"
LAND = "Cơ sở dữ liệu đất đai"
NCC = "CSDL người có công"
DVC = "Dịch vụ công trực tuyến"
FEE = "Miễn, giảm phí, lệ phí"
DIG = "Số hóa hồ sơ"
TTHC = "Cải cách TTHC"

_TASKS: list[_Task] = [
    # Session 1 (before the 2025 reorganisation: old ministries and provinces).
    _Task(
        "PH01",
        "Hoàn thành kết nối, chia sẻ dữ liệu dân cư với CSDL đất đai quốc gia",
        LAND,
        "Bộ Tài nguyên và Môi trường",
        "Bộ Công an",
        -560,
        "quarter",
        done=-20,
    ),
    _Task(
        "PH01",
        "Làm sạch dữ liệu đất đai, bảo đảm 'đúng, đủ, sạch, sống' tại 10 tỉnh thí điểm",
        LAND,
        "Bộ TN&MT",
        "UBND tỉnh Bắc Giang; UBND tỉnh Kiên Giang",
        -420,
        "truoc",
        done=35,
    ),
    _Task(
        "PH01",
        "Xây dựng CSDL người có công với cách mạng, kết nối với CSDL quốc gia về dân cư",
        NCC,
        "Bộ Lao động - Thương binh và Xã hội",
        "Bộ Công an, BHXH Việt Nam",
        -380,
        "dmy",
        done="undated",
    ),
    _Task(
        "PH01",
        "Chi trả trợ cấp ưu đãi người có công không dùng tiền mặt",
        NCC,
        "Bộ LĐ-TB&XH",
        "Ngân hàng Nhà nước Việt Nam; Bộ Tài chính",
        -300,
        "month",
    ),
    _Task(
        "PH01",
        "Tái cấu trúc quy trình, cung cấp dịch vụ công trực tuyến toàn trình cho 25 "
        "thủ tục thiết yếu",
        DVC,
        "Bộ Thông tin và Truyền thông",
        "Văn phòng Chính phủ",
        -450,
        "dmy",
        done=-10,
    ),
    _Task(
        "PH01",
        "Nâng cấp hệ thống thông tin giải quyết TTHC cấp tỉnh, khắc phục tình trạng "
        "chậm, treo hệ thống",
        DVC,
        "UBND tỉnh Hà Giang",
        "Bộ TT&TT",
        -200,
        "dmy",
    ),
    _Task(
        "PH01",
        "Miễn lệ phí cấp bản sao trích lục hộ tịch khi thực hiện trực tuyến",
        FEE,
        "Bộ Tài chính",
        "Bộ Tư pháp",
        -500,
        "ngay",
        done=0,
    ),
    _Task(
        "PH01",
        "Ban hành nghị quyết HĐND về miễn, giảm phí, lệ phí dịch vụ công trực tuyến",
        FEE,
        "UBND tỉnh Vĩnh Phúc",
        "",
        -330,
        "dmy",
    ),
    _Task(
        "PH01",
        "Số hóa hồ sơ, kết quả giải quyết TTHC còn hiệu lực giai đoạn 2020–2024",
        DIG,
        "Bộ Kế hoạch và Đầu tư",
        "Văn phòng Chính phủ",
        -400,
        "year",
        done=-40,
    ),
    _Task(
        "PH01",
        "Hoàn thiện CSDL đăng ký doanh nghiệp, kết nối với CSDL quốc gia về dân cư",
        P06,
        "Bộ KH&ĐT",
        "Bộ Công an",
        -350,
        "dmy",
        done="cancel",
    ),
    _Task(
        "PH01",
        "Triển khai cấp phiếu lý lịch tư pháp trên ứng dụng VNeID toàn quốc",
        P06,
        "Bộ Tư pháp",
        "Bộ Công an",
        -430,
        "dmy",
        done=-5,
    ),
    _Task(
        "PH01",
        "Tích hợp giấy phép lái xe vào ứng dụng VNeID",
        P06,
        "Bộ Giao thông vận tải",
        "Bộ Công an",
        -470,
        "truoc",
        done=12,
    ),
    _Task(
        "PH01",
        "Đồng bộ dữ liệu hộ tịch điện tử với CSDL quốc gia về dân cư",
        P06,
        "UBND tỉnh Quảng Nam",
        "Bộ Tư pháp; Bộ Công an",
        -360,
        "dmy",
        done=-3,
    ),
    _Task(
        "PH01",
        "Báo cáo khó khăn, vướng mắc về thủ tục đất đai gửi Tổ công tác",
        TTHC,
        "UBND tỉnh Bình Dương",
        "Bộ TN&MT",
        -520,
        "dmy",
        done=-2,
    ),
    _Task(
        "PH01",
        "Rà soát, cắt giảm thủ tục hành chính nội bộ lĩnh vực nông nghiệp",
        TTHC,
        "Bộ Nông nghiệp và Phát triển nông thôn",
        "Văn phòng Chính phủ",
        -250,
        "quarter",
    ),
    _Task(
        "PH01",
        "Cập nhật dữ liệu dân tộc thiểu số vào CSDL quốc gia về dân cư",
        P06,
        "Ủy ban Dân tộc",
        "Bộ Công an",
        "Thường xuyên",
        "text",
    ),
    _Task(
        "PH01",
        "Triển khai thanh toán trực tuyến nghĩa vụ tài chính về đất đai",
        LAND,
        "UBND tỉnh Bà Rịa - Vũng Tàu",
        "Bộ Tài chính, Bộ TN&MT",
        -280,
        "dmy",
    ),
    _Task(
        "PH01",
        "Hoàn thành số hóa sổ hộ tịch giấy",
        DIG,
        "UBND tỉnh Long An",
        "Bộ Tư pháp",
        -390,
        "dmy",
        done=-15,
    ),
    _Task(
        "PH01",
        "Tổ chức tuyên truyền, hướng dẫn người dân sử dụng dịch vụ công trực tuyến",
        DVC,
        "các bộ, ngành, địa phương",
        "Văn phòng Chính phủ",
        "Thường xuyên",
        "text",
    ),
    _Task(
        "PH01",
        "Kết nối CSDL bảo hiểm với CSDL quốc gia về dân cư để xác thực thông tin",
        P06,
        "Bảo hiểm xã hội Việt Nam",
        "Bộ Công an",
        -600,
        "dmy",
        done=-30,
    ),
    # Session 2 (after the ministries merged and the provinces merged).
    _Task(
        "PH02",
        "Hoàn thành CSDL quốc gia về đất đai, đưa vào vận hành thống nhất",
        LAND,
        "Bộ Nông nghiệp và Môi trường",
        "Bộ Công an; các địa phương",
        40,
        "quarter",
    ),
    _Task(
        "PH02",
        "Hướng dẫn thống nhất quy trình liên thông đăng ký đất đai với thuế",
        LAND,
        "Bộ NN&MT",
        "Bộ Tài chính",
        -90,
        "dmy",
        done=6,
        revised=-80,
    ),
    _Task(
        "PH02",
        "Hoàn thiện CSDL người có công sau khi tiếp nhận chức năng từ Bộ LĐ-TB&XH",
        NCC,
        "Bộ Nội vụ",
        "Bộ Công an; Bộ Tài chính",
        -45,
        "truoc",
    ),
    _Task(
        "PH02",
        "Xác thực thông tin thân nhân người có công qua VNeID",
        NCC,
        "Bộ Nội vụ",
        "Bộ Công an",
        4,
        "dmy",
    ),
    _Task(
        "PH02",
        "Khắc phục tình trạng quá tải Cổng dịch vụ công quốc gia vào cuối tháng",
        DVC,
        "Văn phòng Chính phủ",
        "Bộ Khoa học và Công nghệ",
        -60,
        "dmy",
        done=-1,
    ),
    _Task(
        "PH02",
        "Nâng cấp hạ tầng Hệ thống thông tin giải quyết TTHC, bảo đảm không gián đoạn",
        DVC,
        "UBND thành phố Hải Phòng",
        "Bộ KH&CN",
        -30,
        "dmy",
    ),
    _Task(
        "PH02",
        "Nâng cấp Hệ thống thông tin giải quyết TTHC cấp tỉnh",
        DVC,
        "UBND tỉnh Thanh Hóa",
        "",
        -75,
        "dmy",
        done=10,
    ),
    _Task(
        "PH02",
        "Ban hành nghị quyết miễn lệ phí DVC trực tuyến toàn trình",
        FEE,
        "UBND tỉnh Nghệ An",
        "",
        -20,
        "dmy",
    ),
    _Task(
        "PH02",
        "Ban hành nghị quyết miễn lệ phí DVC trực tuyến toàn trình",
        FEE,
        "UBND tỉnh Gia Lai",
        "",
        -15,
        "truoc",
    ),
    _Task(
        "PH02",
        "Ban hành nghị quyết miễn lệ phí DVC trực tuyến toàn trình",
        FEE,
        "UBND tỉnh Đắk Lắk",
        "",
        -100,
        "dmy",
        done=-12,
    ),
    _Task(
        "PH02",
        "Sửa đổi Thông tư về phí, lệ phí khi nộp hồ sơ trực tuyến",
        FEE,
        "Bộ Tài chính",
        "Bộ Tư pháp; Văn phòng Chính phủ",
        -70,
        "dmy",
        done="undated",
    ),
    _Task(
        "PH02",
        "Số hóa 100% hồ sơ đất đai đang lưu trữ",
        DIG,
        "UBND tỉnh Ninh Bình",
        "Bộ NN&MT",
        150,
        "half",
    ),
    _Task(
        "PH02",
        "Số hóa kết quả giải quyết TTHC lĩnh vực hộ tịch, tư pháp",
        DIG,
        "UBND tỉnh Lâm Đồng",
        "Bộ Tư pháp",
        -50,
        "dmy",
        done="60%",
    ),
    _Task(
        "PH02",
        "Báo cáo vướng mắc khi sắp xếp đơn vị hành chính ảnh hưởng đến DVC trực tuyến",
        TTHC,
        "UBND thành phố Hồ Chí Minh",
        "Bộ Nội vụ",
        "Sớm",
        "text",
    ),
    _Task(
        "PH02",
        "Báo cáo kết quả triển khai Đề án 06 sau sắp xếp bộ máy",
        P06,
        "Bộ Công an",
        "các bộ, ngành",
        -10,
        "dmy",
        done=-3,
    ),
    _Task(
        "PH02",
        "Cấp căn cước điện tử cho người dân tại các xã sau sáp nhập",
        P06,
        "Bộ CA",
        "UBND tỉnh Tuyên Quang; UBND tỉnh Lào Cai",
        200,
        "year",
    ),
    _Task(
        "PH02",
        "Kết nối dữ liệu y tế (giấy khám sức khỏe, giấy chứng sinh) lên VNeID",
        P06,
        "Bộ Y tế",
        "Bộ Công an; BHXH Việt Nam",
        6,
        "truoc",
    ),
    _Task(
        "PH02",
        "Rà soát văn bản quy phạm pháp luật còn yêu cầu giấy tờ về cư trú",
        TTHC,
        "các bộ, cơ quan ngang bộ",
        "Bộ Tư pháp",
        -40,
        "dmy",
    ),
    _Task(
        "PH02",
        "Cập nhật dữ liệu giáo dục (văn bằng, chứng chỉ) vào VNeID",
        P06,
        "Bộ Giáo dục và Đào tạo",
        "Bộ Công an",
        -25,
        "dmy",
        done=-4,
    ),
    _Task(
        "PH02",
        "Hoàn thiện quy định về định danh và xác thực điện tử cho tổ chức",
        P06,
        "Bộ Công an",
        "Bộ Tư pháp",
        "chưa thống nhất",
        "text",
    ),
    _Task(
        "PH02",
        "Tổng kết mô hình một cửa liên thông về đăng ký, cấp giấy chứng nhận",
        TTHC,
        "UBND tỉnh Phú Thọ",
        "Bộ NN&MT",
        -5,
        "dmy",
        done="undated",
    ),
    _Task(
        "PH02",
        "Thí điểm chứng thực điện tử bản sao từ bản chính",
        DVC,
        "Bộ Tư pháp",
        "Bộ Công an",
        -35,
        "range",
        done=-8,
    ),
    # Session 3 (recent: most tasks still open).
    _Task(
        "PH03",
        "Hoàn thành kết nối CSDL đất đai với 34 tỉnh, thành phố",
        LAND,
        "Bộ NN&MT",
        "các địa phương",
        5,
        "dmy",
    ),
    _Task(
        "PH03",
        "Đưa CSDL người có công vào vận hành chính thức",
        NCC,
        "Bộ Nội vụ",
        "Bộ Công an, Bảo hiểm xã hội Việt Nam",
        36,
        "dmy",
    ),
    _Task(
        "PH03",
        "Nâng cấp hệ thống DVC trực tuyến chậm, thường xuyên lỗi",
        DVC,
        "UBND tỉnh Quảng Ngãi",
        "Bộ Khoa học và Công nghệ",
        2,
        "dmy",
    ),
    _Task(
        "PH03",
        "Nâng cấp hệ thống DVC trực tuyến chậm, thường xuyên lỗi",
        DVC,
        "UBND thành phố Cần Thơ",
        "Bộ KH&CN",
        25,
        "dmy",
    ),
    _Task(
        "PH03",
        "Nâng cấp hệ thống DVC trực tuyến chậm, thường xuyên lỗi",
        DVC,
        "UBND tỉnh An Giang",
        "Bộ KH&CN",
        "trong 30 ngày",
        "text",
    ),
    _Task(
        "PH03",
        "Ban hành nghị quyết miễn phí, lệ phí DVC trực tuyến",
        FEE,
        "UBND tỉnh Cà Mau",
        "",
        -3,
        "dmy",
    ),
    _Task(
        "PH03",
        "Ban hành nghị quyết miễn phí, lệ phí DVC trực tuyến",
        FEE,
        "UBND tỉnh Vĩnh Long",
        "",
        3,
        "dmy",
    ),
    _Task(
        "PH03",
        "Ban hành nghị quyết miễn phí, lệ phí DVC trực tuyến",
        FEE,
        "UBND tỉnh Đồng Tháp",
        "",
        7,
        "dmy",
        done=-2,
    ),
    _Task(
        "PH03",
        "Số hóa hồ sơ người có công đang lưu trữ tại các địa phương",
        DIG,
        "Bộ Nội vụ",
        "các địa phương",
        60,
        "month",
    ),
    _Task(
        "PH03",
        "Báo cáo Tổ công tác vướng mắc khi triển khai thủ tục liên thông khai sinh, "
        "thường trú, bảo hiểm y tế",
        TTHC,
        "UBND thành phố Hà Nội",
        "Bộ Tư pháp; Bộ Công an",
        "trong 15 ngày làm việc",
        "text",
    ),
    _Task(
        "PH03",
        "Báo cáo Tổ công tác vướng mắc về thủ tục đầu tư",
        TTHC,
        "Bộ Tài chính",
        "Văn phòng Chính phủ",
        10,
        "dmy",
    ),
    _Task(
        "PH03",
        "Triển khai sổ sức khỏe điện tử trên VNeID",
        P06,
        "Bộ Y tế",
        "Bộ Công an",
        90,
        "month",
    ),
    _Task(
        "PH03",
        "Khẩn trương xử lý hồ sơ tồn đọng trên Cổng DVC quốc gia",
        DVC,
        "Văn phòng Chính phủ",
        "các bộ, ngành, địa phương",
        "khẩn trương",
        "text",
    ),
    _Task(
        "PH03",
        "Báo cáo kết quả thực hiện Nghị quyết 66/NQ-CP về cắt giảm TTHC",
        TTHC,
        "Bộ Công Thương, Bộ Xây dựng",
        "Văn phòng Chính phủ",
        20,
        "dmy",
    ),
    _Task(
        "PH03",
        "Rà soát, công bố danh mục TTHC nội bộ lĩnh vực văn hóa",
        TTHC,
        "Bộ Văn hóa, Thể thao và Du lịch",
        "Văn phòng Chính phủ",
        45,
        "dmy",
    ),
    _Task(
        "PH03",
        "Rà soát TTHC lĩnh vực ngân hàng có thể thực hiện trên VNeID",
        P06,
        "Ngân hàng Nhà nước",
        "Bộ Công an",
        -2,
        "dmy",
        done=-1,
    ),
    _Task(
        "PH03",
        "Hướng dẫn thủ tục xác nhận thông tin tôn giáo trực tuyến",
        TTHC,
        "Bộ Dân tộc và Tôn giáo",
        "Bộ Công an",
        "",
        "text",
    ),
    _Task(
        "PH03",
        "Hỗ trợ kỹ thuật cho các xã mới sau sắp xếp",
        DVC,
        "UBND tỉnh Quảng Ninh",
        "Sở Khoa học và Công nghệ tỉnh Quảng Ninh",
        14,
        "dmy",
    ),
    _Task(
        "PH03",
        "Báo cáo tình hình thanh tra công vụ về TTHC",
        TTHC,
        "Thanh tra Chính phủ",
        "Bộ Nội vụ",
        "đầu năm {next}",
        "text",
    ),
]


def _month_end(day: dt.date) -> dt.date:
    following = day.replace(day=28) + dt.timedelta(days=4)
    return following - dt.timedelta(days=following.day)


def _deadline_cell(task: _Task, day: dt.date, meeting_day: dt.date) -> tuple[Any, dt.date]:
    """(what the deadline cell holds, the day it means)."""
    style = task.style
    if style == "dmy":
        return f"{day:%d/%m/%Y}", day
    if style == "truoc":
        return f"Trước ngày {day.day} tháng {day.month} năm {day.year}", day
    if style == "ngay":
        return day, day  # a real date cell
    if style == "month":
        return f"Tháng {day.month}/{day.year}", _month_end(day)
    if style == "quarter":
        quarter = (day.month - 1) // 3 + 1
        return f"Quý {ROMAN[quarter]}/{day.year}", _month_end(day.replace(day=1, month=quarter * 3))
    if style == "half":
        if day.month <= 6:
            return f"6 tháng đầu năm {day.year}", dt.date(day.year, 6, 30)
        return f"6 tháng cuối năm {day.year}", dt.date(day.year, 12, 31)
    if style == "year":
        return f"Năm {day.year}", dt.date(day.year, 12, 31)
    if style == "range":
        start = max(meeting_day, day - dt.timedelta(days=60))
        return f"từ {start.day}/{start.month} đến {day:%d/%m/%Y}", day
    raise ValueError(style)


def sample_rows(reference: dt.date) -> dict[str, list[list[Any]]]:
    """Cell values of the sample workbook, tab by tab (row 0 is the sheet's row 1)."""
    meetings = {mid: reference + dt.timedelta(days=o) for mid, (o, _, _) in SESSIONS.items()}
    tabs: dict[str, list[list[Any]]] = {
        "Phiên họp": [
            [
                "Mã",
                "Phiên thứ",
                "Ngày họp",
                "Chủ trì phiên họp",
                "Địa điểm",
                "Thành phần",
                "Nội dung/Tóm tắt",
            ],
        ],
        "Cơ quan": [
            ["Mã", "Tên cơ quan", "Tên khác", "Loại", "Email"],
            [
                "SKHCN-QN",
                "Sở Khoa học và Công nghệ tỉnh Quảng Ninh",
                "Sở KH&CN Quảng Ninh",
                "khác",
                "skhcn@quangninh.gov.vn",
            ],
        ],
        # Who is reminded of each agency's tasks (example.vn: addresses that reach no one).
        "Đầu mối": [
            ["Cơ quan", "Họ và tên", "Email", "Vai trò"],
            ["Bộ Nội vụ", "Nguyễn Văn An", "an.nv@example.vn", "chuyên viên"],
            ["BNV", "Trần Thị Bình", "binh.tt@example.vn", "lãnh đạo"],
            ["Bộ Nông nghiệp và Môi trường", "Lê Minh Châu", "chau.lm@example.vn", None],
            ["Bộ CA", "Phạm Quốc Dũng", "dung.pq@example.vn", None],
            ["Bộ Tài chính", "Hoàng Thu Hà", "ha.ht@example.vn", None],
            ["UBND thành phố Hà Nội", "Vũ Đức Giang", "giang.vd@example.vn", None],
            ["TP. Hà Nội", "Đỗ Thanh Hương", "huong.dt@example.vn", "Lãnh đạo"],
            ["UBND TP. Hồ Chí Minh", "Bùi Công Khanh", "khanh.bc@example.vn", None],
            ["Thành phố Hải Phòng", "Ngô Thị Lan", "lan.nt@example.vn", None],
            ["UBND tỉnh Nghệ An", "Đặng Văn Minh", "minh.dv@example.vn", None],
            ["Tỉnh Phú Thọ", "Lý Thị Nga", "nga.lt@example.vn", None],
        ],
    }
    for number, (mid, (_, chair, place)) in enumerate(SESSIONS.items(), start=1):
        tabs["Phiên họp"].append(
            [
                mid,
                number,
                meetings[mid],
                chair,
                place,
                "Thành viên Tổ công tác; lãnh đạo các bộ, ngành, địa phương",
                f"Phiên họp thứ {number} của Tổ công tác cải cách thủ tục hành chính",
            ],
        )
    header = [
        "STT",
        "Mã",
        "Nội dung nhiệm vụ",
        "Đề án/Chương trình",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời hạn",
        "Thời hạn điều chỉnh",
        "Tình trạng",
        "Tỷ lệ hoàn thành",
        "Ngày hoàn thành",
        "Kết quả/Văn bản báo cáo",
        "Văn bản giao",
        "Phiên họp",
        "Ghi chú nội bộ",
    ]
    for index, mid in enumerate(SESSIONS, start=1):
        meeting_day = meetings[mid]
        name = f"Phiên {index} ({meeting_day:%d-%m-%Y})"
        rows: list[list[Any]] = [
            [f"DANH MỤC NHIỆM VỤ GIAO TẠI PHIÊN HỌP THỨ {index} CỦA TỔ CÔNG TÁC CẢI CÁCH TTHC"],
            [f"(Kèm theo Thông báo số {NOTICES[mid]} ngày {meeting_day:%d/%m/%Y})"],
            [],
            header,
        ]
        tasks = [t for t in _TASKS if t.meeting == mid]
        for n, task in enumerate(tasks, start=1):
            rows.append(_task_row(task, index, n, reference, meeting_day))
            if index == 2 and n == 8:
                rows.append([])  # a blank row in the middle, as people leave them
        tabs[name] = rows
    return tabs


def _task_row(
    task: _Task, session: int, n: int, reference: dt.date, meeting_day: dt.date
) -> list[Any]:
    status: Any = "Đang thực hiện"
    progress: Any = None
    completed: Any = None
    report: Any = None
    if isinstance(task.due, int):
        day = reference + dt.timedelta(days=task.due)
        deadline, effective = _deadline_cell(task, day, meeting_day)
    else:
        deadline = task.due.replace("{next}", str(reference.year + 1))
        effective = None
    revised = None
    if task.revised is not None:
        effective = reference + dt.timedelta(days=task.revised)
        revised = f"{effective:%d/%m/%Y}"
    if task.done == "cancel":
        status = "Dừng thực hiện (đã lồng ghép vào nhiệm vụ khác)"
    elif task.done == "undated":
        status, progress = "Đã hoàn thành", "100%"
    elif isinstance(task.done, str):
        status, progress = "Hoàn thành một phần", task.done
    elif task.done is not None and effective is not None:
        completed = effective + dt.timedelta(days=task.done)
        status, progress = "Hoàn thành", 1.0
        report = f"Báo cáo số {100 + n * 7}/BC-{session:02d} ngày {completed:%d/%m/%Y}"
    elif task.due in ("Thường xuyên",):
        status = "Đang triển khai thường xuyên"
    title, lead = task.title, task.lead
    if session == 2 and n == 3:
        title = "  " + title + "  "  # stray spaces
    if session == 2 and n == 10:
        lead = lead.replace("Đ", "\u00d0")  # the look-alike Ð typed on some keyboards
    if session == 3 and n == 7:
        lead = unicodedata.normalize("NFD", lead)  # pasted from a Mac
    return [
        n,
        f"{list(SESSIONS)[session - 1]}-{n:02d}",
        title,
        task.program,
        lead,
        task.co or None,
        deadline,
        revised,
        status,
        progress,
        completed,
        report,
        f"{NOTICES[list(SESSIONS)[session - 1]]} ngày {meeting_day:%d/%m/%Y}",
        list(SESSIONS)[session - 1],
        "đã nhắc qua điện thoại" if n % 5 == 0 else None,
    ]


def write_sample(path: Path, reference: dt.date) -> Path:
    """Write the sample workbook for `reference` to `path` (whole or not at all)."""
    write_xlsx(path, sample_rows(reference).items(), merge_titles=True)
    return path
