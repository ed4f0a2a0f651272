"""Vietnamese deadline and recurrence normaliser: directive text → ISO due date, evidence span.

The language knowledge (idioms, trigger words, recurrence words, number words, what a
relative deadline counts from) lives in `data/deadline_idioms.yaml`; this module is the engine
that matches those patterns on a folded copy of the text (see `textfold`), resolves each match
to a date and picks the one deadline a directive states.

Public API
    Deadline                      due_date (ISO 'YYYY-MM-DD', 'YYYY-MM' for a blank day, or None),
                                  due_text, recurrence ('daily', 'weekly', 'monthly', 'quarterly',
                                  'half_yearly', 'yearly', 'continuous' or None), start/end (span
                                  in the given text), kind ('before_date', 'by_date', 'month',
                                  'quarter', 'half_year', 'months', 'year', 'period',
                                  'working_days', 'days', 'weeks', 'recurring'),
                                  strong (False: may only qualify a noun, e.g. "báo cáo hằng năm"),
                                  trigger (introduced by a deadline word, not a bare table cell),
                                  unit/num/basis (relative deadlines: 'working_days', 'days', ...;
                                  counted from 'document', 'receipt', 'effective', 'date' (a
                                  stated date) or 'other' (undated)),
                                  note (Vietnamese remark for the reviewer).
    find_deadlines(text, doc_date, include_weak=False, received=None) -> list[Deadline]
                                                       every deadline/recurrence, in text order
    parse_deadline(text, doc_date, received=None) -> Deadline | None
                                                       the one deadline a directive states
                                                       (`received`: the ĐẾN stamp date, used for
                                                       "kể từ ngày nhận được" when known)
    parse_date(text) -> str | None                     first written date: "ngày 05 tháng 9 năm
                                                       2018" → "2018-09-05", "ngày   tháng 10 năm
                                                       2023" → "2023-10"

Rules (README of corpus/): "trước ngày 20/10/2023" is due on the stated date itself; a month,
quarter, half year or year is due on its last day; a date without a year takes the document's
year, or the next one when that falls before the document date; "trong 05 ngày làm việc kể từ
ngày ký" counts working days (calendar.add_working_days) from the document date (also for
"kể từ ngày nhận được", noted); a recurrence without an explicit date has no due date, a day of
the year ("trước ngày 15/11 hằng năm") is due on its next occurrence. Dates of cited documents
("Quyết định số 36/2018/QĐ-UBND ngày 19/4/2018"), effective dates ("từ ngày 01/7/2025"), the
promulgation line and dates more than a year before the document are not deadlines.
`doc_date` may be a date, an ISO string, or "YYYY-MM" (then only the year is used).
"""
from __future__ import annotations

import calendar as _cal
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import yaml

from app.extraction.calendar import add_working_days, lunar_new_year
from app.extraction.textfold import Folded, Spans, clean_span_text, fold, fold_text

_DATA = Path(__file__).with_name("data") / "deadline_idioms.yaml"

RECURRENCES = ("daily", "weekly", "monthly", "quarterly", "half_yearly", "yearly", "continuous")


@dataclass
class Deadline:
    due_date: str | None
    due_text: str
    recurrence: str | None
    start: int
    end: int
    kind: str
    strong: bool = True
    trigger: bool = False          # introduced by a deadline word (trước, chậm nhất, trong, ...)
    unit: str | None = None        # relative deadlines: working_days | days | weeks | months
    num: int | None = None
    basis: str | None = None       # relative deadlines: document | receipt | effective | other
    note: str | None = None


@dataclass
class _Idiom:
    name: str
    kind: str
    resolve: str
    strength: str
    recurrence: str | None
    regex: re.Pattern
    anchor: re.Pattern


# --- loading the data ------------------------------------------------------------------------

_MACRO = re.compile(r"\{([A-Z][A-Z_]*)\}")
_GROUP = re.compile(r"\(\?P<([a-z]+)>")


def _expand(pattern: str, macros: dict[str, str]) -> str:
    for _ in range(10):
        new = _MACRO.sub(lambda m: "(?:" + macros[m.group(1)] + ")", pattern)
        if new == pattern:
            break
        pattern = new
    counter = iter(range(10_000))
    return _GROUP.sub(lambda m: f"(?P<{m.group(1)}__{next(counter)}>", pattern)


