"""Task services: listing with filters, assignment, progress, extensions, completion, recurrence."""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select, union_all
from sqlalchemy.orm import Session

from ..errors import NotFound, ValidationError
from ..store import changes
from ..store.models.incoming import TASK_STATES, Task, TaskExtension, TaskNote
from . import audit, permissions
from .textfold import fold

# The four states of the Government's task tracking, plus "due soon" for the eye.
STATE_LABELS = {
    "done_on_time": "Hoàn thành đúng hạn",
    "done_late": "Hoàn thành quá hạn",
    "open_on_time": "Chưa hoàn thành trong hạn",
    "open_overdue": "Chưa hoàn thành quá hạn",
}

RECURRENCE_LABELS = {
    "daily": "Hằng ngày", "weekly": "Hằng tuần", "monthly": "Hằng tháng", "quarterly": "Hằng quý",
    "half_yearly": "6 tháng một lần", "yearly": "Hằng năm", "continuous": "Thường xuyên",
}


def tracking_state(task: Task, today: date) -> str:
    """One of the four states of STATE_LABELS. A task without a due date is never late."""
    if task.status == "done":
        done = task.completed_on or today
        return "done_late" if task.due_date and done > task.due_date else "done_on_time"
    return "open_overdue" if task.due_date and today > task.due_date else "open_on_time"


def urgency(task: Task, today: date, soon_days: int) -> str | None:
    """'overdue' or 'due_soon' for open tasks, for badges and reminders."""
    if task.status == "done" or task.due_date is None:
        return None
    if today > task.due_date:
        return "overdue"
    if (task.due_date - today).days <= soon_days:
        return "due_soon"
    return None


@dataclass
class TaskFilter:
    unit_id: int | None = None
    owner_id: int | None = None
    status: str | None = None          # todo | in_progress | done | open
    due_from: date | None = None
    due_to: date | None = None
    dispatch_id: int | None = None
    overdue: bool = False
    q: str | None = None               # diacritics-insensitive search in the task text and its source
    sort: str = "due_date"             # due_date | -due_date | created | -created | status


SORTS = {
    "due_date": (Task.due_date.is_(None), Task.due_date, Task.id),
    "-due_date": (Task.due_date.is_(None), Task.due_date.desc(), Task.id.desc()),
    "created": (Task.id,),
    "-created": (Task.id.desc(),),
    "status": (Task.status, Task.due_date, Task.id),
}


OPEN_STATES = tuple(k for k in TASK_STATES if k != "done")


def task_query(user, f: TaskFilter, today: date, *, scoped: bool = True):
    """select(Task) with the filter's conditions (and the user's scope unless scoped=False)."""
    q = permissions.task_scope(select(Task), user) if scoped else select(Task)
    if f.unit_id:
        q = q.where(Task.unit_id == f.unit_id)
    if f.owner_id:
        q = q.where(Task.owner_id == f.owner_id)
    if f.status == "open":
        # the open states as a list, not `!= 'done'`: an index on (unit_id, status, ...) is read as two ranges
        q = q.where(Task.status.in_(OPEN_STATES))
    elif f.status:
        q = q.where(Task.status == f.status)
    if f.due_from:
        q = q.where(Task.due_date >= f.due_from)
    if f.due_to:
        q = q.where(Task.due_date <= f.due_to)
    if f.dispatch_id:
        q = q.where(Task.dispatch_id == f.dispatch_id)
    if f.overdue:
        q = q.where(Task.status.in_(OPEN_STATES), Task.due_date < today)
    if f.q:
        from .search import matches   # FTS5 on SQLite, pg_trgm on PostgreSQL; same results as LIKE
        q = q.where(matches(Task, f.q, scan=bool(f.unit_id or f.owner_id or f.dispatch_id) or user.role == "officer"))
    return q


def scoped_parts(user, f: TaskFilter, today: date) -> list:
    """The list's query as disjoint parts whose union is task_query(user, f, today).

    An officer's scope `owner = me OR unit = my unit` as one query makes both backends read
    and sort the whole scope; as two parts each is served by its own (unit|owner, due order)
    index and reads only a page's worth of rows.
    """
    base = task_query(user, f, today, scoped=False)
    parts = permissions.scope_parts(user)
    return [base] if parts is None else [base.where(p) for p in parts]


