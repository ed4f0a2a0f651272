"""Vietnamese working-day calendar: weekends, public holidays (Tết included), working days.

Deadlines such as "trong 05 ngày làm việc kể từ ngày ký" are counted in working days of the
civil service: Monday to Friday, minus the public holidays of the Labour Code (Bộ luật Lao động
2019, Điều 112; 2012, Điều 115 before 2021) and the make-up arrangements the Government
announces each year. The facts live in `data/holidays.json`:

- fixed solar holidays (01-01, 30-04, 01-05, 02-09, since 2021 one day next to 02-09, since
  2026 Ngày Văn hóa Việt Nam 24-11),
- lunar holidays (Tết Nguyên đán, Giỗ Tổ Hùng Vương 10/3 âm lịch) with their solar dates per
  year, checked against `lunar_to_solar` (the Vietnamese lunar calendar, UTC+7),
- per-year official decisions (days off and make-up Saturdays) where known; other years follow
  the law's rule (Tết = the last day of the lunar year + mùng 1-4; a holiday falling on a
  weekend is compensated on the next working day, a Tết day on a Saturday on the working day
  before Tết as every announcement has done), checked against python-holidays in
  tests/test_calendar_reference.py.

Public API:
    is_working_day(d) -> bool
    add_working_days(start, n) -> date      the n-th working day after `start` (n >= 0)
    holidays(year) -> dict[date, str]       every day off (other than plain weekends) of a year
    holidays_by_rule(year) -> dict          the same by the rule alone (no official entry)
    lunar_to_solar(day, month, year, leap=False) -> date
"""
from __future__ import annotations

import json
import math
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).with_name("data") / "holidays.json"


# --- Vietnamese lunar calendar (astronomical algorithm after Hồ Ngọc Đức, time zone UTC+7) ---

def _jd(d: int, m: int, y: int) -> int:
    a = (14 - m) // 12
    y2 = y + 4800 - a
    m2 = m + 12 * a - 3
    return d + (153 * m2 + 2) // 5 + 365 * y2 + y2 // 4 - y2 // 100 + y2 // 400 - 32045


def _jd_to_date(jd: int) -> date:
    return date.fromordinal(jd - 1721425)


def _new_moon(k: int) -> float:
    t = k / 1236.85
    t2, t3 = t * t, t * t * t
    dr = math.pi / 180
    jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd1 += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
    m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
    mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
    f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3
    c1 = (0.1734 - 0.000393 * t) * math.sin(m * dr) + 0.0021 * math.sin(2 * dr * m)
    c1 = c1 - 0.4068 * math.sin(mpr * dr) + 0.0161 * math.sin(dr * 2 * mpr)
    c1 = c1 - 0.0004 * math.sin(dr * 3 * mpr)
    c1 = c1 + 0.0104 * math.sin(dr * 2 * f) - 0.0051 * math.sin(dr * (m + mpr))
    c1 = c1 - 0.0074 * math.sin(dr * (m - mpr)) + 0.0004 * math.sin(dr * (2 * f + m))
    c1 = c1 - 0.0004 * math.sin(dr * (2 * f - m)) - 0.0006 * math.sin(dr * (2 * f + mpr))
    c1 = c1 + 0.0010 * math.sin(dr * (2 * f - mpr)) + 0.0005 * math.sin(dr * (2 * mpr + m))
    if t < -11:
        deltat = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        deltat = -0.000278 + 0.000265 * t + 0.000262 * t2
    return jd1 + c1 - deltat


def _sun_longitude(jdn: float) -> float:
    t = (jdn - 2451545.0) / 36525
    t2 = t * t
    dr = math.pi / 180
    m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(dr * m)
    dl += (0.019993 - 0.000101 * t) * math.sin(dr * 2 * m) + 0.000290 * math.sin(dr * 3 * m)
    lon = (l0 + dl) * dr
    return lon - math.pi * 2 * math.floor(lon / (math.pi * 2))


def _new_moon_day(k: int, tz: float) -> int:
    return math.floor(_new_moon(k) + 0.5 + tz / 24)


def _sun_sector(day: int, tz: float) -> int:
    return math.floor(_sun_longitude(day - 0.5 - tz / 24) / math.pi * 6)


def _lunar_month11(year: int, tz: float) -> int:
    off = _jd(31, 12, year) - 2415021
    k = math.floor(off / 29.530588853)
    nm = _new_moon_day(k, tz)
    if _sun_sector(nm, tz) >= 9:
        nm = _new_moon_day(k - 1, tz)
    return nm


def _leap_month_offset(a11: int, tz: float) -> int:
    k = math.floor((a11 - 2415021.076998695) / 29.530588853 + 0.5)
    i = 1
    arc = _sun_sector(_new_moon_day(k + i, tz), tz)
    while True:
        last = arc
        i += 1
        arc = _sun_sector(_new_moon_day(k + i, tz), tz)
        if arc == last or i >= 14:
            break
    return i - 1


def lunar_to_solar(day: int, month: int, year: int, leap: bool = False, tz: float = 7.0) -> date:
    """Solar date of a Vietnamese lunar date (e.g. Tết = 1/1, Giỗ Tổ = 10/3)."""
    if month < 11:
        a11, b11 = _lunar_month11(year - 1, tz), _lunar_month11(year, tz)
    else:
        a11, b11 = _lunar_month11(year, tz), _lunar_month11(year + 1, tz)
    k = math.floor(0.5 + (a11 - 2415021.076998695) / 29.530588853)
    off = month - 11
    if off < 0:
        off += 12
    if b11 - a11 > 365:
        leap_off = _leap_month_offset(a11, tz)
        leap_month = leap_off - 2
        if leap_month < 0:
            leap_month += 12
        if leap and month != leap_month:
            raise ValueError(f"{year} has no leap month {month}")
        if leap or off >= leap_off:
            off += 1
    return _jd_to_date(_new_moon_day(k + off, tz) + day - 1)


