"""Configuration from environment variables (VANTHU_*), with embedded defaults.

One machine: SQLite file and files in the instance folder, background work inline.
Many machines: set VANTHU_DATABASE_URL (PostgreSQL) and VANTHU_BROKER_URL (Redis).
"""
from __future__ import annotations

import os
from pathlib import Path

# name -> (default, description); the README's configuration table is generated from this.
SETTINGS: dict[str, tuple[str | None, str]] = {
    "VANTHU_DATABASE_URL": (None, "SQLAlchemy URL; default: SQLite file vanthu.sqlite3 in the instance folder. "
                                  "postgresql://user@host/db uses psycopg 3."),
    "VANTHU_STORAGE_DIR": (None, "Where uploaded and generated files are kept; default: <instance>/files."),
    "VANTHU_SECRET_KEY": (None, "Flask secret key (sessions, CSRF); default: a random key kept in <instance>/secret_key."),
    "VANTHU_BROKER_URL": (None, "Celery broker (e.g. redis://127.0.0.1:6379/0); unset = background work runs inline."),
    "VANTHU_SOFFICE": ("soffice", "LibreOffice binary used for PDF export."),
    "VANTHU_TESSERACT": ("tesseract", "Tesseract binary used for OCR (needs the 'vie' language)."),
    "VANTHU_MAX_UPLOAD_MB": ("50", "Largest accepted upload, in MiB."),
    "VANTHU_MAX_PDF_PAGES": ("500", "PDFs with more pages are refused before reading (intake)."),
    "VANTHU_MAX_OCR_PAGES": ("50", "Most scanned pages OCR'd in one document (intake)."),
    "VANTHU_OCR_TIMEOUT": ("60", "Seconds Tesseract may spend on one page (intake)."),
    "VANTHU_SMTP_URL": (None, "smtp://user:pass@host:port for reminder e-mails; unset = reminders only in the app."),
    "VANTHU_MAIL_FROM": ("vanthu@localhost", "Sender address of reminder e-mails."),
    "VANTHU_REMINDER_DAYS": ("3", "A task is 'sắp đến hạn' this many days before its due date."),
    "VANTHU_RESPONSE_CACHE_MB": ("32", "Per-process cache of API list responses, checked against the database "
                                       "on every request (never stale); 0 turns it off."),
    "VANTHU_HOST": ("127.0.0.1", "Address `vanthu serve` listens on."),
    "VANTHU_PORT": ("5000", "Port `vanthu serve` listens on."),
}


def from_env(instance_path: str | os.PathLike) -> dict:
    """Build the Flask config mapping from the environment and the instance folder."""
    inst = Path(instance_path)
    env = {k: os.environ.get(k, d) for k, (d, _) in SETTINGS.items()}
    db_url = env["VANTHU_DATABASE_URL"] or f"sqlite:///{inst / 'vanthu.sqlite3'}"
    storage = Path(env["VANTHU_STORAGE_DIR"] or inst / "files")
    return {
        "DATABASE_URL": normalise_db_url(db_url),
        "STORAGE_DIR": str(storage),
        "SECRET_KEY": env["VANTHU_SECRET_KEY"] or _instance_secret(inst),
        "BROKER_URL": env["VANTHU_BROKER_URL"],
        "SOFFICE": env["VANTHU_SOFFICE"],
        "TESSERACT": env["VANTHU_TESSERACT"],
        "MAX_CONTENT_LENGTH": int(env["VANTHU_MAX_UPLOAD_MB"]) * 1024 * 1024,
        "SMTP_URL": env["VANTHU_SMTP_URL"],
        "MAIL_FROM": env["VANTHU_MAIL_FROM"],
        "REMINDER_DAYS": int(env["VANTHU_REMINDER_DAYS"]),
        "RESPONSE_CACHE_MB": float(env["VANTHU_RESPONSE_CACHE_MB"]),
        "HOST": env["VANTHU_HOST"],
        "PORT": int(env["VANTHU_PORT"]),
    }


def normalise_db_url(url: str) -> str:
    """Map postgres:// and postgresql:// to the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _instance_secret(inst: Path) -> str:
    inst.mkdir(parents=True, exist_ok=True)
    f = inst / "secret_key"
    if not f.exists():
        f.write_text(os.urandom(32).hex())
        f.chmod(0o600)
    return f.read_text().strip()
