"""Trích yếu of document types that print none (giấy mời, giấy giới thiệu, giấy nghỉ phép,
phiếu ...): the register still needs one, so it is read from the body (for a giấy mời, what
it invites to) by the rules of `data/untitled_subjects.yaml`; when no rule finds it the
subject stays null instead of taking the first body sentence.

Rule kinds: `cue` (the words after a cue such as "tới dự", cut at the first stop: time,
place, chair ...), `label` (a labelled line such as "Nội dung: ..."), `table` (the one data
row of a column such as "Nội dung"). Every value keeps its evidence span.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from .layout import Para, Table

DATA = Path(__file__).parent / "data" / "untitled_subjects.yaml"
_FLAGS = re.I | re.U
_EDGE = " \t,;:-–—"


@dataclass(frozen=True)
class _Rule:
    kind: str
    pattern: re.Pattern            # cue / label / table header
    after: re.Pattern | None = None


@dataclass(frozen=True)
class _TypeRules:
    body: re.Pattern | None
    rules: tuple[_Rule, ...]
    glue: re.Pattern | None = None


@dataclass(frozen=True)
class _Rules:
    item_label: re.Pattern
    body_any: re.Pattern | None
    stops: tuple[re.Pattern, ...]
    label_stops: tuple[re.Pattern, ...]
    generic: re.Pattern
    min_chars: int
    max_chars: int
    types: dict[str, _TypeRules]
    agency_heads: re.Pattern | None = None


def _rx(s: str | None) -> re.Pattern | None:
    return re.compile(unicodedata.normalize("NFC", s), _FLAGS) if s else None


@cache
def _rules() -> _Rules:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    types: dict[str, _TypeRules] = {}
    for slug, t in (data.get("types") or {}).items():
        rules = []
        for r in t.get("rules") or []:
            key = {"cue": "cue", "label": "label", "table": "header"}[r["kind"]]
            rules.append(_Rule(r["kind"], _rx(r[key]), _rx(r.get("after"))))
        types[slug] = _TypeRules(_rx(t.get("body")), tuple(rules), _rx(t.get("glue")))
    return _Rules(
        item_label=_rx(data["item_label"]),
        body_any=_rx(data.get("body_any")),
        stops=tuple(_rx(s) for s in data["stops"]),
        label_stops=tuple(_rx(s) for s in data["label_stops"]),
        generic=_rx(data["generic"]),
        min_chars=int(data.get("min_chars", 6)),
        max_chars=int(data.get("max_chars", 400)),
        types=types,
        agency_heads=_words_rx(data.get("agency_heads") or []),
    )


def _words_rx(words: list[str]) -> re.Pattern | None:
    """Case-sensitive alternation of whole words, longest first."""
    if not words:
        return None
    alt = "|".join(re.escape(unicodedata.normalize("NFC", w)) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\S)(?:{alt})(?!\w)")


def handles(slug: str | None) -> bool:
    """True for the types whose trích yếu this module reads from the body."""
    return slug in _rules().types


def is_body(slug: str | None, text: str) -> bool:
    """The paragraph under the printed title is the body of such a document ("... trân trọng
    kính mời: ...", "Ông (bà): ..."), not its trích yếu."""
    R = _rules()
    tr = R.types.get(slug or "")
    if tr is None:
        return False
    t = text.strip()
    return bool((R.body_any and R.body_any.search(t)) or (tr.body and tr.body.search(t)))


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFC", s).casefold()
    return s.replace("uỷ", "ủy").replace("oà", "òa").replace("oá", "óa")


def glued_subject_end(slug: str | None, text: str, organs: list[str] = ()) -> int | None:
    """End of the printed trích yếu in a paragraph where a reader glued it to the invitation
    ("Họp trực tuyến ... mưa lũ Văn phòng Chính phủ trân trọng kính mời:"), else None. The
    trích yếu ends where the invitation's subject starts: the cue itself when capitalised
    ("... Trân trọng kính mời:"), the issuing organ's name (or its first words) right before
    the cue, or the first agency head of the last eight words that follows a lower-case word."""
    R = _rules()
    tr = R.types.get(slug or "")
    if tr is None or tr.glue is None:
        return None
    m = tr.glue.search(text)
    if m is None or m.start() == 0:
        return None
    before = text[:m.start()].rstrip()
    cut = m.start() if text[m.start()].isupper() else None
    if cut is None:
        fb = _fold(before)
        for name in organs:
            words = (name or "").split()
            for n in range(len(words), 1, -1):
                pre = _fold(" ".join(words[:n]))
                if fb.endswith(" " + pre):
                    cut = len(before) - len(pre)
                    break
            if cut is not None:
                break
    if cut is None and R.agency_heads is not None:
        words = list(re.finditer(r"\S+", before))
        lo = words[-8].start() if len(words) >= 8 else 0
        for h in R.agency_heads.finditer(before, lo):
            prev = before[:h.start()].split()
            if prev and prev[-1][:1].islower() and "," not in before[h.start():]:
                cut = h.start()
                break
    if cut is None:
        return None
    if R.agency_heads is not None:
        # "Văn phòng | UBND tỉnh trân trọng kính mời": the inviter starts at its first agency word
        while cut > 0:
            tail = [h for h in R.agency_heads.finditer(text[:cut]) if not text[h.end():cut].strip()]
            if not tail:
                break
            cut = tail[-1].start()
    head = text[:cut].rstrip()
    if head.endswith((",", ";", ":")) or re.search(r"[.;:]\s", head):
        return None          # an introductory clause or sentence, not a printed trích yếu
    head = head.rstrip(" -–")
    if len(head.split()) < 2 or is_body(slug, head):
        return None
    return len(head)


def find_subject(slug: str | None, paras: list[Para], start: int, end: int,
                 tables: list[Table] = ()) -> tuple[str, list[int]] | None:
    """(subject, span) read from paras[start:end] by the type's rules, tried in order; a hit
    that only names the kind of meeting ("họp") does not count. None when nothing fits."""
    tr = _rules().types.get(slug or "")
    if tr is None:
        return None
    body = paras[start:end]
    lo = body[0].start if body else 0
    hi = body[-1].end if body else 0
    for rule in tr.rules:
        if rule.kind == "cue":
            hit = _by_cue(rule, body)
        elif rule.kind == "label":
            hit = _by_label(rule, body)
        else:
            hit = _by_table(rule, [t for t in tables if t.rows and t.rows[0] and lo <= _first(t) < hi])
        if hit is not None:
            return hit
    return None


# ---------------------------------------------------------------- rules

def _first(t: Table) -> int:
    return min((c.start for row in t.rows for c in row if c.offs), default=-1)


def _cut(p: Para, a: int, stops) -> tuple[str, list[int]] | None:
    """p.text[a:] up to the first stop, trimmed; None when too short, too long or generic."""
    R = _rules()
    t = p.text
    b = len(t)
    for s in stops:
        m = s.search(t, a)
        while m is not None and m.start() == a and m.end() == a:
            m = s.search(t, a + 1)
        if m is not None and m.start() < b:
            b = m.start()
    while a < b and t[a] in _EDGE:
        a += 1
    while b > a and t[b - 1] in _EDGE + ".":
        b -= 1
    value = t[a:b]
    if value.count("(") > value.count(")"):       # a stop inside a bracket: drop the bracket
        k = value.rfind("(")
        b = a + k
        while b > a and t[b - 1] in _EDGE:
            b -= 1
        value = t[a:b]
    if len(value) < R.min_chars or len(value) > R.max_chars or R.generic.match(value):
        return None
    span = p.span(a, b)
    return (value, span) if span else None


def _by_cue(rule: _Rule, body: list[Para]) -> tuple[str, list[int]] | None:
    """The words after the cue; with `after` ("mời"), only a cue after the invitation or one
    that opens a line ("Đồng chí: ...... / Tới dự Hội nghị ...")."""
    invited = rule.after is None
    for k, p in enumerate(body):
        pos = len(p.text)
        if invited:
            pos = 0
        else:
            m = rule.after.search(p.text)
            if m is not None:
                invited, pos = True, m.end()
        opens = {a + _label_len(p.sub(a)) for a in _line_starts(p)}
        for m in rule.pattern.finditer(p.text):
            if m.start() < pos and m.start() not in opens:
                continue
            hit = _cut(p, m.end(), _rules().stops)
            if hit is None and m.end() >= len(p.text.rstrip(" :")) and k + 1 < len(body):
                q = body[k + 1]                    # "Tới dự:" alone, the event on the next line
                if not _is_label_line(q.text[_label_len(q):]):
                    hit = _cut(q, _label_len(q), _rules().stops)
            if hit is not None:
                return hit
    return None


def _label_len(p: Para) -> int:
    m = _rules().item_label.match(p.text)
    return m.end() if m else 0


def _line_starts(p: Para) -> list[int]:
    """Offsets in p.text where its physical lines start (always 0)."""
    pos = {o: i for i, o in enumerate(p.offs)}
    starts = {pos[ln.offs[0]] for ln in p.lines if ln.offs and ln.offs[0] in pos}
    return sorted(starts | {0})


def _line_segments(body: list[Para]) -> list[Para]:
    """Each physical line of the body as its own paragraph: a reader that joins broken lines
    may have glued labelled lines ("Ông (bà): ... Chức vụ: ... Về việc: ...") together."""
    out: list[Para] = []
    for p in body:
        starts = _line_starts(p)
        if len(starts) == 1:
            out.append(p)
            continue
        for a, b in zip(starts, starts[1:] + [len(p.text)], strict=False):
            out.append(p.sub(a, b))
    return out


def _by_label(rule: _Rule, body: list[Para]) -> tuple[str, list[int]] | None:
    R = _rules()
    body = _line_segments(body)
    for k, p in enumerate(body):
        a = _label_len(p)
        m = rule.pattern.match(p.text, a)
        if m is None:
            continue
        sep = re.match(r"\s*[:\-–]\s*", p.text[m.end():])
        if sep is None:
            continue
        a = m.end() + sep.end()
        if a < len(p.text):
            hit = _cut(p, a, R.label_stops)
        else:
            # "Nội dung:" alone: the next line, when it is the only item under the label
            nxt = body[k + 1:k + 3]
            if not nxt:
                continue
            first = nxt[0]
            mark = first.text[:1]
            if _label_len(first):
                if len(nxt) > 1 and not mark.isalnum() and nxt[1].text[:1] == mark:
                    continue                      # several items: no single purpose
            elif _is_label_line(first.text):
                continue
            hit = _cut(first, _label_len(first), R.label_stops)
        if hit is not None:
            return hit
    return None


def _is_label_line(t: str) -> bool:
    return bool(re.match(r"^[^\s:]+(?:\s+[^\s:]+){0,3}\s*:", t))


def _by_table(rule: _Rule, tables: list[Table]) -> tuple[str, list[int]] | None:
    for tb in tables:
        head = tb.rows[0]
        for col, cell in enumerate(head):
            if not rule.pattern.match(cell.text.strip()):
                continue
            rows = [r for r in tb.rows[1:] if col < len(r) and r[col].text.strip()]
            if len(rows) != 1:                    # several sessions: no single purpose
                continue
            c = rows[0][col]
            hit = _cut(c, _label_len(c), _rules().label_stops)
            if hit is not None:
                return hit
    return None
