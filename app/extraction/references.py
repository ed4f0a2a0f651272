"""Cited documents: every distinct số/ký hiệu in the text with its type, date and issuer.

"Báo cáo số 251/BC-SNV ngày 30/8/2018 của Sở Nội vụ về ..." -> type "Báo cáo", code
"251/BC-SNV", date 2018-08-30, issuer "Sở Nội vụ". Type names and the words that end an issuer
are data files (data/reference_types.txt, data/issuer_stops.txt).
"""
from __future__ import annotations

import re
from functools import cache

from .layout import Para
from .metadata import _word_list, iso

_L = r"[^\W_]"   # a letter or digit, any script
_UP = r"[A-ZĐÀ-Ỹ]"
CODE = re.compile(
    rf"(?<![\w/])(?:\d{{1,6}}(?:/\d{{4}})?/(?=[^\W\d_]){_L}+(?:&\s?{_L}+)*"
    rf"(?:(?:[-.]|\s-|-\s(?={_UP}))\s?{_L}+(?:&\s?{_L}+)*)*"
    rf"|\d{{1,6}}\s?-\s?(?=[^\W\d_]){_L}+/{_L}+(?:-{_L}+)*)"
)
_DATE_AFTER = re.compile(
    r"^\s*,?\s*(?:ban hành\s+)?ngày\s*(?:(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4}))", re.I)
_OF = re.compile(r"^\s*,?\s*của\s+", re.I)


@cache
def _type_re() -> re.Pattern:
    names = sorted(_word_list("reference_types.txt"), key=len, reverse=True)
    alt = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?P<type>{alt})(?:\s+kết luận)?\s*(?:số\s*:?\s*|Số\s*:?\s*)?$", re.I)


@cache
def _law_re() -> re.Pattern:
    return re.compile(r"(?P<type>Bộ luật|Luật|Pháp lệnh|Nghị quyết|Nghị định)\s+(?:[^\s,;:()]+\s+){1,8}?số\s*:?\s*$")


@cache
def _stop_re() -> re.Pattern:
    stops = sorted(_word_list("issuer_stops.txt"), key=len, reverse=True)
    alt = "|".join(re.escape(s) for s in stops)
    return re.compile(rf"\s+(?i:{alt})(?=[\s,;.]|$)|\s*[,;:()\[\]“”\"]|\.(?:\s|$)|\s+-\s+(?=[a-zđ])"
                      rf"|\s+và\s+(?=[a-zđà-ỹ])|\s+(?=[A-ZĐÀ-Ỹ]{{2,}}\s+[A-ZĐÀ-Ỹ]{{2,}}\s+[A-ZĐÀ-Ỹ]{{2,}}\b(?![^\n]*[a-zđà-ỹ]))")


def find_references(paras: list[Para], own_code: str | None = None) -> list[dict]:
    seen: set[str] = set()
    if own_code:
        seen.add(_key(own_code))
    out: list[dict] = []
    for p in paras:
        t = p.text
        for m in CODE.finditer(t):
            code = m.group(0).rstrip(".-")
            key = _key(code)
            if key in seen:
                continue
            before = t[max(0, m.start() - 90): m.start()]
            rtype = None
            tm = _type_re().search(before)
            if tm:
                rtype = tm.group("type")
            else:
                lm = _law_re().search(before)
                if lm:
                    rtype = lm.group("type")
            if rtype is None and not re.search(r"(?:số|Số|:)\s*$", before) and not _plausible(code):
                continue
            seen.add(key)
            after = t[m.end(): m.end() + 200]
            date = None
            dm = _DATE_AFTER.match(after)
            if dm:
                if dm.group("y"):
                    date = iso(dm.group("y"), dm.group("m"), dm.group("d"))
                else:
                    date = iso(dm.group("y2"), dm.group("m2"), dm.group("d2"))
                after = after[dm.end():]
            issuer = None
            om = _OF.match(after)
            if om:
                rest = after[om.end():]
                sm = _stop_re().search(rest)
                cand = (rest[: sm.start()] if sm else rest).strip(" .")
                if cand and cand[0].isupper() and len(cand) <= 90:
                    issuer = cand
            head = before[: tm.start()] if tm else before
            if issuer is None or date is None:
                bm = _BEFORE_ISSUED.search(head)       # "Ngày 30/6/2025, Chính phủ ban hành Nghị định số"
                if bm:
                    date = date or iso(bm.group("y"), bm.group("m"), bm.group("d"))
                    issuer = issuer or bm.group("iss").strip()
            if issuer is None:
                bm = _BEFORE_OF.search(head)           # "đề nghị của Bộ Xây dựng tại văn bản số"
                if bm and bm.group("iss")[0].isupper():
                    issuer = bm.group("iss").strip()
            if rtype is None:
                lm = _LIST_HEAD.search(t[max(0, m.start() - 400): m.start()])
                if lm and not re.search(r"[.](?:\s|$)", lm.group("tail")):
                    rtype = lm.group("type")              # "các Nghị quyết của Quốc hội: số 55/..., số 28/..."
                    if issuer is None and lm.group("iss"):
                        issuer = lm.group("iss").strip()
            out.append({"type": rtype, "code": code, "date": date, "issuer": issuer,
                        "span": p.span(m.start(), m.start() + len(code))})
    return out


_BEFORE_ISSUED = re.compile(
    r"[Nn]gày\s+(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4}),\s*(?P<iss>[^,;.()]{3,80}?)\s+"
    r"(?:đã\s+)?(?:ban hành|có)\s*$")
_BEFORE_OF = re.compile(r"\bcủa\s+(?P<iss>[^,;()]{3,80}?)\s*(?:tại|theo|\()\s*$")
_LIST_HEAD = re.compile(
    r"\b[Cc]ác\s+(?P<type>Nghị quyết|Nghị định|Quyết định|Thông tư|Chỉ thị|Luật|Kết luận|Công văn|Văn bản)"
    r"(?:\s+của\s+(?P<iss>[^:;,.]{3,60}?))?\s*:(?P<tail>[^:]*)$")


def _plausible(code: str) -> bool:
    """Without 'số' or a type word before it, accept only codes shaped like a notation."""
    return bool(re.search(r"/(?:\d{4}/)?[A-ZĐ]{1,6}[-/]", code))


def _key(code: str) -> str:
    return re.sub(r"\s+", "", code).upper()
