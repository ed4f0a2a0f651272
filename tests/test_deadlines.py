"""Vietnamese deadline idioms → ISO due dates (app/extraction/deadlines.py)."""
from datetime import date

import pytest

from app.extraction.deadlines import find_deadlines, parse_date, parse_deadline

DOC = date(2025, 11, 20)   # a Thursday


def due(text, doc=DOC):
    d = parse_deadline(text, doc)
    return None if d is None else d.due_date


@pytest.mark.parametrize("text, expected", [
    ("gửi báo cáo trước ngày 20/10/2023.", "2023-10-20"),
    ("hoàn thành trước ngày 05 tháng 12 năm 2025", "2025-12-05"),
    ("gửi Sở Nội vụ trước 15 giờ ngày 25/11", "2025-11-25"),
    ("gửi Sở Nội vụ trước 16h00, thứ Sáu, ngày 28/11/2025", "2025-11-28"),
    ("báo cáo chậm nhất ngày 10 tháng 12 năm 2025", "2025-12-10"),
    ("báo cáo chậm nhất là ngày 5-12-2025", "2025-12-05"),
    ("hạn chót: 15.12.2025", "2025-12-15"),
    ("phải xong trước 30/11", "2025-11-30"),
    ("Đến 12h00 ngày 26/11/2025, báo cáo UBND tỉnh", "2025-11-26"),
    ("Thời gian hoàn thành: ngày 30/12/2025.", "2025-12-30"),
    ("trong tháng 10 năm 2018", "2018-10-31"),
    ("hoàn thành trong tháng 02/2024", "2024-02-29"),
    ("Tháng 01/2019", "2019-01-31"),
    ("cuối tháng 11/2025", "2025-11-30"),
    ("Quý I/2019", "2019-03-31"),
    ("hoàn thành trong quý IV năm 2023", "2023-12-31"),
    ("trong Quí 2 năm 2026", "2026-06-30"),
    ("Quý IV/2025 - Quý II/2026", "2026-06-30"),
    ("Báo cáo kết quả trong 6 tháng đầu năm 2019", "2019-06-30"),
    ("trong 6 tháng cuối năm 2025", "2025-12-31"),
    ("trong năm 2025", "2025-12-31"),
    ("Năm 2026", "2026-12-31"),
    ("đến hết năm 2026", "2026-12-31"),
    ("trong 05 ngày làm việc kể từ ngày ký", "2025-11-27"),
    ("trong 10 ngày", "2025-11-30"),
    ("trong thời hạn 02 tháng kể từ ngày ban hành", "2026-01-20"),
    ("trước ngày   tháng 12 năm 2025", "2025-12"),
])
def test_idioms(text, expected):
    # documents are dated in the deadline's year (a date years before the document is a condition)
    doc = DOC if expected[:4] in ("2025", "2026") else date(int(expected[:4]), 1, 2)
    assert due(text, doc) == expected


def test_date_without_year_rolls_to_next_year_when_before_the_document():
    assert due("báo cáo trước ngày 15/01", date(2025, 12, 20)) == "2026-01-15"
    assert due("trong tháng 10", date(2025, 11, 20)) == "2026-10-31"
    assert due("trong quý II", date(2025, 3, 1)) == "2025-06-30"


def test_no_year_and_no_document_date_gives_no_date():
    d = parse_deadline("báo cáo trước ngày 25/11", None)
    assert d is not None and d.due_date is None and d.due_text == "trước ngày 25/11"


def test_working_days_skip_tet():
    # Signed Friday 24/01/2025: Tết Ất Tỵ runs 25/01-02/02, so 3 working days end on 5/02.
    assert due("trong 03 ngày làm việc kể từ ngày ký", date(2025, 1, 24)) == "2025-02-05"


def test_working_days_skip_vietnamese_culture_day():
    # Signed Friday 20/11/2026: 23, (24/11 Ngày Văn hóa Việt Nam off), 25, 26, 27, 30 November.
    assert due("trong 05 ngày làm việc kể từ ngày ký", date(2026, 11, 20)) == "2026-11-30"
    # a year earlier 24/11 was a working day: Friday 21/11/2025 + 5 = Friday 28/11/2025
    assert due("trong 05 ngày làm việc kể từ ngày ký", date(2025, 11, 21)) == "2025-11-28"


