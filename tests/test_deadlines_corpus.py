"""Deadlines on phrases copied from real received documents (../shared/corpus/, file cited per case).

Line breaks and markdown residue are kept as they are in the files: the normaliser must read them.
"""
from datetime import date

import pytest

from app.extraction.deadlines import find_deadlines, parse_deadline

CASES = [
    # seeds/vp-ubnd-langson-2018-3508-cv.txt (dated 05/9/2018)
    ("Thời gian hoàn thành, báo cáo UBND tỉnh trong tháng 10 năm 2018.", date(2018, 9, 5),
     "2018-10-31", None, "trong tháng 10 năm 2018"),
    # seeds/ubnd-caoloc-2023-cv-thidua.txt (dated "ngày   tháng 10 năm 2023": the year is enough)
    ("các xã, thị trấn gửi về UBND huyện (*qua Phòng Nội vụ*) **trước ngày 20/10/2023**.", "2023-10",
     "2023-10-20", None, "trước ngày 20/10/2023"),
    # seeds/ubnd-langson-2019-kh-tdkt.txt (a task-table period heading)
    ("| <b>QUÍ II/2019</b> |   |  |", date(2019, 1, 10), "2019-06-30", None, "QUÍ II/2019"),
    ("Kế hoạch công tác TĐKT của các đơn vị, các Cụm thi đua gửi về Sở Nội vụ (qua Ban TĐKT) trong tháng 01 "
     "năm 2019 để theo dõi, tổng hợp.", date(2019, 1, 10), "2019-01-31", None, "trong tháng 01 năm 2019"),
    # dev/cong_van-2d977d9ad8cd2645.md
    ("đường ĐT.770B của Dự án thành phần 2 thuộc Dự án cao tốc Biên Hòa - Vũng Tàu)\ntrước ngày 30 tháng 11 năm 2025.",
     date(2025, 11, 20), "2025-11-30", None, "trước ngày 30 tháng 11 năm 2025"),
    # dev/cong_van-717159673033f644.md
    ("Xây dựng. Thời gian hoàn thành trong tháng 12 năm 2025.", date(2025, 11, 25), "2025-12-31", None,
     "hoàn thành trong tháng 12 năm 2025"),
    # dev/cong_dien-692e12b0ab77712a.md
    ("tái định cư cho tất cả các gia đình có nhà bị đổ, sập, trôi chậm nhất trước\nngày 31/01/2026", date(2025, 11, 30),
     "2026-01-31", None, "chậm nhất trước ngày 31/01/2026"),
    # dev/ke_hoach-31786b0833a4130d.md (a "Thời gian" column)
    ("Quý IV/2025- Quý II/2026", date(2025, 11, 24), "2026-06-30", None, "Quý IV/2025- Quý II/2026"),
    ("Quý III Năm 2026", date(2025, 11, 24), "2026-09-30", None, "Quý III Năm 2026"),
    ("Thường xuyên", date(2025, 11, 24), None, "continuous", "Thường xuyên"),
    ("Hàng năm", date(2025, 11, 24), None, "yearly", "Hàng năm"),
    ("nghiêm túc triển khai thực hiện; định kỳ trước **ngày 30 tháng 11 hàng\nnăm** báo cáo kết quả thực hiện về "
     "UBND Thành phố", date(2025, 11, 24), "2025-11-30", "yearly", "định kỳ trước ngày 30 tháng 11 hàng năm"),
    # dev/ke_hoach-62f25a030c183151.md
    ("tổng hợp nhu cầu từ cơ sở, báo cáo UBND\ntỉnh **trước 19h00’ hằng ngày **và đột xuất khi cần thiết.",
     date(2025, 11, 21), None, "daily", "trước 19h00’ hằng ngày"),
    ("hóa tại chỗ; **báo cáo 02 lần/ngày (trước 9h00’ và 16h00’)** về tình hình tiếp", date(2025, 11, 21),
     None, "daily", "02 lần/ngày"),
    # dev/quyet_dinh-8bb752497f83eeee.md (dated 22/11/2025, a Saturday: 5 working days → Friday 28/11)
    ("Thời hạn chậm nhất 05 ngày làm việc\nkể từ ngày ban hành Quyết định", date(2025, 11, 22), "2025-11-28", None,
     "chậm nhất 05 ngày làm việc kể từ ngày ban hành Quyết định"),
    # dev/ke_hoach-31fb08f34535fce3.md
    ("Triển khai Tháng hành động (từ ngày 15/11 đến ngày 15/12) và hưởng ứng", date(2025, 11, 18), "2025-12-15",
     None, "từ ngày 15/11 đến ngày 15/12"),
    # dev/quyet_dinh-1a434d0a7e14dc93.md
    ("Sở Nội vụ tổng hợp kết quả tự chấm điểm ... **từ ngày 16 đến ngày 31 tháng 12 hằng năm;**", date(2025, 11, 21),
     "2025-12-31", "yearly", "từ ngày 16 đến ngày 31 tháng 12 hằng năm"),
    # dev/ke_hoach-f069c23c942c1ec6.md
    ("báo cáo kết quả Ủy ban nhân dân tỉnh (qua Công an tỉnh) **trong tháng 11/2025**", date(2025, 11, 20),
     "2025-11-30", None, "trong tháng 11/2025"),
]


