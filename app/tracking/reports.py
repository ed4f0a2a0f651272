"""Report per unit and period in the four states of the Government's task tracking."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..store.models.directory import Unit
from ..store.models.incoming import Task
from . import permissions
from .tasks import STATE_LABELS, tracking_state

STATES = list(STATE_LABELS)


@dataclass
class UnitRow:
    unit_id: int | None
    unit_name: str
    counts: dict = field(default_factory=lambda: {k: 0 for k in STATES})

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def unit_report(s: Session, user, *, start: date | None, end: date | None, today: date,
                unit_id: int | None = None) -> list[UnitRow]:
    """Tasks due in [start, end] (or without a due date but created then), counted per unit and state."""
    q = permissions.task_scope(select(Task), user)
    if start:
        q = q.where(or_(Task.due_date >= start, Task.due_date.is_(None)))
    if end:
        q = q.where(or_(Task.due_date <= end, Task.due_date.is_(None)))
    if unit_id:
        q = q.where(Task.unit_id == unit_id)
    names = {u.id: u.name for u in s.scalars(select(Unit))}
    rows: dict[int | None, UnitRow] = {}
    for t in s.scalars(q):
        row = rows.get(t.unit_id)
        if row is None:
            row = rows[t.unit_id] = UnitRow(t.unit_id, names.get(t.unit_id, "Chưa giao đơn vị"))
        row.counts[tracking_state(t, today)] += 1
    return sorted(rows.values(), key=lambda r: (r.unit_id is None, r.unit_name))


def totals(rows: list[UnitRow]) -> dict:
    out = defaultdict(int)
    for r in rows:
        for k, v in r.counts.items():
            out[k] += v
    return {k: out[k] for k in STATES}
