"""DESIGN.md §4: the registry, resolution, splitting and successions."""

import datetime as dt
import unicodedata

import pytest

from tracker.core.agencies import Registry, builtin_agencies
from tracker.core.model import Agency, AgencyKind

R = Registry.builtin()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("BCA", "BCA"),
        ("Bộ Công an", "BCA"),
        ("bộ  công AN", "BCA"),
        ("Bộ CA", "BCA"),
        (unicodedata.normalize("NFD", "Bộ Tài chính"), "BTC"),
        ("Bộ TN&MT", "BTNMT"),
        ("Bộ LĐ-TB&XH", "BLDTBXH"),
        ("Bộ Lao động - Thương binh và Xã hội", "BLDTBXH"),
        ("Bộ KH&ĐT", "BKHDT"),
        ("Bộ KH&\u00d0T", "BKHDT"),
        ("Bộ TT&TT", "BTTTT"),
        ("NHNN", "NHNN"),
        ("Ngân hàng Nhà nước Việt Nam", "NHNN"),
        ("Uỷ ban Dân tộc", "UBDT"),
        ("Ủy ban Dân tộc", "UBDT"),
        ("Bảo hiểm xã hội Việt Nam", "BHXH"),
        ("Bộ Văn hóa, Thể thao và Du lịch", "BVHTTDL"),
        ("Bộ Văn hoá, Thể thao và Du lịch", "BVHTTDL"),
        ("UBND tỉnh Bắc Ninh", "bac-ninh"),
        ("Ủy ban nhân dân thành phố Hà Nội", "ha-noi"),
        ("UBND TP. Hồ Chí Minh", "ho-chi-minh"),
        ("TP Đà Nẵng", "da-nang"),
        ("Tỉnh Thừa Thiên Huế", "hue"),
        ("Bắc Ninh", "bac-ninh"),
        ("Chủ tịch UBND tỉnh Bắc Giang", "bac-giang"),
        ("UBND tỉnh Hoà Bình", "hoa-binh"),
        ("tỉnh Bà Rịa - Vũng Tàu", "ba-ria-vung-tau"),
        ("ha-noi", "ha-noi"),
        ("các bộ, ngành", "ALL_MINISTRIES"),
        ("các bộ, cơ quan ngang bộ", "ALL_MINISTRIES"),
        ("các địa phương", "ALL_PROVINCES"),
        ("UBND các tỉnh, thành phố trực thuộc Trung ương", "ALL_PROVINCES"),
        ("các bộ, ngành, địa phương", "ALL_AGENCIES"),
    ],
)
def test_resolve(text: str, code: str) -> None:
    assert R.resolve(text) == code


@pytest.mark.parametrize(
    "text",
    [
        "Sở Nội vụ tỉnh Y",
        "Sở Tư pháp tỉnh Bắc Ninh",
        "huyện Gia Lâm",
        "xã Tân Lập",
        "Bộ Công",
        "Nội vụ tỉnh",
        "UBND huyện Đông Anh",
    ],
)
def test_no_fuzzy_or_substring_matching(text: str) -> None:
    assert R.resolve(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Bộ Văn hóa, Thể thao và Du lịch, Bộ Tư pháp",
            [("Bộ Văn hóa, Thể thao và Du lịch", "BVHTTDL"), ("Bộ Tư pháp", "BTP")],
        ),
        (
            "Bộ Lao động - Thương binh và Xã hội; Bộ Công an",
            [("Bộ Lao động - Thương binh và Xã hội", "BLDTBXH"), ("Bộ Công an", "BCA")],
        ),
        (
            "Bộ Công an / Bộ Tư pháp + BHXH\nVPCP",
            [("Bộ Công an", "BCA"), ("Bộ Tư pháp", "BTP"), ("BHXH", "BHXH"), ("VPCP", "VPCP")],
        ),
        ("Bộ Tư pháp và Bộ Công an", [("Bộ Tư pháp", "BTP"), ("Bộ Công an", "BCA")]),
        ("các Bộ: Tài chính, Tư pháp", [("Bộ Tài chính", "BTC"), ("Bộ Tư pháp", "BTP")]),
        (
            "các Bộ Tài nguyên và Môi trường, Tư pháp",
            [("Bộ Tài nguyên và Môi trường", "BTNMT"), ("Bộ Tư pháp", "BTP")],
        ),
        (
            "các Bộ: Tài chính, Tư pháp và UBND tỉnh Bắc Ninh",
            [("Bộ Tài chính", "BTC"), ("Bộ Tư pháp", "BTP"), ("UBND tỉnh Bắc Ninh", "bac-ninh")],
        ),
        (
            "Sở Văn hóa, Thể thao và Du lịch tỉnh X, Bộ Y tế",
            [("Sở Văn hóa, Thể thao và Du lịch tỉnh X", None), ("Bộ Y tế", "BYT")],
        ),
        ("- Bộ Công an\n- Bộ Tư pháp.", [("Bộ Công an", "BCA"), ("Bộ Tư pháp", "BTP")]),
        (
            "các Bộ: Công an, Tư pháp, Tài chính",
            [("Bộ Công an", "BCA"), ("Bộ Tư pháp", "BTP"), ("Bộ Tài chính", "BTC")],
        ),
        ("UBND các tỉnh: Bắc Ninh, Hà Nam", [("Bắc Ninh", "bac-ninh"), ("Hà Nam", "ha-nam")]),
        (
            "các tỉnh, thành phố: Hà Nội, Hải Phòng và Cần Thơ",
            [("Hà Nội", "ha-noi"), ("Hải Phòng", "hai-phong"), ("Cần Thơ", "can-tho")],
        ),
        (
            "các Bộ: Tài chính, Xyz và Sở Y tế tỉnh X",
            [("Bộ Tài chính", "BTC"), ("Bộ Xyz", None), ("Sở Y tế tỉnh X", None)],
        ),
        ("", []),
    ],
)
def test_split(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(r.text, r.code) for r in R.split(text)] == expected


