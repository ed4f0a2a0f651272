"""Intake timings: OCR seconds per A4 page at 300 dpi (median) and reader time per corpus
document (median), plus the generated .docx/.pdf readers. Target: OCR <= 2 s a page.

    python bench/bench_ocr.py            # 7 OCR pages, 5 runs per corpus document
    python bench/bench_ocr.py --quick    # 2 OCR pages, 1 run
"""
from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["OMP_THREAD_LIMIT"] = "1"

from app.intake import read  # noqa: E402
from tests.fixtures.intake.pdfgen import dispatch_pdf  # noqa: E402
from tests.fixtures.intake.scan import char_accuracy, page_lines, render_dispatch  # noqa: E402


def corpus_files() -> list[Path]:
    shared = ROOT.parent / "shared" / "corpus"
    files = sorted((shared / "seeds").glob("*")) + sorted((shared / "dev").glob("*"))
    return files or sorted((ROOT / "corpus").glob("*.txt"))


def bench_ocr(pages: int) -> dict:
    totals, tess, accs = [], [], []
    variants = [dict(), dict(noise=0.004, blur=0.8, rotate=0.6), dict(noise=0.01, blur=1.2, rotate=-1.5)]
    for i in range(pages):
        kw = dict(variants[i % len(variants)], seed=i)
        buf = io.BytesIO()
        render_dispatch(**kw).save(buf, "PNG", dpi=(300, 300))
        data = buf.getvalue()
        t = time.perf_counter()
        doc = read(data, "page.png")
        totals.append(time.perf_counter() - t)
        tess.append(doc.metadata["ocr"]["pages"][0]["seconds"])
        accs.append(char_accuracy(" ".join(page_lines()), doc.text))
    return {"pages": pages, "median_s": statistics.median(totals), "max_s": max(totals),
            "tesseract_median_s": statistics.median(tess), "min_char_accuracy": min(accs)}


def bench_text(runs: int) -> dict:
    per_doc = []
    for f in corpus_files():
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            doc = read(f)
            times.append(time.perf_counter() - t)
        per_doc.append((statistics.median(times), len(doc.text), f.name))
    ms = [t * 1000 for t, _, _ in per_doc]
    per_kchar = [t * 1000 / max(n / 1000, 0.001) for t, n, _ in per_doc]
    slowest = max(per_doc)
    return {"documents": len(per_doc), "median_ms": statistics.median(ms), "max_ms": max(ms),
            "slowest": slowest[2], "median_ms_per_1000_chars": statistics.median(per_kchar)}


def bench_generated(runs: int) -> dict:
    import docx
    d = docx.Document()
    for i in range(60):
        d.add_paragraph(f"{i}. Sở Nội vụ chủ trì, phối hợp với các cơ quan, đơn vị có liên quan thực hiện nội dung "
                        f"số {i}; báo cáo UBND tỉnh trước ngày 20/10/2025.")
    buf = io.BytesIO()
    d.save(buf)
    docx_bytes, pdf_bytes = buf.getvalue(), dispatch_pdf()
    out = {}
    for name, data in (("docx_3_pages", docx_bytes), ("pdf_2_pages", pdf_bytes)):
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            read(data, name)
            times.append(time.perf_counter() - t)
        out[name + "_median_ms"] = statistics.median(times) * 1000
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="few pages and runs (for development)")
    ap.add_argument("--pages", type=int, default=None)
    ap.add_argument("--runs", type=int, default=None)
    a = ap.parse_args()
    pages = a.pages or (2 if a.quick else 7)
    runs = a.runs or (1 if a.quick else 5)
    o = bench_ocr(pages)
    print(f"OCR (A4, 300 dpi, Tesseract vie, OMP_THREAD_LIMIT=1): {o['pages']} pages, "
          f"median {o['median_s']:.2f} s/page (Tesseract alone {o['tesseract_median_s']:.2f} s), "
          f"max {o['max_s']:.2f} s, min character accuracy {o['min_char_accuracy']:.4f} "
          f"[target <= 2 s: {'OK' if o['median_s'] <= 2 else 'MISSED'}]")
    t = bench_text(runs)
    print(f"Text reader: {t['documents']} corpus documents, median {t['median_ms']:.1f} ms/document "
          f"({t['median_ms_per_1000_chars']:.2f} ms per 1000 characters), max {t['max_ms']:.1f} ms ({t['slowest']})")
    g = bench_generated(runs)
    print("Generated files: " + ", ".join(f"{k} {v:.1f} ms" for k, v in g.items()))


if __name__ == "__main__":
    main()