def list_tasks(s: Session, user, f: TaskFilter, *, today: date, page: int = 1, per_page: int = 50,
               columns=None):
    """(tasks, total) for one page, newest filters applied, in the requested order.

    `columns`: select these Task columns and return Core rows instead of ORM objects (the API's
    list, where building ORM objects costs more than the query).
    """
    order = SORTS.get(f.sort, SORTS["due_date"])
    offset = (max(page, 1) - 1) * per_page
    parts = scoped_parts(user, f, today)
    run = s.connection().execute     # Core execution: no ORM compile/load step for counts and column rows
    if len(parts) == 1 and f.q:
        # a search reads every match to sort them anyway: the total comes with the page, one pass
        page_q = parts[0].order_by(*order).limit(per_page).offset(offset)
        if columns is not None:
            rows = run(page_q.with_only_columns(*columns, func.count().over().label("_total"))).all()
            found = rows
        else:
            pairs = s.execute(page_q.add_columns(func.count().over())).all()
            rows, found = [p[0] for p in pairs], pairs
        if found or offset == 0:
            return rows, found[0][-1] if found else 0
    total = sum(run(p.with_only_columns(func.count(), maintain_column_froms=True).order_by(None)).scalar() or 0
                for p in parts)
    if len(parts) == 1:
        q = parts[0]
    else:   # ids first: each part's first offset+per_page ids in list order, then the page among them
        firsts = [p.with_only_columns(Task.id).order_by(*order).limit(offset + per_page).subquery() for p in parts]
        q = select(Task).where(Task.id.in_(union_all(*[select(sq.c.id) for sq in firsts])))
    q = q.order_by(*order).limit(per_page).offset(offset)
    if columns is not None:
        return run(q.with_only_columns(*columns)).all(), total
    return s.scalars(q).all(), total


def get_task(s: Session, user, task_id: int) -> Task:
    task = s.get(Task, task_id)
    if task is None:
        raise NotFound("Không tìm thấy nhiệm vụ.")
    permissions.require_task(user, task)
    return task


def search_key(task: Task, source: str = "") -> str:
    units = " ".join(task.units_text or [])
    return fold(f"{task.text} {units} {task.due_text or ''} {source}")


def create_task(s: Session, user, *, text: str, dispatch=None, unit_id=None, units_text=None,
                cooperating_units=None, report_to=None, owner_id=None, due_date=None, due_text=None,
                recurrence=None, span=None) -> Task:
    if not text or not text.strip():
        raise ValidationError("Nội dung nhiệm vụ không được để trống.",
                              details=[{"field": "text", "message": "Nhập nội dung nhiệm vụ."}])
    task = Task(text=text.strip(), dispatch=dispatch, unit_id=unit_id, units_text=units_text or [],
                cooperating_units=cooperating_units or [], report_to=report_to, owner_id=owner_id,
                due_date=due_date, due_text=due_text, recurrence=recurrence, status="todo",
                span_start=span[0] if span else None, span_end=span[1] if span else None)
    source = f"{dispatch.code_text or ''} {dispatch.subject or ''}" if dispatch is not None else ""
    task.search_text = search_key(task, source)
    s.add(task)
    s.flush()
    audit.record(s, user, "task.create", "task", task.id, text[:200])
    return task


def assign(s: Session, user, task: Task, *, unit_id=None, owner_id=None, due_date=None) -> Task:
    permissions.require_task(user, task, "task.assign")
    task.unit_id = unit_id if unit_id is not None else task.unit_id
    task.owner_id = owner_id if owner_id is not None else task.owner_id
    if due_date is not None:
        task.due_date = due_date
    audit.record(s, user, "task.assign", "task", task.id, f"unit={task.unit_id} owner={task.owner_id} due={task.due_date}")
    return task


def add_note(s: Session, user, task: Task, text: str, *, percent: int | None = None,
             attachment_name: str | None = None, attachment_path: str | None = None) -> TaskNote:
    permissions.require_task(user, task, "task.progress")
    if not text or not text.strip():
        raise ValidationError("Nội dung tiến độ không được để trống.",
                              details=[{"field": "text", "message": "Nhập nội dung tiến độ."}])
    if percent is not None and not 0 <= percent <= 100:
        raise ValidationError("Tỷ lệ hoàn thành phải từ 0 đến 100.",
                              details=[{"field": "percent", "message": "Nhập số từ 0 đến 100."}])
    note = TaskNote(task=task, user_id=user.id, text=text.strip(), percent=percent,
                    attachment_name=attachment_name, attachment_path=attachment_path)
    s.add(note)
    if task.status == "todo":
        task.status = "in_progress"
    s.flush()
    audit.record(s, user, "task.progress", "task", task.id, text[:200])
    return note


def set_status(s: Session, user, task: Task, status: str) -> Task:
    permissions.require_task(user, task, "task.progress")
    if status not in TASK_STATES:
        raise ValidationError("Trạng thái không hợp lệ.", details=[{"field": "status", "message": "Chọn một trạng thái."}])
    if status == "done":
        return complete(s, user, task, completed_on=date.today())
    task.status = status
    task.completed_on = None
    audit.record(s, user, "task.status", "task", task.id, status)
    return task


