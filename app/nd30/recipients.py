"""Kính gửi (ô 9a) and Nơi nhận (ô 9b) lines.

RULES.md §6: one recipient → "Kính gửi: X." on one line; several → "Kính gửi:" then one line
each, "- X;" and the last "- Y.". Nơi nhận: "- Như trên;" first when there is a Kính gửi,
every item "- ...;", the last line "- Lưu: VT, <unit>[ (n)]." optionally followed by the
drafter's mark and issued copies ("PL.(300)", ô 12).
"""
from __future__ import annotations

import re

from .problems import WARNING, Problem
from .text import clean, fold, strip_end_punct

NHU_TREN = "Như trên"
_ITEM_PREFIX = re.compile(r"^\s*[-–—•+*]\s*")


def _item(s: str) -> str:
    """User text of one list item without a typed bullet or final punctuation."""
    return strip_end_punct(_ITEM_PREFIX.sub("", clean(s)))


def kinh_gui_lines(to: list[str] | str) -> list[str]:
    """["Trạm Y tế xã Tân Lập"] → ["Kính gửi: Trạm Y tế xã Tân Lập."];
    ["A", "B"] → ["Kính gửi:", "- A;", "- B."]."""
    items = [_item(x) for x in ([to] if isinstance(to, str) else to or [])]
    items = [x for x in items if x]
    if not items:
        raise ValueError("thiếu nơi nhận (Kính gửi)")
    if len(items) == 1:
        return [f"Kính gửi: {items[0]}."]
    return ["Kính gửi:"] + [f"- {x};" for x in items[:-1]] + [f"- {items[-1]}."]


def archive_line(archive: str | list[str] | None = None, copies: int | None = None,
                 drafter: str | None = None, issued: int | None = None) -> str:
    """"- Lưu: VT, VP." / "- Lưu: VT, VP (2)." / "- Lưu: VT, VP. NTH.(10)" (ô 12 mark)."""
    units = [archive] if isinstance(archive, str) else list(archive or [])
    units = [strip_end_punct(u) for u in units]
    units = [u for u in units if u and u.upper() != "VT"]
    body = ", ".join(["VT", *units])
    if copies:
        body += f" ({int(copies)})"
    line = f"- Lưu: {body}."
    if drafter:
        mark = strip_end_punct(drafter).upper()
        line += f" {mark}.({int(issued)})" if issued else f" {mark}."
    return line


def noi_nhan_lines(to_places: list[str] | None, archive=None, *, nhu_tren: bool = False,
                   copies: int | None = None, drafter: str | None = None, issued: int | None = None) -> list[str]:
    """Items under "Nơi nhận:" ending with the Lưu line.

    nhu_tren=True (a Kính gửi exists) puts "- Như trên;" first unless the user already did.
    A "Lưu: ..." item typed by the user is used as the archive when no archive is given.
    """
    items = [_item(x) for x in (to_places or [])]
    items = [x for x in items if x]
    typed_archive = None
    rest = []
    for x in items:
        m = re.match(r"^Lưu\s*:?\s*(.*)$", x, re.IGNORECASE)
        if m:
            typed_archive = [u.strip() for u in m[1].split(",") if u.strip()]
        else:
            rest.append(x)
    if archive is None and typed_archive is not None:
        archive = typed_archive
    rest = [x for x in rest if fold(x) != fold(NHU_TREN)] if nhu_tren else rest
    if nhu_tren or any(fold(x) == fold(NHU_TREN) for x in items):
        rest = [NHU_TREN] + [x for x in rest if fold(x) != fold(NHU_TREN)]
    return [f"- {x};" for x in rest] + [archive_line(archive, copies, drafter, issued)]


# "- Lưu: VT, TCCB.", "- Lưu: VT, HC (2).", "- Lưu: VT, CS (2b).", biên bản "- Lưu: VT, Hồ sơ." (Mẫu 1.9),
# with the drafter mark and copies after it ("PL.(300)")
_LUU = re.compile(r"^- Lưu: VT(, [A-ZĐ][\w\-]*( [\w\-]+)*( \(\d+[a-z]?\))?)*( \(\d+[a-z]?\))?\.( [A-ZĐ]+\.(\(\d+\))?)?$")


