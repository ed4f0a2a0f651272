"""Vietnamese agency names: recognition, splitting, abbreviations, roles (app/extraction/units.py)."""
import pytest

from app.extraction.units import canonical_unit, expand_abbreviations, find_units, roles, split_units


@pytest.mark.parametrize("phrase, expected", [
    ("Sở Tài chính, Sở Nội vụ", ["Sở Tài chính", "Sở Nội vụ"]),
    ("Các Bộ: Quốc phòng, Công an", ["Bộ Quốc phòng", "Bộ Công an"]),
    ("các Sở: Tài chính, Xây dựng và Y tế", ["Sở Tài chính", "Sở Xây dựng", "Sở Y tế"]),
    ("Các Bộ: Văn hóa, Thể thao và Du lịch, Y tế", ["Bộ Văn hóa, Thể thao và Du lịch", "Bộ Y tế"]),
    ("Ủy ban nhân dân các tỉnh: Ninh Bình, Hà Tĩnh", ["Ủy ban nhân dân tỉnh Ninh Bình", "Ủy ban nhân dân tỉnh Hà Tĩnh"]),
    ("Sở Nội vụ và các cơ quan, đơn vị có liên quan", ["Sở Nội vụ", "các cơ quan, đơn vị có liên quan"]),
    ("các sở, ban, ngành, UBND các huyện, thành phố và các cơ quan, đơn vị trên địa bàn",
     ["các sở, ban, ngành, UBND các huyện, thành phố và các cơ quan, đơn vị trên địa bàn"]),
    ("Sở Khoa học và Công nghệ", ["Sở Khoa học và Công nghệ"]),
    ("Sở Giáo dục và Đào tạo và Sở Y tế", ["Sở Giáo dục và Đào tạo", "Sở Y tế"]),
    ("Sở Văn hóa, Thể thao và Du lịch, Sở Lao động - Thương binh và Xã hội",
     ["Sở Văn hóa, Thể thao và Du lịch", "Sở Lao động - Thương binh và Xã hội"]),
    ("Sở Nông nghiệp và Môi trường, Bộ Dân tộc và Tôn giáo", ["Sở Nông nghiệp và Môi trường", "Bộ Dân tộc và Tôn giáo"]),
    ("Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh, Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
     ["Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"]),
    ("Đoàn TNCS Hồ Chí Minh tỉnh, Hội Liên hiệp Phụ nữ tỉnh, Hội Nông dân tỉnh, Hội Cựu chiến binh tỉnh",
     ["Đoàn TNCS Hồ Chí Minh tỉnh", "Hội Liên hiệp Phụ nữ tỉnh", "Hội Nông dân tỉnh", "Hội Cựu chiến binh tỉnh"]),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội",
     ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "các tổ chức chính trị - xã hội"]),
    ("Thuế tỉnh, thành phố", ["Thuế tỉnh, thành phố"]),
    ("UBND các xã, phường", ["UBND các xã, phường"]),
    ("các Bộ, ngành, địa phương", ["các Bộ, ngành, địa phương"]),
    ("Văn phòng UBND tỉnh, Kho bạc Nhà nước tỉnh", ["Văn phòng UBND tỉnh", "Kho bạc Nhà nước tỉnh"]),
    ("Đối với Sở Khoa học và Công nghệ", ["Sở Khoa học và Công nghệ"]),
    ("", []),
])
def test_split_units(phrase, expected):
    assert split_units(phrase) == expected


@pytest.mark.parametrize("text, kind", [
    ("Bộ Nội vụ", "ministry"),
    ("Sở Tư pháp", "province_dept"),
    ("UBND tỉnh Lạng Sơn", "committee"),
    ("UBND huyện Cao Lộc", "district"),
    ("Ủy ban nhân dân xã", "commune"),
    ("HĐND tỉnh", "people_council"),
    ("Phòng Nội vụ", "district_dept"),
    ("Công an tỉnh", "police"),
    ("Bộ Chỉ huy Quân sự tỉnh", "military"),
    ("Mặt trận Tổ quốc Việt Nam tỉnh", "front"),
    ("Liên đoàn Lao động tỉnh", "union"),
    ("các cơ quan, đơn vị có liên quan", "collective"),
    ("Chi cục Thuế khu vực", "tax"),
])
def test_kinds(text, kind):
    found = find_units(text)
    assert len(found) == 1 and found[0].kind == kind and found[0].text == text


