"""Reading a notice's prose into tasks (core/notice.py), shape by shape, on sentences written
for these tests (the labelled set in tests/data/notices/ is scored by benchmarks/)."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from tracker.core.agencies import Registry
from tracker.core.model import DeadlineKind
from tracker.core.notice import DraftTask, canonical, notice_info, parse_notice

REGISTRY = Registry.builtin()
DAY = dt.date(2025, 9, 15)  # a Monday


def read(text: str, anchor: dt.date | None = DAY) -> list[DraftTask]:
    return parse_notice(text.split("\n"), REGISTRY, anchor).tasks


def rows(text: str, anchor: dt.date | None = DAY) -> list[tuple[object, ...]]:
    """(lead, co, deadline day or kind) of each task read."""
    return [
        (
            t.lead.code if t.lead else None,
            [c.code for c in t.co],
            t.deadline.day or t.deadline.kind.value,
        )
        for t in read(text, anchor)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Giao Bộ Công an chủ trì, phối hợp với Bộ Y tế, Bảo hiểm xã hội Việt Nam hoàn thiện "
            "việc tích hợp thẻ bảo hiểm y tế trên VNeID, hoàn thành trước ngày 31 tháng 10 năm "
            "2025.",
            [("BCA", ["BYT", "BHXH"], dt.date(2025, 10, 31))],
        ),
        (
            "Bộ Tư pháp chủ trì, phối hợp với Văn phòng Chính phủ rà soát thủ tục chứng thực, "
            "báo cáo trong Quý IV/2025.",
            [("BTP", ["VPCP"], dt.date(2025, 12, 31))],
        ),
        (
            "Bộ Xây dựng phối hợp với Bộ Công an cập nhật dữ liệu phương tiện giao thông trong "
            "tháng 11/2025.",
            [("BXD", ["BCA"], dt.date(2025, 11, 30))],
        ),
        (
            "Yêu cầu Ngân hàng Nhà nước Việt Nam chỉ đạo các ngân hàng thương mại xác thực "
            "sinh trắc học khách hàng trong 30 ngày.",
            [("NHNN", [], dt.date(2025, 10, 15))],
        ),
        (
            "Bộ Nội vụ khẩn trương ban hành hướng dẫn chế độ đối với người có công.",
            [("BNV", [], "asap")],
        ),
        (
            "Các bộ, ngành, địa phương thường xuyên cập nhật dữ liệu lên Cổng Dịch vụ công "
            "quốc gia.",
            [("ALL_AGENCIES", [], "ongoing")],
        ),
    ],
)
def test_common_shapes(text: str, expected: list[tuple[object, ...]]) -> None:
    assert rows(text) == expected


def test_one_task_to_several_provinces_is_a_row_each() -> None:
    text = (
        "Thủ tướng Chính phủ yêu cầu Chủ tịch Ủy ban nhân dân 3 tỉnh, gồm: Gia Lai, Đắk Lắk, "
        "Lâm Đồng hoàn thành cấp giấy chứng nhận quyền sử dụng đất cho đồng bào trước ngày "
        "30/11/2025."
    )
    tasks = read(text)
    assert [t.lead.code for t in tasks if t.lead] == ["gia-lai", "dak-lak", "lam-dong"]
    assert {t.title for t in tasks} == {
        "hoàn thành cấp giấy chứng nhận quyền sử dụng đất cho đồng bào"
    }
    assert all(t.deadline.day == dt.date(2025, 11, 30) for t in tasks)


def test_elliptic_lists_expand() -> None:
    assert rows(
        "Bộ Tài chính chủ trì, phối hợp với các Bộ: Tư pháp, Công Thương xây dựng nghị định "
        "về sàn giao dịch, trình Chính phủ trong năm 2025."
    ) == [("BTC", ["BTP", "BCT"], dt.date(2025, 12, 31))]
    assert rows(
        "Ủy ban nhân dân các tỉnh Cao Bằng, Lạng Sơn rà soát điểm cung cấp dịch vụ công, "
        "xong trước 15/10/2025."
    ) == [
        ("cao-bang", [], dt.date(2025, 10, 15)),
        ("lang-son", [], dt.date(2025, 10, 15)),
    ]


def test_addressees_of_kinh_gui_receive_the_request() -> None:
    text = "\n".join(
        [
            "Kính gửi:",
            "- Bộ Y tế;",
            "- Bộ Giáo dục và Đào tạo.",
            "Đề nghị Quý Bộ gửi báo cáo tình hình kết nối dữ liệu trước ngày 05/10/2025.",
        ]
    )
    assert rows(text) == [
        ("BYT", [], dt.date(2025, 10, 5)),
        ("BGDDT", [], dt.date(2025, 10, 5)),
    ]


def test_a_heading_gives_the_lead_of_the_items_under_it() -> None:
    text = "\n".join(
        [
            "b) Bộ Khoa học và Công nghệ:",
            "- Hướng dẫn kết nối nền tảng chia sẻ dữ liệu, hoàn thành trong tháng 12/2025;",
            "- Phối hợp với Bộ Công an bảo đảm an toàn thông tin định kỳ hằng quý.",
            "Bộ Tài chính bố trí kinh phí trong Quý I/2026.",
        ]
    )
    assert rows(text) == [
        ("BKHCN", [], dt.date(2025, 12, 31)),
        ("BKHCN", ["BCA"], "ongoing"),
        ("BTC", [], dt.date(2026, 3, 31)),
    ]


def test_a_lead_carried_over_and_a_deadline_in_the_next_sentence() -> None:
    text = (
        "Bộ Công Thương rà soát điều kiện kinh doanh xăng dầu, báo cáo Thủ tướng Chính phủ "
        "trước ngày 20/10/2025. Đồng thời, phối hợp với Bộ Tài chính đánh giá quỹ bình ổn giá."
        "\nThời gian thực hiện: trong tháng 12/2025."
    )
    assert rows(text) == [
        ("BCT", [], dt.date(2025, 10, 20)),
        ("BCT", ["BTC"], dt.date(2025, 12, 31)),
    ]


def test_distractor_dates_are_not_deadlines() -> None:
    # a cited notice with its date, the session's date, a document symbol, a law's year
    assert rows(
        "Tại Phiên họp ngày 10 tháng 9 năm 2025, Phó Thủ tướng giao Bộ Tư pháp tiếp tục thực "
        "hiện Thông báo số 412/TB-VPCP ngày 02 tháng 8 năm 2025 theo Kế hoạch số 35/KH-BTP, "
        "hướng dẫn thi hành Luật Hộ tịch năm 2014."
    ) == [("BTP", [], "ongoing")]
    assert rows(
        "Bộ Văn hóa, Thể thao và Du lịch triển khai Chương trình chuyển đổi số giai đoạn "
        "2025 - 2030, tầm nhìn đến năm 2035."
    ) == [("BVHTTDL", [], "none")]


def test_ranges_events_and_relative_deadlines() -> None:
    assert rows("Các địa phương tổ chức chiến dịch làm sạch dữ liệu từ 1/10 đến 30/11/2025.") == [
        ("ALL_PROVINCES", [], dt.date(2025, 11, 30))
    ]
    assert rows(
        "Bộ Tài chính báo cáo kết quả tại Phiên họp Chính phủ thường kỳ tháng 10 năm 2025."
    ) == [("BTC", [], dt.date(2025, 10, 31))]
    # 10 working days from the day after 15/09/2025 (2/9 is long past): 29/09/2025
    assert rows("Bộ Nội vụ gửi ý kiến thẩm định trong 10 ngày làm việc.") == [
        ("BNV", [], dt.date(2025, 9, 29))
    ]
    # without an assignment date a relative deadline cannot be counted
    (task,) = read("Bộ Nội vụ gửi ý kiến thẩm định trong 10 ngày làm việc.", None)
    assert task.deadline.kind is DeadlineKind.UNPARSED and task.deadline.issue


def test_what_gives_no_task_is_listed_with_its_paragraph() -> None:
    text = "\n".join(
        [
            "Tham dự cuộc họp có đại diện Bộ Công an, Bộ Tư pháp.",
            "Bộ Công an đã hoàn thành việc cấp căn cước cho công dân.",
            "Đại diện Bộ Tài chính đề nghị Bộ Công an sớm chia sẻ dữ liệu.",
            "Văn phòng Chính phủ thông báo để các Bộ, cơ quan liên quan biết, thực hiện./.",
        ]
    )
    parsed = parse_notice(text.split("\n"), REGISTRY, DAY)
    assert parsed.tasks == []
    assert [p.paragraph for p in parsed.problems] == [1, 2, 3, 4]
    assert all("không đọc được thành nhiệm vụ" in p.message for p in parsed.problems)


def test_spellings_do_not_matter() -> None:
    text = (
        "Uỷ ban nhân dân tỉnh Khánh Hoà chủ trì, phối hợp với Bộ Văn hoá, Thể thao và Du "
        "lịch bảo tồn di tích, hoàn thành trong Quý IV/2025."
    )
    expected = [("khanh-hoa", ["BVHTTDL"], dt.date(2025, 12, 31))]
    assert rows(text) == expected
    assert rows(unicodedata.normalize("NFD", text)) == expected
    (task,) = read(unicodedata.normalize("NFD", text))
    assert task.title == "bảo tồn di tích"
    assert canonical("Quý  IV") == "Quý IV" and canonical("Hoà Bình") == "Hòa Bình"


def test_the_heading_of_a_notice() -> None:
    heading = [
        "BỘ NỘI VỤ",
        "-------",
        "Số: 1234/BNV-CCVC",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hà Nội, ngày 09 tháng 10",  # the date broken across two lines
        "năm 2025",
        "V/v triển khai cơ sở dữ liệu cán bộ, công chức",
        "Kính gửi: Ủy ban nhân dân tỉnh Bắc Ninh.",
        "Đề nghị Quý Ủy ban cập nhật dữ liệu cán bộ, công chức trước ngày 30/10/2025.",
    ]
    info = notice_info(heading, REGISTRY)
    assert info.number == "1234/BNV-CCVC" and info.date == dt.date(2025, 10, 9)
    assert info.issuer == "Bộ Nội vụ" and info.title == heading[7]
    assert rows("\n".join(heading)) == [("bac-ninh", [], dt.date(2025, 10, 30))]


def test_a_cited_number_is_not_the_notices_own() -> None:
    """A number cited in the opening sentence was taken for the notice's number (and written
    into «Văn bản giao» of every row); the document type was taken for the issuer."""
    heading = [
        "THÔNG BÁO",
        "Kết luận của Tổ công tác tại phiên họp thứ ba",
        "Thực hiện Quyết định số 06/QĐ-TTg ngày 06 tháng 01 năm 2022 của Thủ tướng Chính phủ,",
        "Bộ Công an chủ trì triển khai Đề án 06 trước ngày 30/6/2026.",
    ]
    info = notice_info(heading, REGISTRY)
    assert info.number is None and info.issuer is None
    party = ["BAN CHẤP HÀNH TRUNG ƯƠNG", "Số 123-KL/TW", "Hà Nội, ngày 5 tháng 3 năm 2026"]
    party += ["KẾT LUẬN", "Thực hiện Quyết định số 06/QĐ-TTg, ..."]
    info = notice_info(party, REGISTRY)
    assert info.number == "123-KL/TW" and info.issuer == "BAN CHẤP HÀNH TRUNG ƯƠNG"
    one_line = ["VĂN PHÒNG CHÍNH PHỦ Số: 467/TB-VPCP CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert notice_info(one_line, REGISTRY).number == "467/TB-VPCP"


def test_ocr_slips_are_read_and_reported() -> None:
    text = "Bộ Cong an chủ trì, phối hợp với Bộ Y tế hoàn thiện dữ liệu, hoàn thành Quý TV/2025."
    typed = parse_notice([text], REGISTRY, DAY)  # typed text: no guessing, the sentence shown
    assert typed.tasks == [] and [p.paragraph for p in typed.problems] == [1]
    (task,) = parse_notice([text], REGISTRY, DAY, ocr={0}).tasks
    assert task.lead is not None and task.lead.code == "BCA"
    assert task.deadline.day == dt.date(2025, 12, 31)
    assert any("Bộ Cong an" in p and "Bộ Công an" in p for p in task.problems)
    assert any("Quý IV" in p for p in task.problems)


def test_tasks_outside_the_assignment_section_are_held_for_review() -> None:
    text = "\n".join(
        [
            "2. Kết luận",
            "- Các bộ, ngành, địa phương tập trung hoàn thành các nhiệm vụ quá hạn.",
            "3. Giao nhiệm vụ",
            "- Bộ Công an chủ trì: Kết nối dữ liệu cư trú; hoàn thành Quý IV/2025.",
        ]
    )
    parsed = parse_notice(text.split("\n"), REGISTRY, DAY)
    assert [(t.lead.code if t.lead else None, t.title) for t in parsed.tasks] == [
        ("BCA", "Kết nối dữ liệu cư trú")
    ]
    assert [p.paragraph for p in parsed.problems] == [2]
    assert "ngoài mục giao nhiệm vụ" in parsed.problems[0].message