def extend(s: Session, user, task: Task, new_due_date: date, reason: str) -> TaskExtension:
    """Gia hạn: keeps the old and new date, the reason and the approving leader."""
    permissions.require_task(user, task, "task.extend")
    errors = []
    if not reason or not reason.strip():
        errors.append({"field": "reason", "message": "Nhập lý do gia hạn."})
    if new_due_date is None:
        errors.append({"field": "new_due_date", "message": "Nhập hạn mới."})
    elif task.due_date and new_due_date <= task.due_date:
        errors.append({"field": "new_due_date", "message": "Hạn mới phải sau hạn hiện tại "
                       f"({task.due_date.strftime('%d/%m/%Y')})."})
    if errors:
        raise ValidationError("Không thể gia hạn nhiệm vụ.", details=errors)
    ext = TaskExtension(task=task, old_due_date=task.due_date, new_due_date=new_due_date,
                        reason=reason.strip(), approver_id=user.id)
    task.due_date = new_due_date
    s.add(ext)
    s.flush()
    audit.record(s, user, "task.extend", "task", task.id, f"{ext.old_due_date} -> {new_due_date}: {reason[:150]}")
    return ext


def complete(s: Session, user, task: Task, *, completed_on: date | None = None,
             reply_code: str | None = None) -> Task:
    """Mark done (with the reply's số/ký hiệu when there is one); a recurring task spawns its next occurrence."""
    permissions.require_task(user, task, "task.progress")
    task.status = "done"
    task.completed_on = completed_on or date.today()
    if reply_code:
        task.reply_code = reply_code.strip()
    audit.record(s, user, "task.complete", "task", task.id, reply_code or "")
    if task.recurrence in PERIOD_MONTHS or task.recurrence in ("daily", "weekly"):
        nxt = next_occurrence(task)
        if nxt is not None:
            s.add(nxt)
            s.flush()
            audit.record(s, user, "task.recur", "task", nxt.id, f"after {task.id}")
    return task


PERIOD_MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}


def add_months(d: date, months: int) -> date:
    """Same day `months` later, clamped to the month's last day (31/1 + 1 month = 28 or 29/2)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def next_due(due: date, recurrence: str) -> date:
    if recurrence == "daily":
        return due + timedelta(days=1)
    if recurrence == "weekly":
        return due + timedelta(days=7)
    months = PERIOD_MONTHS[recurrence]
    # keep "last day of the period" deadlines on the last day of the next period
    last = calendar.monthrange(due.year, due.month)[1] == due.day
    nxt = add_months(due, months)
    if last:
        nxt = nxt.replace(day=calendar.monthrange(nxt.year, nxt.month)[1])
    return nxt


def next_occurrence(task: Task) -> Task | None:
    """The next task of a recurring series (None when the task has no date to advance)."""
    if task.due_date is None:
        return None
    nxt = Task(text=task.text, dispatch_id=task.dispatch_id, unit_id=task.unit_id,
               units_text=task.units_text, cooperating_units=task.cooperating_units,
               report_to=task.report_to, owner_id=task.owner_id,
               due_date=next_due(task.due_date, task.recurrence), due_text=task.due_text,
               recurrence=task.recurrence, status="todo", previous_id=task.id,
               span_start=task.span_start, span_end=task.span_end, search_text=task.search_text)
    return nxt


_COUNTS = changes.Memo()


def counts_by_urgency(s: Session, user, today: date, soon_days: int) -> dict:
    """Numbers for the dashboard: open, overdue, due soon (one pass over a leader's open tasks
    costs ~55 ms at 1 M tasks, so they are kept until the database changes)."""
    key = (user.id, user.role, user.unit_id, today, soon_days)
    return dict(_COUNTS.get(s, key, lambda: _counts_by_urgency(s, user, today, soon_days)))


def _counts_by_urgency(s: Session, user, today: date, soon_days: int) -> dict:
    parts = [select(func.count(Task.id)).where(Task.status.in_(OPEN_STATES), *([p] if p is not None else []))
             for p in (permissions.scope_parts(user) or [None])]

    def count(*conds) -> int:
        return sum(s.scalar(p.where(*conds)) or 0 for p in parts)
    return {
        "open": count(),
        "overdue": count(Task.due_date < today),
        "due_soon": count(Task.due_date >= today, Task.due_date <= today + timedelta(days=soon_days)),
    }


__all__ = ["TaskFilter", "list_tasks", "get_task", "create_task", "assign", "add_note", "set_status",
           "extend", "complete", "tracking_state", "urgency", "STATE_LABELS"]
