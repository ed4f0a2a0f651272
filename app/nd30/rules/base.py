"""The rule registry: one `Rule` per RULES.md id, each with a severity, a Vietnamese title,
the decree citation and a check function (its docstring says why, citing the decree).

A check receives a context (`ctx.layout`, `ctx.model`; see app.compliance.engine) and yields
`Hit`s; the engine turns them into findings. A check that cannot judge this document raises
`NotEvaluated(reason)` — it never passes silently. Rules talk in document terms only.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

ERROR, WARNING, INFO = "error", "warning", "info"
ADMIN = "administrative"
LEGAL = "legal_normative"
PARTY = "party"
ALL_REGIMES = frozenset({ADMIN, LEGAL, PARTY})


class NotEvaluated(Exception):
    """The rule could not be judged on this document (reason in Vietnamese)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Hit:
    """What a check found; the engine adds rule id, citation and default severity."""

    message: str
    expected: str | None = None
    actual: str | None = None
    where: object = None              # a Paragraph, a Section, or a location dict
    severity: str | None = None
    fix: dict | None = None           # machine-applicable fix (see app.compliance.fix)
    also: tuple[str, ...] = ()        # other RULES.md ids that state the same requirement


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    severity: str
    citation: str
    component: str
    check: Callable[[object], Iterable[Hit]] = field(repr=False)
    regimes: frozenset = frozenset({ADMIN})
    fixable: bool = False

    @property
    def doc(self) -> str:
        """Why the rule exists (the check's docstring) and where the decree says so."""
        return f"{(self.check.__doc__ or '').strip()}\n\nCăn cứ: {self.citation}"


REGISTRY: dict[str, Rule] = {}


def rule(id: str, title: str, *, severity: str, citation: str, component: str,
         regimes=frozenset({ADMIN}), fixable: bool = False):
    """Register a check function under a RULES.md id."""
    def deco(fn):
        if id in REGISTRY:
            raise ValueError(f"duplicate rule {id}")
        REGISTRY[id] = Rule(id, title, severity, citation, component, fn, frozenset(regimes), fixable)
        return fn
    return deco
