"""Score extraction against the hand annotations of corpus/ (`vanthu eval corpus/`).

- Metadata: per-field accuracy over the documents (values compared after a light
  normalisation: NFC, case, whitespace, markdown residue, final punctuation, old/new tone
  placement); references as F1 over their số/ký hiệu.
- Tasks: a predicted task matches a gold task when the gold text's first 8 words (normalised:
  NFC, casefold, markdown and punctuation removed, whitespace collapsed) are inside the
  predicted text; one-to-one. Precision/recall/F1; on matched tasks unit F1 (units compared
  with `canonical_unit`), due-date accuracy; "fully correct" = units and due date both right,
  reported as F1 against all predicted and all gold tasks.
"""
from __future__ import annotations

import json
import re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..intake.document import Document

METADATA_FIELDS = [
    "document_type", "regime", "organ.name", "organ.in_charge", "code.text", "code.number",
    "code.notation", "promulgation.place", "promulgation.date", "subject", "to", "to_places",
    "signer.competence", "signer.on_behalf_of", "signer.position", "signer.full_name",
    "priority", "secrecy", "received",
]
OPENING_WORDS = 8

_TONES = {"uỷ": "ủy", "oà": "òa", "oá": "óa", "oả": "ỏa", "oạ": "ọa", "oã": "õa", "uý": "úy", "uỳ": "ùy",
          "uỵ": "ụy", "uỹ": "ũy", "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẹ": "ọe"}


def norm(s) -> str:
    """Normalise a value for comparison."""
    if s is None:
        return ""
    s = unicodedata.normalize("NFC", str(s)).casefold()
    for a, b in _TONES.items():
        s = s.replace(a, b)
    s = re.sub(r"<[^>]+>|\*+|\|", " ", s)
    s = re.sub(r"[¹²³⁰⁴-⁹]+", "", s)   # footnote marks (markup residue)
    s = re.sub(r"\s+", " ", s).strip(" .;,:")
    return s


def norm_words(s: str) -> str:
    s = norm(s)
    s = re.sub(r"[^\w\s/]", " ", s)
    return " ".join(s.split())


def _get(d: dict, path: str):
    cur = d
    for part in path.split("."):
        if not isinstance(cur, dict):
            return None
        cur = cur.get(part)
    return cur


def _same(a, b) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return [norm(x) for x in (a or [])] == [norm(x) for x in (b or [])]
    if isinstance(a, dict) or isinstance(b, dict):
        a, b = a or {}, b or {}
        keys = set(a) | set(b)
        return all(norm(a.get(k)) == norm(b.get(k)) for k in keys if k != "span")
    return norm(a) == norm(b)


def canonical(u: str) -> str:
    try:
        from .units import canonical_unit
        return norm(canonical_unit(u))
    except Exception:  # noqa: BLE001 - the unit lexicon is optional here
        return norm(u)


@dataclass
class DocScore:
    name: str
    fields: dict = field(default_factory=dict)      # field -> bool
    gold_tasks: int = 0
    pred_tasks: int = 0
    matched: int = 0
    unit_tp: int = 0
    unit_fp: int = 0
    unit_fn: int = 0
    due_ok: int = 0
    full_ok: int = 0
    ref_tp: int = 0
    ref_fp: int = 0
    ref_fn: int = 0
    misses: list = field(default_factory=list)     # gold task openings not found
    extras: list = field(default_factory=list)     # predicted tasks matching nothing
    wrong: list = field(default_factory=list)      # matched with wrong units/date
    ms: float = 0.0


