"""Dates in the web forms (office pages, the drafting form), written the Vietnamese way (dd/mm/yyyy).

Browsers show <input type="date"> in the locale of the browser (mm/dd/yyyy in an English one), so
the office pages and the drafting form use text fields and this one parser. It accepts dd/mm/yyyy,
d/m/yyyy, dd-mm-yyyy and ISO yyyy-mm-dd (links and presets keep ISO); anything else, or a day that
does not exist, raises DateError with a Vietnamese message to show beside the field. The JSON API
stays ISO.
"""
from __future__ import annotations

import calendar
import re
from datetime import date

PLACEHOLDER = "dd/mm/yyyy"
TITLE = "Ngày/tháng/năm, ví dụ 05/03/2025"
# HTML `pattern` (anchored by the browser; Chromium compiles it with the `v` flag: no bracket classes)
PATTERN = r"\d{1,2}/\d{1,2}/\d{4}|\d{1,2}-\d{1,2}-\d{4}|\d{4}-\d{1,2}-\d{1,2}"
# a promulgation date may be known only to the month (mm/yyyy, yyyy-mm)
PARTIAL_PATTERN = PATTERN + r"|\d{1,2}/\d{4}|\d{4}-\d{1,2}"
PARTIAL_TITLE = "Ngày/tháng/năm (05/03/2025) hoặc tháng/năm (03/2025)"
MIN_YEAR, MAX_YEAR = 1900, 2199

_DMY = re.compile(r"(\d{1,2})([/-])(\d{1,2})\2(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_MY = re.compile(r"(\d{1,2})/(\d{4})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


class DateError(ValueError):
    """A date field that cannot be read; `message` is the Vietnamese text shown beside the field."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _parts(text: str) -> tuple[int, int, int] | None:
    if m := _DMY.fullmatch(text):
        return int(m.group(4)), int(m.group(3)), int(m.group(1))
    if m := _ISO.fullmatch(text):
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    return None


def _check(year: int, month: int, day: int | None, text: str, label: str) -> None:
    """Explain why (year, month, day) is not a real date; the numbers were read already."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateError(f"{label}: năm {year} không hợp lệ (từ {MIN_YEAR} đến {MAX_YEAR}).")
    if not 1 <= month <= 12:
        raise DateError(f"{label}: «{text}» không có thật, không có tháng {month} (tháng từ 1 đến 12).")
    if day is not None:
        if day < 1:
            raise DateError(f"{label}: ngày «{text}» không có thật, không có ngày 0.")
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise DateError(f"{label}: ngày «{text}» không có thật, tháng {month}/{year} chỉ có {last} ngày.")


def parse(value, label: str = "Ngày") -> date | None:
    """The date written in a form field; None when the field is empty."""
    if isinstance(value, date):
        return value
    text = (value or "").strip()
    if not text:
        return None
    parts = _parts(text)
    if parts is None:
        raise DateError(f"{label} phải viết theo dạng ngày/tháng/năm, ví dụ 05/03/2025.")
    year, month, day = parts
    _check(year, month, day, text, label)
    return date(year, month, day)


def parse_partial(value, label: str = "Ngày") -> str | None:
    """A date that may be known only to the month, as ISO text: 'yyyy-mm-dd' or 'yyyy-mm'."""
    text = (value or "").strip()
    if not text:
        return None
    m = _MY.fullmatch(text) or _ISO_MONTH.fullmatch(text)
    if m is None:
        try:
            return parse(text, label).isoformat()
        except DateError as e:
            if _parts(text) is None:
                raise DateError(f"{label} phải viết theo dạng ngày/tháng/năm (05/03/2025) "
                                f"hoặc tháng/năm (03/2025).") from e
            raise
    month, year = (int(m.group(1)), int(m.group(2))) if m.re is _MY else (int(m.group(2)), int(m.group(1)))
    _check(year, month, None, text, label)
    return f"{year:04d}-{month:02d}"


def shown(value) -> str:
    """What a date field shows: dd/mm/yyyy (mm/yyyy for a month), or the text as typed when it cannot
    be read (so the user sees and corrects what he wrote)."""
    if value in (None, ""):
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    text = str(value).strip()
    if m := _ISO_MONTH.fullmatch(text):
        if 1 <= int(m.group(2)) <= 12:
            return f"{int(m.group(2)):02d}/{m.group(1)}"
        return text
    if m := _MY.fullmatch(text):
        return f"{int(m.group(1)):02d}/{m.group(2)}" if 1 <= int(m.group(1)) <= 12 else text
    try:
        return parse(text).strftime("%d/%m/%Y")
    except DateError:
        return text
