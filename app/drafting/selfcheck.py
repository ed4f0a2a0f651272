"""Self-check of a rendered document before it is numbered and issued.

The compliance checker plugs in here: the integrator replaces the body of `self_check` with a
call into app.compliance (read the .docx, run the Decree 30 rules, return the findings).
Until then it returns no findings. The pipeline refuses to issue a document when a finding
has severity "error" (see pipeline.issue), so wiring the checker in makes drafting strict.
"""
from __future__ import annotations


def self_check(docx_bytes: bytes) -> list:
    """Findings (dicts with at least "rule", "severity", "message") for a rendered .docx."""
    return []
