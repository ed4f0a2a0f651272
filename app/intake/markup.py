"""Inline residue of web pages converted to text: markdown emphasis, a few HTML tags, entities.

`strip_markup` gives the printed text of a line; `emphasis_parity` tells whether a bold or
italic span is left open at the end of the line (a span that continues on the next line means
the converter broke one printed line in two).
"""
from __future__ import annotations

import html
import re

_SUP_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUP = re.compile(r"<sup>\s*([0-9]{1,3})\s*</sup>", re.I)
_TAG = re.compile(r"</?(?:b|i|u|em|strong|span|font|p|div|small|big|s|strike|sub|sup|a)\b[^>]*>", re.I)
_BR = re.compile(r"<br\s*/?>", re.I)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_PROTECT = re.compile(r"\((\*{1,3})\)")          # "(*)" note marks are printed text
_STARS = re.compile(r"\*+")
_UNDERSCORE_EMPH = re.compile(r"(?<![\w])__(?=\S)(.+?)(?<=\S)__(?![\w])")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_CODE = re.compile(r"`([^`]+)`")
_BULLET_STAR = re.compile(r"^(\s*)\*(\s+)(?=\S)")


def split_br(line: str) -> list[str]:
    """HTML line breaks inside a converted line are real printed line breaks."""
    return _BR.split(line)


def emphasis_parity(line: str) -> tuple[int, int]:
    """(bold toggles, italic toggles) of a raw line; odd means the span stays open."""
    line = _PROTECT.sub("", _BULLET_STAR.sub(r"\1-\2", line))
    bold = italic = 0
    for m in _STARS.finditer(line):
        n = len(m.group())
        bold += n // 2
        italic += n % 2
    return bold % 2, italic % 2


def is_fully_emphasised(line: str) -> bool:
    """The whole line is one emphasis span: `**...**` or `*...*` (a heading-like line)."""
    s = line.strip()
    return len(s) > 2 and s.startswith("*") and s.rstrip(":").endswith("*") and \
        strip_markup(s).strip() != ""


def strip_markup(line: str) -> str:
    """The printed text of one converted line (no newline inside)."""
    s = _HEADING.sub("", line)
    if "[" in s or "<" in s or "`" in s:
        s = _IMAGE.sub("", s)
        s = _LINK.sub(r"\1", s)
        s = _REF_LINK.sub(r"\1", s)
        s = _AUTOLINK.sub(r"\1", s)
        s = _CODE.sub(r"\1", s)
    s = _BULLET_STAR.sub(r"\1-\2", s)
    s = _SUP.sub(lambda m: m.group(1).translate(_SUP_DIGITS), s)
    s = _BR.sub(" ", s)
    s = _TAG.sub("", s)
    protected: list[str] = []

    def _keep(m: re.Match) -> str:
        protected.append(m.group(0))
        return f"\x00{len(protected) - 1}\x00"

    s = _PROTECT.sub(_keep, s)
    s = _STARS.sub("", s)
    s = _UNDERSCORE_EMPH.sub(r"\1", s)
    s = _ESCAPE.sub(r"\1", s)
    s = re.sub(r"\x00(\d+)\x00", lambda m: protected[int(m.group(1))], s)
    s = html.unescape(s)
    return s
