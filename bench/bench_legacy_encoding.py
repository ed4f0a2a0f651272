"""Cost of the legacy-encoding (VNI) checks that now run on every plain-text file, and of
converting: median of N runs over the corpus (Unicode, its VNI form) and over a large English
text. Run: python bench/bench_legacy_encoding.py [--quick]."""
from __future__ import annotations

import argparse
import statistics
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.intake import read  # noqa: E402
from app.intake.legacy_encoding import fix_text, from_vni, looks_vni, to_vni  # noqa: E402


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="3 runs instead of 21")
    runs = 3 if ap.parse_args().quick else 21
    texts = [unicodedata.normalize("NFC", p.read_text(encoding="utf-8")) for p in sorted((ROOT / "corpus").glob("*.txt"))]
    vni = [to_vni(t) for t in texts]
    chars = sum(map(len, texts))
    english = ("The committee met on 12 March 2025 and approved the annual plan for all provincial "
               "departments, including the café budget and a naïve résumé. ") * 7000
    vni_bytes = vni[0].encode("cp1252")
    uni_bytes = texts[0].encode("utf-8")
    rows = [
        (f"looks_vni, {len(texts)} Unicode corpus texts ({chars:,} chars)", lambda: [looks_vni(t) for t in texts]),
        ("looks_vni, the same texts in VNI", lambda: [looks_vni(t) for t in vni]),
        ("from_vni, the same texts in VNI", lambda: [from_vni(t) for t in vni]),
        (f"fix_text, English text ({len(english):,} chars)", lambda: fix_text(english)),
        (f"read() .txt, Unicode ({len(uni_bytes):,} bytes)", lambda: read(uni_bytes, "a.txt")),
        (f"read() .txt, VNI Windows-1252 ({len(vni_bytes):,} bytes)", lambda: read(vni_bytes, "a.txt")),
    ]
    print(f"median of {runs} runs")
    for name, fn in rows:
        print(f"{median_ms(fn, runs):9.1f} ms  {name}")


if __name__ == "__main__":
    main()
