"""Working days and Vietnamese public holidays (app/extraction/calendar.py, data/holidays.json)."""
import json
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from app.extraction import calendar as cal

DATA = json.loads((Path(cal.__file__).with_name("data") / "holidays.json").read_text(encoding="utf-8"))

# Mùng 1 Tết as published (Vietnamese lunar calendar, UTC+7).
KNOWN_TET = {
    2014: date(2014, 1, 31), 2015: date(2015, 2, 19), 2016: date(2016, 2, 8), 2017: date(2017, 1, 28),
    2018: date(2018, 2, 16), 2019: date(2019, 2, 5), 2020: date(2020, 1, 25), 2021: date(2021, 2, 12),
    2022: date(2022, 2, 1), 2023: date(2023, 1, 22), 2024: date(2024, 2, 10), 2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
}
# Giỗ Tổ Hùng Vương (10/3 âm lịch) as published.
KNOWN_HUNG = {2019: date(2019, 4, 14), 2022: date(2022, 4, 10), 2023: date(2023, 4, 29),
              2024: date(2024, 4, 18), 2025: date(2025, 4, 7), 2026: date(2026, 4, 26)}


def test_lunar_new_year_matches_published_dates():
    for year, tet in KNOWN_TET.items():
        assert cal.lunar_to_solar(1, 1, year) == tet
        assert cal.lunar_new_year(year) == tet


def test_hung_kings_day_matches_published_dates():
    for year, d in KNOWN_HUNG.items():
        assert cal.lunar_to_solar(10, 3, year) == d
        assert cal.hung_kings_day(year) == d


def test_data_table_agrees_with_the_lunar_algorithm_2014_2030():
    for y in range(2014, 2031):
        assert DATA["lunar_new_year"][str(y)] == cal.lunar_to_solar(1, 1, y).isoformat()
        assert DATA["hung_kings_day"][str(y)] == cal.lunar_to_solar(10, 3, y).isoformat()


def test_leap_month_year():
    # 2023 had a leap 2nd month (tháng 2 nhuận): 10/3 falls on 29/4, not a month earlier.
    assert cal.lunar_to_solar(10, 3, 2023) == date(2023, 4, 29)
    assert cal.lunar_to_solar(1, 2, 2023, leap=True) == date(2023, 3, 22)


def test_fixed_holidays_and_national_day_extra():
    h = cal.holidays(2025)
    for d in (date(2025, 1, 1), date(2025, 4, 30), date(2025, 5, 1), date(2025, 9, 2), date(2025, 9, 1)):
        assert d in h
    assert not cal.is_working_day(date(2024, 9, 3))     # 2/9/2024 Monday + Tuesday 3/9
    assert cal.is_working_day(date(2020, 9, 3))         # before 2021 only 2/9 itself
    assert not cal.is_working_day(date(2020, 9, 2))


def test_official_tet_2025_has_no_make_up_saturday():
    # Thông báo 6150/TB-BLĐTBXH: 25/01-02/02/2025, the Saturday mùng 4 compensated on Monday 27/01
    for d in range(27, 32):
        assert not cal.is_working_day(date(2025, 1, d))
    assert cal.is_working_day(date(2025, 2, 3))
    assert not cal.is_working_day(date(2025, 2, 15))     # once typed here as a make-up Saturday
    assert cal.is_working_day(date(2025, 4, 26))         # the Saturday worked for Friday 2/5
    assert not cal.is_working_day(date(2025, 5, 2))


def test_swaps_of_2018_2019_and_2026():
    # Công văn 6519/VPCP-KGVX (2018); Quốc khánh 2026: Monday 31/8 off, Saturday 22/8 worked
    for off, saturday in ((date(2018, 12, 31), date(2019, 1, 5)), (date(2019, 4, 29), date(2019, 5, 4)),
                          (date(2026, 8, 31), date(2026, 8, 22))):
        assert not cal.is_working_day(off) and cal.holidays(off.year)[off] == "Nghỉ hoán đổi"
        assert cal.is_working_day(saturday)
    assert [d.day for d in cal.holidays(2026) if d.month in (8, 9)] == [31, 1, 2]


def test_vietnamese_culture_day_from_2026():
    # Nghị quyết 80-NQ/TW: 24/11 is Ngày Văn hóa Việt Nam, a day off from 2026
    assert cal.is_working_day(date(2025, 11, 24))                 # Monday, before the resolution
    assert cal.holidays(2026)[date(2026, 11, 24)] == "Ngày Văn hóa Việt Nam"
    assert not cal.is_working_day(date(2026, 11, 24))             # Tuesday
    assert not cal.is_working_day(date(2027, 11, 24))             # Wednesday
    # on a weekend it is compensated on the next working day, like the Labour Code holidays
    assert cal.holidays(2029)[date(2029, 11, 26)] == "Nghỉ bù Ngày Văn hóa Việt Nam"   # 24/11 Saturday
    assert cal.is_working_day(date(2029, 11, 23))
    assert not cal.is_working_day(date(2030, 11, 25))             # 24/11/2030 Sunday
    assert cal.is_working_day(date(2030, 11, 26))


