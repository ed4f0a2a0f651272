"""Fast generator of a large office for bench_office.py: units, users, N dispatches and M tasks
with realistic Vietnamese text, written with executemany (SQLite) or COPY (PostgreSQL).

Secondary indexes, FTS triggers and trigram indexes are dropped during the load and recreated
afterwards from their own definitions (what a bulk load does); the result is the same schema
the migrations produce. Deterministic for a given seed.

    python bench/gen_office_data.py sqlite:////tmp/office.sqlite3 --dispatches 100000 --tasks 1000000
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.config import normalise_db_url  # noqa: E402
from app.store import migrate  # noqa: E402
from app.tracking.textfold import fold  # noqa: E402

TODAY = date(2025, 6, 16)
PASSWORD = "matkhau123"

ORGANS = [("UBND TỈNH LẠNG SƠN", None, "UBND"), ("SỞ NỘI VỤ", "UBND TỈNH LẠNG SƠN", "SNV"),
          ("SỞ TÀI CHÍNH", "UBND TỈNH LẠNG SƠN", "STC"), ("VĂN PHÒNG", "UBND TỈNH LẠNG SƠN", "VP"),
          ("BỘ NỘI VỤ", None, "BNV"), ("SỞ Y TẾ", "UBND TỈNH CAO BẰNG", "SYT"),
          ("THỦ TƯỚNG CHÍNH PHỦ", None, "TTg"), ("SỞ XÂY DỰNG", "UBND TỈNH ĐỒNG NAI", "SXD"),
          ("CÔNG AN TỈNH", None, "CAT"), ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "UBND TỈNH LẠNG SƠN", "SGDĐT"),
          ("SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "UBND TỈNH LẠNG SƠN", "SNNMT"), ("CỤC THUẾ", "BỘ TÀI CHÍNH", "CT")]
KINDS = [("cong_van", "", "Công văn"), ("ke_hoach", "KH-", "Kế hoạch"), ("quyet_dinh", "QĐ-", "Quyết định"),
         ("thong_bao", "TB-", "Thông báo"), ("chi_thi", "CT-", "Chỉ thị"), ("cong_dien", "CĐ-", "Công điện")]
TOPICS = ["công tác thi đua, khen thưởng", "phòng, chống thiên tai và tìm kiếm cứu nạn", "cải cách hành chính",
          "chuyển đổi số và chính quyền số", "xây dựng nông thôn mới", "quản lý tài chính, ngân sách nhà nước",
          "tuyển dụng công chức, viên chức", "phòng cháy, chữa cháy", "bảo đảm trật tự an toàn giao thông",
          "bảo vệ môi trường", "phòng, chống dịch bệnh", "sắp xếp tổ chức bộ máy", "cải thiện môi trường đầu tư",
          "giảm nghèo bền vững", "quản lý đất đai", "an toàn thực phẩm", "phổ biến, giáo dục pháp luật",
          "thực hành tiết kiệm, chống lãng phí", "kiểm soát thủ tục hành chính", "phát triển du lịch",
          "chăm lo Tết Nguyên đán", "bầu cử đại biểu Quốc hội", "quản lý chất thải rắn", "xây dựng văn hóa công sở",
          "phòng, chống tham nhũng", "hỗ trợ doanh nghiệp nhỏ và vừa", "an toàn lao động", "bảo hiểm xã hội",
          "cấp nước sạch nông thôn", "quản lý hoạt động khoáng sản"]
VERBS = ["triển khai", "báo cáo kết quả", "tổng kết", "hướng dẫn thực hiện", "đôn đốc thực hiện", "rà soát",
         "tăng cường", "kiểm tra việc thực hiện", "xây dựng kế hoạch", "đánh giá tình hình"]
SENTENCES = [
    "Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh về {t}, {o} đề nghị các cơ quan, đơn vị quan tâm thực hiện.",
    "Các sở, ban, ngành, Ủy ban nhân dân các huyện, thành phố chủ động {v} {t} trên địa bàn.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị phản ánh về {o} để tổng hợp, hướng dẫn.",
    "Kết quả thực hiện gửi về {o} trước ngày {d} để tổng hợp, báo cáo cấp có thẩm quyền.",
    "Căn cứ Kế hoạch số {n}/KH-UBND ngày {d} của Ủy ban nhân dân tỉnh về {t}.",
    "Giao Sở Nội vụ chủ trì, phối hợp với các đơn vị liên quan {v} {t}.",
    "Yêu cầu thủ trưởng các cơ quan, đơn vị nghiêm túc thực hiện, bảo đảm đúng tiến độ.",
    "Tiếp tục quán triệt, tuyên truyền sâu rộng về {t} đến cán bộ, công chức, viên chức và người lao động.",
    "Bố trí kinh phí từ nguồn ngân sách được giao năm {y} để thực hiện nhiệm vụ.",
    "Định kỳ hằng quý báo cáo tình hình {t} về Văn phòng Ủy ban nhân dân tỉnh.",
]
UNIT_NAMES = ["Văn phòng", "Phòng Nội vụ", "Phòng Tài chính - Kế hoạch", "Phòng Giáo dục và Đào tạo", "Phòng Y tế",
              "Phòng Tài nguyên và Môi trường", "Phòng Kinh tế và Hạ tầng", "Phòng Tư pháp", "Phòng Văn hóa và Thông tin",
              "Phòng Lao động - Thương binh và Xã hội", "Thanh tra", "Phòng Nông nghiệp", "Ban Quản lý dự án",
              "Trung tâm Y tế", "Trung tâm Văn hóa", "Ban Chỉ huy Quân sự", "Công an", "Phòng Dân tộc",
              "Trung tâm Phát triển quỹ đất", "Phòng Quản lý đô thị"]

_FOLD: dict[str, str] = {}


def f(s: str) -> str:
    """fold() with a cache: the vocabulary is small, the rows are many."""
    v = _FOLD.get(s)
    if v is None:
        v = _FOLD[s] = fold(s)
    return v


def vn(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def gen_units(n: int) -> list[tuple]:
    out = []
    for i in range(n):
        base = UNIT_NAMES[i % len(UNIT_NAMES)]
        name = base if i < len(UNIT_NAMES) else f"{base} {i // len(UNIT_NAMES) + 1}"
        out.append((i + 1, name, f"DV{i + 1}", None, True, True))
    return out


def gen_users(n_units: int, per_unit: int, pw_hash: str) -> list[tuple]:
    out, uid = [], 0
    now = datetime(2025, 1, 2, 8, 0)
    for u in range(1, n_units + 1):
        for k in range(per_unit):
            uid += 1
            role = "leader" if k == 0 else "clerk" if (k == 1 and u == 1) else "officer"
            out.append((uid, f"u{uid}", f"Người dùng {uid}", f"u{uid}@example.vn", pw_hash, role, u, True,
                        f"ics{uid}", now))
    uid += 1
    out.append((uid, "admin", "Quản trị", "admin@example.vn", pw_hash, "admin", 1, True, f"ics{uid}", now))
    return out


def gen_dispatches(n: int, rng: random.Random):
    """Rows of dispatches (registered, with a ~1 KB text) and the (code, subject) of each for its tasks."""
    rows, meta = [], []
    start = TODAY - timedelta(days=730)
    for i in range(1, n + 1):
        organ, in_charge, abbr = ORGANS[rng.randrange(len(ORGANS))]
        kind, prefix, kind_name = KINDS[rng.randrange(len(KINDS))]
        number = rng.randint(1, 9999)
        notation = f"{prefix}{abbr}" + ("" if prefix else rng.choice(["-VP", "-NV", "-TCBC", "-KGVX", "-TH"]))
        code = f"{number}/{notation}"
        topic = TOPICS[rng.randrange(len(TOPICS))]
        verb = VERBS[rng.randrange(len(VERBS))]
        arrival = start + timedelta(days=i * 730 // n)
        subject = f"{verb.capitalize()} {topic} năm {arrival.year}"
        parts = []
        for _ in range(8):
            s = SENTENCES[rng.randrange(len(SENTENCES))]
            parts.append(s.format(t=TOPICS[rng.randrange(len(TOPICS))], o=organ.title(), v=verb,
                                  d=vn(arrival + timedelta(days=rng.randint(5, 60))), n=rng.randint(1, 500),
                                  y=arrival.year))
        text = f"{organ}\nSố: {code}\nV/v {subject}\n" + " ".join(parts)
        search = " ".join([f(code), f(organ), f(in_charge or ""), f(subject), fold(" ".join(parts))])
        rows.append((i, "registered", f"vb-{i}.txt", text, i, arrival.year, arrival, organ, in_charge, number,
                     notation, code, kind, "Lạng Sơn", (arrival - timedelta(days=2)).isoformat(), subject,
                     search, datetime.combine(arrival, datetime.min.time()), datetime.combine(arrival, datetime.min.time())))
        meta.append((code, subject, arrival))
    # số đến restarts each year: renumber per year
    per_year: dict[int, int] = {}
    out = []
    for r in rows:
        per_year[r[5]] = per_year.get(r[5], 0) + 1
        out.append(r[:4] + (per_year[r[5]],) + r[5:])
    return out, meta


def gen_tasks(n: int, meta: list, n_units: int, users_by_unit: dict, rng: random.Random):
    states = ["todo"] * 4 + ["in_progress"] * 3 + ["done"] * 3
    now = datetime(2025, 6, 1, 8, 0)
    for i in range(1, n + 1):
        d_id = rng.randrange(len(meta)) + 1
        code, subject, arrival = meta[d_id - 1]
        unit = rng.randint(1, n_units)
        coop = rng.randint(1, n_units)
        unit_name, coop_name = UNIT_NAMES[(unit - 1) % len(UNIT_NAMES)], UNIT_NAMES[(coop - 1) % len(UNIT_NAMES)]
        topic = TOPICS[rng.randrange(len(TOPICS))]
        verb = VERBS[rng.randrange(len(VERBS))]
        due = TODAY + timedelta(days=rng.randint(-200, 200)) if rng.random() < 0.9 else None
        text = f"{unit_name} chủ trì, phối hợp với {coop_name} {verb} {topic}" + \
               (f"; báo cáo kết quả trước ngày {vn(due)}." if due else "; thực hiện thường xuyên.")
        status = states[rng.randrange(10)]
        owner = rng.choice(users_by_unit[unit]) if rng.random() < 0.7 else None
        completed = (due or arrival) + timedelta(days=rng.randint(-10, 5)) if status == "done" else None
        search = " ".join([f(unit_name), f(coop_name), f(verb), f(topic),
                           f"bao cao ket qua truoc ngay {vn(due)}." if due else "", f(code), f(subject)])
        yield (i, d_id, text, unit, owner, due, status, completed, search, now, now)


# ---------------------------------------------------------------- loading

DISPATCH_COLS = ("id", "status", "file_name", "text", "arrival_number", "arrival_year", "arrival_date", "organ_name",
                 "organ_in_charge", "code_number", "code_notation", "code_text", "document_type",
                 "promulgation_place", "promulgation_date", "subject", "search_text", "created_at", "registered_at")
TASK_COLS = ("id", "dispatch_id", "text", "unit_id", "owner_id", "due_date", "status", "completed_on",
             "search_text", "created_at", "updated_at")
UNIT_COLS = ("id", "name", "short_name", "parent_id", "internal", "active")
USER_COLS = ("id", "username", "full_name", "email", "password_hash", "role", "unit_id", "active", "ics_token",
             "created_at")


def _batches(rows, size=20000):
    batch = []
    for r in rows:
        batch.append(r)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def load_sqlite(path: str, tables: dict) -> None:
    import sqlite3

    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-200000")
    saved = con.execute("SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
                        "AND sql IS NOT NULL AND tbl_name IN ('tasks', 'dispatches')").fetchall()
    for kind, name, _ in saved:
        con.execute(f"DROP {kind.upper()} {name}")
    con.execute("BEGIN")
    for table, (cols, rows) in tables.items():
        sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        for batch in _batches(rows):
            con.executemany(sql, [tuple(v.isoformat(sep=" ") if isinstance(v, datetime) else
                                        v.isoformat() if isinstance(v, date) else v for v in r) for r in batch])
    con.execute("COMMIT")
    t = time.perf_counter()
    for fts in ("dispatches_fts", "tasks_fts"):
        con.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
    print(f"  FTS5 trigram rebuild {time.perf_counter() - t:.1f} s", flush=True)
    t = time.perf_counter()
    for _, _, sql in saved:
        con.execute(sql)
    con.execute("ANALYZE")
    print(f"  indexes + triggers + ANALYZE {time.perf_counter() - t:.1f} s", flush=True)
    con.close()


def load_postgres(url: str, tables: dict) -> None:
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as con:
        saved = con.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('tasks', 'dispatches') "
                            "AND indexname NOT IN (SELECT conname FROM pg_constraint)").fetchall()
        for name, _ in saved:
            con.execute(f'DROP INDEX "{name}"')
        con.execute("SET maintenance_work_mem = '512MB'")
        for table, (cols, rows) in tables.items():
            with con.cursor().copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as cp:
                for r in rows:
                    cp.write_row(r)
        t = time.perf_counter()
        for _, sql in saved:
            con.execute(sql)
        for table in ("units", "users", "dispatches", "tasks"):
            con.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        con.execute("VACUUM ANALYZE")
        print(f"  indexes + VACUUM ANALYZE {time.perf_counter() - t:.1f} s", flush=True)


def generate(url: str, n_dispatches: int, n_tasks: int, *, n_units: int = 40, users_per_unit: int = 10,
             seed: int = 30) -> dict:
    """Migrate `url` and fill it; returns {"units", "users", "admin_id", "unit_ids"} for the bench."""
    from werkzeug.security import generate_password_hash

    url = normalise_db_url(url)
    migrate(url)
    from app.store.db import get_engine
    get_engine(url).dispose()
    rng = random.Random(seed)
    t0 = time.perf_counter()
    units = gen_units(n_units)
    users = gen_users(n_units, users_per_unit, generate_password_hash(PASSWORD))
    by_unit: dict[int, list[int]] = {}
    for u in users:
        if u[5] == "officer":
            by_unit.setdefault(u[6], []).append(u[0])
    dispatches, meta = gen_dispatches(n_dispatches, rng)
    tables = {"units": (UNIT_COLS, units), "users": (USER_COLS, users), "dispatches": (DISPATCH_COLS, dispatches),
              "tasks": (TASK_COLS, gen_tasks(n_tasks, meta, n_units, by_unit, rng))}
    if url.startswith("sqlite"):
        load_sqlite(url.split("///", 1)[1], tables)
    else:
        load_postgres(url, tables)
    print(f"  generated {n_dispatches} dispatches, {n_tasks} tasks in {time.perf_counter() - t0:.1f} s", flush=True)
    return {"admin": "admin", "leader": "u1", "officer": "u3", "unit_ids": list(range(1, n_units + 1))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("url")
    ap.add_argument("--dispatches", type=int, default=100_000)
    ap.add_argument("--tasks", type=int, default=1_000_000)
    a = ap.parse_args()
    generate(a.url, a.dispatches, a.tasks)


if __name__ == "__main__":
    main()