def check_noi_nhan(lines: list[str], *, has_kinh_gui: bool = False) -> list[Problem]:
    """Punctuation and order of the lines under "Nơi nhận:" (label excluded)."""
    items = [clean(x) for x in lines if clean(x)]
    if not items:
        return [Problem("ND30-CNT-10", "empty_noi_nhan", "Phần Nơi nhận không được để trống.")]
    out: list[Problem] = []
    for x in items[:-1]:
        if not x.startswith("- "):
            out.append(Problem("ND30-RCP-13", "item_dash", f"Mỗi nơi nhận bắt đầu bằng “- ”: “{x}”.",
                               fix="- " + _ITEM_PREFIX.sub("", x)))
        if not x.endswith(";"):
            out.append(Problem("ND30-RCP-13", "item_semicolon", f"Mỗi nơi nhận (trừ dòng cuối) kết thúc bằng “;”: “{x}”.",
                               fix=strip_end_punct(x) + ";"))
        if re.match(r"^-?\s*Lưu\b", x):
            out.append(Problem("ND30-RCP-14", "luu_not_last", "Dòng “- Lưu: VT, ...” phải là dòng cuối cùng."))
    last = items[-1]
    if not re.match(r"^-?\s*Lưu\b", last):
        out.append(Problem("ND30-RCP-14", "missing_luu", "Dòng cuối của Nơi nhận phải là “- Lưu: VT, <đơn vị soạn thảo>.”."))
    elif not _LUU.match(last):
        m = re.match(r"^-?\s*Lưu\s*:?\s*(.*?)[.;,]?$", last)
        units = [u.strip() for u in (m[1] if m else "").split(",") if u.strip()]
        out.append(Problem("ND30-RCP-14", "luu_format",
                           f"Dòng lưu phải có dạng “- Lưu: VT, <đơn vị>.” (chữ VT, dấu phẩy, dấu chấm cuối): “{last}”.",
                           fix=archive_line([u for u in units if u.upper() != "VT"])))
    if has_kinh_gui and fold(_item(items[0])) != fold(NHU_TREN):
        out.append(Problem("ND30-RCP-10", "missing_nhu_tren",
                           "Văn bản có “Kính gửi” thì nơi nhận đầu tiên là “- Như trên;”.", severity=WARNING))
    return out


def check_kinh_gui(lines: list[str]) -> list[Problem]:
    """"Kính gửi: X." or "Kính gửi:" + "- A;" ... "- B."."""
    items = [clean(x) for x in lines if clean(x)]
    if not items or not items[0].startswith("Kính gửi"):
        return [Problem("ND30-RCP-01", "missing_kinh_gui", "Thiếu dòng “Kính gửi:”.")]
    first = items[0]
    out = []
    if not first.startswith("Kính gửi:"):
        out.append(Problem("ND30-RCP-01", "kinh_gui_colon", "Sau “Kính gửi” phải có dấu hai chấm."))
    rest_first = first.split(":", 1)[1].strip() if ":" in first else first[len("Kính gửi"):].strip()
    rest = items[1:]
    if rest_first and not rest:
        if not rest_first.endswith("."):
            out.append(Problem("ND30-RCP-16", "kinh_gui_period", "Một nơi nhận: kết thúc bằng dấu chấm.",
                               fix=f"Kính gửi: {strip_end_punct(rest_first)}."))
        return out
    lst = ([rest_first] if rest_first else []) + rest
    for i, x in enumerate(lst):
        last = i == len(lst) - 1
        if not x.startswith("- "):
            out.append(Problem("ND30-RCP-16", "kinh_gui_dash", f"Khi có nhiều nơi nhận, mỗi dòng bắt đầu bằng “- ”: “{x}”."))
        end = "." if last else ";"
        if not x.endswith(end):
            out.append(Problem("ND30-RCP-16", "kinh_gui_punct",
                               f"Dòng “{x}” phải kết thúc bằng “{end}”.", fix=strip_end_punct(x) + end))
    return out