def test_weekend_holiday_is_compensated_by_rule():
    # 1/1/2023 was a Sunday: Monday 2/1 off. 30/4 and 1/5/2027 fall Fri/Sat: Monday 3/5 off.
    assert not cal.is_working_day(date(2023, 1, 2))
    assert not cal.is_working_day(date(2027, 5, 3))
    assert cal.is_working_day(date(2027, 5, 4))


def test_tet_rule_for_a_year_without_official_data():
    tet = cal.lunar_new_year(2028)                    # Wednesday 26/1/2028
    off = [tet + timedelta(days=i) for i in range(-1, 4)]
    assert all(not cal.is_working_day(d) for d in off)
    assert cal.is_working_day(tet + timedelta(days=6))
    # mùng 4 on Saturday 29/1 is made up before Tết (Monday 24/1), as in 2025, not after
    assert not cal.is_working_day(date(2028, 1, 24))
    assert cal.is_working_day(date(2028, 1, 31))


def test_tet_rule_moves_a_saturday_before_and_a_sunday_after():
    # 2027: mùng 1 Saturday 6/2, mùng 2 Sunday 7/2 -> Thursday 4/2 to Wednesday 10/2, like 2020 and 2017
    off = [d for d in cal.holidays(2027) if d.month == 2]
    assert off == [date(2027, 2, d) for d in range(4, 11)]
    assert cal.is_working_day(date(2027, 2, 11))


def test_tet_rule_reproduces_every_announced_tet():
    # the weekdays off around Tết by rule alone equal the announced ones of every official year
    for year, entry in DATA["official"].items():
        y = int(year)
        announced = {d for d in cal._expand(entry["tet"]) if d.weekday() < 5}
        lny = cal.lunar_new_year(y)
        by_rule = {d for d, name in cal.holidays_by_rule(y).items()
                   if "Tết Nguyên đán" in name and d.weekday() < 5 and abs((d - lny).days) < 15}
        assert by_rule == announced, year


def test_add_working_days_examples():
    # Signed Friday 24/1/2025, 1 working day: Tết runs to 2/2, so Monday 3/2.
    assert cal.add_working_days(date(2025, 1, 24), 1) == date(2025, 2, 3)
    # Signed Wednesday 5/9/2018, 5 working days: 6, 7, 10, 11, 12 September.
    assert cal.add_working_days(date(2018, 9, 5), 5) == date(2018, 9, 12)
    assert cal.add_working_days(date(2025, 11, 21), 0) == date(2025, 11, 21)


dates = st.dates(min_value=date(2014, 1, 1), max_value=date(2030, 12, 31))


@settings(max_examples=200, deadline=None)
@given(dates, st.integers(min_value=1, max_value=40))
def test_working_days_never_land_on_a_day_off(start, n):
    due = cal.add_working_days(start, n)
    assert cal.is_working_day(due)
    assert due > start
    # exactly n working days in (start, due]
    count = sum(cal.is_working_day(start + timedelta(days=i)) for i in range(1, (due - start).days + 1))
    assert count == n


@settings(max_examples=200, deadline=None)
@given(dates, st.integers(min_value=0, max_value=30), st.integers(min_value=0, max_value=30))
def test_add_working_days_is_monotone(start, a, b):
    lo, hi = sorted((a, b))
    assert cal.add_working_days(start, lo) <= cal.add_working_days(start, hi)


@settings(max_examples=100, deadline=None)
@given(dates)
def test_weekends_are_never_working_days_except_make_up_saturdays(d):
    make_up = {date.fromisoformat(x) for y in DATA["official"].values() for x in y.get("working_days", [])}
    if d.weekday() >= 5 and d not in make_up:
        assert not cal.is_working_day(d)


def test_lunar_new_year_always_falls_between_21_january_and_20_february():
    # a property of the Vietnamese calendar (the new moon nearest the start of spring)
    for y in range(1990, 2101):
        tet = cal.lunar_new_year(y)
        assert date(y, 1, 21) <= tet <= date(y, 2, 20), (y, tet)
        assert cal.holidays(y)        # computes for years without data too


def test_vietnam_and_china_differ_in_1985_as_published():
    # the UTC+7 calendar put Tết Ất Sửu on 21/01/1985, a month before China's (UTC+8) 20/02/1985
    assert cal.lunar_to_solar(1, 1, 1985) == date(1985, 1, 21)
    assert cal.lunar_to_solar(1, 1, 1985, tz=8.0) == date(1985, 2, 20)


def test_official_tet_ranges_contain_new_year_and_about_five_working_days_off():
    for year, entry in DATA["official"].items():
        days = sorted(cal._expand(entry["tet"]))
        assert cal.lunar_new_year(int(year)) in days
        assert (days[-1] - days[0]).days == len(days) - 1          # one unbroken stretch
        weekdays = [d for d in days if d.weekday() < 5]
        # the Labour Code's 5 days; a swap or a Tết day on a Saturday moves it by one
        assert 4 <= len(weekdays) <= 6, year
        assert not any(cal.is_working_day(d) for d in days)
