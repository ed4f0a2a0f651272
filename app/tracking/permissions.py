"""Who may do what. Roles: văn thư (clerk), lãnh đạo (leader), chuyên viên (officer), quản trị (admin).

An officer sees the tasks of his unit and those assigned to him; the others see everything.
"""
from __future__ import annotations

from sqlalchemy import and_, or_

from ..errors import Forbidden
from ..store.models.incoming import Task

# action -> roles allowed
PERMISSIONS: dict[str, set[str]] = {
    "dispatch.upload": {"clerk", "admin"},
    "dispatch.review": {"clerk", "leader", "admin"},     # correct the extraction, confirm, register
    "dispatch.view": {"clerk", "leader", "officer", "admin"},
    "task.view": {"clerk", "leader", "officer", "admin"},
    "task.assign": {"leader", "admin"},                  # set unit/owner/due date
    "task.extend": {"leader", "admin"},                  # gia hạn
    "task.progress": {"leader", "officer", "admin"},     # notes, status, completion
    "register.view": {"clerk", "leader", "admin"},
    "report.view": {"clerk", "leader", "admin", "officer"},
    "draft": {"clerk", "leader", "officer", "admin"},
    "admin": {"admin"},
}

MESSAGES = {
    "dispatch.upload": "Chỉ văn thư được tiếp nhận văn bản đến.",
    "dispatch.review": "Bạn không có quyền kiểm tra và vào sổ văn bản đến.",
    "task.assign": "Chỉ lãnh đạo được giao việc.",
    "task.extend": "Chỉ lãnh đạo được gia hạn nhiệm vụ.",
    "task.progress": "Bạn không có quyền cập nhật tiến độ nhiệm vụ này.",
    "register.view": "Bạn không có quyền xem sổ văn bản.",
    "admin": "Chỉ quản trị viên được thực hiện thao tác này.",
}


def can(user, action: str) -> bool:
    return user is not None and user.active and user.role in PERMISSIONS.get(action, set())


def require(user, action: str) -> None:
    if not can(user, action):
        raise Forbidden(MESSAGES.get(action, "Bạn không có quyền thực hiện thao tác này."))


def task_scope(query, user):
    """Restrict a Task query to what `user` may see."""
    if user.role == "officer":
        if user.unit_id is None:     # no unit: only what is assigned to him (never the unassigned tasks)
            return query.where(Task.owner_id == user.id)
        return query.where(or_(Task.owner_id == user.id, Task.unit_id == user.unit_id))
    return query


def scope_parts(user) -> list | None:
    """The officer's scope as disjoint conditions (unit = mine; owner = me outside my unit), each
    served by its own index; None when the user sees every task. Same rows as task_scope."""
    if user.role != "officer":
        return None
    if user.unit_id is None:
        return [Task.owner_id == user.id]
    outside = or_(Task.unit_id.is_(None), Task.unit_id != user.unit_id)
    return [Task.unit_id == user.unit_id, and_(Task.owner_id == user.id, outside)]


def can_see_task(user, task: Task) -> bool:
    if user.role != "officer":
        return True
    return task.owner_id == user.id or (task.unit_id is not None and task.unit_id == user.unit_id)


def require_task(user, task: Task, action: str = "task.view") -> None:
    require(user, action)
    if not can_see_task(user, task):
        raise Forbidden("Nhiệm vụ này không thuộc đơn vị hoặc không giao cho bạn.")
