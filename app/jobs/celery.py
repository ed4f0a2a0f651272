"""Celery application: `celery -A app.jobs.celery worker` (broker from VANTHU_BROKER_URL).

Every job in app.jobs.JOBS is registered as task "vanthu.<name>".
"""
from __future__ import annotations

import os
from functools import lru_cache

from celery import Celery

from . import JOBS, resolve


@lru_cache(maxsize=4)
def celery_app(broker_url: str) -> Celery:
    c = Celery("vanthu", broker=broker_url, backend=broker_url)
    c.conf.update(task_serializer="json", accept_content=["json"], result_serializer="json",
                  worker_hijack_root_logger=False, broker_connection_retry_on_startup=True,
                  task_acks_late=True, worker_prefetch_multiplier=1)
    for name in JOBS:
        c.task(name=f"vanthu.{name}")(_runner(name))
    return c


def _runner(name):
    def run(cfg, *args):
        return resolve(name)(cfg, *args)
    run.__name__ = name
    return run


app = celery_app(os.environ.get("VANTHU_BROKER_URL", "redis://127.0.0.1:6379/0"))
