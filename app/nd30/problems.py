"""A problem found by an nd30 check: which rule, how bad, what is wrong (in Vietnamese)."""
from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"
INFO = "info"


@dataclass(frozen=True)
class Problem:
    """One finding. `rule` is a RULES.md id (e.g. ND30-NUM-04); `code` is a short stable slug
    (e.g. missing_leading_zero) a caller can match on; `message` is for the user."""

    rule: str
    code: str
    message: str
    severity: str = ERROR
    fix: str | None = None   # the corrected text, when the check can tell

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == ERROR for p in problems)
