"""A living demo office for `vanthu demo`: units, one user per role, and the seed dispatches of
corpus/ received, extracted, registered (số đến) with their tasks, some in progress, done or late.

Everything goes through the real services (receive -> process_job -> confirm -> assign, notes,
extensions, completion, reminders), so the demo also exercises the product. Idempotent: units
and users are matched by name, dispatches by file name; a second run adds nothing.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml
from sqlalchemy import func, select

from ..errors import VanthuError
from ..store.db import session_scope
from ..store.files import safe_name
from ..store.models.directory import Unit, User
from ..store.models.incoming import Dispatch, Task
from . import directory, dispatches, reminders, tasks

DATA = Path(__file__).parent / "data" / "demo_office.yaml"
CORPUS = Path(__file__).resolve().parents[2] / "corpus"
ARRIVAL_SPAN_DAYS = 45   # seed dispatches "arrived" over the last weeks


@dataclass
class DemoSummary:
    units: int = 0
    users: list[tuple[str, str, str]] = field(default_factory=list)   # (username, role, full name)
    password: str = ""
    dispatches: int = 0
    tasks: int = 0
    fallback_gold: list[str] = field(default_factory=list)             # files registered from gold JSON
    skipped: int = 0


def office_data() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def is_empty(url: str) -> bool:
    """No user yet: a fresh installation (run.sh loads the demo then)."""
    with session_scope(url) as s:
        return not s.scalar(select(func.count(User.id)))


def _ensure_directory(s, data: dict, summary: DemoSummary) -> dict[str, Unit]:
    by_name = {u.name: u for u in s.scalars(select(Unit))}
    admin = s.scalar(select(User).where(User.role == "admin").order_by(User.id))
    by_short: dict[str, Unit] = {}
    for spec in data["units"]:
        unit = by_name.get(spec["name"])
        if unit is None:
            unit = directory.create_unit(s, admin, spec["name"], spec.get("short"))
            summary.units += 1
        by_name[unit.name] = unit
        by_short[spec.get("short") or spec["name"]] = unit
        for alias in spec.get("aliases", []):
            directory.remember_alias(s, unit, alias)
    for spec in data["units"]:
        if spec.get("parent"):
            by_name[spec["name"]].parent_id = by_name[spec["parent"]].id
    summary.password = data["password"]
    for spec in data["users"]:
        user = s.scalar(select(User).where(User.username == spec["username"]))
        if user is None:
            unit = by_short.get(spec.get("unit"))
            user = directory.create_user(s, admin, username=spec["username"], full_name=spec["full_name"],
                                         password=data["password"], role=spec["role"],
                                         unit_id=unit.id if unit else None, email=spec.get("email"))
            summary.users.append((user.username, user.role, user.full_name))
    s.flush()
    return by_short


def _seed_files(corpus: Path, limit: int | None) -> list[Path]:
    """Corpus texts in the order of their promulgation date (older ones arrived first)."""
    files = []
    for f in sorted(corpus.glob("*.txt")):
        gold = f.with_suffix(".json")
        day = ""
        if gold.exists():
            day = (json.loads(gold.read_text(encoding="utf-8")).get("promulgation") or {}).get("date") or ""
        files.append((day or "9999", f.name, f))   # undated ones last
    files.sort()
    picked = [f for _, _, f in files]
    return picked[:limit] if limit else picked


def _gold(path: Path) -> dict | None:
    gold = path.with_suffix(".json")
    return json.loads(gold.read_text(encoding="utf-8")) if gold.exists() else None


def due_for(i: int, today: date) -> tuple[date, str]:
    """A deterministic spread of deadlines and states so that every list and report has content:
    (due date, planned state) with state in todo | in_progress | done | done_late | overdue."""
    pattern = [(-20, "done"), (12, "todo"), (2, "in_progress"), (-6, "overdue"), (25, "todo"),
               (-15, "done_late"), (1, "todo"), (40, "in_progress"), (-3, "in_progress"), (8, "done"),
               (18, "todo"), (0, "todo")]
    offset, state = pattern[i % len(pattern)]
    return today + timedelta(days=offset + (i // len(pattern)) % 5), state


def load(url: str, storage_dir: str, *, today: date | None = None, corpus: Path = CORPUS,
         limit: int | None = None, echo=print) -> DemoSummary:
    """Load the demo office into the (migrated) database at `url`."""
    today = today or date.today()
    data = office_data()
    summary = DemoSummary()
    with session_scope(url) as s:
        if not s.scalar(select(User).where(User.role == "admin")):
            directory.create_user(s, None, username="quantri", full_name="Vũ Đức Anh", password=data["password"],
                                  role="admin", email="quantri@langson.gov.vn")
            summary.users.append(("quantri", "admin", "Vũ Đức Anh"))
        _ensure_directory(s, data, summary)
    files = _seed_files(corpus, limit)
    cfg = {"DATABASE_URL": url, "STORAGE_DIR": storage_dir}
    new_tasks: list[int] = []
    for n, path in enumerate(files):
        with session_scope(url) as s:
            if s.scalar(select(Dispatch.id).where(Dispatch.file_name == safe_name(path.name))):
                summary.skipped += 1
                continue
            clerk = s.scalar(select(User).where(User.role == "clerk").order_by(User.id))
            d = dispatches.receive(s, clerk, path.name, path.read_bytes(), storage_dir)
            did = d.id
        dispatches.process_job(cfg, did)          # the real reader and extractor
        arrival = today - timedelta(days=ARRIVAL_SPAN_DAYS - (n * ARRIVAL_SPAN_DAYS) // max(len(files), 1))
        from ..store.numbering import next_number

        with session_scope(url) as s:
            d = s.get(Dispatch, did)
            reviewed = d.extraction if d.status == "review" else None
            if reviewed is None:                  # no extractor (or it failed): the gold annotation
                reviewed = _gold(path)
                if reviewed is None:
                    continue
                d.text = path.read_text(encoding="utf-8")
                d.extraction = reviewed
                summary.fallback_gold.append(path.name)
            clerk = s.scalar(select(User).where(User.role == "clerk").order_by(User.id))
            vp = s.scalar(select(Unit).where(Unit.short_name == "VP"))
            task_rows = []
            for t in reviewed.get("tasks") or []:
                i = len(new_tasks) + len(task_rows)
                due, _ = due_for(i, today)
                match = directory.match_unit(s, (t.get("units") or [""])[0]) if t.get("units") else None
                task_rows.append({**t, "unit_id": match.id if match else None, "due_date": due.isoformat()})
            try:
                dispatches.confirm(s, clerk, d, {**reviewed, "tasks": task_rows, "arrival_date": arrival.isoformat(),
                                                 "recipient_unit_id": vp.id if vp else None},
                                   next_number=next_number)
            except VanthuError as e:   # left in "review" for a person to look at
                s.rollback()
                echo(f"  ! {path.name}: {e.message}")
                continue
            s.flush()
            new_tasks.extend(t.id for t in d.tasks)
            summary.dispatches += 1
        echo(f"  + {path.name}: {len(task_rows)} nhiệm vụ")
    _play_tasks(url, new_tasks, today, data)
    with session_scope(url) as s:
        reminders.collect(s, today, 3)
    summary.tasks = len(new_tasks)
    return summary


def _play_tasks(url: str, task_ids: list[int], today: date, data: dict) -> None:
    """Give the new tasks owners, progress, extensions and completions as an office would."""
    with session_scope(url) as s:
        leader = s.scalar(select(User).where(User.role == "leader").order_by(User.id))
        officers = {u.unit_id: u for u in s.scalars(select(User).where(User.role == "officer").order_by(User.id))}
        vp = s.scalar(select(Unit).where(Unit.short_name == "VP"))
        for i, tid in enumerate(task_ids):
            t = s.get(Task, tid)
            _, state = due_for(i, today)
            if t.unit_id is None and vp is not None:   # collective or outside addressees: the
                tasks.assign(s, leader, t, unit_id=vp.id)  # Văn phòng follows them up
            officer = officers.get(t.unit_id)
            if officer is not None:
                tasks.assign(s, leader, t, owner_id=officer.id)
            actor = officer or leader
            if state in ("in_progress", "done", "done_late") or (state == "overdue" and i % 2):
                tasks.add_note(s, actor, t, data["notes"][i % len(data["notes"])], percent=30 + (i % 5) * 10)
            if state == "in_progress" and i % 4 == 0 and t.due_date:
                tasks.extend(s, leader, t, t.due_date + timedelta(days=10), data["extension_reason"])
            if state == "done":
                tasks.complete(s, actor, t, completed_on=min(today, t.due_date - timedelta(days=1)),
                               reply_code=f"{100 + i}/{_short(s, t)}")
            elif state == "done_late":
                tasks.complete(s, actor, t, completed_on=min(today, t.due_date + timedelta(days=4)))


def _short(s, task: Task) -> str:
    unit = s.get(Unit, task.unit_id) if task.unit_id else None
    return f"{(unit.short_name if unit else 'VP')}-VP"
