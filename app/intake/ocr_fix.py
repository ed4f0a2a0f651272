"""Post-check OCR lines against the decree's grammar (rules in data/ocr_rules.json).

Tesseract confuses O/0 and l/I/1, drops or doubles slashes and spaces a số/ký hiệu out
("3508 / VP - KGVX"). The decree fixes the shape of the "Số:" line, of dates ("ngày 05 tháng 9
năm 2018") and of a few printed phrases, so those places can be repaired with confidence;
running text is left alone.
"""
from __future__ import annotations

import difflib
import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data") / "ocr_rules.json"


@lru_cache(maxsize=1)
def rules() -> dict:
    d = json.loads(DATA.read_text(encoding="utf-8"))
    d["_number_prefix"] = re.compile(d["number_line_prefix"]["pattern"])
    d["_prefixes"] = [(re.compile(x["pattern"]), x["replacement"]) for x in d["line_prefixes"]]
    d["_conf"] = d["digit_confusions"]
    words = "|".join(map(re.escape, d["date_words"]))
    d["_date_word"] = re.compile(rf"\b({words})\s+([0-9A-Za-z|!]{{1,5}})\b", re.I)
    d["_quarter"] = re.compile(d["quarter"]["pattern"])
    d["_dmy"] = re.compile(r"(?<![\w/])([0-9OoIl|]{1,2})\s?/\s?([0-9OoIl|]{1,2})\s?/\s?([0-9OoIlS]{4})(?![\w/])")
    return d


def fix_digits(token: str, force: bool = False) -> str:
    """Map letter look-alikes to digits in a token that is (mostly) a number."""
    conf = rules()["_conf"]
    digits = sum(c.isdigit() for c in token)
    fixable = sum(c in conf for c in token)
    if not token or (not force and (digits == 0 or digits < fixable)):
        return token
    if digits + fixable < len(token):
        return token
    return "".join(conf.get(c, c) if not c.isdigit() else c for c in token)


_SYMBOL_CHARS = r"[0-9A-ZĐOoIl|&.]"
_SPACED_SEP = re.compile(rf"(?<={_SYMBOL_CHARS})\s*([/\-–])\s*(?={_SYMBOL_CHARS})")
_DOUBLE = re.compile(r"/{2,}|-{2,}")
_GLUED = re.compile(r"^([0-9]{1,6})([A-ZĐ]{2,})")
_SLASH_LOOK = re.compile(r"^([0-9]{1,6})[lI|\\!1]([A-ZĐ]{2,})")


def fix_symbol(sym: str) -> str:
    """A số/ký hiệu such as '35O8 / VP - KGVX' → '3508/VP-KGVX'."""
    s = _SPACED_SEP.sub(r"\1", sym.strip())
    s = _DOUBLE.sub(lambda m: m.group()[0], s).replace("–", "-")
    parts = s.split("/")
    # number and year parts: the leading parts that are mostly digits
    fixed = []
    for i, p in enumerate(parts):
        if i < len(parts) - 1 or len(parts) == 1:
            fixed.append(fix_digits(p))
        else:
            fixed.append(p)
    s = "/".join(fixed)
    if "/" not in s:
        first = fix_digits(re.match(r"^[0-9OoIl|]*", s).group()) + s[len(re.match(r"^[0-9OoIl|]*", s).group()):]
        m = _SLASH_LOOK.match(first) or _GLUED.match(first)
        if m:
            s = f"{m.group(1)}/{first[m.end(1) + (1 if m.re is _SLASH_LOOK else 0):]}"
    return s


def fix_number_line(line: str) -> str:
    r = rules()
    m = r["_number_prefix"].match(line)
    if not m:
        return line
    rest = line[m.end():]
    # the symbol runs until two spaces or a lower-case word (the right header column)
    rest = _SPACED_SEP.sub(r"\1", rest)
    sm = re.match(r"^\s*(\S+)", rest)
    if not sm:
        return "Số: " + rest.strip()
    sym = fix_symbol(sm.group(1))
    return ("Số: " + sym + rest[sm.end():]).rstrip()


def fix_dates(line: str) -> str:
    r = rules()

    def word(m: re.Match) -> str:
        return f"{m.group(1)} {fix_digits(m.group(2))}"

    line = r["_date_word"].sub(word, line)

    def dmy(m: re.Match) -> str:
        d, mo, y = (fix_digits(g, force=True) for g in m.groups())
        if not (d.isdigit() and mo.isdigit() and y.isdigit()):
            return m.group()
        return f"{d}/{mo}/{y}"

    line = r["_dmy"].sub(dmy, line)
    qmap = r["quarter"]["map"]
    return r["_quarter"].sub(lambda m: f"{m.group(1)} {qmap.get(m.group(2), m.group(2))}", line)


def fix_phrases(line: str) -> str:
    r = rules()
    for pat, rep in r["_prefixes"]:
        m = pat.match(line)
        if m:
            line = rep + line[m.end():]
    stripped = line.strip()
    if not stripped:
        return line
    best, score = None, 0.0
    for phrase in r["fixed_phrases"]:
        if abs(len(phrase) - len(stripped)) > max(4, len(phrase) * 0.25):
            continue
        s = difflib.SequenceMatcher(None, _fold(stripped), _fold(phrase)).ratio()
        if s > score:
            best, score = phrase, s
    if best and score >= r["fixed_phrase_min_similarity"] and stripped != best:
        return best
    return line


def _fold(s: str) -> str:
    return unicodedata.normalize("NFC", s).casefold().replace(" ", "")


def fix_line(line: str) -> str:
    """All corrections for one OCR line."""
    line = unicodedata.normalize("NFC", line)
    out = fix_phrases(line)
    out = fix_number_line(out)
    out = fix_dates(out)
    return out


def fix_lines(lines: list[str]) -> tuple[list[str], int]:
    """Fix every line; returns the lines and how many were changed."""
    out, changed = [], 0
    for ln in lines:
        f = fix_line(ln)
        changed += f != ln
        out.append(f)
    return out, changed
