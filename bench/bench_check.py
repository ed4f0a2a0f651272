"""Compliance checker timings: median check time for 1-, 3- and 10-page công văn and auto-fix time.

    python bench/bench_check.py            # N=50 runs each (CI / lead)
    python bench/bench_check.py --quick    # N=7

Target (issue 3): under 30 ms to check a 3-page công văn on one core.
"""
from __future__ import annotations

import argparse
import copy
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.compliance import check_bytes  # noqa: E402
from app.compliance.fix import fix_bytes  # noqa: E402
from app.compliance.wordml import read_model  # noqa: E402
from tests.faults.build import body, cong_van_spec, render  # noqa: E402

PARA = ("Các cơ quan, đơn vị rà soát danh mục hồ sơ, tài liệu của năm, cập nhật đầy đủ vào Hệ thống quản lý văn "
        "bản và điều hành; bố trí công chức làm công tác văn thư, lưu trữ; báo cáo kết quả thực hiện về Sở Nội vụ "
        "đúng thời hạn để tổng hợp.")


def doc(pages: int, fault: bool = False) -> bytes:
    """A công văn of `pages` A4 pages (paragraph counts calibrated by rendering with LibreOffice:
    1, 3 and 10 pages exactly)."""
    s = copy.deepcopy(cong_van_spec())
    extra = max(0, round(pages * 10.5) - 12)
    s["body"][1:1] = [body(f"{i + 4}. {PARA}") for i in range(extra)]
    if fault:
        s["page"]["left"] = 20
        s["right"][1]["text"] = "Độc lập – Tự do – Hạnh phúc"
        s["body"][0]["size"] = 12
    return render(s)


def median_ms(fn, n: int) -> float:
    fn()   # warm-up (imports, caches)
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("-n", type=int, default=None)
    a = ap.parse_args()
    n = a.n or (7 if a.quick else 50)
    print(f"median of {n} runs, one process, one core")
    for pages in (1, 3, 10):
        d = doc(pages)
        paras = len(read_model(d).paragraphs)
        print(f"check  {pages:>2}-page công văn ({paras:>3} paragraphs, {len(d) // 1024} KiB): "
              f"{median_ms(lambda d=d: check_bytes(d), n):7.2f} ms   (read only: "
              f"{median_ms(lambda d=d: read_model(d), n):6.2f} ms)")
    for pages in (1, 3, 10):
        d = doc(pages, fault=True)
        print(f"fix    {pages:>2}-page công văn with 3 faults:              "
              f"{median_ms(lambda d=d: fix_bytes(d), n):7.2f} ms")


if __name__ == "__main__":
    main()
