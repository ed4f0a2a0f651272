"""The audit log: one row per change, with who and when."""
from __future__ import annotations

from sqlalchemy.orm import Session

from ..store.models.directory import AuditLog


def record(s: Session, user, action: str, object_type: str, object_id: int | None, detail: str = "") -> None:
    s.add(AuditLog(user_id=getattr(user, "id", None), action=action, object_type=object_type,
                   object_id=object_id, detail=(detail or "")[:2000]))