def match_tasks(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index)."""
    ptexts = [" " + norm_words(p.get("text", "")) + " " for p in pred]
    used: set[int] = set()
    pairs = []
    for gi, g in enumerate(gold):
        key = " ".join(norm_words(g.get("text", "")).split()[:OPENING_WORDS])
        if not key:
            continue
        key = " " + key + " "
        best, best_pos = None, None
        for pi, pt in enumerate(ptexts):
            if pi in used:
                continue
            k = pt.find(key)
            if k >= 0 and (best_pos is None or k < best_pos):
                best, best_pos = pi, k
        if best is not None:
            used.add(best)
            pairs.append((gi, best))
    return pairs


def score_document(name: str, gold: dict, pred: dict) -> DocScore:
    sc = DocScore(name)
    for f in METADATA_FIELDS:
        sc.fields[f] = _same(_get(pred, f), _get(gold, f))
    gref = {norm(r["code"]).replace(" ", "") for r in gold.get("references") or []}
    pref = {norm(r["code"]).replace(" ", "") for r in pred.get("references") or []}
    sc.ref_tp, sc.ref_fp, sc.ref_fn = len(gref & pref), len(pref - gref), len(gref - pref)
    gt, pt = gold.get("tasks") or [], pred.get("tasks") or []
    sc.gold_tasks, sc.pred_tasks = len(gt), len(pt)
    pairs = match_tasks(gt, pt)
    sc.matched = len(pairs)
    for gi, pi in pairs:
        gu = {canonical(u) for u in gt[gi].get("units") or []}
        pu = {canonical(u) for u in pt[pi].get("units") or []}
        sc.unit_tp += len(gu & pu)
        sc.unit_fp += len(pu - gu)
        sc.unit_fn += len(gu - pu)
        due_ok = (gt[gi].get("due_date") or None) == (pt[pi].get("due_date") or None)
        sc.due_ok += due_ok
        if gu == pu and due_ok:
            sc.full_ok += 1
        else:
            sc.wrong.append({"gold": gt[gi].get("text", "")[:80], "gold_units": gt[gi].get("units"),
                             "pred_units": pt[pi].get("units"), "gold_due": gt[gi].get("due_date"),
                             "pred_due": pt[pi].get("due_date")})
    mg = {gi for gi, _ in pairs}
    mp = {pi for _, pi in pairs}
    sc.misses = [gt[i].get("text", "")[:100] for i in range(len(gt)) if i not in mg]
    sc.extras = [pt[i].get("text", "")[:100] for i in range(len(pt)) if i not in mp]
    return sc


def _f1(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def read_document(path: Path, plain: bool = False) -> Document:
    """Read a corpus text with the intake reader when available (or `plain`: the raw text)."""
    try:
        from ..intake import read  # type: ignore[attr-defined]
    except ImportError:
        read = None
    if plain:
        read = None
    if read is not None:
        return read(str(path))
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    return Document(text=text, source=path.name, format="txt")


def evaluate(corpus_dir: str | Path, plain: bool = False) -> dict:
    from . import extract

    corpus = Path(corpus_dir)
    docs: list[DocScore] = []
    for gpath in sorted(corpus.glob("*.json")):
        tpath = gpath.with_suffix(".txt")
        if not tpath.exists():
            continue
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        doc = read_document(tpath, plain=plain)
        t0 = time.perf_counter()
        pred = extract(doc)
        ms = (time.perf_counter() - t0) * 1000
        sc = score_document(gpath.stem, gold, pred)
        sc.ms = ms
        docs.append(sc)
    return summarise(docs)


def summarise(docs: list[DocScore]) -> dict:
    n = len(docs)
    fields = {f: (sum(d.fields[f] for d in docs) / n if n else 0.0) for f in METADATA_FIELDS}
    g = sum(d.gold_tasks for d in docs)
    p = sum(d.pred_tasks for d in docs)
    m = sum(d.matched for d in docs)
    tp, tr, tf = _f1(m, p, g)
    utp, ufp, ufn = (sum(d.unit_tp for d in docs), sum(d.unit_fp for d in docs), sum(d.unit_fn for d in docs))
    up, ur, uf = _f1(utp, utp + ufp, utp + ufn)
    full = sum(d.full_ok for d in docs)
    fp_, fr_, ff_ = _f1(full, p, g)
    rtp, rfp, rfn = sum(d.ref_tp for d in docs), sum(d.ref_fp for d in docs), sum(d.ref_fn for d in docs)
    rp, rr, rf = _f1(rtp, rtp + rfp, rtp + rfn)
    return {
        "documents": n,
        "fields": {k: round(v, 4) for k, v in fields.items()},
        "metadata_mean": round(sum(fields.values()) / len(fields), 4) if fields else 0.0,
        "references": {"precision": round(rp, 4), "recall": round(rr, 4), "f1": round(rf, 4)},
        "tasks": {"gold": g, "predicted": p, "matched": m, "precision": round(tp, 4),
                  "recall": round(tr, 4), "f1": round(tf, 4)},
        "units": {"precision": round(up, 4), "recall": round(ur, 4), "f1": round(uf, 4)},
        "due_date_accuracy": round(sum(d.due_ok for d in docs) / m, 4) if m else 0.0,
        "fully_correct": {"count": full, "precision": round(fp_, 4), "recall": round(fr_, 4),
                          "f1": round(ff_, 4)},
        "per_document": [
            {"name": d.name, "fields_ok": sum(d.fields.values()), "fields": len(d.fields),
             "failed_fields": [f for f, ok in d.fields.items() if not ok],
             "gold_tasks": d.gold_tasks, "pred_tasks": d.pred_tasks, "matched": d.matched,
             "fully_correct": d.full_ok, "ms": round(d.ms, 2), "misses": d.misses, "extras": d.extras,
             "wrong": d.wrong}
            for d in docs
        ],
    }


def format_report(res: dict, verbose: bool = False) -> str:
    lines = [f"Tài liệu: {res['documents']}", "", "Trường siêu dữ liệu (độ chính xác):"]
    for f, v in res["fields"].items():
        lines.append(f"  {f:<22} {v:6.3f}")
    lines.append(f"  {'(trung bình)':<22} {res['metadata_mean']:6.3f}")
    r = res["references"]
    lines.append(f"Văn bản được dẫn: P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}")
    t = res["tasks"]
    lines.append(f"Nhiệm vụ: vàng {t['gold']}, dự đoán {t['predicted']}, khớp {t['matched']}  "
                 f"P {t['precision']:.3f}  R {t['recall']:.3f}  F1 {t['f1']:.3f}")
    u = res["units"]
    lines.append(f"Đơn vị (trên nhiệm vụ khớp): P {u['precision']:.3f}  R {u['recall']:.3f}  F1 {u['f1']:.3f}")
    lines.append(f"Hạn xử lý đúng (trên nhiệm vụ khớp): {res['due_date_accuracy']:.3f}")
    fc = res["fully_correct"]
    lines.append(f"Nhiệm vụ đúng hoàn toàn: {fc['count']}  P {fc['precision']:.3f}  R {fc['recall']:.3f}  "
                 f"F1 {fc['f1']:.3f}")
    if verbose:
        lines += ["", f"{'tài liệu':<40} {'trường':>7} {'vàng':>5} {'dự đoán':>8} {'khớp':>5} {'đúng':>5} {'ms':>7}"]
        for d in res["per_document"]:
            lines.append(f"{d['name']:<40} {d['fields_ok']:>3}/{d['fields']:<3} {d['gold_tasks']:>5} "
                         f"{d['pred_tasks']:>8} {d['matched']:>5} {d['fully_correct']:>5} {d['ms']:>7.1f}")
            if d["failed_fields"]:
                lines.append(f"    trường sai: {', '.join(d['failed_fields'])}")
            for s in d["misses"]:
                lines.append(f"    thiếu: {s}")
            for s in d["extras"]:
                lines.append(f"    thừa:  {s}")
            for w in d["wrong"]:
                lines.append(f"    sai:   {w['gold'][:60]} | đơn vị {w['pred_units']} ≠ {w['gold_units']} | "
                             f"hạn {w['pred_due']} ≠ {w['gold_due']}")
    return "\n".join(lines)
