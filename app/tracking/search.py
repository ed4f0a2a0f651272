"""Diacritics-insensitive search over dispatches and tasks, served by an index on both backends.

The semantics are those of the plain LIKE query, on every backend: the query is folded
(`textfold.fold`: lowercase, no diacritics, đ -> d) and split on spaces; a row matches when
EVERY word is a substring of its folded `search_text` ("thi dua khen thuong" finds
"Thi đua, khen thưởng"; "3508/vp" finds "Số: 3508/VP-KGVX").

How each backend makes that fast (migration search_0001):
- SQLite: an FTS5 table per searched table with the trigram tokenizer over `search_text`
  (external content, kept in sync by triggers). A quoted word of 3+ characters is a phrase of
  consecutive trigrams, i.e. exactly a substring test; shorter words ("ub", "so") cannot be
  looked up by trigrams and stay as LIKE on the rows the index found.
- PostgreSQL: the LIKE itself, served by a pg_trgm GIN index on `search_text`.

`matches(Model, q)` is a SQL expression compiled per dialect, so callers build their queries
without knowing the backend (tasks.task_query, the API's dispatch list and /search).
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Boolean, String, and_, bindparam, column, or_, select, table, text, true
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import ColumnElement

from ..store.models.incoming import Dispatch, Task
from . import permissions
from .textfold import fold

# searched table -> its FTS5 table on SQLite (created by migration search_0001)
FTS_TABLES = {"dispatches": "dispatches_fts", "tasks": "tasks_fts"}
MIN_TRIGRAM = 3


def words_of(q: str | None) -> list[str]:
    """The folded words of a query; an empty list matches everything."""
    return fold(q).split()


def reference_match(search_text: str | None, q: str) -> bool:
    """The semantics in Python (used by tests to check both backends)."""
    text = search_text or ""
    return all(w in text for w in words_of(q))


def fts_query(words: list[str]) -> str | None:
    """FTS5 MATCH string for the words the trigram index can look up (None if there are none)."""
    longs = [w for w in words if len(w) >= MIN_TRIGRAM]
    if not longs:
        return None
    return " AND ".join('"' + w.replace('"', '""') + '"' for w in longs)


class FoldedMatch(ColumnElement):
    """`search_text` contains every folded word of the query; compiled per dialect."""

    type = Boolean()
    inherit_cache = False   # the bound words are rendered at compile time

    def __init__(self, model, q: str | None, scan: bool = False):
        self.model = model
        self.words = words_of(q)
        self.scan = scan


@compiles(FoldedMatch)
def _compile_like(el: FoldedMatch, compiler, **kw):
    if not el.words:
        return compiler.process(true(), **kw)
    # scan: `search_text || ''` is the same text, but no trigram index can serve it, so the rows
    # come from the other conditions' index (one unit: ~35 ms at 1 M tasks, every run). Left to
    # itself the PostgreSQL planner sometimes intersected the trigram bitmap instead, depending on
    # the sampled statistics: 34 ms in one full bench run, 102 ms (p95 173) in another.
    text_col = el.model.search_text + "" if el.scan else el.model.search_text
    parts = [compiler.process(text_col.contains(w, autoescape=True), **kw) for w in el.words]
    return "(" + " AND ".join(parts) + ")"


@compiles(FoldedMatch, "sqlite")
def _compile_fts5(el: FoldedMatch, compiler, **kw):
    if not el.words or el.scan:
        return _compile_like(el, compiler, **kw)
    fts = FTS_TABLES[el.model.__tablename__]
    parts = []
    m = fts_query(el.words)
    if m is not None:
        param = compiler.process(bindparam(None, m, type_=String()), **kw)
        ident = compiler.process(el.model.id, **kw)
        parts.append(f"{ident} IN (SELECT rowid FROM {fts} WHERE {fts} MATCH {param})")
    for w in el.words:
        if len(w) < MIN_TRIGRAM:
            parts.append(compiler.process(el.model.search_text.contains(w, autoescape=True), **kw))
    return "(" + " AND ".join(parts) + ")"


def matches(model, q: str | None, *, scan: bool = False) -> FoldedMatch:
    """WHERE clause: the row's folded search text contains every word of `q`.

    scan=True: the other conditions of the query already select few rows (one unit, one
    owner, one dispatch); testing those rows directly is cheaper than the full-text lookup.
    """
    return FoldedMatch(model, q, scan)


def newest(s: Session, base, model, q: str, limit: int, parts: list | None = None) -> list:
    """The newest `limit` rows of `base` (a select(model) with its filters) matching `q`.

    `parts`: disjoint conditions whose union is the user's scope (permissions.scope_parts), each
    served by its own index; None = all of `base`.

    On SQLite the trigram index is read in descending rowid order and the join stops after
    `limit` rows, so a common word costs no more than a rare one.
    """
    words = words_of(q)
    m = fts_query(words)
    scoped = [base] if parts is None else [base.where(p) for p in parts]
    if s.get_bind().dialect.name == "sqlite" and m is not None:
        name = FTS_TABLES[model.__tablename__]
        fts = table(name, column("rowid"))
        stmt = base.where(or_(*parts)) if parts else base
        stmt = stmt.join(fts, fts.c.rowid == model.id).where(text(f"{name} MATCH :fts_match").bindparams(fts_match=m))
        for w in words:
            if len(w) < MIN_TRIGRAM:
                stmt = stmt.where(model.search_text.contains(w, autoescape=True))
        stmt = stmt.order_by(fts.c.rowid.desc())
        return list(s.scalars(stmt.limit(limit)))
    if s.get_bind().dialect.name == "sqlite" or not words:   # only short words: a plain scan
        stmt = base.where(or_(*parts)) if parts else base
        return list(s.scalars(stmt.where(matches(model, q)).order_by(model.id.desc()).limit(limit)))
    ids = sorted((i for part in scoped for i in _newest_ids_by_window(s, part, model, words, limit,
                                                                     scoped=parts is not None)),
                 reverse=True)[:limit]
    if not ids:
        return []
    rows = {r.id: r for r in s.scalars(select(model).where(model.id.in_(ids)))}
    return [rows[i] for i in ids]


# rows of the newest window scanned directly before the trigram index is asked (PostgreSQL)
RECENT_WINDOW = {"tasks": 5_000, "dispatches": 1_000}


def _newest_ids_by_window(s: Session, base, model, words: list[str], limit: int, *,
                          scoped: bool = False) -> list[int]:
    """PostgreSQL: LIKE on the newest rows of `base` first, then the pg_trgm index for older ones.

    The planner cannot estimate how many rows a word matches; with common words its bitmap
    plan fetches tens of thousands of rows to keep the newest 50 (an officer's "giam ngheo ben
    vung": 66 000 matches read to keep his 1 656, 114 ms). The newest rows of the scope, walked
    by an (unit_id | owner_id | primary key, id) index, answer those queries; rare words fall
    through to the trigram index, which is fast for them; a scope smaller than the window never
    needs it. The result is exactly the newest `limit` matches either way.
    """
    window = RECENT_WINDOW.get(model.__tablename__, 10_000)
    if not scoped:
        ordered = base.with_only_columns(model.id).order_by(model.id.desc())
        recent = base.with_only_columns(model.id, model.search_text).order_by(model.id.desc()).limit(window) \
            .cte("recent_rows").prefix_with("MATERIALIZED")
    else:
        # A part of a scope ("owner = me outside my unit": 2 000 rows) ordered by plain `id` with
        # a LIMIT lets the planner walk the primary key backwards and filter, which reads the
        # whole table when the part is small (~60 ms; it did so in some runs, by the sampled
        # statistics). `id + 0` no index provides: the part's ids come from its own index and
        # are sorted, then their rows are read by primary key.
        ordered = base.with_only_columns(model.id).order_by((model.id + 0).desc())
        newest = ordered.limit(window).cte("recent_ids").prefix_with("MATERIALIZED")
        recent = select(model.id, model.search_text).join(newest, model.id == newest.c.id) \
            .cte("recent_rows").prefix_with("MATERIALIZED")
    ids = list(s.scalars(select(recent.c.id)
                         .where(*[recent.c.search_text.contains(w, autoescape=True) for w in words])
                         .order_by(recent.c.id.desc()).limit(limit)))
    if len(ids) >= limit:
        return ids
    edge = s.scalar(ordered.offset(window - 1).limit(1))     # the oldest row of a full window
    if edge is None:                                        # the window held the whole scope
        return ids
    # the matches first (trigram bitmap), then the newest of them: with ORDER BY id LIMIT in
    # the same query the planner may walk the primary key backwards and filter, which for a
    # rare word ("3508/") reads most of the table (110 ms on 1 M tasks instead of 1 ms)
    older = base.with_only_columns(model.id).where(model.id < edge, matches(model, " ".join(words))) \
        .cte("older_matches").prefix_with("MATERIALIZED")
    return ids + list(s.scalars(select(older.c.id).order_by(older.c.id.desc()).limit(limit - len(ids))))


def like_reference(model, q: str | None):
    """The same condition as plain LIKEs (no index); the semantics reference in tests."""
    conds = [model.search_text.contains(w, autoescape=True) for w in words_of(q)]
    return and_(true(), *conds)


@dataclass
class SearchResult:
    dispatches: list[Dispatch]
    tasks: list[Task]


def search(s: Session, user, q: str, *, today: date | None = None, limit: int = 50) -> SearchResult:
    """Newest dispatches and tasks matching `q`, as far as `user` may see them."""
    see_dispatches, see_tasks = permissions.can(user, "dispatch.view"), permissions.can(user, "task.view")
    pending = None
    if see_dispatches and see_tasks and s.get_bind().dialect.name == "postgresql":
        # two independent reads: each in its own PostgreSQL backend, side by side (a code such as
        # "ke hoach 12/kh" costs ~45 ms on 100 000 dispatches and ~60 ms on 1 M tasks)
        pending = _executor().submit(_newest_dispatches, s.get_bind(), q, limit)
    elif see_dispatches:
        found = newest(s, select(Dispatch), Dispatch, q, limit)
    rows = newest(s, select(Task), Task, q, limit, permissions.scope_parts(user)) if see_tasks else []
    if pending is not None:
        found = [s.merge(d, load=False) for d in pending.result()]   # into the caller's session
    elif not see_dispatches:
        found = []
    return SearchResult(found, rows)


_pool: ThreadPoolExecutor | None = None


def _executor() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="vanthu-search")
    return _pool


def _newest_dispatches(engine, q: str, limit: int) -> list[Dispatch]:
    s = Session(bind=engine)      # the caller's engine and pool, a connection of its own
    try:
        found = newest(s, select(Dispatch), Dispatch, q, limit)
        s.expunge_all()
        return found
    finally:
        s.close()


def rebuild_indexes(s: Session) -> None:
    """Re-index every searched table on SQLite (after bulk loads that bypass the triggers)."""
    if s.get_bind().dialect.name != "sqlite":
        return
    for fts in FTS_TABLES.values():
        s.execute(text(f"INSERT INTO {fts}({fts}) VALUES('rebuild')"))
