"""Compliance checking of .docx documents against Decree 30/2020/NĐ-CP.

    from app.compliance import check_bytes
    report = check_bytes(data)       # Report: regime, findings, not_evaluated; report.errors
"""
from .engine import Finding, Report, check_bytes, check_model

__all__ = ["Finding", "Report", "check_bytes", "check_model"]