def test_find_units_spans_and_names_end_before_verbs():
    text = "Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng tham mưu UBND tỉnh."
    found = find_units(text)
    assert [m.text for m in found] == ["Sở Tài chính", "Sở Xây dựng", "UBND tỉnh"]
    assert all(text[m.start:m.end] == m.text for m in found)


def test_names_after_2025_and_before():
    for name in ("Bộ Nông nghiệp và Phát triển nông thôn", "Bộ Giao thông vận tải", "Sở Kế hoạch và Đầu tư",
                 "Bộ Dân tộc và Tôn giáo", "Sở Nông nghiệp và Môi trường", "Bộ Lao động - Thương binh và Xã hội"):
        assert [m.text for m in find_units(f"{name} chủ trì")] == [name]


def test_expand_abbreviations():
    assert expand_abbreviations("UBND tỉnh") == "Ủy ban nhân dân tỉnh"
    assert expand_abbreviations("HĐND huyện, Ban TĐKT, Sở KH&CN, MTTQ") == \
        "Hội đồng nhân dân huyện, Ban Thi đua - Khen thưởng, Sở Khoa học và Công nghệ, Mặt trận Tổ quốc"
    assert expand_abbreviations("UBNDtỉnh") == "UBNDtỉnh"   # whole tokens only


def test_canonical_unit_compares_variants():
    assert canonical_unit("UBND tỉnh") == canonical_unit("Ủy ban nhân dân tỉnh") == "ủy ban nhân dân tỉnh"
    assert canonical_unit("Sở Văn hoá, Thể thao và Du lịch") == canonical_unit("Sở VHTT&DL")
    assert canonical_unit("Uỷ ban nhân dân tỉnh") == canonical_unit("Ủy ban nhân dân tỉnh")
    assert canonical_unit("các cơ quan, đơn vị có liên quan") == "cơ quan, đơn vị liên quan"
    assert canonical_unit("các cơ quan, đơn vị có liên quan") == canonical_unit("cơ quan, đơn vị liên quan")
    assert canonical_unit("Đối với Sở Nội vụ:") == canonical_unit("Sở Nội vụ (Ban TĐKT)") == "sở nội vụ"
    assert canonical_unit("Sở  Lao động-Thương binh và Xã hội") == canonical_unit("Sở Lao động - Thương binh và Xã hội")
    assert canonical_unit("Sở Nội vụ") != canonical_unit("Sở Tư pháp")


def test_roles_seed_3508_item_b():
    # seeds/vp-ubnd-langson-2018-3508-cv.txt, item b)
    text = ("Đối với Sở Khoa học và Công nghệ: Chủ trì, phối hợp với Sở Nội vụ và các cơ quan, đơn vị có liên "
            "quan hướng dẫn triển khai thực hiện Quyết định số 36/2018/QĐ-UBND ngày 19/4/2018 của UBND tỉnh Lạng "
            "Sơn. Thời gian hoàn thành, báo cáo UBND tỉnh trong tháng 10 năm 2018.")
    assert roles(text) == {"units": ["Sở Khoa học và Công nghệ"],
                           "cooperating_units": ["Sở Nội vụ", "các cơ quan, đơn vị có liên quan"],
                           "report_to": "UBND tỉnh"}


