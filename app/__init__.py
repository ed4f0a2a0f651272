"""vanthu: clerical work (văn thư) under Decree 30/2020/NĐ-CP.

`create_app(config=None)` builds the Flask app, as in Flask's flaskr tutorial.
"""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

__version__ = "0.1.0"

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_path=os.environ.get("VANTHU_INSTANCE_DIR") or None,
                instance_relative_config=True,
                template_folder="web/templates", static_folder="web/static")
    from .config import from_env

    app.config.from_mapping(from_env(app.instance_path))
    if config:
        app.config.update(config)
    Path(app.config["STORAGE_DIR"]).mkdir(parents=True, exist_ok=True)

    from . import store
    from .web import register

    store.init_app(app)
    register(app)
    return app
