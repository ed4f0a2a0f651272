"""Atomic yearly counters for registers: số đi (outgoing) and số đến (incoming).

`next_number(session, organ, year, register)` returns the next number of (organ, register,
year), starting at 1 in each new year (ND30-NUM-01, IN-06). It is one atomic upsert:

    INSERT INTO register_counters (organ, register, year, value) VALUES (:o, :r, :y, 1)
    ON CONFLICT (organ, register, year) DO UPDATE SET value = register_counters.value + 1
    RETURNING value

PostgreSQL: the conflicting row is locked until the transaction ends, so concurrent callers
are serialised and each sees the previous one's committed value. SQLite: the transaction must
hold the write lock from its start (BEGIN IMMEDIATE), otherwise a reader that later writes can
fail with "database is locked"; `next_number` asks for it via the `sqlite_begin` execution
option, which works when it is the FIRST statement of the session's transaction — use
`numbering_session(url)` or call it before anything else.

No gaps: the number is taken inside the caller's transaction; if the caller rolls back (the
document could not be rendered or stored), the counter rolls back too. Commit once the
numbered thing is stored.

Typed numbers (văn bản đi): a clerk may type the number of an outgoing document instead of
taking the next one. The typed number is recorded but does not move the counter (a typo like
1200 must not make the register jump); `next_outgoing_number` instead steps over numbers that
typed entries already hold, so the register never hands out a duplicate (ND30-NUM-02), and
`lock_register` lets a typed issue hold the same counter row, so typed and counted issues of
one register run one after the other.
"""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .db import session_scope
from .models.outgoing import OutgoingDocument, RegisterCounter

OUTGOING = "van_ban_di"
INCOMING = "van_ban_den"


def _begin_immediate(session: Session) -> None:
    bind = session.get_bind()
    if bind.dialect.name == "sqlite" and not session.in_transaction():
        # Only possible when this is the first use of the session in its transaction.
        session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})


def _insert(dialect: str):
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def next_number(session: Session, organ: str, year: int, register: str = OUTGOING) -> int:
    """The next number (1, 2, ...) of (organ, register, year), inside the caller's transaction."""
    if not organ or not register:
        raise ValueError("organ and register are required")
    _begin_immediate(session)
    dialect = session.get_bind().dialect.name
    table = RegisterCounter.__table__
    if dialect not in ("postgresql", "sqlite"):  # pragma: no cover - portable: lock, then update or insert
        row = session.execute(select(RegisterCounter).where(
            RegisterCounter.organ == organ, RegisterCounter.register == register,
            RegisterCounter.year == year).with_for_update()).scalar_one_or_none()
        if row is None:
            session.add(RegisterCounter(organ=organ, register=register, year=year, value=1))
            session.flush()
            return 1
        row.value += 1
        session.flush()
        return row.value
    stmt = _insert(dialect)(table).values(organ=organ, register=register, year=year, value=1)
    stmt = stmt.on_conflict_do_update(index_elements=["organ", "register", "year"],
                                      set_={"value": table.c.value + 1}).returning(table.c.value)
    return int(session.execute(stmt).scalar_one())


def lock_register(session: Session, organ: str, year: int, register: str = OUTGOING) -> None:
    """Hold (organ, register, year)'s counter row until the transaction ends, leaving its value.

    A typed number takes this lock before it checks the register, so a concurrent issue of the
    same register (typed or counted) waits and then sees the committed row. The row is created
    with value 0 (nothing issued) when the register has no counter yet.
    """
    if not organ or not register:
        raise ValueError("organ and register are required")
    _begin_immediate(session)
    dialect = session.get_bind().dialect.name
    table = RegisterCounter.__table__
    if dialect not in ("postgresql", "sqlite"):  # pragma: no cover - portable fallback
        session.execute(select(RegisterCounter).where(
            RegisterCounter.organ == organ, RegisterCounter.register == register,
            RegisterCounter.year == year).with_for_update())
        return
    stmt = _insert(dialect)(table).values(organ=organ, register=register, year=year, value=0)
    # DO UPDATE (not DO NOTHING): PostgreSQL locks the row only when it updates it.
    session.execute(stmt.on_conflict_do_update(index_elements=["organ", "register", "year"],
                                               set_={"value": table.c.value}))


def number_holder(session: Session, organ: str, year: int, number: int,
                  register: str = OUTGOING) -> OutgoingDocument | None:
    """The outgoing document that already holds `number` in (organ, register, year), if any."""
    return session.execute(select(OutgoingDocument).where(
        OutgoingDocument.organ_key == organ, OutgoingDocument.register == register,
        OutgoingDocument.year == year, OutgoingDocument.number == number).limit(1)).scalar_one_or_none()


def next_outgoing_number(session: Session, organ: str, year: int, register: str = OUTGOING) -> int:
    """`next_number` for an outgoing register, stepping over numbers typed entries already hold.

    The counter ends on the number returned, so the next call continues after it.
    """
    n = next_number(session, organ, year, register)
    taken = set(session.scalars(select(OutgoingDocument.number).where(
        OutgoingDocument.organ_key == organ, OutgoingDocument.register == register,
        OutgoingDocument.year == year, OutgoingDocument.number >= n)))
    if n not in taken:
        return n
    while n in taken:
        n += 1
    session.execute(update(RegisterCounter).where(
        RegisterCounter.organ == organ, RegisterCounter.register == register,
        RegisterCounter.year == year).values(value=n))
    return n


def current_number(session: Session, organ: str, year: int, register: str = OUTGOING) -> int:
    """The last number issued (0 when none yet)."""
    v = session.execute(select(RegisterCounter.value).where(
        RegisterCounter.organ == organ, RegisterCounter.register == register,
        RegisterCounter.year == year)).scalar_one_or_none()
    return int(v or 0)


def numbering_session(url: str):
    """A session whose transaction starts with the write lock on SQLite; commits on success."""
    return session_scope(url, write=True)
