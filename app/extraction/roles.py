"""Roles of the units in a directive (responsible, cooperating, report-to) and its deadline.

Thin adapters: the unit lexicon (`units.py`: split_units, roles) and the temporal normaliser
(`deadlines.py`: find_deadlines) belong to their own modules; when one is missing (a partial
install) a small fallback keeps extraction working with plain rules.
"""
from __future__ import annotations

import importlib
import re
from datetime import date
from functools import lru_cache

try:  # the unit lexicon
    _units = importlib.import_module("app.extraction.units")
except Exception:  # noqa: BLE001 - optional part
    _units = None
try:  # the temporal normaliser
    _deadlines = importlib.import_module("app.extraction.deadlines")
except Exception:  # noqa: BLE001
    _deadlines = None

_COOP = re.compile(r"\bphối hợp(?:\s+chặt chẽ)?(?:\s+với)?\s+|\bcùng với\s+|\bchủ trì\s+cùng\s+", re.I)
_REPORT = re.compile(
    r"\b(?:báo cáo|trình)(?:\s+kết quả(?:\s+thực hiện)?)?(?:\s+(?:về|cho|lên|gửi))?\s+(?:\(qua[^)]*\)\s*)?", re.I)
_END = re.compile(
    r"\s+(?:để|trước|trong|theo|về việc|về|xem xét|quyết định|cho ý kiến|chỉ đạo|trước ngày|chậm nhất|"
    r"tổ chức|thực hiện|triển khai|hướng dẫn|rà soát|xây dựng|nghiên cứu|tổng hợp|hoàn thành|khi|"
    r"kết quả|tình hình|đồng thời|tham mưu|đề xuất|bảo đảm|đảm bảo|tập trung|khẩn trương|giải quyết|"
    r"làm rõ|thẩm tra|hoàn thiện|cập nhật|kiểm tra|đôn đốc|theo dõi|thường xuyên|định kỳ|hằng|hàng)\b"
    r"|\s*[;:.()]|,\s+(?:đồng thời|trong|theo|để|bảo đảm|đảm bảo|trước|chậm nhất)\b", re.I)


def _clean(u: str) -> str:
    u = re.sub(r"\s+", " ", u).strip(" ,;.:-–")
    u = re.sub(r"^(?:và|với)\s+", "", u)
    return u


def split(text: str) -> list[str]:
    """'Sở Tài chính, Sở Nội vụ' -> two units; a collective description stays one."""
    text = _clean(text)
    if not text:
        return []
    if _units is not None and hasattr(_units, "split_units"):
        try:
            got = _units.split_units(text)
            out = [_clean(getattr(g, "text", g)) for g in got]
            out = [u for u in out if u]
            if out and _covers(text, out):
                return out
        except Exception:  # noqa: BLE001 - fall back on the plain rule
            pass
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


def _phrase_after(sentence: str, pos: int) -> str:
    rest = sentence[pos:pos + 260]
    m = _END.search(rest)
    return _clean(rest[: m.start()] if m else rest)


@lru_cache(maxsize=256)
def _roles(sentence: str):
    return _units.roles(sentence)


def cooperating(sentence: str) -> list[str]:
    if _units is not None and hasattr(_units, "roles"):
        try:
            r = _roles(sentence)
            co = [_clean(getattr(u, "text", u)) for u in (r.get("cooperating_units") or [])]
            return [u for u in co if u]
        except Exception:  # noqa: BLE001
            pass
    m = _COOP.search(sentence)
    if not m:
        return []
    ph = _phrase_after(sentence, m.end())
    if not ph or not re.match(r"^(?:[A-ZĐÀ-Ỹ]|các\s)", ph):
        return []
    return split(ph)


def report_to(sentence: str) -> str | None:
    if _units is not None and hasattr(_units, "roles"):
        try:
            r = _roles(sentence)
            v = r.get("report_to")
            if v:
                return _clean(getattr(v, "text", v))
            return None
        except Exception:  # noqa: BLE001
            pass
    for m in _REPORT.finditer(sentence):
        ph = _phrase_after(sentence, m.end())
        if ph and re.match(r"^(?:[A-ZĐÀ-Ỹ]|cấp\s)", ph) and len(ph.split()) <= 12:
            return ph
    return None


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
    d = _as_date(doc_date)
    if _deadlines is not None:
        try:
            if hasattr(_deadlines, "find_deadlines"):
                try:
                    found = _deadlines.find_deadlines(text, d, received=_as_date(received)) if received \
                        else _deadlines.find_deadlines(text, d)
                except TypeError:      # an older normaliser without the received date
                    found = _deadlines.find_deadlines(text, d)
                if found:
                    best = _pick(found)
                    return _from_deadline(best, text)
                return None, None, None, None
            if hasattr(_deadlines, "parse_deadline"):
                dl = _deadlines.parse_deadline(text, d)
                if dl:
                    return _from_deadline(dl, text)
                return None, None, None, None
        except Exception:  # noqa: BLE001 - fall back
            pass
    return _due_plain(text, d)


def _pick(found):
    dated = [f for f in found if getattr(f, "due_date", None)]
    return (dated or list(found))[0]


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


_P_DATE = re.compile(r"(?:trước|chậm nhất|hoàn thành|xong)[^.;]{0,25}?ngày\s*(\d{1,2})\s*[/-]\s*(\d{1,2})(?:\s*[/-]\s*(\d{4}))?"
                     r"|(?:trước|chậm nhất)[^.;]{0,25}?ngày\s*(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?", re.I)
_P_MONTH = re.compile(r"trong tháng\s+(\d{1,2})(?:\s*(?:năm\s+|/)\s*(\d{4}))?", re.I)
_P_REC = [(re.compile(r"thường xuyên", re.I), "continuous"), (re.compile(r"h[ằà]ng tháng", re.I), "monthly"),
          (re.compile(r"h[ằà]ng quý", re.I), "quarterly"), (re.compile(r"h[ằà]ng năm", re.I), "yearly"),
          (re.compile(r"h[ằà]ng tuần", re.I), "weekly")]


def _due_plain(text: str, d: date | None):
    """Minimal fallback: explicit 'trước ngày dd/mm/yyyy', 'trong tháng m năm y', recurrence."""
    import calendar as _cal
    m = _P_DATE.search(text)
    if m:
        g = m.groups()
        day, mon, yr = (g[0], g[1], g[2]) if g[0] else (g[3], g[4], g[5])
        yr = int(yr) if yr else (d.year if d else None)
        if yr:
            try:
                return date(yr, int(mon), int(day)).isoformat(), m.group(0), None, [m.start(), m.end()]
            except ValueError:
                pass
    m = _P_MONTH.search(text)
    if m:
        yr = int(m.group(2)) if m.group(2) else (d.year if d else None)
        if yr and 1 <= int(m.group(1)) <= 12:
            last = _cal.monthrange(yr, int(m.group(1)))[1]
            return date(yr, int(m.group(1)), last).isoformat(), m.group(0), None, [m.start(), m.end()]
    for rx, rec in _P_REC:
        m = rx.search(text)
        if m:
            return None, m.group(0), rec, [m.start(), m.end()]
    return None, None, None, None
