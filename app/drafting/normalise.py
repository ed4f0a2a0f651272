"""Validated input → the context a template renders: the decree's rules applied.

Numbers (leading zero), dates (leading-zero rule), capitals (organ names, titles, authority
lines), Kính gửi and Nơi nhận punctuation, "./." at the end of the text, separator lines.
Pure: the number comes in as an argument (from the input or from the register).
"""
from __future__ import annotations

import datetime as dt
import re

from app.nd30 import codes, dates, doc_types, recipients, signing, text

from . import context as ctx

PRIORITIES = {"khẩn": "KHẨN", "thượng khẩn": "THƯỢNG KHẨN", "hỏa tốc": "HỎA TỐC"}
END_MARK = "./."


def issue_date(data: dict, today: dt.date | None = None) -> dt.date:
    d = (data.get("promulgation") or {}).get("date")
    return dt.date.fromisoformat(d) if d else (today or dt.date.today())


def notation(data: dict) -> str:
    """The notation as printed: typed documents get their type abbreviation in front when the
    user gave only the organ part (`UBND` → `QĐ-UBND`)."""
    t = doc_types.by_slug(data["document_type"])
    n = codes.normalise_notation(data["code"]["notation"])
    if t.abbr and "-" not in n and n != t.abbr:
        n = f"{t.abbr}-{n}"
    return n


def _end(textline: str) -> str:
    """Append the end-of-text mark "./." (Appendix III samples), once."""
    s = text.clean(textline)
    if s.endswith(END_MARK):
        return s
    return re.sub(r"[\s.;,:]+$", "", s) + END_MARK


def _paragraphs(items) -> list[dict]:
    out = []
    for it in items or []:
        raw, kind = (it, None) if isinstance(it, str) else (it.get("text") or "", it.get("kind"))
        for line in raw.splitlines() or [""]:
            t = text.clean(line)
            if t:
                out.append(_paragraph(t, kind))
    return out


def _paragraph(t: str, kind: str | None) -> dict:
    if kind is None:
        kind = "heading" if re.match(r"^([IVXLC]+|[A-Z])\.\s", t) and text.is_upper(t) else "paragraph"
    return {"text": t, "kind": kind}


def _finish(paras: list[dict]) -> list[dict]:
    if paras:
        paras[-1] = {**paras[-1], "text": _end(paras[-1]["text"])}
    return paras


def _cong_van_subject(s: str) -> str:
    """"V/v " + the summary in sentence case: "Triển khai kế hoạch" → "V/v triển khai kế hoạch";
    a capitalised name ("Hà Nội ...", "UBND ...") keeps its capitals."""
    s = re.sub(r"[\s.]+$", "", text.clean(s))
    s = re.sub(r"^(V\s*/\s*v|Về việc)\s*:?\s*", "", s, flags=re.IGNORECASE)
    words = s.split(" ")
    first = words[0] if words else ""
    second = words[1] if len(words) > 1 else ""
    if first[:1].isupper() and first[1:] == first[1:].lower() and (not second or not second[:1].isupper()):
        s = first[:1].lower() + s[1:]
    return f"V/v {s}"


def _typed_subject(s: str | None) -> str:
    return re.sub(r"[\s.]+$", "", text.sentence_case(s or ""))


