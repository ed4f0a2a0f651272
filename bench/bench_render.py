#!/usr/bin/env python
"""Render time per document type: vanthu vs plain docxtpl vs writing the zip (the floor).

For each type, the median of N renders in one process (default 200; --quick: 20) of
  (a) render   vanthu without the register: validation + normalisation + render to .docx bytes;
  (a') issue   the full pipeline WITH numbering: (a) + next number from the outgoing register
               (SQLite, BEGIN IMMEDIATE) + writing the .docx to disk + the register row, committed;
  (b) docxtpl  plain docxtpl on the same template and the same (already normalised) context:
               DocxTemplate(path) + render(autoescape=True) + save to memory;
  (c) zip      writing the same .docx's parts into a new zip (deflate) — the floor.
The issue's target is (a') ≤ 1.0 × (b); vanthu's engine compiles each template once and copies
the unchanged parts' compressed bytes, so it does not re-parse the template per render.
"""
from __future__ import annotations

import argparse
import copy
import io
import json
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docxtpl import DocxTemplate  # noqa: E402

from app.drafting import normalise, templates  # noqa: E402
from app.drafting.context import TYPES  # noqa: E402
from app.drafting.pipeline import issue, render_document  # noqa: E402
from app.store import migrate  # noqa: E402

EXAMPLES = ROOT / "app" / "drafting" / "examples"


def median_ms(fn, n: int) -> float:
    fn()  # warm-up (compiles/caches, imports)
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def bench_type(slug: str, n: int, db_url: str, storage: str) -> dict:
    data = json.loads((EXAMPLES / f"{slug}.json").read_text(encoding="utf-8"))
    path = templates.builtin_path(slug)
    context = normalise.build_context(copy.deepcopy(data), data["code"]["number"])
    rendered = render_document(data).docx
    parts = [(i.filename, zipfile.ZipFile(io.BytesIO(rendered)).read(i.filename))
             for i in zipfile.ZipFile(io.BytesIO(rendered)).infolist()]
    numbered = {**data, "code": {**data["code"], "number": None}}

    def ours():
        render_document(data)

    def ours_issue():
        issue(numbered, database_url=db_url, storage_dir=storage)

    def plain():
        t = DocxTemplate(str(path))
        t.render(context, autoescape=True)
        t.save(io.BytesIO())

    def floor():
        with zipfile.ZipFile(io.BytesIO(), "w", zipfile.ZIP_DEFLATED) as z:
            for name, blob in parts:
                z.writestr(name, blob)

    return {"type": slug, "render": median_ms(ours, n), "issue": median_ms(ours_issue, n),
            "docxtpl": median_ms(plain, n), "zip": median_ms(floor, n)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=200, help="renders per measurement (default 200)")
    ap.add_argument("--quick", action="store_true", help="20 renders (for a fast look; not the reported figure)")
    ap.add_argument("--types", nargs="*", default=list(TYPES))
    args = ap.parse_args(argv)
    n = 20 if args.quick else args.n
    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite:///{tmp}/bench.sqlite3"
        migrate(db_url)
        print(f"median of {n} renders per cell, ms (one process)")
        print(f"{'type':<16}{'render':>9}{'issue':>9}{'docxtpl':>9}{'zip':>8}{'issue/docxtpl':>15}{'render/docxtpl':>16}")
        rows = []
        for slug in args.types:
            r = bench_type(slug, n, db_url, f"{tmp}/files")
            rows.append(r)
            print(f"{slug:<16}{r['render']:>9.2f}{r['issue']:>9.2f}{r['docxtpl']:>9.2f}{r['zip']:>8.2f}"
                  f"{r['issue'] / r['docxtpl']:>15.2f}{r['render'] / r['docxtpl']:>16.2f}")
        med = {k: statistics.median(r[k] for r in rows) for k in ("render", "issue", "docxtpl", "zip")}
        print(f"{'median':<16}{med['render']:>9.2f}{med['issue']:>9.2f}{med['docxtpl']:>9.2f}{med['zip']:>8.2f}"
              f"{med['issue'] / med['docxtpl']:>15.2f}{med['render'] / med['docxtpl']:>16.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