def test_received_basis_uses_document_date_and_says_so():
    d = parse_deadline("trong 05 ngày làm việc kể từ ngày nhận được văn bản này", DOC)
    assert d.due_date == "2025-11-27" and d.basis == "receipt" and d.note


def test_relative_from_a_dossier_is_undated():
    d = parse_deadline("Trong thời hạn 10 ngày, kể từ ngày nhận được hồ sơ hợp lệ", DOC)
    assert d.due_date is None and d.basis == "other" and d.kind == "days"


@pytest.mark.parametrize("text, rec", [
    ("gửi báo cáo trước ngày 15 hằng tháng", "monthly"),
    ("định kỳ hằng quý báo cáo UBND tỉnh", "quarterly"),
    ("Định kỳ 6 tháng, báo cáo kết quả", "half_yearly"),
    ("báo cáo UBND tỉnh trước 16 giờ hằng ngày", "daily"),
    ("họp giao ban vào sáng thứ Hai hằng tuần", "weekly"),
    ("Thường xuyên kiểm tra, đôn đốc", "continuous"),
    ("Hằng năm, tổ chức sơ kết", "yearly"),
])
def test_recurrence(text, rec):
    d = parse_deadline(text, DOC)
    assert d.recurrence == rec
    assert d.due_date is None


def test_yearly_recurrence_with_a_day_of_the_year_is_due_on_its_next_occurrence():
    # dev/ke_hoach-ad5aff6c13929815.md: "Định kǶ gửi báo cáo ... trước ngày 15/11 hằng năm" (OCR "kǶ")
    d = parse_deadline("Định kǶ gửi báo cáo kết quả thực hiện trước ngày 15/11 hằng năm", DOC)
    assert (d.recurrence, d.due_date) == ("yearly", "2026-11-15")
    d = parse_deadline("gửi báo cáo về Sở Nội vụ từ ngày 16 đến ngày 31 tháng 12 hằng năm", DOC)
    assert (d.recurrence, d.due_date, d.due_text) == ("yearly", "2025-12-31", "từ ngày 16 đến ngày 31 tháng 12 hằng năm")


def test_recurrence_with_explicit_first_date_keeps_the_date():
    d = parse_deadline("Định kỳ hằng tháng báo cáo; báo cáo đầu tiên trước ngày 20/12/2025", DOC)
    assert d.recurrence == "monthly" and d.due_date == "2025-12-20"


@pytest.mark.parametrize("text", [
    "kinh phí chi thường xuyên của đơn vị",
    "Chiến lược đến năm 2030 của ngân hàng năm nay",
    "thực hiện Quyết định số 36/2018/QĐ-UBND ngày 19/4/2018 của UBND tỉnh",
    "Quy định này có hiệu lực từ ngày 01/7/2025",
    "đối với văn bản ban hành trước ngày 01/7/2025",
    "được thay định kỳ theo quy định",
    "Trong 10 tháng năm 2025, tăng trưởng đạt 8%",
])
def test_not_deadlines(text):
    assert parse_deadline(text, DOC) is None


def test_noun_recurrence_is_weak_and_not_chosen():
    # seeds/vp-ubnd-langson-2018-3508-cv.txt c): "hàng năm" qualifies the reports, no recurrence in gold
    text = ("Các nội dung này, đề nghị các đơn vị tổng hợp, báo cáo cụ thể trong các báo cáo sơ kết, "
            "tổng kết công tác thi đua, khen thưởng hàng năm.")
    found = find_deadlines(text, date(2018, 9, 5), include_weak=True)
    assert [d.strong for d in found] == [False]
    assert find_deadlines(text, date(2018, 9, 5)) == []
    assert parse_deadline(text, date(2018, 9, 5)) is None


def test_spans_point_into_the_original_text_despite_markdown():
    text = "gửi Văn phòng Chính phủ** trước ngày 03/12/2025** để tổng hợp"
    d = parse_deadline(text, DOC)
    assert text[d.start:d.end] == "trước ngày 03/12/2025"
    text = "ngày 25 tháng 1**1** năm 2025"
    assert parse_date(text) == "2025-11-25"