def build_context(data: dict, number: int | None, *, today: dt.date | None = None) -> dict:
    """The template context of a validated input; `number` None leaves the number blank (draft)."""
    slug = data["document_type"]
    t = doc_types.by_slug(slug)
    spec = ctx.TYPES.get(slug, {})
    organ = data["organ"]
    organ_caps = text.upper(organ["name"])
    in_charge = text.upper(organ.get("in_charge") or "")  # full name: it may wrap, the text stays exact
    day = issue_date(data, today)
    note = notation(data)
    code_text = codes.format_code(number, note) if number else f"     /{note}"
    prom = data["promulgation"]
    place = text.clean(prom["place"])

    signer = data["signer"]
    if slug == "bien_ban":
        lines = ["CHỦ TỌA"] + ([text.upper(signer["position"])] if signer.get("position") else [])
    else:
        lines = signing.authority_lines(signer.get("competence"), signer.get("on_behalf_of"), signer["position"])

    to = data.get("to")
    to_list = [to] if isinstance(to, str) else list(to or [])
    kinh_gui = None
    if spec.get("kinh_gui") in ("required", "optional") and to_list:
        kg = recipients.kinh_gui_lines(to_list)
        kinh_gui = {"single": len(kg) == 1, "first": kg[0], "others": kg[1:], "lines": kg}

    subject = None if slug == "cong_van" else (_typed_subject(data.get("subject")) or None)
    c = {
        "document_type": slug,
        "title": t.title,
        "organ": {"name": organ_caps, "in_charge": in_charge, "name_original": text.clean(organ["name"]),
                  "in_charge_original": text.clean(organ.get("in_charge") or ""),
                  "abbreviation": organ.get("abbreviation") or ""},
        "code": {"number": codes.format_number(number) if number else "", "notation": note,
                 "text": code_text, "line": f"Số: {code_text}", "year": day.year},
        "promulgation": {"place": place, "date": day.isoformat(),
                         "line": dates.format_place_date(place, day)},
        "subject": subject,
        "subject_line": _cong_van_subject(data["subject"]) if slug == "cong_van" else "",
        "kinh_gui": kinh_gui,
        "signer": {"lines": lines, "full_name": text.clean(signer["full_name"]),
                   "competence": signer.get("competence"), "on_behalf_of": signer.get("on_behalf_of"),
                   "position": text.clean(signer.get("position") or "")},
        "to_places": recipients.noi_nhan_lines(
            data.get("to_places"), _archive(data, slug), nhu_tren=kinh_gui is not None or slug == "giay_gioi_thieu",
            copies=data.get("archive_copies"), drafter=data.get("drafter"), issued=data.get("issued_copies")),
        "priority": PRIORITIES.get(text.fold(data.get("priority") or "")) if data.get("priority") else None,
        "content": _finish(_paragraphs(data.get("content"))),
        "input": data,
    }
    builder = _BUILDERS.get(slug)
    if builder:
        builder(data, c)
    c["rules"] = {
        "organ": ctx.organ_rule(organ_caps),
        "subject": ctx.subject_rule(c["subject"] or c["title"]),
        "priority": ctx.priority_box(c["priority"]) if c["priority"] else "",
    }
    return c


def _archive(data: dict, slug: str):
    a = data.get("archive")
    if a is None and slug == "bien_ban":
        return ["Hồ sơ"]  # Mẫu 1.9: "- Lưu: VT, Hồ sơ."
    return a


def _decision(data: dict, c: dict) -> None:
    signer = data["signer"]
    comps = signer.get("competence")
    comps = comps if isinstance(comps, list) else [comps]
    behalf = signer.get("on_behalf_of")
    behalf = behalf if isinstance(behalf, list) else [behalf]
    if data.get("issuing_authority"):
        authority = text.upper(data["issuing_authority"])
    elif any(signing.normalise_competence(x) == "TM." for x in comps if x):
        authority = c["organ"]["name"]
    else:
        head = next((b for b in behalf if b), None) or signer["position"]
        authority = f"{text.upper(head)} {c['organ']['name']}"
    bases = [text.clean(b) for b in data.get("bases") or [] if text.clean(b)]
    if data.get("proposal"):
        p = text.clean(data["proposal"])
        bases.append(p if re.match(r"^(Theo|Xét)\b", p, re.IGNORECASE) else f"Theo đề nghị của {p}")
    bases = [re.sub(r"[\s.;,]+$", "", b) + ";" for b in bases]
    if bases:
        bases[-1] = bases[-1][:-1] + "."
    articles = []
    for i, a in enumerate(data.get("articles") or [], 1):
        if isinstance(a, str):
            articles.append({"label": f"Điều {i}.", "title": "", "text": " " + text.clean(a), "paragraphs": []})
            continue
        body = a.get("content")
        body = [body] if isinstance(body, str) else list(body or [])
        body = [text.clean(x) for x in body if text.clean(x)]
        title = text.clean(a.get("title") or "")
        if title:
            articles.append({"label": f"Điều {i}.", "title": " " + re.sub(r"[\s.]+$", "", title),
                             "text": "", "paragraphs": body})
        else:
            articles.append({"label": f"Điều {i}.", "title": "", "text": " " + body[0], "paragraphs": body[1:]})
    if articles:
        last = articles[-1]
        if last["paragraphs"]:
            last["paragraphs"][-1] = _end(last["paragraphs"][-1])
        elif last["text"]:
            last["text"] = " " + _end(last["text"])
        else:
            last["title"] = " " + _end(last["title"])
    c.update(issuing_authority=authority, bases=bases, decides="QUYẾT ĐỊNH:", articles=articles)


