"""Received documents (văn bản đến), their incoming register entry and their tasks.

A Dispatch goes: uploaded → extracting → review (a person checks the extraction) → registered
(số đến assigned, tasks created); `failed` when reading or extraction failed (retryable).
Column names follow the edXML glossary of ARCHITECTURE.md.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base

DISPATCH_STATES = {
    "uploaded": "Đã tải lên",
    "extracting": "Đang trích xuất",
    "review": "Chờ kiểm tra",
    "registered": "Đã vào sổ",
    "failed": "Lỗi xử lý",
}

TASK_STATES = {
    "todo": "Chưa xử lý",
    "in_progress": "Đang xử lý",
    "done": "Hoàn thành",
}


class Dispatch(Base):
    __tablename__ = "dispatches"
    __table_args__ = (UniqueConstraint("arrival_year", "arrival_number", name="arrival_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(20), default="uploaded", index=True)
    error: Mapped[str | None] = mapped_column(String(1000))          # Vietnamese, when failed
    file_name: Mapped[str | None] = mapped_column(String(300))
    file_path: Mapped[str | None] = mapped_column(String(500))       # relative to STORAGE_DIR
    text: Mapped[str | None] = mapped_column(Text)                   # Document.text (spans index it)
    extraction: Mapped[dict | None] = mapped_column(JSON)            # raw extractor output

    # register (sổ đăng ký văn bản đến, Phụ lục IV)
    arrival_number: Mapped[int | None] = mapped_column(Integer)      # số đến
    arrival_year: Mapped[int | None] = mapped_column(Integer)
    arrival_date: Mapped[date | None] = mapped_column(Date, index=True)
    organ_name: Mapped[str | None] = mapped_column(String(300))      # tác giả
    organ_in_charge: Mapped[str | None] = mapped_column(String(300))
    code_number: Mapped[int | None] = mapped_column(Integer)
    code_notation: Mapped[str | None] = mapped_column(String(100))
    code_text: Mapped[str | None] = mapped_column(String(120), index=True)
    document_type: Mapped[str | None] = mapped_column(String(40))
    promulgation_place: Mapped[str | None] = mapped_column(String(100))
    promulgation_date: Mapped[str | None] = mapped_column(String(10))   # ISO, may be YYYY-MM
    subject: Mapped[str | None] = mapped_column(String(1000))
    signer: Mapped[dict | None] = mapped_column(JSON)
    priority: Mapped[str | None] = mapped_column(String(20))
    secrecy: Mapped[str | None] = mapped_column(String(20))
    to_places: Mapped[list | None] = mapped_column(JSON)
    recipient_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))  # đơn vị nhận
    handed_over_on: Mapped[date | None] = mapped_column(Date)                       # ngày chuyển
    due_date: Mapped[date | None] = mapped_column(Date)                             # hạn giải quyết
    note: Mapped[str | None] = mapped_column(String(1000))
    reply_code: Mapped[str | None] = mapped_column(String(120))      # số, ký hiệu văn bản trả lời
    search_text: Mapped[str | None] = mapped_column(Text)            # unaccented, lowercased

    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    registered_at: Mapped[datetime | None] = mapped_column(DateTime)

    tasks: Mapped[list[Task]] = relationship(back_populates="dispatch", order_by="Task.id")


class Task(Base):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    dispatch_id: Mapped[int | None] = mapped_column(ForeignKey("dispatches.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int | None] = mapped_column(Integer)          # evidence in Dispatch.text
    span_end: Mapped[int | None] = mapped_column(Integer)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)   # chủ trì
    units_text: Mapped[list | None] = mapped_column(JSON)            # as written in the dispatch
    cooperating_units: Mapped[list | None] = mapped_column(JSON)     # as written / mapped names
    report_to: Mapped[str | None] = mapped_column(String(300))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    due_text: Mapped[str | None] = mapped_column(String(300))
    recurrence: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="todo", index=True)
    completed_on: Mapped[date | None] = mapped_column(Date)
    reply_code: Mapped[str | None] = mapped_column(String(120))
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"))  # recurring series
    search_text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now(), onupdate=func.now())

    dispatch: Mapped[Dispatch | None] = relationship(back_populates="tasks")
    notes: Mapped[list[TaskNote]] = relationship(back_populates="task", order_by="TaskNote.id",
                                                 cascade="all, delete-orphan")
    extensions: Mapped[list[TaskExtension]] = relationship(back_populates="task", order_by="TaskExtension.id",
                                                           cascade="all, delete-orphan")


class TaskNote(Base):
    """A progress note (tiến độ), optionally with an attached file."""

    __tablename__ = "task_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    percent: Mapped[int | None] = mapped_column(Integer)
    attachment_name: Mapped[str | None] = mapped_column(String(300))
    attachment_path: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    task: Mapped[Task] = relationship(back_populates="notes")


class TaskExtension(Base):
    """A deadline extension (gia hạn): old and new due date, reason and the approving leader."""

    __tablename__ = "task_extensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    old_due_date: Mapped[date | None] = mapped_column(Date)
    new_due_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(1000))
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    task: Mapped[Task] = relationship(back_populates="extensions")


class Notification(Base):
    """An in-app reminder (and the record that its e-mail was sent), one per task, user and kind a day."""

    __tablename__ = "notifications"
    __table_args__ = (UniqueConstraint("user_id", "task_id", "kind", "day", name="once_a_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))          # due_soon | overdue
    day: Mapped[date] = mapped_column(Date)
    message: Mapped[str] = mapped_column(String(500))
    emailed: Mapped[bool] = mapped_column(default=False)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