def test_diacritics_lost_or_varied():
    assert due("hoan thanh truoc ngay 20/12/2025") == "2025-12-20"
    assert due("trong Qui III/2026") == "2026-09-30"


def test_first_triggered_deadline_wins_over_bare_period():
    text = "Tổ chức hội nghị tổng kết năm 2025, báo cáo UBND tỉnh trước ngày 15/12/2025"
    assert due(text) == "2025-12-15"


def test_find_deadlines_in_order_with_spans():
    text = "Sở Tài chính hoàn thành trước ngày 30/11/2025; báo cáo kết quả trong tháng 12/2025."
    found = find_deadlines(text, DOC)
    assert [d.due_date for d in found] == ["2025-11-30", "2025-12-31"]
    assert [text[d.start:d.end] for d in found] == ["hoàn thành trước ngày 30/11/2025", "trong tháng 12/2025"]


def test_parse_date_for_metadata():
    assert parse_date("Lạng Sơn, ngày 05 tháng 9 năm 2018") == "2018-09-05"
    assert parse_date("Cao Lộc, ngày    tháng 10 năm 2023") == "2023-10"
    assert parse_date("Hà Nội, 5-9-2018") == "2018-09-05"
    assert parse_date("không có ngày") is None


def test_before_tet_is_the_last_day_of_the_lunar_year():
    # Tết Bính Ngọ: mùng 1 is 17/02/2026, so "trước Tết" is due 16/02/2026
    assert due("hoàn thành trước Tết Nguyên đán Bính Ngọ năm 2026") == "2026-02-16"
    assert due("xong trước Tết") == "2026-02-16"
    assert due("xong trước Tết", date(2026, 3, 1)) == "2027-02-05"     # the next Tết after the document
    assert parse_deadline("trước Tết Dương lịch", DOC) is None


def test_year_range_only_as_a_period_cell():
    assert due("Giai đoạn 2026 - 2030") == "2030-12-31"
    assert parse_deadline("thực hiện Kế hoạch giai đoạn 2021-2025 của tỉnh", DOC) is None


# --- properties ---------------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31))


@settings(max_examples=150, deadline=None)
@given(_dates, st.sampled_from(["trước ngày {d}/{m}/{y}", "chậm nhất ngày {d} tháng {m} năm {y}",
                                 "hạn chót: {d}-{m}-{y}", "Thời gian hoàn thành: {d}.{m}.{y}",
                                 "trước 16 giờ ngày {d:02d}/{m:02d}/{y}"]))
def test_written_dates_round_trip(d, form):
    text = "Các đơn vị báo cáo kết quả " + form.format(d=d.day, m=d.month, y=d.year) + " để tổng hợp."
    got = parse_deadline(text, date(2000, 1, 1))
    assert got is not None and got.due_date == d.isoformat()
    assert text[got.start:got.end] == got.due_text


@settings(max_examples=80, deadline=None)
@given(st.integers(2000, 2035), st.integers(1, 4), st.sampled_from(["I", "II", "III", "IV"]))
def test_quarters_end_on_their_last_day(year, q, _):
    roman = ["I", "II", "III", "IV"][q - 1]
    last = {1: "03-31", 2: "06-30", 3: "09-30", 4: "12-31"}[q]
    for text in (f"hoàn thành trong Quý {roman}/{year}", f"trong quý {q} năm {year}", f"Quí {roman} năm {year}"):
        assert due(text, date(2000, 1, 1)) == f"{year}-{last}"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789/.-: ,;*|\nngàytháng năm quý IVX trước hằng tuần lần")),
               max_size=120))
def test_arbitrary_text_never_crashes_and_spans_stay_inside(text):
    for d in find_deadlines(text, date(2025, 11, 20), include_weak=True):
        assert 0 <= d.start <= d.end <= len(text)
        assert d.due_date is None or len(d.due_date) in (7, 10)


def test_same_day_is_the_document_date_noted_as_receipt():
    d = parse_deadline("Các xã báo cáo kết quả ngay trong ngày.", DOC)
    assert (d.due_date, d.basis, d.num) == ("2025-11-20", "receipt", 0) and d.note
    assert parse_deadline("hoàn thành trong ngày làm việc", DOC) is None


