"""Our working-day calendar against python-holidays (`holidays.VN`), day by day.

Our data (app/extraction/data/holidays.json) stays the product's source: offline, with our
Vietnamese names and the civil-service arrangements. python-holidays cites the official
announcements for its substituted days, so it is the reference we check against. Every day on
which the two disagree is listed below with the reason we keep ours; a python-holidays release
that learns a new announcement (e.g. the 2027 Tết schedule) fails here naming the day, and our
table gets the new `official` entry.
"""
from datetime import date, timedelta

import holidays as pyholidays

from app.extraction import calendar as cal

FIRST, LAST = date(2014, 1, 1), date(2030, 12, 31)   # the years of our lunar table

_UNSOURCED_2014_2015 = ("python-holidays lists this 2014-2015 swap without citing a document; our "
                        "official table starts in 2017 (no open deadlines are that old)")

# day -> (our is_working_day, why ours is kept)
EXPECTED_DIFFERENCES: dict[date, tuple[bool, str]] = {
    date(2014, 4, 26): (False, _UNSOURCED_2014_2015),
    date(2014, 5, 2): (True, _UNSOURCED_2014_2015),
    date(2014, 9, 1): (True, _UNSOURCED_2014_2015),
    date(2014, 9, 6): (False, _UNSOURCED_2014_2015),
    date(2014, 12, 27): (False, _UNSOURCED_2014_2015),
    date(2015, 1, 2): (True, _UNSOURCED_2014_2015),
    date(2015, 2, 14): (False, _UNSOURCED_2014_2015),
    date(2015, 2, 16): (True, _UNSOURCED_2014_2015),
    date(2015, 4, 25): (False, _UNSOURCED_2014_2015),
    date(2015, 4, 29): (True, _UNSOURCED_2014_2015),
}


def _reference():
    years = range(FIRST.year, LAST.year + 1)
    return pyholidays.VN(years=years, categories=pyholidays.VN.supported_categories, language="vi")


def _differences() -> dict[date, tuple[bool, bool]]:
    ref = _reference()
    out = {}
    d = FIRST
    while d <= LAST:
        ours, theirs = cal.is_working_day(d), ref.is_working_day(d)
        if ours != theirs:
            out[d] = (ours, theirs)
        d += timedelta(days=1)
    return out


def _side(working: bool, name: str | None) -> str:
    return "working day" if working else f"day off ({name or 'weekend'})"


def _describe(d: date, ours: bool, ref) -> str:
    return (f"{d:%d/%m/%Y} {d:%a}: ours {_side(ours, cal.holidays(d.year).get(d))}, "
            f"python-holidays {_side(not ours, ref.get(d))}")


def test_every_difference_from_python_holidays_is_listed_with_a_reason():
    ref = _reference()
    found = _differences()
    unexplained = [_describe(d, ours, ref) for d, (ours, _) in sorted(found.items())
                   if d not in EXPECTED_DIFFERENCES or EXPECTED_DIFFERENCES[d][0] != ours]
    gone = [f"{d:%d/%m/%Y}" for d in sorted(EXPECTED_DIFFERENCES) if d not in found]
    assert not unexplained, "days where we disagree with python-holidays:\n" + "\n".join(unexplained)
    assert not gone, f"listed differences that no longer differ (remove them): {gone}"
    assert all(reason for _, reason in EXPECTED_DIFFERENCES.values())


def test_the_comparison_covers_all_of_python_holidays_categories_and_the_2026_changes():
    ref = _reference()
    assert set(ref.categories) == set(pyholidays.VN.supported_categories)
    # the days this comparison corrected in our table, so it demonstrably looks at them
    assert ref.get(date(2026, 11, 24)) == cal.holidays(2026)[date(2026, 11, 24)] == "Ngày Văn hóa Việt Nam"
    for d in (date(2018, 12, 31), date(2019, 4, 29), date(2026, 8, 31)):
        assert not ref.is_working_day(d) and not cal.is_working_day(d)
    for saturday in (date(2019, 1, 5), date(2019, 5, 4), date(2026, 8, 22)):
        assert ref.is_working_day(saturday) and cal.is_working_day(saturday)
