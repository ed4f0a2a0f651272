"""Source of schemas/<slug>.schema.json: the input of each document type, with Vietnamese titles.

The JSON files are generated (scripts/build_templates.py) and committed; the validator and the
web form read the JSON files. Field names follow the glossary (ARCHITECTURE.md / edXML).
"""
from __future__ import annotations

from app.nd30 import doc_types

from .context import TYPES

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _str(title, **kw):
    return {"type": "string", "title": title, "minLength": 1, **kw}


def _lines(title, min_items=0, **kw):
    s = {"type": ["array", "null"] if not min_items else "array", "title": title,
         "items": {"type": "string", "minLength": 1, "title": title}, **kw}
    if min_items:
        s["minItems"] = min_items
    return s


ORGAN = {
    "type": "object", "title": "Cơ quan, tổ chức ban hành",
    "required": ["name"],
    "properties": {
        "name": _str("Tên cơ quan, tổ chức ban hành", maxLength=200,
                     examples=["Ủy ban nhân dân xã Tân Lập"]),
        "in_charge": {"type": ["string", "null"], "title": "Tên cơ quan, tổ chức chủ quản trực tiếp", "maxLength": 200,
                      "examples": ["Ủy ban nhân dân huyện Đan Phượng"]},
        "abbreviation": {"type": ["string", "null"], "title": "Chữ viết tắt tên cơ quan", "maxLength": 30},
    },
}
CODE = {
    "type": "object", "title": "Số, ký hiệu văn bản",
    "required": ["notation"],
    "properties": {
        "number": {"type": ["integer", "null"], "title": "Số văn bản", "minimum": 1,
                   "description": "Để trống: lấy số tiếp theo trong sổ đăng ký văn bản đi."},
        "notation": _str("Ký hiệu văn bản", maxLength=30, pattern=r"^[^/]+$",
                         examples=["UBND-VP"]),
    },
}
PROMULGATION = {
    "type": "object", "title": "Địa danh và thời gian ban hành",
    "required": ["place"],
    "properties": {
        "place": _str("Địa danh", maxLength=100, examples=["Tân Lập"]),
        "date": {"type": ["string", "null"], "format": "date", "title": "Ngày ban hành",
                 "description": "Dạng YYYY-MM-DD; để trống: ngày hôm nay."},
    },
}
SIGNER = {
    "type": "object", "title": "Người ký",
    "required": ["position", "full_name"],
    "properties": {
        "competence": {"title": "Thẩm quyền ký",
                       "anyOf": [{"type": "null"}, {"type": "string", "maxLength": 10},
                                 {"type": "array", "items": {"type": "string"}, "maxItems": 2}],
                       "description": "TM., KT., TL., TUQ., Q. hoặc để trống (người đứng đầu ký)."},
        "on_behalf_of": {"title": "Ký thay mặt / ký thay cho",
                         "anyOf": [{"type": "null"}, {"type": "string", "maxLength": 200},
                                   {"type": "array", "items": {"type": "string"}, "maxItems": 2}],
                         "examples": ["CHỦ TỊCH"]},
        "position": _str("Chức vụ người ký", maxLength=200, examples=["PHÓ CHỦ TỊCH"]),
        "full_name": _str("Họ và tên người ký", maxLength=100, examples=["Nguyễn Thị Hồng Nhung"]),
    },
}
PARAGRAPH = {
    "title": "Đoạn văn",
    "anyOf": [
        {"type": "string", "minLength": 1},
        {"type": "object", "required": ["text"], "properties": {
            "text": {"type": "string", "minLength": 1, "title": "Nội dung đoạn văn"},
            "kind": {"enum": ["paragraph", "heading", "italic", "center"], "title": "Kiểu đoạn văn"}}},
    ],
}


