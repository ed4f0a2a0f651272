"""Outgoing documents (văn bản đi) and the register counters that number them.

OutgoingDocument carries the columns of the outgoing register of Appendix IV (Sổ đăng ký văn
bản đi, RULES.md §10.4) plus the input JSON and the stored .docx. RegisterCounter is the
generic yearly counter behind app.store.numbering.next_number (also used for số đến).
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, Index, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base

# Appendix IV column titles, in order, for exports and the register page.
REGISTER_COLUMNS = [
    ("code", "Số, ký hiệu văn bản"),
    ("issued_date", "Ngày tháng văn bản"),
    ("type_and_subject", "Tên loại và trích yếu nội dung văn bản"),
    ("signer", "Người ký"),
    ("recipients", "Nơi nhận văn bản"),
    ("archive_holder", "Đơn vị, người nhận bản lưu"),
    ("copies", "Số lượng bản"),
    ("delivered_on", "Ngày chuyển"),
    ("receipt_signature", "Ký nhận"),
    ("note", "Ghi chú"),
]


NUMBER_INDEX = "uq_outgoing_documents_number"


class RegisterCounter(Base):
    """Last number issued in (organ, register, year); one row per key, restarting each year."""

    __tablename__ = "register_counters"

    organ: Mapped[str] = mapped_column(String(200), primary_key=True)
    register: Mapped[str] = mapped_column(String(50), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class OutgoingDocument(Base):
    __tablename__ = "outgoing_documents"
    # A number is issued once per (organ, register, year) (ND30-NUM-01/02): the database refuses a
    # second row even when two issues race. NULL numbers (unnumbered drafts) do not collide.
    __table_args__ = (
        Index(NUMBER_INDEX, "organ_key", "register", "year", "number", unique=True),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)      # uuid4 hex
    organ_key: Mapped[str] = mapped_column(String(200), index=True)     # folded organ name (counter key)
    organ_name: Mapped[str] = mapped_column(String(200))
    register: Mapped[str] = mapped_column(String(50), default="van_ban_di")
    year: Mapped[int] = mapped_column(Integer, index=True)
    number: Mapped[int | None] = mapped_column(Integer)                 # None: draft without a number
    number_source: Mapped[str] = mapped_column(String(10), default="register")  # register | input | draft
    notation: Mapped[str] = mapped_column(String(50))
    document_type: Mapped[str] = mapped_column(String(30))
    # Appendix IV columns
    code: Mapped[str] = mapped_column(String(80))                       # "05/UBND-VP"
    issued_date: Mapped[date] = mapped_column(Date)
    type_and_subject: Mapped[str] = mapped_column(Text)
    signer: Mapped[str] = mapped_column(String(200))
    recipients: Mapped[str | None] = mapped_column(Text)
    archive_holder: Mapped[str | None] = mapped_column(String(200))
    copies: Mapped[int | None] = mapped_column(Integer)
    delivered_on: Mapped[date | None] = mapped_column(Date)
    receipt_signature: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    # the source and the product
    input_json: Mapped[dict] = mapped_column(JSON)
    file_path: Mapped[str | None] = mapped_column(String(500))          # relative to STORAGE_DIR
    template: Mapped[str | None] = mapped_column(String(200))           # built-in slug or agency template id
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    def register_row(self) -> dict:
        return {key: getattr(self, key) for key, _ in REGISTER_COLUMNS}


class AgencyTemplate(Base):
    """A .docx template an agency registered for a document type (linted before it is stored)."""

    __tablename__ = "agency_templates"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    document_type: Mapped[str] = mapped_column(String(30), index=True)
    organ_key: Mapped[str | None] = mapped_column(String(200), index=True)   # None: every organ
    name: Mapped[str] = mapped_column(String(200))
    file_path: Mapped[str] = mapped_column(String(500))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
