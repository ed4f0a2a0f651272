"""Document types of Decree 30 (Art. 7, Appendix III): names, abbreviations, slugs, titles.

Facts live in data/doc_types.json; look-ups tolerate case, spacing, the "(cá biệt)" suffix
and tone-mark placement (uỷ/ủy, hoà/hòa, thoả/thỏa).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from . import _data
from .text import fold, strip_diacritics


@dataclass(frozen=True)
class DocType:
    slug: str
    name: str            # as in the decree: "Quyết định (cá biệt)"
    short_name: str      # without the qualifier: "Quyết định"
    abbr: str | None     # "QĐ"; None for công văn and thư công
    kind: str            # "administrative" | "copy"
    title: str           # printed title in capitals: "QUYẾT ĐỊNH"
    title_printed: bool  # False for công văn (it has a V/v line instead)
    kinh_gui: str        # "required" | "optional" | "none"
    template: str | None  # Appendix III template number ("1.5")
    note: str | None = None


@cache
def all_types() -> tuple[DocType, ...]:
    return tuple(DocType(**t) for t in _data.load("doc_types.json")["types"])


def _name_key(s: str) -> str:
    s = re.sub(r"\(.*?\)", "", s or "")
    s = re.sub(r"^(bản|van ban|văn bản)\s+(?=(sao|trích))", "", fold(s))  # "bản sao y" == "sao y"
    return fold(s)


@cache
def _indexes():
    by_slug, by_abbr, by_name = {}, {}, {}
    for t in all_types():
        by_slug[t.slug] = t
        if t.abbr:
            by_abbr[t.abbr] = t
        for n in (t.name, t.short_name, t.title):
            by_name[_name_key(n)] = t
    return by_slug, by_abbr, by_name


def by_slug(slug: str) -> DocType | None:
    return _indexes()[0].get((slug or "").strip().lower())


def by_abbr(abbr: str) -> DocType | None:
    """Exact (case-sensitive: QyĐ, CTr, TTr, TrS keep their lower-case letters)."""
    return _indexes()[1].get((abbr or "").strip())


def by_name(name: str) -> DocType | None:
    """`Quyết định`, `QUYẾT ĐỊNH`, `quyết định (cá biệt)`, `Giấy uỷ quyền`, `Bản thoả thuận`..."""
    return _indexes()[2].get(_name_key(name))


def get(key: str) -> DocType | None:
    """Slug, abbreviation or name, in that order; also an ASCII slug typed loosely."""
    if not key:
        return None
    return (by_slug(key) or by_abbr(key) or by_name(key)
            or by_slug(re.sub(r"[^a-z0-9]+", "_", strip_diacritics(_name_key(key))).strip("_")))


def type_abbreviations() -> set[str]:
    return {t.abbr for t in all_types() if t.abbr}


def old_abbreviations() -> dict[str, str]:
    """TT 01/2011-era (and other wrong) abbreviations → the Decree 30 one."""
    return dict(_data.load("doc_types.json")["old_abbreviations"])


def lowercase_abbreviations() -> set[str]:
    """Official abbreviations that keep lower-case letters (QyĐ, CTr, TTr, TrS)."""
    return set(_data.load("doc_types.json")["lowercase_abbreviations"])