def _dispatch(data: dict, c: dict) -> None:
    sender = text.upper(data.get("sender") or "") or c["organ"]["name"]
    to = data.get("to")
    items = [to] if isinstance(to, str) else list(to or [])
    items = [text.strip_end_punct(recipients._item(x)) for x in items]
    items = [x for x in items if x]
    lines = [f"- {x};" for x in items[:-1]] + ([f"- {items[-1]}."] if items else [])
    c.update(sender_line=f"{sender} điện:", recipients=lines)


def _invitation(data: dict, c: dict) -> None:
    event = re.sub(r"^Tới dự\s*", "", text.clean(data["event"]), flags=re.IGNORECASE)
    paras = [f"{c['organ']['name_original']} trân trọng kính mời: {text.clean(data['invitee'])}",
             f"Tới dự {event}."]
    if data.get("chair"):
        paras.append(f"Chủ trì: {text.clean(data['chair'])}.")
    paras.append(f"Thời gian: {text.clean(data['time'])}.")
    paras.append(f"Địa điểm: {text.clean(data['venue'])}.")
    items = [{"text": re.sub(r"\.\.+$", ".", p), "kind": "paragraph"} for p in paras]
    items += _paragraphs(data.get("content"))
    c["content"] = _finish(items)


def _introduction(data: dict, c: dict) -> None:
    person = data["person"]
    valid = dates.format_date(data["valid_until"])
    paras = [f"{c['organ']['name_original']} trân trọng giới thiệu:",
             f"Ông (bà): {text.clean(person['full_name'])}"]
    if person.get("position"):
        paras.append(f"Chức vụ: {text.clean(person['position'])}")
    paras += [f"Được cử đến: {text.clean(data['sent_to'])}",
              f"Về việc: {text.clean(data['purpose'])}"]
    items = [{"text": p, "kind": "paragraph"} for p in paras] + _paragraphs(data.get("content"))
    items.append({"text": "Đề nghị Quý cơ quan tạo điều kiện để ông (bà) có tên ở trên hoàn thành nhiệm vụ.",
                  "kind": "paragraph"})
    items.append({"text": f"Giấy này có giá trị đến hết {valid}{END_MARK}", "kind": "paragraph"})
    c["content"] = items
    c["subject"] = None


def _minutes(data: dict, c: dict) -> None:
    part = data["participants"]
    part = part if isinstance(part, str) else "; ".join(text.clean(x) for x in part if text.clean(x))
    paras = [f"Thời gian bắt đầu: {text.clean(data['start_time'])}.",
             f"Địa điểm: {text.clean(data['venue'])}.",
             f"Thành phần tham dự: {re.sub(r'[.;]+$', '', text.clean(part))}.",
             f"Chủ trì (chủ tọa): {text.clean(data['signer']['full_name'])}.",
             f"Thư ký (người ghi biên bản): {text.clean(data['secretary']['full_name'])}.",
             "Nội dung (theo diễn biến cuộc họp/hội nghị/hội thảo):"]
    items = [{"text": re.sub(r"\.\.$", ".", p), "kind": "paragraph"} for p in paras]
    items += _paragraphs(data.get("content"))
    end = re.sub(r"[\s.]+$", "", text.clean(data["end_time"]))
    items.append({"text": f"Cuộc họp kết thúc vào {end}{END_MARK}", "kind": "paragraph"})
    c["content"] = items
    c["secretary"] = {"full_name": text.clean(data["secretary"]["full_name"])}


_BUILDERS = {"quyet_dinh": _decision, "cong_dien": _dispatch, "giay_moi": _invitation,
             "giay_gioi_thieu": _introduction, "bien_ban": _minutes}
