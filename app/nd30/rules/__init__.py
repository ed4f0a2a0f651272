"""The compliance rule registry: one rule per RULES.md id (ND30-PAGE-01 …), each with a
severity, a Vietnamese title, the decree citation and a check function.

    from app.nd30.rules import REGISTRY      # id -> Rule
"""
from . import capitals, closing, content, header, page  # noqa: F401  (register the rules)
from .base import ADMIN, ALL_REGIMES, ERROR, INFO, LEGAL, PARTY, REGISTRY, WARNING, Hit, NotEvaluated, Rule

__all__ = ["REGISTRY", "Rule", "Hit", "NotEvaluated", "ERROR", "WARNING", "INFO", "ADMIN", "LEGAL", "PARTY",
           "ALL_REGIMES"]
