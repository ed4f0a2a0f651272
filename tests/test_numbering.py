"""app.store.numbering: atomic yearly counters on SQLite and PostgreSQL."""
from __future__ import annotations

import multiprocessing as mp
import threading

from app.store.db import get_engine
from app.store.numbering import current_number, next_number, numbering_session


def _take(url: str, organ: str, year: int, n: int, out: list, errors: list) -> None:
    try:
        for _ in range(n):
            with numbering_session(url) as s:
                out.append(next_number(s, organ, year))
    except Exception as e:  # noqa: BLE001 - reported by the test
        errors.append(repr(e))


def test_sequence_and_year_rollover(db_url):
    with numbering_session(db_url) as s:
        assert next_number(s, "ubnd-tan-lap", 2025) == 1
    with numbering_session(db_url) as s:
        assert next_number(s, "ubnd-tan-lap", 2025) == 2
    with numbering_session(db_url) as s:
        assert next_number(s, "ubnd-tan-lap", 2026) == 1      # restarts on 1 January
        assert next_number(s, "ubnd-tan-lap", 2025, "van_ban_den") == 1  # separate register
        assert next_number(s, "other-organ", 2025) == 1      # separate organ
    with numbering_session(db_url) as s:
        assert current_number(s, "ubnd-tan-lap", 2025) == 2
        assert current_number(s, "ubnd-tan-lap", 2024) == 0


def test_rollback_leaves_no_gap(db_url):
    with numbering_session(db_url) as s:
        assert next_number(s, "x", 2025) == 1
    try:
        with numbering_session(db_url) as s:
            assert next_number(s, "x", 2025) == 2
            raise RuntimeError("render failed")
    except RuntimeError:
        pass
    with numbering_session(db_url) as s:
        assert next_number(s, "x", 2025) == 2


def test_concurrent_threads_no_duplicate_no_gap(db_url):
    out, errors = [], []
    threads = [threading.Thread(target=_take, args=(db_url, "org", 2025, 10, out, errors)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(out) == list(range(1, 81))


def _proc(url, n, q):
    get_engine.cache_clear()
    out, errors = [], []
    _take(url, "org-p", 2025, n, out, errors)
    q.put((out, errors))


def test_concurrent_processes_no_duplicate_no_gap(db_url):
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    procs = [ctx.Process(target=_proc, args=(db_url, 10, q)) for _ in range(4)]
    for p in procs:
        p.start()
    results = [q.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    numbers = [n for out, _ in results for n in out]
    assert [e for _, errs in results for e in errs] == []
    assert sorted(numbers) == list(range(1, 41))
