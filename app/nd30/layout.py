"""Layout constants of Decree 30 (RULES.md §14) as data, in the decree's units and OOXML's.

OOXML units: lengths in twips (1/1440 inch; 1 mm = 56.693), font sizes in half-points,
spacing in twentieths of a point, drawings in EMU (1 mm = 36000).
"""
from __future__ import annotations

from . import _data

TWIPS_PER_MM = 1440 / 25.4
EMU_PER_MM = 36000


def mm_to_twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def cm_to_twips(cm: float) -> int:
    return round(cm * 10 * TWIPS_PER_MM)


def twips_to_mm(twips: float) -> float:
    return twips / TWIPS_PER_MM


def pt_to_half_points(pt: float) -> int:
    return round(pt * 2)


def pt_to_twentieths(pt: float) -> int:
    return round(pt * 20)


def layout() -> dict:
    """The whole data file (read once)."""
    return _data.load("layout.json")


def component(name: str) -> dict:
    """e.g. component("so_ky_hieu") → {"size_pt": {"allowed": [13, 13], "default": 13}, ...}."""
    return layout()["components"][name]


def size_pt(name: str) -> float:
    """Default size of a component (or "body" / "page_number")."""
    if name == "body":
        return layout()["body"]["size_pt"]["default"]
    if name == "page_number":
        return layout()["page"]["page_number"]["size_pt"]["default"]
    return component(name)["size_pt"]["default"]


def size_range_half_points(name: str) -> tuple[int, int]:
    """Allowed size in half-points, as a checker reads w:sz."""
    rng = (layout()["body"]["size_pt"] if name == "body" else component(name)["size_pt"])["allowed"]
    return pt_to_half_points(rng[0]), pt_to_half_points(rng[1])


def page_setup_twips() -> dict:
    """Default paper and margins in twips: {"width", "height", "top", "bottom", "left", "right"}."""
    page = layout()["page"]
    w, h = page["paper_mm"]
    out = {"width": mm_to_twips(w), "height": mm_to_twips(h)}
    for side, spec in page["margin_mm"].items():
        out[side] = mm_to_twips(spec["default"])
    return out


def margin_range_twips(side: str) -> tuple[int, int]:
    lo, hi = layout()["page"]["margin_mm"][side]["allowed"]
    return mm_to_twips(lo), mm_to_twips(hi)


def text_width_twips() -> int:
    p = page_setup_twips()
    return p["width"] - p["left"] - p["right"]


def first_line_indent_twips() -> int:
    return cm_to_twips(layout()["body"]["first_line_indent_cm"]["default"])
