"""Extraction time per text document: median over the annotated corpus, and for a ~3-page
document (one core; the intake reader is outside the timing, as a received file is read once).

    python bench/bench_extract.py            # 7 runs per document (the issue's figure)
    python bench/bench_extract.py --quick    # 3 runs, for a quick look
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.extraction import extract, roles  # noqa: E402
from app.extraction.evaluate import read_document  # noqa: E402

PAGE_CHARS = 3000   # a typed A4 page of a Vietnamese dispatch holds roughly 2,500-3,500 characters


def time_one(doc, runs: int) -> float:
    ts = []
    for _ in range(runs):
        roles._roles.cache_clear()   # no warm per-sentence cache between runs
        t0 = time.perf_counter()
        extract(doc)
        ts.append((time.perf_counter() - t0) * 1000)
    return statistics.median(ts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--corpus", default=str(ROOT / "corpus"))
    args = ap.parse_args()
    runs = 3 if args.quick else 7
    docs = [read_document(p) for p in sorted(Path(args.corpus).glob("*.txt"))]
    extract(docs[0])   # warm imports and data files
    per_doc = [(d, time_one(d, runs)) for d in docs]
    meds = [ms for _, ms in per_doc]
    print(f"documents: {len(docs)}, runs per document: {runs}")
    print(f"median per document: {statistics.median(meds):.1f} ms (max {max(meds):.1f} ms)")
    three = [(d, ms) for d, ms in per_doc if 2 * PAGE_CHARS <= len(d.text) <= 4 * PAGE_CHARS]
    if three:
        print(f"~3-page documents ({len(three)}, {2 * PAGE_CHARS}-{4 * PAGE_CHARS} chars): "
              f"median {statistics.median(ms for _, ms in three):.1f} ms")
    per_page = [ms / max(1, len(d.text) / PAGE_CHARS) for d, ms in per_doc]
    print(f"median per page ({PAGE_CHARS} chars): {statistics.median(per_page):.1f} ms; "
          f"target: <= 50 ms for a 3-page document")


if __name__ == "__main__":
    main()
