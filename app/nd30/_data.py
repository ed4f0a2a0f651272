"""Loads the package's data files once."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


@cache
def load(name: str):
    with open(DATA_DIR / name, encoding="utf-8") as f:
        return json.load(f)
