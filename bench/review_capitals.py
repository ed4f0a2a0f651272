"""Capitalisation rules (ND30-CAP-*) over real text, for review by hand: every finding with its
context, then counts per rule.

    python bench/review_capitals.py                  # corpus/*.txt, /work/shared/corpus, drafting examples
    python bench/review_capitals.py --no-examples    # text only (fast)

Real documents are plain text (converted from web pages, lines broken anywhere): lines are
joined into paragraphs (a line ending without . ; : ! ? continues on the next) and the rules run
on those paragraphs directly. Drafting examples are rendered to .docx and checked in full.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.compliance.engine import Context  # noqa: E402
from app.compliance.model import Paragraph  # noqa: E402
from app.nd30.rules import REGISTRY, NotEvaluated  # noqa: E402
from app.nd30.rules.capitals import NOT_EVALUATED  # noqa: E402

SHARED = Path("/work/shared/corpus")
CAP_RULES = sorted(r for r in REGISTRY if r.startswith("ND30-CAP-"))
LEXICON_RULES = [r for r in CAP_RULES if r not in NOT_EVALUATED and r not in ("ND30-CAP-01", "ND30-CAP-05", "ND30-CAP-19")]


def paragraphs(text: str) -> list[str]:
    out: list[str] = []
    cur = ""
    for line in text.splitlines():
        line = line.strip().strip("|").strip()
        if not line:
            if cur:
                out.append(cur)
            cur = ""
            continue
        cur = f"{cur} {line}" if cur else line
        if re.search(r"[.;:!?]$", line):
            out.append(cur)
            cur = ""
    if cur:
        out.append(cur)
    return out


def text_findings(text: str):
    body = [Paragraph(index=i, part="body", runs=[], text=t) for i, t in enumerate(paragraphs(text))]
    ctx = Context(SimpleNamespace(paragraphs=body), SimpleNamespace(body=body, vv=[], trich_yeu=[], kinh_gui=[], can_cu=[], noi_nhan_items=[]), "administrative")
    for rid in CAP_RULES:
        try:
            for h in REGISTRY[rid].check(ctx) or ():
                yield rid, h.actual, h.expected, h.where.text
        except NotEvaluated:
            continue


def sources(with_examples: bool):
    """Real texts once each (corpus/*.txt copies most of the shared corpus), then the examples."""
    seen = set()
    files = [("shared/" + p.parent.name, p) for p in sorted(SHARED.glob("*/*"))
             if p.suffix in (".md", ".txt") and p.name != "README.md"]
    files += [("corpus", p) for p in sorted((ROOT / "corpus").glob("*.txt"))]
    for where, p in files:
        text = p.read_text(encoding="utf-8")
        if text.strip() in seen:
            continue
        seen.add(text.strip())
        yield f"{where}/{p.name}", text, None
    if with_examples:
        from app.drafting.pipeline import render_document
        for p in sorted((ROOT / "app" / "drafting" / "examples").glob("*.json")):
            yield f"example/{p.stem}", None, render_document(json.loads(p.read_text(encoding="utf-8")), number=5).docx


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-examples", action="store_true")
    ap.add_argument("--rules", default=",".join(LEXICON_RULES),
                    help="comma-separated rule ids to show (default: the lexicon rules)")
    a = ap.parse_args()
    show = set(a.rules.split(","))
    counts: Counter = Counter()
    docs = 0
    for name, text, docx in sources(not a.no_examples):
        docs += 1
        if docx is not None:
            from app.compliance import check_bytes
            found = [(f.rule, f.actual, f.expected, f.paragraph.text if f.paragraph else "")
                     for f in check_bytes(docx).findings if f.rule.startswith("ND30-CAP-")]
        else:
            found = list(text_findings(text))
        for rid, actual, expected, para in found:
            if rid not in show:
                continue
            counts[rid] += 1
            i = para.find(actual or "")
            around = para[max(0, i - 50): i + len(actual or "") + 30] if i >= 0 else para[:100]
            print(f"{rid}  {name}\n    {actual!r} -> {expected!r}\n    … {around} …")
    print(f"\n{docs} documents; findings per rule:")
    for rid in sorted(show):
        if counts[rid]:
            print(f"  {rid}: {counts[rid]}")
    print(f"  total: {sum(counts.values())}")


if __name__ == "__main__":
    main()
