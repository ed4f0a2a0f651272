"""Signing-authority block (ô 7a/7b): "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" / name.

Decree 30 Art. 13, RULES.md §5: TM. (on behalf of a collective), KT. (a deputy signs for the
head), TL. (by order), TUQ. (by authorisation), Q. (acting head). The abbreviation carries a
dot and one space; authority and titles are capitals, the name is not. No competence means
the head signs in his own name (only the title). Slash/dotted forms (T/M, K.T, "KT CHỦ TỊCH")
are Party style or mistakes, not Decree 30 forms.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from . import _data
from .problems import WARNING, Problem
from .text import clean, is_upper, upper


def competences() -> list[str]:
    return list(_data.load("signing.json")["competences"])


def _wrong_forms() -> dict[str, str]:
    return _data.load("signing.json")["wrong_forms"]


def normalise_competence(value: str | None) -> str | None:
    """"kt" / "KT" / "K.T" / "k/t" → "KT."; None or "" → None; anything else → ValueError."""
    if value is None:
        return None
    v = clean(value).upper().replace(" ", "")
    if not v:
        return None
    if v in competences():
        return v
    fixed = _wrong_forms().get(v)
    if fixed:
        return fixed
    raise ValueError(f"thẩm quyền ký “{value}” không hợp lệ: chỉ dùng TM., KT., TL., TUQ. hoặc Q.")


@dataclass(frozen=True)
class SignatureBlock:
    lines: list[str]      # capitals, bold: ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    full_name: str        # "Nguyễn Thị Hồng Nhung"


def authority_lines(competence, on_behalf_of, position: str | None) -> list[str]:
    """The capital lines above the signature.

    competence may be a list for combined forms: (["TM.", "KT."], ["ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
    "PHÓ CHỦ TỊCH") → ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"].
    """
    comps = competence if isinstance(competence, (list, tuple)) else [competence]
    behalfs = on_behalf_of if isinstance(on_behalf_of, (list, tuple)) else [on_behalf_of]
    comps = [normalise_competence(c) for c in comps]
    comps = [c for c in comps if c]
    pos = upper(position) if position else ""
    if not comps:
        if not pos:
            raise ValueError("thiếu chức vụ của người ký")
        return [pos]
    behalfs = [upper(b) for b in behalfs if b and clean(b)]
    if len(behalfs) < len(comps):
        if len(comps) == 1 and comps[0] == "Q." and pos:
            return [f"Q. {pos}"]  # acting head: "Q. CỤC TRƯỞNG"
        raise ValueError(f"thiếu chức danh/cơ quan đứng sau “{comps[len(behalfs)]}”")
    lines = [f"{c} {b}" for c, b in zip(comps, behalfs[:len(comps)], strict=True)]
    if pos and pos != behalfs[len(comps) - 1]:
        lines.append(pos)
    elif not pos and comps[-1] in ("KT.", "TL.", "TUQ."):
        raise ValueError("thiếu chức vụ của người ký (dòng dưới dòng thẩm quyền)")
    return lines


def signature_block(competence, on_behalf_of, position, full_name) -> SignatureBlock:
    name = clean(full_name)
    if not name:
        raise ValueError("thiếu họ và tên người ký")
    return SignatureBlock(authority_lines(competence, on_behalf_of, position), name)


_AUTH = re.compile(r"^(TM|KT|TL|TUQ|Q)\. (\S.*)$")
_AUTH_CI = re.compile(r"^(TM|KT|TL|TUQ|Q)\. (\S.*)$", re.IGNORECASE)
_WRONG = re.compile(r"^(T\s*/\s*M|K\s*/\s*T|T\s*/\s*L|T\.\s*M\.?|K\.\s*T\.?|T\.\s*L\.?|T\.U\.Q\.?|TM|KT|TL|TUQ)"
                    r"(?=[\s.]|$)\.?\s*(.*)$", re.IGNORECASE)


def parse_authority_line(line: str) -> tuple[str, str] | None:
    """"KT. CHỦ TỊCH" → ("KT.", "CHỦ TỊCH"); None when the line has no Decree 30 authority."""
    m = _AUTH.match(clean(line))
    return (m[1] + ".", m[2]) if m else None


def check_authority_line(line: str) -> list[Problem]:
    """Problems of a line that is meant to carry signing authority (ô 7a)."""
    s = clean(line)
    m = _AUTH.match(s) or _AUTH_CI.match(s)
    if m:
        if m[1].upper() == m[1] and is_upper(m[2]):
            return []
        return [Problem("ND30-SIG-01", "authority_case",
                        "Thẩm quyền và chức vụ người ký viết bằng chữ in hoa.", fix=upper(s))]
    m = _WRONG.match(s)
    if m:
        raw = re.sub(r"\s+", "", m[1]).upper().rstrip(".")
        fixed = _wrong_forms().get(raw) or _wrong_forms().get(raw + ".") or raw + "."
        title = m[2]
        return [Problem("ND30-SIG-01", "wrong_authority_form",
                        f"“{clean(m[1])}” không phải cách ghi theo Nghị định 30: viết “{fixed} {upper(title)}”"
                        " (chữ viết tắt, dấu chấm, một dấu cách).", fix=f"{fixed} {upper(title)}".strip())]
    return []


@cache
def _academic_titles() -> re.Pattern:
    """One or more titles (with or without a dot: "TS.", "TS", "PGS.TS.") followed by the name."""
    titles = sorted(_data.load("signing.json")["academic_titles"], key=len, reverse=True)
    alt = "|".join(re.escape(t) for t in titles)
    return re.compile(rf"^(?:(?:{alt})(?:\.\s*|\s+))+(?=[A-ZĐÀ-Ỹ])")


def check_signer_name(name: str) -> list[Problem]:
    """ND30-SIG-04: no academic titles before the name; not all capitals."""
    s = clean(name)
    out = []
    if not s:
        return [Problem("ND30-SIG-04", "missing_signer_name", "Thiếu họ và tên người ký.")]
    m = _academic_titles().match(s)
    if m:
        title = m.group(0).strip()
        out.append(Problem("ND30-SIG-04", "academic_title",
                           f"Không ghi học hàm, học vị “{title}” trước họ tên người ký.", severity=WARNING,
                           fix=s[m.end():].strip()))
    letters = [c for c in s if c.isalpha()]
    if len(letters) > 3 and all(c.isupper() for c in letters):
        out.append(Problem("ND30-SIG-04", "name_all_caps",
                           "Họ tên người ký viết hoa chữ cái đầu mỗi âm tiết, không viết toàn chữ in hoa.",
                           severity=WARNING, fix=" ".join(w[:1] + w[1:].lower() for w in s.split())))
    return out
