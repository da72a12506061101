import unicodedata

import pytest

from tracker.core.text import column_letter, fold, header_key, header_keys


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hoà Bình", "Hòa Bình"),
        ("Uỷ ban", "Ủy ban"),
        ("Thanh Hoá", "Thanh Hóa"),
        (unicodedata.normalize("NFD", "Thường xuyên"), "thường xuyên"),
        ("\u00d0à Nẵng", "Đà Nẵng"),
        ("  QUÝ   IV ", "quý iv"),
    ],
)
def test_fold_makes_spelling_variants_equal(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_fold_keeps_diacritics_that_change_the_word() -> None:
    assert fold("ngay") != fold("ngày")
    assert fold("Hạn") != fold("Hàn")


def test_header_key_ignores_case_diacritics_punctuation_and_spacing() -> None:
    assert header_key("  Đề án / Chương trình ") == header_key("de an chuong trinh")
    assert header_key("Gia hạn") != header_key("Hạn")
    assert header_keys("Thời hạn (theo KL)") == ("thoi han theo kl", "thoi han")
    assert header_keys("Tiến độ (%)") == ("tien do %", "tien do")


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]
