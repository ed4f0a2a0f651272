"""Helpers shared by the rule modules: size/bold/italic checks against the layout data,
number formatting for messages, the checks data file."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from .. import layout
from ..text import clean, is_upper, upper
from .base import Hit

DATA = Path(__file__).parent / "data"
CM = 567
TOL = 28        # ±0.5 mm in twips (RULES.md §1 tolerance, heuristic)


@cache
def data() -> dict:
    return json.loads((DATA / "checks.json").read_text(encoding="utf-8"))


def pt(v: float | None) -> str:
    if v is None:
        return "không xác định"
    return f"{v:g} pt"


def mm(tw: int | None) -> str:
    return "không khai báo" if tw is None else f"{tw / 56.6929:.1f} mm"


def size_range(component: str) -> tuple[float, float]:
    a, b = layout.component(component)["size_pt"]["allowed"]
    return float(a), float(b)


def size_default(component: str) -> float:
    return float(layout.component(component)["size_pt"]["default"])


def fmt_hits(p, component: str, label: str, *, bold: bool | None = None, italic: bool | None = None,
             caps: bool | None = None, also: tuple = (), soft: tuple = ()):
    """Size / bold / italic / capitals of one component paragraph against its specification.

    `soft` names the attributes the decree does not state for this component (e.g. "bold" where
    it only says "upright"): a deviation there is a WARNING, not an error."""
    if p is None or not p.stripped:
        return
    lo, hi = size_range(component)
    sizes = p.sizes
    bad = [s for s in sizes if not lo - 0.01 <= s <= hi + 0.01]
    exp = f"{lo:g} pt" if lo == hi else f"{lo:g}–{hi:g} pt"
    if bad or (p.size is None and sizes == set()):
        if bad:
            yield Hit(f"Cỡ chữ của {label} phải là {exp}.", exp, ", ".join(pt(s) for s in sorted(sizes)), p,
                      fix={"op": "format", "paras": [p], "size": size_default(component)}, also=also)
    if bold is True and not p.bold:
        yield Hit(f"{label[:1].upper() + label[1:]} phải in đậm.", "đậm", "không đậm", p,
                  fix={"op": "format", "paras": [p], "bold": True}, also=also)
    if bold is False and p.any_bold:
        yield Hit(f"{label[:1].upper() + label[1:]} không in đậm.", "không đậm", "đậm", p,
                  fix={"op": "format", "paras": [p], "bold": False}, also=also,
                  severity="warning" if "bold" in soft else None)
    if italic is True and not p.italic:
        yield Hit(f"{label[:1].upper() + label[1:]} phải in nghiêng.", "nghiêng", "đứng", p,
                  fix={"op": "format", "paras": [p], "italic": True}, also=also)
    if italic is False and p.any_italic:
        yield Hit(f"{label[:1].upper() + label[1:]} phải là chữ đứng (không in nghiêng).", "đứng", "nghiêng", p,
                  fix={"op": "format", "paras": [p], "italic": False}, also=also)
    if caps is True and not is_upper(p.shown_text):
        yield Hit(f"{label[:1].upper() + label[1:]} phải viết bằng chữ in hoa.", upper(p.text), clean(p.text), p,
                  fix={"op": "text", "paras": [p], "text": upper(p.text)}, also=also)


def ctext(p) -> str:
    """clean(p.text), computed once per paragraph (rules ask for it many times)."""
    got = p.__dict__.get("_clean")
    if got is None:
        got = p.__dict__["_clean"] = clean(p.text)
    return got
