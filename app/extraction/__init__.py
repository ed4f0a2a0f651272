"""Extraction: a read `Document` -> the dispatch dict of schemas/dispatch.schema.json
(metadata, cited references, tasks with units and deadlines, evidence spans)."""
from __future__ import annotations


def extract(document) -> dict:
    """Extract metadata, references and tasks from a `Document` (see pipeline.extract)."""
    from .pipeline import extract as _extract

    return _extract(document)


__all__ = ["extract"]
