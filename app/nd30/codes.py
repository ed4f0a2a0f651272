"""Số and ký hiệu (number and notation) of a document: format, parse, check.

Rules (RULES.md §3): the number is the yearly sequence in Arabic digits with a leading zero
below 10 (ND30-NUM-04); a typed document's notation is `<type abbr>-<organ abbr>` (NUM-05,
`12/QĐ-UBND`), a công văn's is `<organ abbr>-<unit abbr>` (NUM-06, `05/UBND-VP`); legal
normative documents add the year (`36/2018/QĐ-UBND`, NUM-10); Party documents write
`30-CT/TU` (HD36-03). No spaces inside, hyphen-minus only, old TT 01/2011 abbreviations flagged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import doc_types
from .problems import WARNING, Problem
from .text import clean

ADMINISTRATIVE = "administrative"
LEGAL_NORMATIVE = "legal_normative"
PARTY = "party"

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_PREFIX = re.compile(r"^\s*(?:(?:Số|số|SỐ)\s*:?\s*|No\.?\s*:?\s*)")
_GROUP = r"[A-Za-zĐđ0-9]+"
_RE_PARTY = re.compile(rf"^(\d+)-({_GROUP})/({_GROUP}(?:-{_GROUP})*)$")
_RE_LEGAL = re.compile(rf"^(\d+)/(\d{{4}})/({_GROUP}(?:-{_GROUP})*)$")
_RE_ADMIN = re.compile(rf"^(\d+)/({_GROUP}(?:-{_GROUP})*)$")


@dataclass(frozen=True)
class Code:
    number: int
    number_text: str     # digits as written ("5", "05")
    notation: str        # "UBND-VP", "QĐ-UBND", "CT/TU" (party)
    regime: str          # administrative | legal_normative | party
    year: int | None = None   # legal normative documents only
    text: str = ""       # canonical form: "05/UBND-VP", "36/2018/QĐ-UBND", "30-CT/TU"

    @property
    def type_abbr(self) -> str | None:
        """The type abbreviation in the notation, when there is one (QĐ in QĐ-UBND)."""
        first = re.split(r"[-/]", self.notation)[0]
        return first if first in doc_types.type_abbreviations() else None


def format_number(number: int | str) -> str:
    """5 → "05", 12 → "12", 3508 → "3508" (ND30-NUM-04: zero only below 10)."""
    n = int(str(number).strip())
    if n < 1:
        raise ValueError("số văn bản phải là số nguyên dương")
    return f"{n:02d}"


def format_code(number: int | str, notation: str, year: int | None = None) -> str:
    """(5, "UBND-VP") → "05/UBND-VP"; with a year (legal normative) → "36/2018/QĐ-UBND"."""
    notation = normalise_notation(notation)
    if not notation:
        raise ValueError("thiếu ký hiệu văn bản")
    if year is not None:
        return f"{format_number(number)}/{int(year):04d}/{notation}"
    return f"{format_number(number)}/{notation}"


def format_code_line(number: int | str, notation: str, year: int | None = None) -> str:
    """The printed line: "Số: 05/UBND-VP"."""
    return f"Số: {format_code(number, notation, year)}"


def normalise_notation(notation: str) -> str:
    """Remove spaces, turn dashes into hyphen-minus; letters are left as typed (QyĐ, CTr)."""
    s = clean(notation)
    s = re.sub(f"[{_DASHES}]", "-", s)
    s = re.sub(r"\s+", "", s)
    return s.strip("-/")


def notation_for(doc_type, organ_abbr: str, unit_abbr: str | None = None) -> str:
    """Notation of a new document.

    Typed documents: `QĐ-UBND` (the unit is appended only when given: `QĐ-UBND-VP`).
    Công văn / thư công (no type abbreviation): `UBND-VP`; the unit is required.
    """
    t = doc_type if isinstance(doc_type, doc_types.DocType) else doc_types.get(doc_type)
    if t is None:
        raise ValueError(f"không rõ loại văn bản: {doc_type!r}")
    organ = normalise_notation(organ_abbr or "")
    unit = normalise_notation(unit_abbr or "")
    if not organ:
        raise ValueError("thiếu chữ viết tắt tên cơ quan, tổ chức ban hành")
    if t.abbr is None:
        if not unit:
            raise ValueError(f"{t.short_name} cần chữ viết tắt của đơn vị soạn thảo (ví dụ UBND-VP)")
        return f"{organ}-{unit}"
    return f"{t.abbr}-{organ}" + (f"-{unit}" if unit else "")


def strip_prefix(text: str) -> str:
    return _PREFIX.sub("", clean(text), count=1)


def parse_code(text: str) -> Code | None:
    """Parse "Số: 3508/VP-KGVX", "05/UBND-VP", "36/2018/QĐ-UBND", "Số 30-CT/TU".

    Tolerant of spaces and dashes (the checks below report those); None when it is not a code.
    """
    if not text:
        return None
    s = strip_prefix(text)
    s = re.sub(f"[{_DASHES}]", "-", s)
    s = re.sub(r"\s*([/-])\s*", r"\1", s).strip().rstrip(".;,")
    if m := _RE_LEGAL.match(s):
        n, y, notation = int(m[1]), int(m[2]), m[3]
        return Code(n, m[1], notation, LEGAL_NORMATIVE, y, f"{n:02d}/{y}/{notation}") if n else None
    if m := _RE_PARTY.match(s):
        n, notation = int(m[1]), f"{m[2]}/{m[3]}"
        return Code(n, m[1], notation, PARTY, None, f"{n:02d}-{notation}") if n else None
    if m := _RE_ADMIN.match(s):
        n, notation = int(m[1]), m[2]
        return Code(n, m[1], notation, ADMINISTRATIVE, None, f"{n:02d}/{notation}") if n else None
    return None


def _number_problems(digits: str) -> list[Problem]:
    if not digits.isdigit():
        return []
    n = int(digits)
    if n == 0:
        return [Problem("ND30-NUM-04", "zero_number", "Số văn bản phải bắt đầu từ 01, không có số 0.")]
    if len(digits) == 1:
        return [Problem("ND30-NUM-04", "missing_leading_zero",
                        f"Số nhỏ hơn 10 phải có số 0 phía trước: viết {n:02d}, không viết {digits}.",
                        fix=f"{n:02d}")]
    if digits.startswith("0") and n >= 10 or digits.startswith("00"):
        return [Problem("ND30-NUM-04", "extra_leading_zero",
                        f"Chỉ số nhỏ hơn 10 mới thêm số 0 phía trước: viết {n:02d}, không viết {digits}.",
                        fix=f"{n:02d}")]
    return []


def check_code(text: str, doc_type=None, *, line: bool = False) -> list[Problem]:
    """Everything wrong with a number-notation (or, with line=True, the whole "Số: ..." line).

    doc_type (slug, name or DocType), when given, checks the type abbreviation: a typed
    document must start with its own abbreviation; a công văn must not start with one.
    """
    problems: list[Problem] = []
    raw = (text or "").strip()
    if not raw:
        return [Problem("ND30-HDR-05", "missing_code", "Thiếu số, ký hiệu văn bản.")]
    if line:
        problems += _prefix_problems(raw)
    body = strip_prefix(raw) if line or _PREFIX.match(raw) else raw
    if re.search(f"[{_DASHES}]", body):
        problems.append(Problem("ND30-NUM-08", "wrong_dash",
                                "Dùng dấu gạch nối (-) giữa các nhóm chữ viết tắt, không dùng gạch ngang dài (– hoặc —).",
                                fix=re.sub(f"[{_DASHES}]", "-", body)))
    if re.search(r"\s", body.strip()):
        problems.append(Problem("ND30-NUM-08", "spaces_inside",
                                "Số, ký hiệu văn bản không được có dấu cách (ví dụ viết 05/UBND-VP).",
                                fix=re.sub(r"\s+", "", body)))
    blank = re.match(r"^/\s*(\S+)$", body.strip())
    if blank:
        # a draft: paper documents get their number after signing (Art. 15(2)); not an error here
        return [p for p in problems if p.code != "spaces_inside"] + [Problem(
            "ND30-HDR-05", "blank_number",
            "Chưa điền số văn bản (dự thảo): số được lấy từ sổ văn bản đi khi ban hành.", severity=WARNING)]
    code = parse_code(body)
    if code is None and re.match(r"^0+\s*[/-]", body):
        return problems + _number_problems("0")
    if code is None:
        problems.append(Problem("ND30-HDR-05", "unparseable_code",
                                f"Không nhận ra số, ký hiệu “{body}”: cần dạng số/ký hiệu, ví dụ 05/UBND-VP hoặc 12/QĐ-UBND."))
        return problems
    problems += _number_problems(code.number_text)
    if code.regime == PARTY:
        problems.append(Problem("ND30-NUM-05", "party_format",
                                f"“{code.text}” là cách ghi số của văn bản của Đảng (Hướng dẫn 36-HD/VPTW), "
                                "không theo Nghị định 30.", severity=WARNING))
        return problems
    groups = re.split(r"[-/]", code.notation)
    problems += _notation_problems(groups, code)
    if doc_type is not None and code.regime == ADMINISTRATIVE:
        problems += _type_problems(groups, doc_type)
    return problems


def _prefix_problems(raw: str) -> list[Problem]:
    if re.match(r"^No\.?", raw):
        return [Problem("ND30-HDR-05", "wrong_prefix", "Ghi “Số:” trước số, ký hiệu, không ghi “No.”.")]
    m = re.match(r"^(S[ốo]|s[ốo]|SỐ)(\s*)(:?)(\s*)", raw)
    if not m:
        return [Problem("ND30-HDR-05", "missing_prefix", "Dòng số, ký hiệu phải bắt đầu bằng “Số:”.")]
    out = []
    if m[1] != "Số":
        out.append(Problem("ND30-HDR-05", "prefix_case", "Viết “Số:” (chữ S hoa, có dấu sắc), không viết “" + m[1] + "”."))
    if not m[3]:
        out.append(Problem("ND30-HDR-05", "missing_colon", "Thiếu dấu hai chấm sau chữ “Số”: viết “Số: 05/UBND-VP”."))
    elif m[2]:
        out.append(Problem("ND30-HDR-05", "space_before_colon", "Không có dấu cách trước dấu hai chấm: viết “Số:”."))
    elif not m[4]:
        out.append(Problem("ND30-HDR-05", "no_space_after_colon",
                           "Nên có một dấu cách sau “Số:” (ví dụ “Số: 05/UBND-VP”).", severity=WARNING))
    return out


def _notation_problems(groups: list[str], code: Code) -> list[Problem]:
    out = []
    old = doc_types.old_abbreviations()
    lower_ok = doc_types.lowercase_abbreviations()
    if code.regime == ADMINISTRATIVE and len(groups) < 2:
        out.append(Problem("ND30-NUM-05", "short_notation",
                           f"Ký hiệu “{code.notation}” thiếu một nhóm: cần dạng <loại văn bản>-<cơ quan> "
                           "(12/QĐ-UBND) hoặc, với công văn, <cơ quan>-<đơn vị> (05/UBND-VP)."))
    for i, g in enumerate(groups):
        if i == 0 and g in old:  # the type slot only: an organ may well be called "NP"
            out.append(Problem("ND30-NUM-05", "old_abbreviation",
                               f"Chữ viết tắt “{g}” là cách viết cũ hoặc sai (Thông tư 01/2011/TT-BNV); "
                               f"theo Nghị định 30 viết “{old[g]}”.", fix=old[g]))
            continue
        if any(c.islower() for c in g) and g not in lower_ok:
            out.append(Problem("ND30-NUM-08", "lowercase_notation",
                               f"Ký hiệu viết bằng chữ in hoa: “{g}” → “{g.upper()}” "
                               "(trừ các chữ viết tắt chính thức QyĐ, CTr, TTr, TrS).", fix=g.upper()))
    return out


def _type_problems(groups: list[str], doc_type) -> list[Problem]:
    t = doc_type if isinstance(doc_type, doc_types.DocType) else doc_types.get(doc_type)
    if t is None:
        return []
    first = groups[0]
    if t.abbr is None:
        other = doc_types.by_abbr(first)
        if other is not None and len(groups) >= 2:
            return [Problem("ND30-NUM-06", "typed_notation_on_cong_van",
                            f"Ký hiệu công văn gồm chữ viết tắt tên cơ quan và đơn vị soạn thảo (ví dụ UBND-VP); "
                            f"“{first}” là chữ viết tắt của {other.short_name.lower()}.", severity=WARNING)]
        return []
    if first != t.abbr:
        return [Problem("ND30-NUM-05", "type_mismatch",
                        f"Ký hiệu của {t.short_name.lower()} phải bắt đầu bằng “{t.abbr}-”, không phải “{first}-”.",
                        fix="-".join([t.abbr, *groups[1:]]) if doc_types.by_abbr(first) or first in
                        doc_types.old_abbreviations() else None)]
    return []