@pytest.mark.parametrize(
    ("code", "before", "after", "day"),
    [
        ("BTNMT", "BTNMT", "BNNMT", dt.date(2025, 3, 1)),
        ("BNNPTNT", "BNNPTNT", "BNNMT", dt.date(2025, 3, 1)),
        ("BKHDT", "BKHDT", "BTC", dt.date(2025, 3, 1)),
        ("BGTVT", "BGTVT", "BXD", dt.date(2025, 3, 1)),
        ("BTTTT", "BTTTT", "BKHCN", dt.date(2025, 3, 1)),
        ("BLDTBXH", "BLDTBXH", "BNV", dt.date(2025, 3, 1)),
        ("UBDT", "UBDT", "BDTTG", dt.date(2025, 3, 1)),
        ("bac-giang", "bac-giang", "bac-ninh", dt.date(2025, 7, 1)),
        ("kien-giang", "kien-giang", "an-giang", dt.date(2025, 7, 1)),
        ("ba-ria-vung-tau", "ba-ria-vung-tau", "ho-chi-minh", dt.date(2025, 7, 1)),
        ("BCA", "BCA", "BCA", dt.date(2025, 3, 1)),
    ],
)
def test_successions_on_both_sides(code: str, before: str, after: str, day: dt.date) -> None:
    assert R.current(code, day - dt.timedelta(days=1)) == before
    assert R.current(code, day) == after
    assert R.current(None, day) is None
    assert R.current("UNKNOWN", day) == "UNKNOWN"


def test_registry_sizes() -> None:
    provinces = [a for a in builtin_agencies() if a.kind is AgencyKind.PROVINCE]
    assert len(provinces) == 63
    assert len([a for a in provinces if a.successor is None]) == 34
    codes = {a.code for a in builtin_agencies()}
    for code in [
        "BQP",
        "BCA",
        "BNG",
        "BNV",
        "BTP",
        "BTC",
        "BCT",
        "BNNMT",
        "BXD",
        "BVHTTDL",
        "BKHCN",
        "BGDDT",
        "BYT",
        "BDTTG",
        "NHNN",
        "TTCP",
        "VPCP",
        "BHXH",
        "BKHDT",
        "BGTVT",
        "BTNMT",
        "BNNPTNT",
        "BTTTT",
        "BLDTBXH",
        "UBDT",
        "TANDTC",
        "VKSNDTC",
        "KTNN",
        "NHCSXH",
        "ALL_MINISTRIES",
        "ALL_PROVINCES",
        "ALL_AGENCIES",
    ]:
        assert code in codes
    for agency in builtin_agencies():
        assert agency.code.isascii()
        if agency.successor:
            assert agency.successor in codes and agency.dissolved_on


def test_overrides_add_and_replace() -> None:
    custom = R.with_overrides(
        [
            Agency("STP-BN", "Sở Tư pháp tỉnh Bắc Ninh", AgencyKind.OTHER, ("STP Bắc Ninh",)),
            Agency("BTNMT", "Bộ Tài nguyên & Môi trường (cũ)", AgencyKind.MINISTRY),
        ]
    )
    assert custom.resolve("Sở Tư pháp tỉnh Bắc Ninh") == "STP-BN"
    assert custom.resolve("STP Bắc Ninh") == "STP-BN"
    assert custom.name("BTNMT") == "Bộ Tài nguyên & Môi trường (cũ)"
    assert custom.resolve("Bộ TN&MT") == "BTNMT"  # old names still resolve
    assert custom.current("BTNMT", dt.date(2025, 8, 1)) == "BNNMT"  # succession kept
    assert R.resolve("Sở Tư pháp tỉnh Bắc Ninh") is None  # the built-in registry is untouched


def test_a_cell_of_twenty_thousand_names_is_split_name_by_name() -> None:
    """The split used to take cubic time (800 names: a minute); now it is linear (see
    benchmarks/bench_hostile.py for the timings)."""
    from tracker.core.agencies import Registry

    names = ["Bộ Công an", "Bộ Văn hóa, Thể thao và Du lịch", "UBND tỉnh Bắc Ninh", "Sở X"]
    cell = ", ".join(names[i % 4] for i in range(20_000))
    found = Registry(list(Registry.builtin())).split(cell)
    assert len(found) == 20_000
    assert [r.code for r in found[:4]] == ["BCA", "BVHTTDL", "bac-ninh", None]
    assert found[3].text == "Sở X"