def _foldkey(s: str) -> str:
    return re.sub(r"\s+", " ", fold(s).lower().strip())


@lru_cache(maxsize=1)
def _rules() -> dict:
    with open(_DATA, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    char_map = raw.get("char_map", {})
    macros = {k: fold(v) for k, v in raw["macros"].items()}
    idioms = [
        _Idiom(
            name=i["name"], kind=i["kind"], resolve=i["resolve"], strength=i["strength"],
            recurrence=i.get("recurrence"),
            regex=re.compile(r"(?<!\w)" + _expand(fold(i["pattern"]), macros), re.IGNORECASE),
            anchor=re.compile(_expand(fold(i["anchor"]), macros), re.IGNORECASE),
        )
        for i in raw["idioms"]
    ]

    def words(key: str) -> re.Pattern:
        alts = sorted((_foldkey(w) for w in raw[key]), key=len, reverse=True)
        return re.compile(r"(?:^|[\s,(])(?:" + "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in alts)
                          + r")\s*$", re.IGNORECASE)

    return {
        "char_map": char_map,
        "idioms": idioms,
        "any_anchor": re.compile("|".join(f"(?:{i.anchor.pattern})" for i in idioms), re.IGNORECASE),
        "cues": re.compile(r"(?<![\w/\-])" + _expand(fold(raw["cues"]), macros) + r"(?!\w)", re.IGNORECASE),
        "cue_window": int(raw["cue_window"]),
        "bare_slack": int(raw["bare_slack"]),
        "anchor_reach": tuple(raw["anchor_reach"]),
        "condition_before": words("condition_before"),
        "not_recurrence_before": words("not_recurrence_before"),
        "as_of_before": words("as_of_before"),
        "not_continuous_before": words("not_continuous_before"),
        "recurrence_units": {_foldkey(k): v for k, v in raw["recurrence_units"].items()},
        "months_recurrence": {int(k): v for k, v in raw["months_recurrence"].items()},
        "numbers": {_foldkey(k): int(v) for k, v in raw["numbers"].items()},
        "roman": {k.upper(): int(v) for k, v in raw["roman"].items()},
        "month_parts": {_foldkey(k): v for k, v in raw["month_parts"].items()},
        "quarter_parts": {_foldkey(k): int(v) for k, v in raw["quarter_parts"].items()},
        "bases": {k: re.compile(fold(v), re.IGNORECASE) for k, v in raw["relative_bases"].items()},
    }


# --- helpers -----------------------------------------------------------------------------------

def _groups(m: re.Match) -> dict[str, str]:
    """Named groups without their uniqueness suffix; the first one that matched wins."""
    out: dict[str, str] = {}
    for key, val in m.groupdict().items():
        if val is not None:
            out.setdefault(key.split("__")[0], val)
    return out


def _month_end(y: int, m: int) -> date:
    return date(y, m, _cal.monthrange(y, m)[1])


def _add_months(d: date, n: int) -> date:
    m0 = d.month - 1 + n
    y, m = d.year + m0 // 12, m0 % 12 + 1
    return date(y, m, min(d.day, _cal.monthrange(y, m)[1]))


def _as_date(doc_date) -> date | None:
    if doc_date is None or isinstance(doc_date, date):
        return doc_date
    s = str(doc_date)
    try:
        return date.fromisoformat(s)
    except ValueError:
        return None


def _doc_year(doc_date) -> int | None:
    if doc_date is None:
        return None
    if isinstance(doc_date, date):
        return doc_date.year
    m = re.match(r"(\d{4})", str(doc_date))
    return int(m.group(1)) if m else None


def _with_year(make, year: str | None, doc_date) -> date | None:
    """Build a date with the stated year, else the document's (next year if before the doc)."""
    if year:
        return make(int(year))
    y = _doc_year(doc_date)
    if y is None:
        return None
    d = make(y)
    ref = _as_date(doc_date)
    if d is not None and ref is not None and d < ref:
        d = make(y + 1)
    return d


def _clause_before(f: Folded, start: int, limit: int = 120) -> str:
    """Folded text from the start of the clause (after . ; ! ? newline-bullet) up to `start`."""
    lo = max(0, start - limit)
    chunk = f.text[lo:start]
    cut = max(chunk.rfind(c) for c in ".;!?\n")
    if cut >= 0:
        # a dot inside a date or a number ("05.9.2018", "1.2.") does not end a clause
        chunk = chunk[cut + 1:]
    return chunk


def _is_clause_start(prefix: str) -> bool:
    """Nothing but a label, bullet or opening words before: "a) ", "- ", "2.1. ", "Định kỳ, "."""
    p = re.sub(r"^\s*(?:[-+•–]\s*|\(?[a-zđ0-9]{1,3}[.)]\s*)*", "", prefix, flags=re.I)
    return p.strip(" ,:") == "" or prefix.rstrip().endswith(":")


# "quý I hằng năm", "tháng 12 hàng năm", "ngày 20 hằng tháng": a recurrence right after a period
_AFTER_PERIOD = re.compile(r"(?:\d|\bqu[yi]\s+[ivx]+|\bthang\s+cuoi\s+qu[yi])\s*$", re.I)
_RECURRENCE_VERBS = re.compile(
    r"(?:bao\s+cao|gui|cap\s+nhat|kiem\s+tra|to\s+chuc|danh\s+gia|ra\s+soat|tong\s+hop|"
    r"hop|giao\s+ban|thong\s+tin|theo\s+doi|cung\s+cap|truc|dieu\s+phoi|giam\s+sat)\s+(?:\S+\s+){0,4}$", re.I)


# --- resolution -------------------------------------------------------------------------------

def _resolve(idiom: _Idiom, g: dict[str, str], doc_date, rules: dict, received=None) -> Deadline | None:
    """Due date and attributes of one match (start/end/due_text filled by the caller)."""
    trig = _foldkey(g.get("trig", ""))
    before = trig.endswith("truoc") or trig.startswith("truoc")
    dl = Deadline(None, "", None, 0, 0, idiom.kind, trigger=bool(trig))
    r = idiom.resolve
    try:
        if r == "none":
            rec = idiom.recurrence
            if rec == "from_unit":
                rec = rules["recurrence_units"].get(_foldkey(g.get("unit", "")))
            elif rec == "from_months":
                n = _foldkey(g.get("n", ""))
                n = int(n) if n.isdigit() else rules["numbers"].get(n, 0)
                rec = rules["months_recurrence"].get(n)
                if rec is None:
                    return None
            dl.recurrence = rec
        elif r == "date":
            if idiom.recurrence and idiom.recurrence != "from_unit":
                dl.recurrence = idiom.recurrence
            day, month = int(g["day"]), int(g["month"])
            d = _with_year(lambda y: date(y, month, day), g.get("year"), doc_date)
            dl.due_date = d.isoformat() if d else None
        elif r == "month_only":
            dl.due_date = f"{int(g['year']):04d}-{int(g['month']):02d}"
        elif r == "month_end":
            month = int(g["month"])
            if before:
                d = _with_year(lambda y: _month_end(y, month) if month > 1 else None, g.get("year"), doc_date)
                d = (date(d.year, month, 1) - timedelta(days=1)) if d else None
                if d is None and g.get("year") and month == 1:
                    d = date(int(g["year"]) - 1, 12, 31)
            else:
                d = _with_year(lambda y: _month_end(y, month), g.get("year"), doc_date)
            dl.due_date = d.isoformat() if d else None
        elif r == "month_part":
            month = int(g["month"])
            part = rules["month_parts"].get(_foldkey(g.get("part", "")), "last")

            def make(y: int) -> date:
                return _month_end(y, month) if part == "last" else date(y, month, int(part))
            d = _with_year(make, g.get("year"), doc_date)
            dl.due_date = d.isoformat() if d else None
        elif r == "quarter_end":
            q = g["q"].upper()
            q = rules["roman"].get(q) or int(q)
            sub = rules["quarter_parts"].get(_foldkey(g.get("part", "")), 3)
            d = _with_year(lambda y: _month_end(y, 3 * (q - 1) + sub), g.get("year"), doc_date)
            if before and d:
                d = date(d.year, 3 * (q - 1) + 1, 1) - timedelta(days=1)
            dl.due_date = d.isoformat() if d else None
        elif r == "half_year":
            part = _foldkey(g.get("part", ""))
            n = g.get("n")
            n = 6 if n is None else (int(n) if n.isdigit() else rules["numbers"].get(_foldkey(n), 0))
            if not 1 <= n <= 12:
                return None
            month = n if part == "dau" else 12
            d = _with_year(lambda y: _month_end(y, month), g.get("year"), doc_date)
            dl.due_date = d.isoformat() if d else None
            if n != 6:
                dl.kind = "months"
        elif r == "year_end":
            if g.get("year"):
                y = int(g["year"]) - (1 if before else 0)
            else:
                y = _doc_year(doc_date)
            dl.due_date = date(y, 12, 31).isoformat() if y else None
        elif r == "relative":
            return _resolve_relative(dl, g, doc_date, rules, received)
        elif r == "this_period":
            ref = _as_date(doc_date)
            if ref is None:
                return dl
            unit = rules["recurrence_units"].get(_foldkey(g["unit"]))
            nxt = _foldkey(g["rel"]) != "nay"            # này/nay: this one; tới/sau: the next
            if unit == "weekly":                           # the Friday of that working week
                d = ref + timedelta(days=(4 - ref.weekday()) % 7 + (7 if nxt else 0))
            elif unit == "monthly":
                m0 = ref.month - 1 + (1 if nxt else 0)
                d = _month_end(ref.year + m0 // 12, m0 % 12 + 1)
            elif unit == "quarterly":
                q0 = (ref.month - 1) // 3 + (1 if nxt else 0)
                d = _month_end(ref.year + q0 // 4, 3 * (q0 % 4) + 3)
            else:
                d = date(ref.year + (1 if nxt else 0), 12, 31)
            if trig.startswith("truoc"):
                return None   # "trước tháng tới" is too vague to date
            dl.due_date = d.isoformat()
        elif r == "same_day":
            dl.num, dl.unit, dl.basis = 0, "days", "receipt"
            dl.note = "Trong ngày nhận văn bản: tạm dùng ngày văn bản."
            ref = _as_date(received) or _as_date(doc_date)
            dl.due_date = ref.isoformat() if ref else None
        elif r == "tet":
            # "trước Tết" is due on the last day of the lunar year (30 or 29 Tết)
            if g.get("year"):
                d = lunar_new_year(int(g["year"])) - timedelta(days=1)
            else:
                ref = _as_date(doc_date)
                y = _doc_year(doc_date)
                if y is None:
                    return dl
                d = lunar_new_year(y) - timedelta(days=1)
                if ref is not None and d < ref:
                    d = lunar_new_year(y + 1) - timedelta(days=1)
            dl.due_date = d.isoformat()
        else:
            raise ValueError(f"unknown resolve kind {r!r} in {idiom.name}")
    except (ValueError, KeyError, TypeError):
        return None   # 31/02, a month 13: not a date
    return dl


_BASE_DATE = re.compile(r"^(?:ngay\s+)?(?:(\d{1,2})\s*[/\-]\s*(\d{1,2})(?:\s*[/\-]\s*(\d{4}))?"
                        r"|(\d{1,2})\s+thang\s+(\d{1,2})(?:\s*,?\s*nam\s+(\d{4}))?)(?!\d)")


def _resolve_relative(dl: Deadline, g: dict[str, str], doc_date, rules: dict, received=None) -> Deadline | None:
    raw = _foldkey(g["num"])
    n = int(raw) if raw.isdigit() else rules["numbers"].get(raw)
    if not n:
        return None
    unit = _foldkey(g["unit"])
    dl.num = n
    dl.unit = {"ngay lam viec": "working_days", "ngay": "days", "tuan": "weeks", "thang": "months"}[unit]
    dl.kind = dl.unit
    base = _foldkey(g.get("base") or "")
    start = _as_date(doc_date)
    bd = _BASE_DATE.match(base)
    if bd:                         # "trong 30 ngày kể từ ngày 01/12/2025": counted from that date
        d_, m_, y_ = (bd.group(1), bd.group(2), bd.group(3)) if bd.group(1) else bd.group(4, 5, 6)
        try:
            start = _with_year(lambda y: date(y, int(m_), int(d_)), y_, doc_date)
        except ValueError:
            start = None
        dl.basis = "date"
    elif not base:
        dl.basis = "document"
        dl.note = "Không nêu mốc tính: tính từ ngày văn bản."
    elif rules["bases"]["receipt"].search(base):
        dl.basis = "receipt"
        if _as_date(received):
            start = _as_date(received)
            dl.note = "Tính từ ngày đến của văn bản."
        else:
            dl.note = "Tính từ ngày nhận văn bản: tạm dùng ngày văn bản."
    elif rules["bases"]["document"].search(base):
        dl.basis = "document"
        if rules["bases"]["effective"].search(base):
            dl.basis = "effective"
            dl.note = "Tính từ ngày văn bản có hiệu lực: tạm dùng ngày văn bản."
    else:
        dl.basis = "other"
        dl.note = "Mốc tính không phải ngày văn bản: không xác định được ngày."
        return dl
    if start is None:
        return dl
    if dl.unit == "working_days":
        due = add_working_days(start, n)
    elif dl.unit == "days":
        due = start + timedelta(days=n)
    elif dl.unit == "weeks":
        due = start + timedelta(days=7 * n)
    else:
        due = _add_months(start, n)
    dl.due_date = due.isoformat()
    return dl


# --- matching ---------------------------------------------------------------------------------

def _letters(s: str) -> int:
    return sum(map(str.isalpha, s))


def _cell_letters(f: Folded, s: int, e: int) -> int:
    """Letters of the table cell or line that holds folded [s, e): a "Thời gian" cell of a task
    table ("| Quý IV/2025 |") or a line of its own is short even inside a long text."""
    o_s, o_e = f.span(s, e)
    text = f.original
    lo = max(text.rfind("|", 0, o_s), text.rfind("\n", 0, o_s)) + 1
    hi = [x for x in (text.find("|", o_e), text.find("\n", o_e)) if x >= 0]
    hi = min(hi) if hi else len(text)
    return _letters(re.sub(r"</?[A-Za-z]{1,6}\s*/?>", " ", text[lo:hi]))


def _accept(idiom: _Idiom, dl: Deadline, f: Folded, s: int, e: int, rules: dict, total_letters: int) -> bool:
    """Context checks: cue words for bare idioms, conditions, nouns that look like recurrences."""
    prefix = _clause_before(f, s)
    inside = _letters(f.text[s:e])
    short = total_letters - inside <= rules["bare_slack"] or _cell_letters(f, s, e) - inside <= rules["bare_slack"]
    if idiom.strength not in ("recurrence", "continuous") and rules["condition_before"].search(prefix[-30:]):
        return False   # "văn bản ban hành trước ngày ...", "nhiệm vụ được giao trong năm 2025"
    since_now = re.search(r"\btu\s+nay\s*$", prefix, re.I)
    if since_now and not _is_clause_start(prefix[:since_now.start()]):
        return False   # "kịch bản tăng trưởng từ nay đến hết năm 2025": the period it covers
    if idiom.strength == "bare":
        if _NOT_DEADLINE_BEFORE.search(prefix[-14:]):
            return False   # "từ ngày 01/7/2025", or a "trước ngày" already judged a condition
        if _PLACE_DATE.search(prefix[-40:]):
            return False   # "Hà Nội, ngày 20 tháng 11 năm 2025": the promulgation line
        if dl.trigger or short:
            return True
        window = prefix[-rules["cue_window"]:]
        cues = list(rules["cues"].finditer(window))
        if not cues:
            return False
        gap = window[cues[-1].end():]
        return not re.search(r"[\d/]|\bso\b", gap, re.I)
    if idiom.strength == "recurrence":
        if rules["not_recurrence_before"].search(prefix):
            return False
        matched = f.text[s:e].lower()
        dl.strong = ("dinh ky" in matched or short or _is_clause_start(prefix)
                     or bool(_RECURRENCE_VERBS.search(prefix)) or bool(re.search(r"dinh\s+ky", prefix[-40:], re.I))
                     or bool(_AFTER_PERIOD.search(prefix)))
        return True
    if idiom.strength == "until":
        return not rules["as_of_before"].search(prefix[-30:])
    if idiom.strength == "continuous":
        return not rules["not_continuous_before"].search(prefix)
    return True


def _windows(text: str, anchor: re.Pattern, reach: tuple[int, int]) -> list[tuple[int, int]]:
    """Stretches of the text around an idiom's anchor, where the idiom can match.

    Every match of an idiom contains its anchor; running the pattern only near anchors keeps
    long documents fast without changing what is found (the reach covers the longest trigger).
    """
    before, after = reach
    out: list[list[int]] = []
    for m in anchor.finditer(text):
        lo, hi = max(0, m.start() - before), min(len(text), m.end() + after)
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(a, b) for a, b in out]


_NOT_DEADLINE_BEFORE = re.compile(r"(?:\btruoc|\btu|\bsau|\bke\s+tu|\btinh\s+tu)\s*$", re.I)
_PLACE_DATE = re.compile(r"(?:^|[\s(])[A-Z][a-z]*(?:\s+[A-Z][a-z]*)*\s*,\s*$")
_JOIN = re.compile(r"^\s*(?:-|–|—|den|toi)\s*$", re.I)
_PERIODS = {"before_date", "by_date", "month", "quarter", "half_year", "year", "months"}
_WHOLE_PERIODS = {"month", "quarter", "half_year", "year", "months"}
_AND = re.compile(r"^\s*(?:,|va)\s*$", re.I)


def find_deadlines(text: str, doc_date: date | str | None = None, include_weak: bool = False,
                   received: date | str | None = None) -> list[Deadline]:
    """Every temporal expression in `text` that states a deadline or a recurrence, in order.

    Overlapping matches are resolved longest first; "Quý IV/2025 - Quý II/2026" is one deadline
    (the end of the range). A recurrence word that may only qualify a noun ("các báo cáo tổng
    kết hằng năm") states no recurrence: it is left out unless `include_weak` (then strong=False).
    """
    if not text:
        return []
    rules = _rules()
    f = fold_text(text, rules["char_map"])
    if not rules["any_anchor"].search(f.text):
        return []          # no digit and no deadline word: most paragraphs of a document
    total_letters = _letters(f.text)
    found: list[tuple[int, int, int, Deadline]] = []
    seen: set[tuple[int, int, int]] = set()
    windows: dict[str, list[tuple[int, int]]] = {}
    for prio, idiom in enumerate(rules["idioms"]):
        key = idiom.anchor.pattern
        if key not in windows:
            windows[key] = _windows(f.text, idiom.anchor, rules["anchor_reach"])
        for lo, hi in windows[key]:
            for m in idiom.regex.finditer(f.text, lo, hi):
                s, e = m.span()
                while e > s and f.text[e - 1].isspace():
                    e -= 1
                if e <= s or (s, e, prio) in seen:
                    continue
                seen.add((s, e, prio))
                dl = _resolve(idiom, _groups(m), doc_date, rules, received)
                if dl is None or not _accept(idiom, dl, f, s, e, rules, total_letters):
                    continue
                found.append((s, e, prio, dl))
    found.sort(key=lambda t: (-(t[1] - t[0]), t[2], t[0]))
    chosen: list[tuple[int, int, int, Deadline]] = []
    taken = Spans()
    for cand in found:
        if not taken.overlaps(cand[0], cand[1]):
            taken.add(cand[0], cand[1])
            chosen.append(cand)
    chosen.sort(key=lambda t: t[0])

    merged: list[tuple[int, int, Deadline]] = []
    for s, e, _, dl in chosen:
        if merged:
            ps, pe, pdl = merged[-1]
            if (pdl.kind in _PERIODS and pdl.due_date and pdl.recurrence is None and dl.kind == "recurring"
                    and dl.due_date is None and dl.recurrence and dl.strong and re.fullmatch(r"[\s,]*", f.text[pe:s])):
                pdl.recurrence = dl.recurrence        # "trong quý I hằng năm": one deadline, recurring
                merged[-1] = (ps, e, pdl)
                continue
            if (pdl.kind in _PERIODS and dl.kind in _PERIODS and pdl.recurrence is None
                    and dl.recurrence is None and (_JOIN.match(f.text[pe:s]) or (
                        pdl.kind in _WHOLE_PERIODS and dl.kind in _WHOLE_PERIODS and _AND.match(f.text[pe:s])))):
                # "Quý IV/2025 - Quý II/2026", "tháng 11 và tháng 12/2025": due at the end of the last
                dl.trigger = dl.trigger or pdl.trigger
                merged[-1] = (ps, e, dl)
                continue
        merged.append((s, e, dl))

    ref = _as_date(doc_date)
    floor = (ref - timedelta(days=365)).isoformat() if ref else ""
    out = []
    for s, e, dl in merged:
        if not dl.strong and not include_weak:
            continue
        if dl.due_date and dl.due_date < floor[:len(dl.due_date)]:
            continue   # more than a year before the document: a condition on the past
        dl.start, dl.end = f.span(s, e)
        dl.due_text = clean_span_text(text[dl.start:dl.end])
        out.append(dl)
    return out


_DAY_KINDS = {"before_date", "by_date", "recurring", "working_days", "days", "weeks", "months"}


def _rank(dl: Deadline) -> int:
    """A stated day beats a stated period; a trigger word beats a cue or a bare table cell."""
    if dl.due_date is None:
        return 0
    if dl.trigger:
        return 4 if dl.kind in _DAY_KINDS else 3
    return 2


def parse_deadline(text: str, doc_date: date | str | None = None,
                   received: date | str | None = None) -> Deadline | None:
    """The one deadline a directive states, with the recurrence it carries.

    Preference: a date not before the document, introduced by a deadline word (trước, chậm nhất,
    trong, hạn, thời gian ...), a day before a period, then a cued or table-cell period; the first
    in the text among equals. Dates more than a year before the document are conditions. A recurrence
    (strong only) is attached to the chosen date; alone it gives a Deadline without a date. A
    relative deadline counted from something other than the document is returned undated when
    nothing better exists.
    """
    found = find_deadlines(text, doc_date, received=received)   # dates long before the document are left out
    ref = _as_date(doc_date)
    ref_s = ref.isoformat() if ref else ""
    dated = [d for d in found if d.due_date and d.strong]
    recurring = [d for d in found if d.recurrence and d.strong]
    # a deadline still ahead of the document beats one already past ("... trước ngày 30/10 nhưng
    # chưa xong; hoàn thành trước ngày 06/12")
    best = max(dated, key=lambda d: (d.due_date >= ref_s[:len(d.due_date)], _rank(d), -d.start), default=None)
    rec = recurring[0] if recurring else None
    if best is not None:
        if rec is not None and best.recurrence is None:
            best.recurrence = rec.recurrence
        return best
    if rec is not None:
        return rec
    undated = [d for d in found if d.strong and d.kind != "recurring" and d.due_date is None]
    return undated[0] if undated else None


# --- plain dates (metadata) -------------------------------------------------------------------

_DATE_RE = re.compile(
    r"ngay[\s._…]*(?P<d>\d{1,2})?[\s._…]*thang[\s._…]*(?P<m>\d{1,2})[\s._…,]*nam[\s._…]*(?P<y>\d{4})"
    r"|(?<![\d/])(?P<d2>\d{1,2})\s*[/.\-]\s*(?P<m2>\d{1,2})\s*[/.\-]\s*(?P<y2>(?:19|20)\d\d)(?!\d)",
    re.I,
)


def parse_date(text: str) -> str | None:
    """First written date in `text` as ISO; a blank day ("ngày   tháng 10 năm 2023") → "2023-10"."""
    f = fold_text(text or "", _rules()["char_map"])
    for m in _DATE_RE.finditer(f.text):
        d, mo, y = (m.group("d") or m.group("d2")), (m.group("m") or m.group("m2")), (m.group("y") or m.group("y2"))
        try:
            if d is None:
                if 1 <= int(mo) <= 12:
                    return f"{int(y):04d}-{int(mo):02d}"
                continue
            return date(int(y), int(mo), int(d)).isoformat()
        except ValueError:
            continue
    return None
