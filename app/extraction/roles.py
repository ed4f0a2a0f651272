"""Roles of the units in a directive (responsible, cooperating, report-to) and its deadline.

Thin adapters over the unit lexicon (`units.py`: split_units, roles) and the temporal
normaliser (`deadlines.py`: parse_deadline), which own the language knowledge.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from . import deadlines as _deadlines
from . import units as _units


def _clean(u: str) -> str:
    u = re.sub(r"\s+", " ", u).strip(" ,;.:-–")
    u = re.sub(r"^(?:và|với)\s+", "", u)
    return u


def split(text: str) -> list[str]:
    """'Sở Tài chính, Sở Nội vụ' -> two units; a collective description stays one."""
    text = _clean(text)
    if not text:
        return []
    out = [u for u in (_clean(g) for g in _units.split_units(text)) if u]
    # the lexicon may drop words of a collective it does not know; then keep the plain split
    if out and _covers(text, out):
        return out
    return _split_plain(text)


_SEPARATORS = {"và", "các", "với", "cùng"}


def _covers(text: str, pieces: list[str]) -> bool:
    """Does a split keep every word of the text (an expansion may add words, not drop them)?"""
    def words(s: str) -> set[str]:
        return {w for w in re.findall(r"\w+", s.casefold()) if w not in _SEPARATORS}
    return words(text) <= set().union(*(words(p) for p in pieces))


_PROPER = re.compile(r"^(?:Bộ|Sở|Ủy ban|Uỷ ban|UBND|Ban|Văn phòng|Cục|Tổng cục|Công an|Thuế|Trung tâm|"
                     r"Tập đoàn|Đài|Hội đồng|Thường trực|Mặt trận|Liên hiệp|Kho bạc|Bảo hiểm|Ngân hàng|"
                     r"Chủ tịch|Bộ trưởng|Giám đốc|Thanh tra|Tỉnh ủy|Tỉnh uỷ|Phòng|Chi cục|Viện|Trường|"
                     r"Bộ Chỉ huy|Hội|Đoàn|Công ty|Tổng công ty)\s+\S")


def _split_plain(text: str) -> list[str]:
    pieces = re.split(r"\s*[,;]\s*|\s+và\s+", text)
    out: list[str] = []
    collective = False
    for pc in pieces:
        pc = pc.strip()
        if not pc:
            continue
        if collective or not out:
            if out and collective:
                out[-1] = out[-1] + (", " + pc)
            else:
                out.append(pc)
            collective = collective or pc.lower().startswith("các ") or not _PROPER.match(pc)
            continue
        if _PROPER.match(pc):
            out.append(pc)
        elif pc.lower().startswith("các "):
            out.append(pc)
            collective = True
        else:
            out[-1] = out[-1] + ", " + pc
    if len(out) > 1 and not all(_PROPER.match(u) or u.lower().startswith("các ") for u in out):
        return [text]
    # restore " và " joins inside a collective: keep the original wording
    if len(out) == 1:
        return [text]
    return [_original_piece(text, u) for u in out]


def _original_piece(text: str, piece: str) -> str:
    """The piece as written in text (separators inside a collective may be ' và ')."""
    words = piece.replace(",", " ").split()
    if not words:
        return piece
    pat = r"\s*[,;]?\s*(?:và\s+)?".join(re.escape(w) for w in words)
    m = re.search(pat, text)
    return text[m.start():m.end()] if m else piece


@lru_cache(maxsize=256)
def _roles(sentence: str):
    return _units.roles(sentence)


def cooperating(sentence: str) -> list[str]:
    return [u for u in (_clean(x) for x in _roles(sentence).get("cooperating_units") or []) if u]


def report_to(sentence: str) -> str | None:
    v = _roles(sentence).get("report_to")
    return _clean(v) if v else None


def table_units(cell: str, split: bool = False) -> list[str]:
    """Units in a task-table cell: one per line/dash item ('- UBND tỉnh.<br>- Ban TĐKT, Sở Nội vụ.')."""
    items = [s for s in re.split(r"\n|(?:^|\s)[-–+•]\s+", cell) if s.strip()]
    out: list[str] = []
    for it in items:
        it = _clean(it)
        if not it:
            continue
        if split or len(items) == 1:
            out.extend(globals()["split"](it))
        else:
            out.append(it)
    return out


# ---------------------------------------------------------------- deadlines

def due(text: str, doc_date: str | None, received: str | None = None
        ) -> tuple[str | None, str | None, str | None, list[int] | None]:
    """(due_date ISO, due_text, recurrence, (start, end) of due_text in `text`); `received` (the
    ĐẾN stamp's date) counts deadlines 'kể từ ngày nhận được'."""
    dl = _deadlines.parse_deadline(text, _as_date(doc_date), received=_as_date(received))
    return _from_deadline(dl, text) if dl else (None, None, None, None)


def _from_deadline(dl, text: str):
    dd = getattr(dl, "due_date", None)
    if isinstance(dd, date):
        dd = dd.isoformat()
    dt = getattr(dl, "due_text", None)
    rec = getattr(dl, "recurrence", None)
    span = None
    st, en = getattr(dl, "start", None), getattr(dl, "end", None)
    if isinstance(st, int) and isinstance(en, int):
        span = [st, en]
    elif dt:
        k = text.find(dt)
        if k >= 0:
            span = [k, k + len(dt)]
    return dd, dt, rec, span


def _as_date(s: str | None) -> date | None:
    if not s or len(s) != 10:
        return None
    try:
        return date.fromisoformat(s)
    except ValueError:
        return None
