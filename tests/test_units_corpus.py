"""Units and roles on phrases copied from real received documents (../shared/corpus/, file cited)."""
import pytest

from app.extraction.units import canonical_unit, find_units, roles, split_units

ROLES = [
    # seeds/vp-ubnd-langson-2018-3508-cv.txt, item a)
    ("a) Sở Nội vụ: Tiếp tục tham mưu cho UBND tỉnh hoàn thiện hệ thống các văn bản quy phạm pháp luật về thi "
     "đua, khen thưởng;", ["Sở Nội vụ"], [], None),
    # seeds/ubnd-langson-2019-kh-tdkt.txt
    ("2. Giao Sở Nội vụ (Ban TĐKT) theo dõi, đôn đốc các đơn vị, các Cụm thi đua của tỉnh triển khai thực hiện "
     "Kế hoạch này, định kỳ tổng hợp, báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện.",
     ["Sở Nội vụ (Ban TĐKT)"], [], "Ủy ban nhân dân tỉnh"),
    # dev/cong_van-717159673033f644.md (line breaks as in the file)
    ("- Giao Sở Xây dựng chủ\ntrì, phối hợp với Trung tâm Chuyển đổi số Thành phố, Công an Thành phố, Sở Nông\n"
     "nghiệp và Môi trường, Ủy ban nhân dân các phường, xã, đặc khu cùng các đơn vị\ncó liên quan, tổ chức khảo sát",
     ["Sở Xây dựng"],
     ["Trung tâm Chuyển đổi số Thành phố", "Công an Thành phố", "Sở Nông\nnghiệp và Môi trường",
      "Ủy ban nhân dân các phường, xã, đặc khu", "các đơn vị\ncó liên quan"], None),
    # dev/cong_dien-1095764e502a89b8.md
    ("**3.** Bộ Tài chính chủ trì cùng Bộ Xây dựng và\ncác bộ, ngành liên quan rà soát, đánh giá đề xuất thưởng",
     ["Bộ Tài chính"], ["Bộ Xây dựng", "các bộ, ngành liên quan"], None),
    # dev/chi_thi-6bac4a0d92da936d.md
    ("Thủ trưởng các sở, ban, ngành, Chủ tịch UBND các xã, phường nghiêm túc triển khai thực hiện.",
     ["Thủ trưởng các sở, ban, ngành", "Chủ tịch UBND các xã, phường"], [], None),
    # dev/cong_van-fcd40850adc894a0.md
    ("Đề nghị Thuế tỉnh Ninh Bình căn cứ quy định tại Luật\nĐất đai năm 2024", ["Thuế tỉnh Ninh Bình"], [], None),
    # dev/ke_hoach-31fb08f34535fce3.md
    ("- Cơ quan thực hiện: Sở Giáo dục và Đào tạo và Sở Y tế chủ trì, phối hợp với các sở, ban, ngành, đoàn thể "
     "Thành phố và các đơn vị có liên quan.", ["Sở Giáo dục và Đào tạo", "Sở Y tế"],
     ["các sở, ban, ngành, đoàn thể Thành phố và các đơn vị có liên quan"], None),
    # dev/ke_hoach-62f25a030c183151.md
    ("- Phối hợp Bộ Chỉ huy\nQuân sự tỉnh, Công an tỉnh và UBND các xã, phường tổ chức vận chuyển hàng; báo cáo UBND\n"
     "tỉnh **trước 19h00’ hằng ngày **", [], ["Bộ Chỉ huy\nQuân sự tỉnh", "Công an tỉnh", "UBND các xã, phường"],
     "UBND\ntỉnh"),
]


@pytest.mark.parametrize("text, units, coop, report", ROLES)
def test_roles_on_corpus_phrases(text, units, coop, report):
    r = roles(text)
    norm = lambda xs: [" ".join(x.split()) for x in xs]  # noqa: E731
    assert norm(r["units"]) == norm(units)
    assert norm(r["cooperating_units"]) == norm(coop)
    assert (r["report_to"] and " ".join(r["report_to"].split())) == (report and " ".join(report.split()))


