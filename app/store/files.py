"""Files on disk under STORAGE_DIR (shared storage when there are several machines)."""
from __future__ import annotations

import os
import re
import uuid
from datetime import date
from pathlib import Path

_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)


def safe_name(name: str) -> str:
    """A file name without directories or characters that are unsafe on disk."""
    base = os.path.basename((name or "").replace("\\", "/")) or "tep"
    return _UNSAFE.sub("_", base)[:120]


def save(storage_dir: str, kind: str, name: str, data: bytes) -> str:
    """Write `data` and return its path relative to storage_dir (kind/yyyy/mm/uuid-name)."""
    today = date.today()
    rel = Path(kind) / f"{today:%Y}" / f"{today:%m}" / f"{uuid.uuid4().hex[:12]}-{safe_name(name)}"
    full = Path(storage_dir) / rel
    full.parent.mkdir(parents=True, exist_ok=True)
    tmp = full.with_suffix(full.suffix + ".part")
    tmp.write_bytes(data)
    os.replace(tmp, full)
    return str(rel)


def path_of(storage_dir: str, rel: str) -> Path:
    """Absolute path of a stored file; refuses paths that escape storage_dir."""
    root = Path(storage_dir).resolve()
    full = (root / rel).resolve()
    if root not in full.parents:
        raise ValueError("path outside storage")
    return full