@pytest.mark.parametrize("text, doc, due, rec, due_text", CASES)
def test_corpus_phrases(text, doc, due, rec, due_text):
    d = parse_deadline(text, doc)
    assert d is not None
    assert (d.due_date, d.recurrence, d.due_text) == (due, rec, due_text)
    assert text[d.start:d.end].replace("*", "").split() == due_text.split()


@pytest.mark.parametrize("text, doc", [
    # seeds/vp-ubnd-langson-2018-3508-cv.txt: a cited document's date is not a deadline
    ("hướng dẫn triển khai thực hiện Quyết định số 36/2018/QĐ-UBND ngày 19/4/2018 của UBND tỉnh Lạng Sơn",
     date(2018, 9, 5)),
    # dev/cong_van-fcd40850adc894a0.md: a legal condition on the past
    ("tiền thuê đất hằng năm", date(2025, 11, 19)),
    # dev/ke_hoach-ad5aff6c13929815.md: the recurrent budget, not a recurrence
    ("bố trí kinh phí chi thường xuyên", date(2025, 11, 24)),
    # dev/thong_bao-405a6cabda393030.md: a status, not a deadline
    ("đối với các nhiệm vụ được giao trong năm 2025, tiếp tục rà soát kỹ", date(2025, 11, 29)),
    # dev/khac-c257b50e82ec95ef.md: "định kỳ theo quy định" is not "theo quý"
    ("Khóa bảo mật dữ liệu viễn thám được thay định kỳ theo quy định.", date(2025, 11, 28)),
])
def test_corpus_non_deadlines(text, doc):
    assert parse_deadline(text, doc) is None


def test_every_corpus_file_runs_and_spans_are_exact():
    # corpus/*.txt are byte-for-byte copies of the real files: no crash, spans index the original
    # text, due dates are ISO
    import re
    from pathlib import Path
    files = sorted((Path(__file__).resolve().parents[1] / "corpus").glob("*.txt"))
    assert files
    for path in files:
        text = open(path, encoding="utf-8").read()
        for d in find_deadlines(text, date(2025, 11, 20)):
            assert 0 <= d.start < d.end <= len(text)
            assert re.sub(r"[*|#`\\\s]", "", text[d.start:d.end]) == re.sub(r"\s", "", d.due_text)
            assert d.due_date is None or re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", d.due_date)


def test_anchor_windows_find_exactly_what_a_full_scan_finds(monkeypatch):
    # the speed-up (patterns tried only near their anchor) must not change any result
    from pathlib import Path

    import app.extraction.deadlines as dl
    files = sorted((Path(__file__).resolve().parents[1] / "corpus").glob("*.txt"))

    def run():
        return [[(d.start, d.end, d.due_date, d.recurrence, d.kind)
                 for d in find_deadlines(p.read_text(encoding="utf-8"), date(2025, 11, 20), include_weak=True)]
                for p in files]

    windowed = run()
    monkeypatch.setattr(dl, "_windows", lambda text, anchor, reach: [(0, len(text))])
    assert run() == windowed
    assert sum(map(len, windowed)) > 50


def test_a_time_cell_inside_a_whole_table_row():
    # dev/ke_hoach-31786b0833a4130d.md: a task-table row with its "Thời gian" cell
    row = ("| 3 | Khảo sát, đánh giá thực trạng hạ tầng viễn thông, nhu cầu chuyển đổi số doanh nghiệp | Ban Quản lý "
           "các khu công nghệ cao và khu công nghiệp | Sở Khoa học và Công nghệ | Quý IV/2025- Quý II/2026 |")
    d = parse_deadline(row, date(2025, 11, 24))
    assert (d.due_date, d.due_text) == ("2026-06-30", "Quý IV/2025- Quý II/2026")
    # the same period inside running text is only a description
    assert parse_deadline("đánh giá thực trạng Quý IV/2025 của các doanh nghiệp viễn thông trên địa bàn",
                          date(2025, 11, 24)) is None
