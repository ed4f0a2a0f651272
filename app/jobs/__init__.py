"""Background work. With VANTHU_BROKER_URL set, jobs go to Celery workers (Redis); without it they
run in this process: in a small thread pool (the page never waits), or synchronously when the
app config says JOBS_EAGER (tests, CLI)."""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from ..store.db import end_request_transaction

log = logging.getLogger(__name__)

# job name -> "module:function"; each function takes (config: dict, *args) and opens its own session
JOBS = {
    "process_dispatch": "app.tracking.dispatches:process_job",
    "send_reminders": "app.tracking.reminders:send_job",
}

_pool: ThreadPoolExecutor | None = None


def resolve(name: str):
    import importlib

    mod, attr = JOBS[name].split(":")
    return getattr(importlib.import_module(mod), attr)


def job_config(app_config) -> dict:
    """The plain settings a job needs (picklable, so Celery can carry them)."""
    keys = ("DATABASE_URL", "STORAGE_DIR", "TESSERACT", "SOFFICE", "SMTP_URL", "MAIL_FROM", "REMINDER_DAYS",
            "MAX_CONTENT_LENGTH")
    return {k: app_config.get(k) for k in keys}


def submit(app_config, name: str, *args) -> None:
    end_request_transaction()   # the job sees the request's rows and no SQLite lock held
    cfg = job_config(app_config)
    if app_config.get("BROKER_URL"):
        from .celery import celery_app

        celery_app(app_config["BROKER_URL"]).send_task(f"vanthu.{name}", args=[cfg, *args])
        return
    if app_config.get("JOBS_EAGER"):
        resolve(name)(cfg, *args)
        return
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="vanthu-job")
    fut = _pool.submit(resolve(name), cfg, *args)
    fut.add_done_callback(lambda f: f.exception() and log.error("job %s failed: %s", name, f.exception()))
