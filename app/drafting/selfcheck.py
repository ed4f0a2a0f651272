"""Self-check of a rendered document before it is numbered and issued.

Every rendered .docx goes through the same Decree 30 checker users run on uploads
(app.compliance); a finding of severity "error" stops the pipeline (see pipeline._check), so
drafting can never issue a document the checker would reject.
"""
from __future__ import annotations


def self_check(docx_bytes: bytes) -> list:
    """Findings (dicts with "rule", "severity", "message", ...) of the compliance checker."""
    from ..compliance import check_bytes

    return [f.to_dict() for f in check_bytes(docx_bytes).findings]