def test_past_dates_are_conditions_and_future_ones_preferred():
    # dev/cong_van-fcd40850adc894a0.md: "được bàn giao đất trên thực tế trước ngày 01 tháng 01 năm 2005"
    assert parse_deadline("được bàn giao đất trên thực tế trước ngày 01 tháng 01 năm 2005 thì", DOC) is None
    assert find_deadlines("được bàn giao đất trên thực tế trước ngày 01 tháng 01 năm 2005 thì", DOC) == []
    text = "Yêu cầu hoàn thành trước ngày 30/10/2025 nhưng chưa xong; nay hoàn thành trước ngày 06/12/2025."
    assert due(text, date(2025, 11, 28)) == "2025-12-06"


@pytest.mark.parametrize("text, doc, expected", [
    ("hoàn thành trong tuần này", date(2025, 11, 20), "2025-11-21"),      # Thursday → Friday
    ("báo cáo trong tuần tới", date(2025, 11, 20), "2025-11-28"),
    ("trong tháng này", date(2025, 11, 20), "2025-11-30"),
    ("trong tháng tới", date(2025, 12, 5), "2026-01-31"),
    ("trong quý tới", date(2025, 12, 5), "2026-03-31"),
    ("trong năm nay", date(2025, 11, 20), "2025-12-31"),
])
def test_periods_relative_to_the_document(text, doc, expected):
    assert due(text, doc) == expected


def test_every_n_months():
    assert parse_deadline("định kỳ 03 tháng báo cáo một lần", DOC).recurrence == "quarterly"
    assert parse_deadline("định kỳ 5 tháng", DOC) is None


def test_relative_from_a_stated_date():
    d = parse_deadline("hoàn thành trong 10 ngày làm việc kể từ ngày 01/12/2025", DOC)
    assert (d.due_date, d.basis) == ("2025-12-15", "date")
    assert due("trong 30 ngày kể từ ngày 05 tháng 12 năm 2025") == "2026-01-04"


def test_until_a_date_is_a_deadline_but_as_of_a_date_is_not():
    assert due("Kế hoạch thực hiện đến ngày 31/12/2025.") == "2025-12-31"
    assert parse_deadline("Tính đến ngày 20/11/2025, toàn tỉnh có 120 xã đạt chuẩn.", DOC) is None


def test_period_followed_by_a_recurrence_word_is_one_recurring_deadline():
    d = parse_deadline("Các đơn vị báo cáo trong quý I hằng năm.", DOC)
    assert (d.due_date, d.recurrence, d.due_text) == ("2026-03-31", "yearly", "trong quý I hằng năm")


def test_receipt_basis_uses_the_received_date_when_known():
    text = "báo cáo trong 03 ngày làm việc kể từ ngày nhận được công văn này"
    assert due(text) == "2025-11-25"                                  # from the document date (Thu 20/11)
    d = parse_deadline(text, DOC, received=date(2025, 11, 24))        # stamped "ĐẾN" on Monday 24/11
    assert (d.due_date, d.basis) == ("2025-11-27", "receipt")


def test_joined_periods_are_due_at_the_end_of_the_last():
    assert due("Quý IV/2025 và Quý I/2026") == "2026-03-31"
    assert due("trong tháng 11 và tháng 12/2025") == "2025-12-31"
    # two stated days stay two deadlines: the first is chosen
    assert due("hoàn thành trước ngày 05/12/2025 và báo cáo trước ngày 10/12/2025") == "2025-12-05"


def test_from_now_until_is_a_deadline_only_at_a_clause_start():
    # dev/thong_bao-826ed569ec2ddaa1.md: the period a scenario covers, not a deadline
    assert parse_deadline("Xây dựng kịch bản thúc đẩy tăng trưởng từ nay đến hết năm 2025; giao nhiệm vụ", DOC) is None
    assert due("Từ nay đến hết năm 2025, các đơn vị phải hoàn thành việc sắp xếp.") == "2025-12-31"


def test_day_month_date_ending_a_sentence():
    """'trước ngày 20/3.' — the sentence's full stop is not part of a dotted date."""
    from datetime import date as _d

    found = find_deadlines("Các đơn vị báo cáo trước ngày 20/3.", _d(2025, 11, 22))
    assert [(f.due_date, f.due_text) for f in found] == [("2026-03-20", "trước ngày 20/3")]
