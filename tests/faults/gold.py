"""Compliant documents built from the real values of corpus/ gold annotations (organ names,
numbers, places and dates, subjects, recipients, signing blocks of real dispatches), laid out by
the corpus builder: the checker must recognise the real strings and raise no error."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from app.nd30 import codes, dates, doc_types, recipients, signing
from app.nd30.text import sentence_case, upper

from .build import L, cong_van_spec, quyet_dinh_spec, sep

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def usable(g: dict) -> bool:
    return (g.get("regime") == "administrative" and g.get("document_type") in ("cong_van", "quyet_dinh")
            and (g.get("organ") or {}).get("name") and (g.get("code") or {}).get("number")
            and (g.get("promulgation") or {}).get("date") and (g.get("signer") or {}).get("full_name"))


def golds() -> list[tuple[str, dict]]:
    out = []
    for f in sorted(CORPUS.glob("*.json")):
        g = json.loads(f.read_text(encoding="utf-8"))
        if usable(g):
            out.append((f.stem, g))
    return out


def spec_from(g: dict) -> dict:
    t = g["document_type"]
    s = cong_van_spec() if t == "cong_van" else quyet_dinh_spec()
    organ, code, pr, sig = g["organ"], g["code"], g["promulgation"], g["signer"]
    left = [L(upper(organ["in_charge"]), 12)] if organ.get("in_charge") else []
    name = upper(organ["name"])
    left += [L(name, 12, bold=True), sep(max(3, round(len(name) * 0.42 * 0.72)), 12),
             L(codes.format_code_line(code["number"], code["notation"], code.get("year")), 13)]
    if t == "cong_van":
        left.append(L("V/v " + g["subject"], 12, before=6))
    s["left"] = left
    s["right"][3] = L(dates.format_place_date(pr["place"], dt.date.fromisoformat(pr["date"])), 14, italic=True)
    blk = signing.signature_block(sig.get("competence"), sig.get("on_behalf_of"), sig.get("position"),
                                  sig["full_name"])
    s["signature"] = [L(x, 14, bold=True) for x in blk.lines] + [L("", 14)] * 3 + [L(blk.full_name, 14, bold=True)]
    places = [p for p in g.get("to_places") or [] if not p.lower().startswith("lưu") and p.lower() != "như trên"]
    luu = [p for p in g.get("to_places") or [] if p.lower().startswith("lưu")]
    units = re.sub(r"^Lưu:?\s*", "", luu[0]).split(",") if luu else ["VP"]
    units = [u.strip().rstrip(".") for u in units if u.strip() and u.strip().upper() != "VT"] or ["VP"]
    lines = recipients.noi_nhan_lines(places or ["Các đơn vị liên quan"], units, nhu_tren=t == "cong_van")
    s["noi_nhan"] = [L("Nơi nhận:", 12, bold=True, italic=True, align="left")] + [L(x, 11, align="left") for x in lines]
    if t == "cong_van":
        kg = recipients.kinh_gui_lines(g.get("to") or ["Các cơ quan, đơn vị"])
        s["before_body"] = [L("", 14)] + [L(x, 14, align="left" if len(kg) > 1 else "center") for x in kg]
    else:
        s["before_body"][1] = L(upper(doc_types.by_slug(t).short_name), 14, bold=True)
        s["before_body"][2] = L(sentence_case(g["subject"]), 14, bold=True)
        s["before_body"][5] = L(upper(sig.get("position") or sig.get("on_behalf_of") or "GIÁM ĐỐC"), 14, bold=True)
        s["appendix"] = None
        s["body"] = [x for x in s["body"] if "Phụ lục" not in x["text"]]
    return s