def _common(slug: str) -> dict:
    t = doc_types.by_slug(slug)
    spec = TYPES[slug]
    props = {
        "document_type": {"const": slug, "title": "Loại văn bản"},
        "organ": ORGAN,
        "code": CODE,
        "promulgation": PROMULGATION,
        "subject": _str("Trích yếu nội dung", maxLength=500),
        "content": {"type": "array", "title": "Nội dung", "items": PARAGRAPH, "minItems": 1},
        "signer": SIGNER,
        "to_places": _lines("Nơi nhận"),
        "archive": {"title": "Đơn vị soạn thảo lưu văn bản (Lưu: VT, ...)",
                    "anyOf": [{"type": "null"}, {"type": "string", "maxLength": 50},
                              {"type": "array", "items": {"type": "string"}}], "examples": ["VP"]},
        "archive_copies": {"type": ["integer", "null"], "minimum": 1, "title": "Số bản lưu"},
        "drafter": {"type": ["string", "null"], "maxLength": 20, "title": "Ký hiệu người soạn thảo"},
        "issued_copies": {"type": ["integer", "null"], "minimum": 1, "title": "Số lượng bản phát hành"},
        "priority": {"title": "Độ khẩn", "anyOf": [{"type": "null"},
                                                     {"enum": ["Khẩn", "Thượng khẩn", "Hỏa tốc", "Hoả tốc",
                                                               "KHẨN", "THƯỢNG KHẨN", "HỎA TỐC", "HOẢ TỐC"]}]},
        "register": {"type": ["string", "null"], "title": "Sổ đăng ký văn bản đi", "maxLength": 50},
        "due_date": {"type": ["string", "null"], "format": "date", "title": "Hạn trả lời"},
        "response_for": {"type": ["string", "null"], "title": "Trả lời văn bản số", "maxLength": 100},
    }
    required = ["document_type", "organ", "code", "promulgation", "signer"]
    if spec.get("kinh_gui") in ("required", "optional") or slug == "cong_dien":
        props["to"] = {"title": "Kính gửi" if slug != "cong_dien" else "Nơi nhận điện",
                       "anyOf": [{"type": "string", "minLength": 1},
                                 {"type": "array", "items": {"type": "string", "minLength": 1},
                                  "minItems": 1}]}
        if spec.get("kinh_gui") == "required" or slug == "cong_dien":
            required.append("to")
        else:
            props["to"]["anyOf"].insert(0, {"type": "null"})
    return {"$schema": DRAFT, "$id": f"https://vanthu.example/schemas/{slug}.schema.json",
            "title": f"{t.short_name} (Mẫu {spec['label']}, Nghị định 30/2020/NĐ-CP)",
            "type": "object", "properties": props, "required": required}


