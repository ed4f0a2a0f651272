"""Timings of the Vietnamese deadline normaliser and unit recogniser over the corpus texts.

    python bench/bench_deadlines_units.py            # N=21 runs per document (CI / lead)
    python bench/bench_deadlines_units.py --quick    # N=3

Prints medians per document for find_deadlines and find_units on the whole text, and for
parse_deadline + roles on every paragraph (as the document-level extraction calls them), plus
the median per 1,000 characters. Budget context (issue 4): ≤ 50 ms for the whole extraction of a
3-page text document (~8,000 characters) on one core.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.extraction.deadlines import find_deadlines, parse_deadline  # noqa: E402
from app.extraction.units import find_units, roles  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def median_ms(fn, n: int) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    n = 3 if args.quick else 21
    docs = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))]
    find_deadlines("trước ngày 20/10/2023", None)   # load the data files once
    find_units("Sở Nội vụ")
    d0 = date(2025, 11, 20)
    rows = []
    for name, text in docs:
        paras = [p for p in text.split("\n\n") if p.strip()]
        dl = median_ms(lambda text=text: find_deadlines(text, d0), n)
        un = median_ms(lambda text=text: find_units(text), n)
        per_para = median_ms(lambda paras=paras: [(parse_deadline(p, d0), roles(p)) for p in paras], n)
        rows.append((name, len(text), dl, un, per_para))
    print(f"{'document':45s} {'chars':>7s} {'deadlines':>10s} {'units':>8s} {'per-para':>9s}  (ms, median of {n})")
    for name, size, dl, un, pp in rows:
        print(f"{name[:45]:45s} {size:7d} {dl:10.2f} {un:8.2f} {pp:9.2f}")
    k = [r[1] / 1000 for r in rows]
    print(f"median per document: deadlines {statistics.median(r[2] for r in rows):.2f} ms, "
          f"units {statistics.median(r[3] for r in rows):.2f} ms, "
          f"parse_deadline+roles per paragraph, whole document {statistics.median(r[4] for r in rows):.2f} ms")
    print(f"median per 1,000 chars: deadlines {statistics.median(r[2] / x for r, x in zip(rows, k, strict=True)):.2f} ms, "
          f"units {statistics.median(r[3] / x for r, x in zip(rows, k, strict=True)):.2f} ms, "
          f"per-paragraph calls {statistics.median(r[4] / x for r, x in zip(rows, k, strict=True)):.2f} ms")


STRESS = {
    # adversarial inputs: every one must stay roughly linear (seconds would mean a regression)
    "20,000 deadlines": "trước ngày 1/1 " * 20000,
    "20,000 named units": "Sở Tài chính, " * 20000,
    "20,000 collective words": "các sở, " * 20000,
    "100,000 spaces in a deadline": "trước" + " " * 100000 + "ngày 20/10/2023",
    "100,000 markdown stars": "*" * 100000 + "1",
}


def stress() -> None:
    for name, text in STRESS.items():
        dl = median_ms(lambda text=text: find_deadlines(text, None), 1)
        un = median_ms(lambda text=text: find_units(text), 1)
        print(f"stress {name:32s} {len(text):7d} chars: deadlines {dl:8.1f} ms, units {un:8.1f} ms")


if __name__ == "__main__":
    main()
    stress()