# --- holidays ---------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _data() -> dict:
    with open(_DATA, encoding="utf-8") as fh:
        return json.load(fh)


def _iso(s: str) -> date:
    return date.fromisoformat(s)


def _expand(ranges: list) -> list[date]:
    """Items are "YYYY-MM-DD" or ["from", "to"] (inclusive) → every day they cover."""
    days: list[date] = []
    for r in ranges:
        if isinstance(r, str):
            days.append(_iso(r))
            continue
        a, b = _iso(r[0]), _iso(r[1])
        while a <= b:
            days.append(a)
            a += timedelta(days=1)
    return days


def _is_weekend(d: date) -> bool:
    return d.weekday() in _data()["weekend"]


def lunar_new_year(year: int) -> date:
    """Mùng 1 Tết of `year`, from the data table (computed outside 2014-2030)."""
    known = _data()["lunar_new_year"].get(str(year))
    return _iso(known) if known else lunar_to_solar(1, 1, year)


def hung_kings_day(year: int) -> date:
    """Giỗ Tổ Hùng Vương (10/3 âm lịch) of `year`."""
    known = _data()["hung_kings_day"].get(str(year))
    return _iso(known) if known else lunar_to_solar(10, 3, year)


@lru_cache(maxsize=64)
def holidays(year: int) -> dict[date, str]:
    """Every non-weekend-only day off of `year`: holidays, Tết days, compensation and swaps.

    Days of the official decision for that year (data `official`) are taken as they are; the
    rest follow the Labour Code rule, compensating a holiday that falls on a weekend.
    """
    return _days_off(year, _data()["official"].get(str(year), {}))


def holidays_by_rule(year: int) -> dict[date, str]:
    """The days off the rule alone predicts for `year`, ignoring its official entry.

    For checking the rule against the years that were announced (the estimate for the others).
    """
    return _days_off(year, {})


def _days_off(year: int, official: dict) -> dict[date, str]:
    data = _data()
    out: dict[date, str] = {}
    # days that get weekend compensation by rule, with the direction it goes (+1 after, -1 before)
    ruled: list[tuple[date, str, int]] = []

    for h in data["fixed"]:
        if year < h.get("from_year", 0) or year > h.get("until_year", 9999):
            continue
        m, d = (int(x) for x in h["date"].split("-")[::-1])
        ruled.append((date(year, m, d), h["name"], 1))

    nd = data["national_day_extra"]
    if year >= nd["from_year"]:
        extra = nd["by_year"].get(str(year))
        if extra is None:
            wd = date(year, 9, 2).weekday()
            extra = nd["default_by_weekday"][str(wd)]
        dd, mm = (int(x) for x in extra.split("-"))
        ruled.append((date(year, mm, dd), nd["name"], 1))

    if year >= data["hung_kings_from_year"]:
        ruled.append((hung_kings_day(year), "Giỗ Tổ Hùng Vương", 1))

    if "tet" in official:
        for d in _expand(official["tet"]):
            out[d] = "Tết Nguyên đán"
    else:
        tet = data["tet_rule"]
        steps = tet.get("weekend_compensation", {})
        lny = lunar_new_year(year)
        for i in range(-tet["days_before"], tet["days_after"] + 1):
            d = lny + timedelta(days=i)
            ruled.append((d, "Tết Nguyên đán", int(steps.get(str(d.weekday()), 1))))

    taken = set(out) | {d for d, _, _ in ruled}
    for d, name, _ in sorted(ruled):
        out.setdefault(d, name)
    if data.get("compensate_weekend", True) and not official.get("no_compensation"):
        for d, name, step in sorted(ruled):
            if _is_weekend(d):
                c = d + timedelta(days=step)
                while _is_weekend(c) or c in taken:
                    c += timedelta(days=step)
                taken.add(c)
                out[c] = f"Nghỉ bù {name}"

    for d in _expand(official.get("extra_days_off", [])):
        out[d] = "Nghỉ hoán đổi"
    for d in _expand(official.get("working_days", [])):
        out.pop(d, None)
    return dict(sorted(out.items()))


@lru_cache(maxsize=64)
def _working_weekend_days(year: int) -> frozenset[date]:
    official = _data()["official"].get(str(year), {})
    return frozenset(_expand(official.get("working_days", [])))


def is_working_day(d: date) -> bool:
    """True on a civil-service working day (make-up Saturdays count as working days)."""
    if d in _working_weekend_days(d.year):
        return True
    return not _is_weekend(d) and d not in holidays(d.year)


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (`start` itself not counted); n=0 gives `start`.

    "trong 05 ngày làm việc kể từ ngày ký 05/9" is due on add_working_days(05/9, 5).
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    d = start
    while n > 0:
        d += timedelta(days=1)
        if is_working_day(d):
            n -= 1
    return d


def next_working_day(d: date) -> date:
    """`d` itself when it is a working day, else the next one (for due dates on a day off)."""
    while not is_working_day(d):
        d += timedelta(days=1)
    return d