def build(slug: str) -> dict:
    s = _common(slug)
    p, req = s["properties"], s["required"]
    if slug in ("cong_van", "to_trinh", "bao_cao", "ke_hoach", "thong_bao", "cong_dien", "bien_ban"):
        req.append("subject")
    if slug in ("cong_van", "to_trinh", "bao_cao", "ke_hoach", "thong_bao", "cong_dien", "bien_ban"):
        req.append("content")
    if slug == "quyet_dinh":
        req.append("subject")
        p["issuing_authority"] = {"type": ["string", "null"], "title": "Thẩm quyền ban hành",
                                  "description": "Ví dụ: CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TÂN LẬP; để trống: tự suy ra."}
        p["bases"] = _lines("Căn cứ ban hành", 1)
        p["proposal"] = {"type": ["string", "null"], "title": "Theo đề nghị của"}
        p["articles"] = {"type": "array", "title": "Các điều", "minItems": 1, "items": {
            "title": "Điều", "anyOf": [{"type": "string", "minLength": 1},
                                       {"type": "object", "properties": {
                                           "title": {"type": "string"},
                                           "content": {"anyOf": [{"type": "string"},
                                                                 {"type": "array", "items": {"type": "string"}}]}},
                                        "anyOf": [{"required": ["title"]}, {"required": ["content"]}]}]}}
        req.append("bases")
        req.append("articles")
        p.pop("content")
    if slug == "cong_dien":
        p["sender"] = {"type": ["string", "null"], "title": "Cơ quan hoặc chức danh gửi điện",
                       "description": "Ví dụ: CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH; để trống: tên cơ quan ban hành."}
    if slug == "giay_moi":
        p["subject"] = {"type": ["string", "null"], "title": "Trích yếu nội dung", "maxLength": 500}
        p["content"] = {**p["content"], "type": ["array", "null"], "minItems": 0, "title": "Nội dung khác"}
        p["invitee"] = _str("Kính mời", examples=["Ông Nguyễn Văn A, Trưởng Trạm Y tế xã"])
        p["event"] = _str("Tới dự", examples=["cuộc họp triển khai kế hoạch phòng, chống dịch bệnh"])
        p["chair"] = {"type": ["string", "null"], "title": "Chủ trì"}
        p["time"] = _str("Thời gian", examples=["08 giờ 00, thứ Năm, ngày 06 tháng 02 năm 2025"])
        p["venue"] = _str("Địa điểm", examples=["Hội trường Ủy ban nhân dân xã Tân Lập"])
        req += ["invitee", "event", "time", "venue"]
    if slug == "giay_gioi_thieu":
        p.pop("subject")
        p["content"] = {**p["content"], "type": ["array", "null"], "minItems": 0, "title": "Nội dung khác"}
        p["person"] = {"type": "object", "title": "Người được giới thiệu", "required": ["full_name"],
                       "properties": {"full_name": _str("Họ và tên (Ông/Bà)", examples=["Ông Trần Văn B"]),
                                      "position": {"type": ["string", "null"], "title": "Chức vụ"}}}
        p["sent_to"] = _str("Được cử đến")
        p["purpose"] = _str("Về việc")
        p["valid_until"] = {"type": "string", "format": "date", "title": "Có giá trị đến hết ngày"}
        req += ["person", "sent_to", "purpose", "valid_until"]
    if slug == "bien_ban":
        p["promulgation"] = {**PROMULGATION, "title": "Địa danh và thời gian (dùng để ghi sổ)"}
        p["start_time"] = _str("Thời gian bắt đầu", examples=["08 giờ 00, ngày 05 tháng 02 năm 2025"])
        p["venue"] = _str("Địa điểm")
        p["participants"] = {"title": "Thành phần tham dự",
                             "anyOf": [{"type": "string", "minLength": 1},
                                       {"type": "array", "items": {"type": "string"}, "minItems": 1}]}
        p["secretary"] = {"type": "object", "title": "Thư ký", "required": ["full_name"],
                          "properties": {"full_name": _str("Họ và tên thư ký")}}
        p["end_time"] = _str("Thời gian kết thúc", examples=["11 giờ 00 cùng ngày"])
        p["signer"] = {**SIGNER, "title": "Chủ tọa", "required": ["full_name"]}
        req += ["start_time", "venue", "participants", "secretary", "end_time"]
    return s


# Property order = order of the components on the page (forms and error lists follow it).
ORDER = ["document_type", "organ", "code", "promulgation", "priority", "subject", "to", "sender", "issuing_authority",
         "bases", "proposal", "articles", "invitee", "event", "chair", "time", "venue", "person", "sent_to", "purpose",
         "valid_until", "start_time", "participants", "content", "end_time", "signer", "secretary", "to_places",
         "archive", "archive_copies", "drafter", "issued_copies", "register", "due_date", "response_for"]


def _ordered(sch: dict) -> dict:
    props = sch["properties"]
    rank = {k: i for i, k in enumerate(ORDER)}
    sch["properties"] = {k: props[k] for k in sorted(props, key=lambda k: rank.get(k, len(ORDER)))}
    sch["required"] = sorted(dict.fromkeys(sch["required"]), key=lambda k: rank.get(k, len(ORDER)))
    return sch


def all_schemas() -> dict[str, dict]:
    return {slug: _ordered(build(slug)) for slug in TYPES}
