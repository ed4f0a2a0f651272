"""Place-and-date line (ô 4): "Tân Lập, ngày 05 tháng 02 năm 2025".

ND30-DATE-01/02: numbers in full Arabic digits; a leading zero on days 1–9 and on months
1 and 2 only (months 3–12 without one); a comma right after the place name (DATE-03).
A draft may leave the day (or day and month) blank for the clerk to fill in at issue time.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .problems import ERROR, WARNING, Problem
from .text import clean

_BLANK = r"(?:[\s.…_]*)"
_LINE = re.compile(
    rf"^(?P<place>[^,]+?)\s*(?P<comma>,?)\s*ngày\s*(?P<day>\d+)?{_BLANK}\s*tháng\s*(?P<month>\d+)?{_BLANK}"
    rf"\s*năm\s*(?P<year>\d+)?{_BLANK}$"
)


@dataclass(frozen=True)
class PlaceDate:
    place: str
    year: int | None
    month: int | None
    day: int | None
    raw: str = ""

    @property
    def date(self) -> dt.date | None:
        """The calendar date, when the line gives a complete valid one."""
        try:
            return dt.date(self.year, self.month, self.day) if self.year and self.month and self.day else None
        except ValueError:
            return None


def format_day(day: int) -> str:
    return f"{day:02d}" if day < 10 else str(day)


def format_month(month: int) -> str:
    """01, 02, then 3 … 12 (ND30-DATE-02)."""
    return f"{month:02d}" if month <= 2 else str(month)


def format_date(date: dt.date | str | None = None, *, year: int | None = None, month: int | None = None) -> str:
    """"ngày 05 tháng 02 năm 2025"; with only year (and month) the missing parts stay blank."""
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    if date is not None:
        return f"ngày {format_day(date.day)} tháng {format_month(date.month)} năm {date.year}"
    if year is None:
        raise ValueError("thiếu năm ban hành")
    m = format_month(month) if month else "     "
    return f"ngày      tháng {m} năm {year}"


def format_place_date(place: str, date: dt.date | str | None = None, **partial) -> str:
    """"Tân Lập, ngày 05 tháng 02 năm 2025"."""
    place = clean(place).rstrip(",")
    if not place:
        raise ValueError("thiếu địa danh")
    return f"{place}, {format_date(date, **partial)}"


def parse_place_date(line: str) -> PlaceDate | None:
    """Parse a place-and-date line; blank day/month give None in those fields."""
    s = clean(line)
    m = _LINE.match(s)
    if not m:
        return None
    g = {k: (int(m[k]) if m[k] else None) for k in ("day", "month", "year")}
    return PlaceDate(clean(m["place"]), g["year"], g["month"], g["day"], s)


def check_place_date(line: str) -> list[Problem]:
    """What is wrong with a place-and-date line (empty list when it is right)."""
    s = clean(line)
    if not s:
        return [Problem("ND30-DATE-01", "missing_place_date", "Thiếu địa danh và thời gian ban hành văn bản.")]
    if re.search(r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}", s):
        return [Problem("ND30-DATE-01", "numeric_date",
                        "Ngày ban hành phải ghi đầy đủ “ngày … tháng … năm …”, không viết dạng 05/02/2025.")]
    m = _LINE.match(s)
    if not m:
        return [Problem("ND30-DATE-01", "unparseable_place_date",
                        "Không nhận ra dòng địa danh, ngày tháng: cần dạng “Tân Lập, ngày 05 tháng 02 năm 2025”.")]
    out: list[Problem] = []
    place = clean(m["place"])
    if not m["comma"]:
        out.append(Problem("ND30-DATE-03", "missing_comma", "Thiếu dấu phẩy ngay sau địa danh.",
                           fix=f"{place}, " + s[m.end("place"):].strip()))
    words = place.split()
    # "Thành phố Hồ Chí Minh", "Thị xã ...", "Thị trấn ...": the generic noun keeps its lowercase
    # second syllable (the decree's own example, Phụ lục I §V and DATE-05)
    generic = {i + 1 for i, w in enumerate(words[:-1])
               if (w.lower(), words[i + 1]) in (("thành", "phố"), ("thị", "xã"), ("thị", "trấn"))}
    bad = [w for i, w in enumerate(words) if w[:1].isalpha() and not w[:1].isupper() and i not in generic]
    if bad:
        out.append(Problem("ND30-DATE-03", "place_case",
                           f"Địa danh phải viết hoa chữ cái đầu của mỗi âm tiết: “{' '.join(bad)}”.",
                           fix=" ".join(w if i in generic else w[:1].upper() + w[1:] for i, w in enumerate(words))))
    day, month, year = m["day"], m["month"], m["year"]
    if year is None:
        out.append(Problem("ND30-DATE-01", "missing_year", "Thiếu năm ban hành."))
    elif len(year) != 4:
        out.append(Problem("ND30-DATE-01", "short_year", f"Năm phải ghi đủ 4 chữ số, không viết “{year}”."))
    if day is not None:
        d = int(day)
        if d < 10 and len(day) != 2:
            out.append(Problem("ND30-DATE-02", "day_missing_zero",
                               f"Ngày nhỏ hơn 10 phải có số 0 phía trước: “ngày {d:02d}”.", fix=f"{d:02d}"))
        elif d >= 10 and day.startswith("0") or len(day) > 2:
            out.append(Problem("ND30-DATE-02", "day_extra_zero", f"Ngày ghi sai: “{day}”.", fix=str(d)))
    if month is not None:
        mo = int(month)
        if mo <= 2 and month != f"{mo:02d}":
            out.append(Problem("ND30-DATE-02", "month_missing_zero",
                               f"Tháng 1 và tháng 2 phải có số 0 phía trước: “tháng {mo:02d}”.", fix=f"{mo:02d}"))
        elif 3 <= mo <= 9 and month.startswith("0"):
            out.append(Problem("ND30-DATE-02", "month_extra_zero",
                               f"Từ tháng 3 trở đi không thêm số 0: viết “tháng {mo}”, không viết “tháng {month}”.",
                               severity=WARNING, fix=str(mo)))
        elif mo >= 10 and month.startswith("0"):
            out.append(Problem("ND30-DATE-02", "month_extra_zero", f"Tháng ghi sai: “{month}”.", fix=str(mo)))
    if day is None and month is not None or (day is None and year is not None and month is None):
        out.append(Problem("ND30-DATE-06", "blank_day", "Chưa ghi ngày ban hành (để trống chờ ký).", severity="info"))
    if year and month and day:
        try:
            dt.date(int(year), int(month), int(day))
        except ValueError:
            out.append(Problem("ND30-DATE-01", "invalid_date",
                               f"Ngày {int(day)} tháng {int(month)} năm {year} không có thật."))
    elif month is not None and not 1 <= int(month) <= 12:
        out.append(Problem("ND30-DATE-01", "invalid_date", f"Tháng {int(month)} không có thật."))
    return out


__all__ = ["PlaceDate", "format_date", "format_place_date", "parse_place_date", "check_place_date",
           "format_day", "format_month", "ERROR", "WARNING"]