@pytest.mark.parametrize("text, units, coop, report", [
    ("Giao Sở Tài chính chủ trì theo dõi, tổng hợp các khó khăn, báo cáo Ủy ban nhân dân tỉnh.",
     ["Sở Tài chính"], [], "Ủy ban nhân dân tỉnh"),
    ("Bộ Tài chính chủ trì, phối hợp với các bộ, địa phương rà soát, tổng hợp, báo cáo Thủ tướng Chính phủ.",
     ["Bộ Tài chính"], ["các bộ, địa phương"], "Thủ tướng Chính phủ"),
    ("Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh tăng cường tuyên truyền.",
     ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"], [], None),
    ("Yêu cầu Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh tăng cường tuần tra.",
     ["Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh"], [], None),
    ("Các cơ quan, đơn vị, địa phương khẩn trương triển khai thực hiện.", ["Các cơ quan, đơn vị, địa phương"], [], None),
    ("Sở Nội vụ: Tiếp tục tham mưu cho UBND tỉnh hoàn thiện hệ thống văn bản.", ["Sở Nội vụ"], [], None),
    ("1.2. Giao Công an Thành phố chủ trì, phối hợp Sở Xây dựng, Ủy ban nhân dân các phường, xã kiểm tra.",
     ["Công an Thành phố"], ["Sở Xây dựng", "Ủy ban nhân dân các phường, xã"], None),
    ("Các Bộ: Quốc phòng, Công an chủ trì, phối hợp với Bộ Ngoại giao triển khai.",
     ["Bộ Quốc phòng", "Bộ Công an"], ["Bộ Ngoại giao"], None),
    ("Tiếp tục thực hiện tốt các nội dung; gửi kết quả về Sở Nội vụ (qua Ban TĐKT) trước ngày 20/10.",
     [], [], "Sở Nội vụ (qua Ban TĐKT)"),
])
def test_roles(text, units, coop, report):
    r = roles(text)
    assert r["units"] == units
    assert r["cooperating_units"] == coop
    assert r["report_to"] == report


def test_roles_empty():
    assert roles("") == {"units": [], "cooperating_units": [], "report_to": None}
    assert roles("Đồng ý với báo cáo, đề xuất.") == {"units": [], "cooperating_units": [], "report_to": None}


def test_agency_data_file_is_well_formed():
    # flow mappings with a comma in a name silently split it: every entry must have only known keys
    from pathlib import Path

    import yaml

    import app.extraction.units as units
    data = yaml.safe_load((Path(units.__file__).with_name("data") / "agencies.yaml").read_text(encoding="utf-8"))
    for section in ("ministries", "agencies", "heads"):
        for entry in data[section]:
            assert set(entry) <= {"name", "era", "kind", "head", "place", "standalone", "max_lower"}, entry
            assert all(v is not None for v in entry.values()), entry
    assert "Bộ Văn hóa, Thể thao và Du lịch" in {m["name"] for m in data["ministries"]}


# --- properties ---------------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_NAMED = ["Sở Tài chính", "Sở Nội vụ", "Bộ Y tế", "Công an tỉnh", "Sở Khoa học và Công nghệ",
          "Bộ Văn hóa, Thể thao và Du lịch", "Liên đoàn Lao động tỉnh", "UBND huyện Cao Lộc",
          "Bộ Chỉ huy Quân sự tỉnh", "Sở Lao động - Thương binh và Xã hội"]


@settings(max_examples=120, deadline=None)
@given(st.lists(st.sampled_from(_NAMED), min_size=1, max_size=5, unique=True), st.booleans())
def test_named_lists_split_into_their_members(names, with_collective):
    phrase = ", ".join(names[:-1]) + (" và " if len(names) > 1 else "") + names[-1]
    expected = list(names)
    if with_collective:
        phrase += " và các cơ quan, đơn vị có liên quan"
        expected.append("các cơ quan, đơn vị có liên quan")
    assert split_units(phrase) == expected


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=150))
def test_arbitrary_text_never_crashes(text):
    for m in find_units(text):
        assert 0 <= m.start < m.end <= len(text)
    split_units(text)
    r = roles(text)
    assert set(r) == {"units", "cooperating_units", "report_to"}


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(_NAMED + ["UBND tỉnh", "các sở, ban, ngành", "Sở KH&CN", "Uỷ ban nhân dân xã"]))
def test_canonical_unit_is_idempotent(name):
    assert canonical_unit(canonical_unit(name)) == canonical_unit(name)


def test_units_written_before_phoi_hop_cooperate():
    r = roles("Công an tỉnh chủ trì; Sở Tư pháp, Sở Nội vụ phối hợp thực hiện.")
    assert r["units"] == ["Công an tỉnh"] and r["cooperating_units"] == ["Sở Tư pháp", "Sở Nội vụ"]


def test_canonical_unit_city_abbreviation():
    assert canonical_unit("UBND TP. Hồ Chí Minh") == canonical_unit("Ủy ban nhân dân thành phố Hồ Chí Minh")


