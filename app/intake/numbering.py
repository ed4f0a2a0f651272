"""Word automatic numbering: the "1.", "a)", "-" a reader sees but that is not in the text.

Counters are kept per list (numId) and level; a higher level restarts the lower ones. Only
the formats Vietnamese administrative documents use are rendered; others fall back to decimal.
"""
from __future__ import annotations

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(n: int) -> str:
    out = ""
    for v, s in _ROMAN:
        while n >= v:
            out += s
            n -= v
    return out


def fmt_number(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "upperRoman":
        return roman(n)
    if fmt == "lowerRoman":
        return roman(n).lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("none",):
        return ""
    return str(n)


def _letters(n: int) -> str:
    # Word's lowerLetter is a..z (then aa, bb); Vietnamese documents letter items the same way
    # in Word, so follow Word: 'a'..'z'.
    n -= 1
    return chr(ord("a") + n % 26) * (n // 26 + 1)


class Numbering:
    def __init__(self, root: etree._Element | None, style_num: dict[str, tuple[str, int]] | None = None):
        self.levels: dict[str, dict[int, dict]] = {}     # abstractNumId -> ilvl -> level
        self.nums: dict[str, str] = {}                    # numId -> abstractNumId
        self.overrides: dict[str, dict[int, int]] = {}    # numId -> ilvl -> start override
        self.counters: dict[str, dict[int, int]] = {}     # abstractNumId -> ilvl -> current
        self.style_num = style_num or {}
        if root is None:
            return
        for an in root.findall(q("abstractNum")):
            aid = an.get(q("abstractNumId"))
            lv = {}
            for lvl in an.findall(q("lvl")):
                il = int(lvl.get(q("ilvl"), "0"))
                fmt = lvl.find(q("numFmt"))
                text = lvl.find(q("lvlText"))
                start = lvl.find(q("start"))
                lv[il] = {
                    "fmt": fmt.get(q("val")) if fmt is not None else "decimal",
                    "text": text.get(q("val")) if text is not None else f"%{il + 1}.",
                    "start": int(start.get(q("val"), "1")) if start is not None else 1,
                }
            self.levels[aid] = lv
        for num in root.findall(q("num")):
            nid = num.get(q("numId"))
            a = num.find(q("abstractNumId"))
            if a is not None:
                self.nums[nid] = a.get(q("val"))
            for ov in num.findall(q("lvlOverride")):
                so = ov.find(q("startOverride"))
                if so is not None:
                    self.overrides.setdefault(nid, {})[int(ov.get(q("ilvl"), "0"))] = int(so.get(q("val"), "1"))

    def label_for_style(self, style_id: str) -> str:
        if style_id in self.style_num:
            nid, il = self.style_num[style_id]
            return self.label(nid, il)
        return ""

    def label(self, num_id: str | None, ilvl: int) -> str:
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        aid = self.nums[num_id]
        levels = self.levels.get(aid, {})
        lvl = levels.get(ilvl)
        if lvl is None:
            return ""
        counters = self.counters.setdefault(aid, {})
        start = self.overrides.get(num_id, {}).get(ilvl, lvl["start"])
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if lvl["fmt"] == "bullet":
            text = lvl["text"]
            return "-" if not text or not text.isprintable() or text in "\uf0b7\uf0a7\uf0d8•▪" else (
                text if text in "-+–" else "-")
        out = lvl["text"]
        for k in range(9):
            token = f"%{k + 1}"
            if token in out:
                kl = levels.get(k, {"fmt": "decimal", "start": 1})
                val = counters.get(k, kl.get("start", 1))
                out = out.replace(token, fmt_number(val, kl.get("fmt", "decimal")))
        return out
