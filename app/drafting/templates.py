"""Which .docx a document type renders with: the agency's own (if registered) or the built-in one.

Built-in templates live in templates/<slug>.docx (scripts/build_templates.py). Agency templates
are linted (app.drafting.lint) before they are stored under STORAGE_DIR/templates/.
"""
from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import select

from app.errors import NotFound, ValidationError

from . import lint
from .context import TYPES

BUILTIN_DIR = Path(__file__).resolve().parents[2] / "templates"


def builtin_path(slug: str) -> Path:
    path = BUILTIN_DIR / f"{slug}.docx"
    if slug not in TYPES or not path.exists():
        raise NotFound(f"Chưa có mẫu văn bản cho loại “{slug}”.", code="template_not_found")
    return path


def resolve(slug: str, session=None, organ_key: str | None = None, storage_dir: str | None = None,
            template_id: str | None = None) -> tuple[Path, str]:
    """(path, name) of the template to use: an explicit agency template, the agency's active one
    for this type and organ, or the built-in one."""
    if session is not None and storage_dir:
        from app.store.models.outgoing import AgencyTemplate
        row = None
        if template_id:
            row = session.get(AgencyTemplate, template_id)
            if row is None or row.document_type != slug:
                raise NotFound("Không tìm thấy mẫu văn bản đã đăng ký.", code="template_not_found")
        else:
            q = (select(AgencyTemplate).where(AgencyTemplate.document_type == slug, AgencyTemplate.active.is_(True))
                 .order_by(AgencyTemplate.created_at.desc()))
            rows = session.execute(q).scalars().all()
            row = next((r for r in rows if r.organ_key == organ_key), None) or \
                next((r for r in rows if r.organ_key is None), None)
        if row is not None:
            return Path(storage_dir) / row.file_path, f"agency:{row.id}"
    return builtin_path(slug), f"builtin:{slug}"


def register(session, storage_dir: str, slug: str, data: bytes, name: str, organ_key: str | None = None):
    """Lint and store an agency template; ValidationError (code template_invalid) when broken."""
    from app.store.models.outgoing import AgencyTemplate
    if slug not in TYPES:
        raise ValidationError(f"Loại văn bản không được hỗ trợ: “{slug}”.",
                              details=[{"field": "document_type", "message": "Loại văn bản không được hỗ trợ."}])
    problems = lint.lint_template(data, slug)
    if problems:
        raise ValidationError("Mẫu văn bản không dùng được: " + f"{len(problems)} lỗi.", code="template_invalid",
                              details=problems)
    tid = uuid.uuid4().hex
    rel = Path("templates") / slug / f"{tid}.docx"
    path = Path(storage_dir) / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    row = AgencyTemplate(id=tid, document_type=slug, organ_key=organ_key, name=name or f"{slug}.docx",
                         file_path=str(rel), active=True)
    session.add(row)
    session.flush()
    return row