@pytest.mark.parametrize("text, units, report", [
    ("Giao cho Sở Tài chính chủ trì thẩm định.", ["Sở Tài chính"], None),
    ("Trách nhiệm của Sở Y tế: tổ chức kiểm tra", ["Sở Y tế"], None),
    ("Phân công Phòng Nội vụ theo dõi, báo cáo lãnh đạo UBND huyện.", ["Phòng Nội vụ"], "UBND huyện"),
    ("UBND tỉnh đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh phối hợp tuyên truyền.",
     ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"], None),
])
def test_more_openers(text, units, report):
    r = roles(text)
    assert r["units"] == units and r["report_to"] == report


def test_description_opened_by_cac_keeps_named_bodies_inside():
    # seeds/tu-langson-2014-30-ct.txt: one description of addressees, as in the corpus annotation
    assert split_units("Các cấp ủy đảng, chính quyền, Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội") == \
        ["Các cấp ủy đảng, chính quyền, Mặt trận Tổ quốc và các đoàn thes chính trị - xã hội".replace("thes", "thể")]
    # a named unit first still splits from the description after it
    assert split_units("Sở Y tế và các cơ quan, đơn vị có liên quan") == ["Sở Y tế", "các cơ quan, đơn vị có liên quan"]


def test_old_style_tone_placement_is_read_and_compared():
    # "uỷ", "hoá" (old style) and "ủy", "hóa" (Decree 30 style) are the same words; "Đoàn" is unchanged
    assert split_units("các cấp uỷ đảng, chính quyền") == ["các cấp uỷ đảng, chính quyền"]
    assert [m.text for m in find_units("Tỉnh uỷ Lạng Sơn, Đoàn TNCS Hồ Chí Minh tỉnh")] == \
        ["Tỉnh uỷ Lạng Sơn", "Đoàn TNCS Hồ Chí Minh tỉnh"]
    assert canonical_unit("Sở Văn hoá, Thể thao và Du lịch") == canonical_unit("Sở Văn hóa, Thể thao và Du lịch")


def test_mentions_keep_the_original_and_the_expansion():
    m = find_units("báo cáo UBND tỉnh")[0]
    assert (m.text, m.expanded) == ("UBND tỉnh", "Ủy ban nhân dân tỉnh")


@pytest.mark.parametrize("phrase, expected", [
    ("các đơn vị cấp nước thuộc phạm vi quản lý", ["các đơn vị cấp nước thuộc phạm vi quản lý"]),
    ("các Bộ, cơ quan đổi mới phương thức", ["các Bộ, cơ quan"]),          # the verb is not part of it
    ("các đơn vị tham gia cụm thi đua của tỉnh", ["các đơn vị tham gia cụm thi đua của tỉnh"]),
])
def test_free_words_in_a_description_need_a_closing_modifier(phrase, expected):
    assert split_units(phrase) == expected


def test_requester_unit_before_the_opener():
    r = roles("Thực hiện Công văn số 123/BNV-CCVC của Bộ Nội vụ, UBND tỉnh yêu cầu Sở Nội vụ chủ trì, phối hợp "
              "với Sở Tài chính rà soát.")
    assert r["units"] == ["Sở Nội vụ"] and r["cooperating_units"] == ["Sở Tài chính"]


def test_attached_units_and_shared_lists_with_co_quan():
    # seeds/ubnd-langson-2019-kh-tdkt.txt: "Ban TĐKT, Sở Nội vụ" is the board of that department
    assert split_units("Sở Kế hoạch và Đầu tư, Ban TĐKT, Sở Nội vụ") == ["Sở Kế hoạch và Đầu tư", "Ban TĐKT, Sở Nội vụ"]
    assert split_units("Ban TĐKT, Sở Tài chính") == ["Ban TĐKT", "Sở Tài chính"]
    # dev/thong_bao-05729ab54fc07c39.md
    assert split_units("Các Bộ, cơ quan: Tài chính, Xây dựng, Nông nghiệp và Môi trường") == \
        ["Bộ Tài chính", "Bộ Xây dựng", "Bộ Nông nghiệp và Môi trường"]
    assert split_units("Bộ trưởng Bộ Y tế, Thứ trưởng Bộ Y tế") == ["Bộ trưởng Bộ Y tế", "Thứ trưởng Bộ Y tế"]


def test_type_lists_without_cac_at_a_sentence_start():
    assert roles("Sở, ban, ngành căn cứ chức năng, nhiệm vụ tổ chức thực hiện.")["units"] == ["Sở, ban, ngành"]
    assert split_units("Bộ, ngành, địa phương") == ["Bộ, ngành, địa phương"]
    assert split_units("Sở Tài chính, Sở Nội vụ") == ["Sở Tài chính", "Sở Nội vụ"]
