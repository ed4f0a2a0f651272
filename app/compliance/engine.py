"""Run the rule registry on a document: regime detection, findings, not-evaluated rules.

`check_bytes(data) -> Report` is the public entry point (also used by the drafting
pipeline's self-check: `report.errors` must be empty).
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from ..errors import UnreadableFile
from ..nd30.codes import parse_code
from ..nd30.rules import ADMIN, ERROR, LEGAL, PARTY, REGISTRY, Hit, NotEvaluated
from ..nd30.text import clean
from .components import Layout, key, recognise
from .model import DocModel, Paragraph
from .wordml import read_model

log = logging.getLogger(__name__)

REGIME_LABEL = {ADMIN: "Văn bản hành chính (Nghị định 30/2020/NĐ-CP)",
                LEGAL: "Văn bản quy phạm pháp luật (Luật Ban hành văn bản QPPL; thể thức không theo Nghị định 30)",
                PARTY: "Văn bản của Đảng (Hướng dẫn 36-HD/VPTW; thể thức không theo Nghị định 30)"}
REGIME_SHORT = {ADMIN: "văn bản hành chính", LEGAL: "văn bản quy phạm pháp luật", PARTY: "văn bản của Đảng"}
COMPONENT_LABEL = {"page": "Trang, lề, phông chữ", "page_number": "Số trang", "header": "Phần đầu văn bản",
                   "title": "Tên loại, trích yếu", "recipients": "Kính gửi, Nơi nhận", "body": "Nội dung",
                   "signature": "Chữ ký", "appendix": "Phụ lục", "marks": "Dấu mức độ khẩn, mật, phạm vi",
                   "address": "Địa chỉ cơ quan"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass
class Finding:
    rule: str
    severity: str
    message: str
    expected: str | None
    actual: str | None
    location: dict
    citation: str
    component: str = ""
    title: str = ""
    fix: dict | None = field(default=None, repr=False)
    paragraph: Paragraph | None = field(default=None, repr=False)

    def to_dict(self) -> dict:
        return {"rule": self.rule, "severity": self.severity, "message": self.message,
                "expected": self.expected, "actual": self.actual, "location": self.location,
                "citation": self.citation, "component": self.component, "title": self.title,
                "fixable": self.fix is not None}


@dataclass
class Report:
    regime: str
    doc_type: str | None
    findings: list[Finding]
    not_evaluated: list[dict]
    applied: list[str]
    signed: bool = False
    layout: Layout | None = field(default=None, repr=False)
    notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def rules_found(self) -> set[str]:
        return {f.rule for f in self.findings}

    def to_dict(self) -> dict:
        from ..nd30 import doc_types
        dt = doc_types.by_slug(self.doc_type) if self.doc_type else None
        return {"regime": self.regime, "regime_label": REGIME_LABEL[self.regime], "doc_type": self.doc_type,
                "doc_type_label": dt.short_name if dt else None,
                "signed": self.signed, "notes": self.notes,
                "summary": {s: sum(1 for f in self.findings if f.severity == s) for s in ("error", "warning", "info")},
                "findings": [f.to_dict() for f in self.findings], "not_evaluated": self.not_evaluated,
                "applied_rules": self.applied}


class Context:
    """What a rule sees: the model, the recognised layout, a per-check cache."""

    def __init__(self, model: DocModel, layout: Layout, regime: str):
        self.model, self.layout, self.regime = model, layout, regime
        self.cache: dict = {}


def detect_regime(lay: Layout) -> tuple[str, str]:
    """Administrative (ND 30), legal normative (number with a year) or Party document."""
    so = clean(lay.so.text) if lay.so is not None else ""
    code = parse_code(so) if so else None
    if lay.party_header is not None and lay.quoc_hieu is None:
        return PARTY, "Có tiêu đề “ĐẢNG CỘNG SẢN VIỆT NAM” thay cho Quốc hiệu."
    if lay.quoc_hieu is None and (re.match(r"^Số\s+\d+-", so) or code is not None and code.regime == "party"):
        return PARTY, f"Số, ký hiệu theo kiểu văn bản của Đảng: “{so}”."
    if lay.quoc_hieu is None and any(re.match(r"^(T/M|K/T)\s", clean(p.text)) for p in lay.authority):
        return PARTY, "Thẩm quyền ký dạng “T/M”, “K/T” của văn bản của Đảng và không có Quốc hiệu."
    if code is not None and code.regime == "legal_normative":
        return LEGAL, f"Số, ký hiệu có năm ban hành (“{code.text}”): văn bản quy phạm pháp luật."
    if lay.standalone_appendix is not None:
        m = re.search(r"số\s+(\S+)", lay.standalone_appendix[1])
        parent = parse_code(m[1].rstrip(",;.)")) if m else None
        if parent is not None and parent.regime == "legal_normative":
            return LEGAL, (f"Tệp là phụ lục kèm theo văn bản quy phạm pháp luật số {parent.text} "
                           "(“Kèm theo … số …/năm/…”): thể thức theo văn bản QPPL, không theo Nghị định 30.")
    return ADMIN, "Có Quốc hiệu, số ký hiệu dạng số/ký hiệu: văn bản hành chính." if lay.quoc_hieu else \
        "Không nhận ra đặc điểm của văn bản QPPL hay văn bản của Đảng: kiểm tra theo Nghị định 30."


def _location(where) -> dict:
    if isinstance(where, Paragraph):
        return where.where
    if isinstance(where, dict):
        return where
    return {}


def run_rules(model: DocModel, only: set[str] | None = None, regime: str | None = None) -> Report:
    """Run every applicable rule; `regime` forces a regime instead of detecting it."""
    lay = recognise(model)
    if regime in REGIME_LABEL:
        why = "Chế độ kiểm tra do người dùng chọn."
    else:
        regime, why = detect_regime(lay)
    ctx = Context(model, lay, regime)
    findings: list[Finding] = []
    not_evaluated: list[dict] = []
    applied: list[str] = []
    for rid, r in REGISTRY.items():
        if only and rid not in only:
            continue
        if regime not in r.regimes:
            not_evaluated.append({"rule": rid, "title": r.title,
                                  "reason": f"Không áp dụng cho {REGIME_SHORT[regime]}: {why}"})
            continue
        try:
            hits = list(r.check(ctx) or ())
        except NotEvaluated as e:
            not_evaluated.append({"rule": rid, "title": r.title, "reason": e.reason})
            continue
        except Exception:       # one rule's bug must not hide the others' results
            log.exception("rule %s failed", rid)
            not_evaluated.append({"rule": rid, "title": r.title,
                                  "reason": "Lỗi nội bộ khi đánh giá quy tắc này trên văn bản; đã ghi nhật ký."})
            continue
        applied.append(rid)
        for h in hits:
            findings.append(_finding(r, h))
            for other in h.also:
                o = REGISTRY.get(other)
                if o is not None and regime in o.regimes:
                    findings.append(_finding(o, h, mirrored_from=rid))
    # a rule that produced mirrored findings was evaluated even if its own check deferred
    found = {f.rule for f in findings}
    not_evaluated = [n for n in not_evaluated if n["rule"] not in found]
    applied = sorted(set(applied) | found)
    findings.sort(key=lambda f: (SEVERITY_ORDER.get(f.severity, 3), f.rule))
    dt = lay.doc_type.slug if lay.doc_type is not None else ("cong_van" if lay.vv or lay.kinh_gui else None)
    notes = [why]
    if regime == ADMIN and lay.quoc_hieu is None and lay.so is None:
        notes.append("Không tìm thấy Quốc hiệu và số, ký hiệu: tệp có thể không phải là văn bản hành chính hoàn chỉnh "
                     "(ví dụ phụ lục, tài liệu tham khảo); các lỗi “thiếu thành phần” là hệ quả của điều đó.")
    if lay.standalone_appendix is not None and regime == ADMIN:
        notes.append("Tệp là một phụ lục tách rời: phần đầu, chữ ký và nơi nhận nằm ở văn bản chính.")
    return Report(regime, dt, findings, not_evaluated, applied, model.signed, lay, notes)


def _finding(r, h: Hit, mirrored_from: str | None = None) -> Finding:
    msg = h.message if not mirrored_from else f"{h.message} (cùng nội dung với {mirrored_from})"
    return Finding(rule=r.id, severity=h.severity or r.severity, message=msg, expected=h.expected,
                   actual=h.actual, location=_location(h.where), citation=r.citation, component=r.component,
                   title=r.title, fix=h.fix,
                   paragraph=h.where if isinstance(h.where, Paragraph) else None)


def check_model(model: DocModel) -> Report:
    return run_rules(model)


def safe_model(data: bytes) -> DocModel:
    """read_model, with any unexpected failure on a malformed package turned into UnreadableFile."""
    try:
        return read_model(data)
    except UnreadableFile:
        raise
    except (Exception, RecursionError) as e:
        log.warning("unreadable .docx: %r", e)
        raise UnreadableFile("Không đọc được cấu trúc tệp .docx (tệp hỏng hoặc không đúng chuẩn Office Open XML).",
                             details=[type(e).__name__]) from e


def check_bytes(data: bytes, regime: str | None = None) -> Report:
    """Check a .docx given as bytes (raises app.errors.UnreadableFile for unreadable input)."""
    return run_rules(safe_model(data), regime=regime)


__all__ = ["Finding", "Report", "check_bytes", "check_model", "detect_regime", "key"]