@pytest.mark.parametrize("phrase, expected", [
    # dev/cong_van-2c71d790ecdeb8d1.md (Nơi nhận)
    ("Các Bộ: XD, NN&MT, TC, TP;", ["Bộ Xây dựng", "Bộ Nông nghiệp và Môi trường", "Bộ Tài chính", "Bộ Tư pháp"]),
    ("UBND các tỉnh, thành phố: Hải Phòng, Hưng Yên, Ninh Bình, Bắc Ninh, Phú\nThọ, Tuyên Quang;",
     ["UBND thành phố Hải Phòng", "UBND tỉnh Hưng Yên", "UBND tỉnh Ninh Bình", "UBND tỉnh Bắc Ninh",
      "UBND tỉnh Phú Thọ", "UBND tỉnh Tuyên Quang"]),
    ("Ủy ban nhân dân các tỉnh: Ninh\nBình, Bắc Ninh, Phú Thọ, Tuyên Quang đẩy nhanh các thủ tục",
     ["Ủy ban nhân dân tỉnh Ninh Bình", "Ủy ban nhân dân tỉnh Bắc Ninh", "Ủy ban nhân dân tỉnh Phú Thọ",
      "Ủy ban nhân dân tỉnh Tuyên Quang"]),
    # dev/nghi_quyet-03741adae8c7c410.md
    ("Các Bộ: Tài chính, Công an, Tư pháp;", ["Bộ Tài chính", "Bộ Công an", "Bộ Tư pháp"]),
    ("Cục KTVB&QLXLVPHC - Bộ Tư pháp;", ["Cục KTVB&QLXLVPHC - Bộ Tư pháp"]),
    # seeds/vp-ubnd-langson-2018-3508-cv.txt
    ("các sở, ban, ngành, UBND các huyện, thành phố và các cơ quan, đơn vị trên địa bàn (các đơn vị tham gia cụm "
     "thi đua của tỉnh)", ["các sở, ban, ngành, UBND các huyện, thành phố và các cơ quan, đơn vị trên địa bàn "
                          "(các đơn vị tham gia cụm thi đua của tỉnh)"]),
    # dev/cong_dien-44aeb2fd86d07d4a.md
    ("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương: Hà Tĩnh, Quảng Trị, Huế, Đà Nẵng",
     ["Chủ tịch Ủy ban nhân dân tỉnh Hà Tĩnh", "Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị",
      "Chủ tịch Ủy ban nhân dân thành phố Huế", "Chủ tịch Ủy ban nhân dân thành phố Đà Nẵng"]),
])
def test_split_units_on_corpus_phrases(phrase, expected):
    got = split_units(phrase)
    assert [canonical_unit(x) for x in got] == [canonical_unit(x) for x in expected]


def test_every_corpus_file_runs_and_spans_are_exact():
    from pathlib import Path
    files = sorted((Path(__file__).resolve().parents[1] / "corpus").glob("*.txt"))
    assert files
    total = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        for m in find_units(text):
            total += 1
            assert 0 <= m.start < m.end <= len(text)
            assert " ".join(text[m.start:m.end].replace("*", " ").split()).strip(" ,;:.-–") == m.text
            assert m.canonical == canonical_unit(m.text) and m.canonical
    assert total > 200


def test_shared_list_ends_at_a_named_body_of_its_own():
    # dev/thong_bao-296e373d796986f4.md
    phrase = ("Các Bộ, cơ quan: Tài chính, Xây dựng, Nông nghiệp và Môi trường, Văn hóa, Thể thao và Du lịch, "
              "Công Thương, Giáo dục và Đào tạo, Ngoại giao, Tập đoàn Điện lực Việt Nam")
    assert split_units(phrase) == [
        "Bộ Tài chính", "Bộ Xây dựng", "Bộ Nông nghiệp và Môi trường", "Bộ Văn hóa, Thể thao và Du lịch",
        "Bộ Công Thương", "Bộ Giáo dục và Đào tạo", "Bộ Ngoại giao", "Tập đoàn Điện lực Việt Nam"]


def test_board_written_with_a_comma_and_its_department():
    # seeds/sonv-laichau-2020-tin-hdtdkt-04.txt
    r = roles("Phối hợp với Ban thi đua, Khen thưởng, Sở Nội vụ cùng xem xét phong trào thi đua của đơn vị mình")
    assert r["cooperating_units"] == ["Ban thi đua, Khen thưởng, Sở Nội vụ"]
