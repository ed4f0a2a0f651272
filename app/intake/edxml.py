"""edXML packages of the national document-exchange axis (QCVN 102:2016/BTTTT).

`read_edxml` turns a package into a `Document`: the MessageHeader becomes
`metadata["edxml"]` in our glossary names (organ.name, code.number, promulgation.date, ...),
each attached file is read by the readers above into `attachments`, and the main text is the
first readable attachment (or the header's Content). Elements are matched by local name, so
namespace prefixes and URIs may vary. Packages come inline (attachments base64 in the body) or
as MIME multipart (envelope first, attachments as parts referenced by Content-ID).

`build_edxml` writes the inline form for an issued document.
"""
from __future__ import annotations

import base64
import binascii
import email
import email.policy
import re
from datetime import date
from xml.sax.saxutils import escape

from lxml import etree

from app.errors import UnreadableFile, VanthuError

from .document import Document
from .limits import Limits
from .safety import parse_xml

NS = "http://www.e-doc.vn/Schema/"
MAX_DEPTH = 1        # an edXML attached inside an edXML is read, one level deeper is refused


def _ln(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _child(el, name: str):
    if el is None:
        return None
    for c in el:
        if _ln(c).lower() == name.lower():
            return c
    return None


def _children(el, name: str) -> list:
    if el is None:
        return []
    return [c for c in el if _ln(c).lower() == name.lower()]


def _text(el, *path: str) -> str | None:
    for p in path:
        el = _child(el, p)
        if el is None:
            return None
    t = "".join(el.itertext()).strip() if el is not None else ""
    return t or None


def _find(root, name: str):
    for el in root.iter():
        if _ln(el).lower() == name.lower():
            return el
    return None


def iso_date(s: str | None) -> str | None:
    """edXML dates come as yyyy-MM-dd, dd/MM/yyyy or with a time; ours are ISO dates."""
    if not s:
        return None
    s = s.strip()
    m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})", s)
    if m:
        y, mo, d = map(int, m.groups())
    else:
        m = re.match(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", s)
        if not m:
            return s
        d, mo, y = map(int, m.groups())
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return s


def _organ(el) -> dict:
    out = {
        "id": _text(el, "OrganId"),
        "name": _text(el, "OrganName"),
        "in_charge": _text(el, "OrganizationInCharge"),
        "address": _text(el, "OrganAdd"),
        "email": _text(el, "Email"),
        "telephone": _text(el, "Telephone"),
        "fax": _text(el, "Fax"),
        "website": _text(el, "Website"),
    }
    return {k: v for k, v in out.items() if v is not None}


def header_metadata(header) -> dict:
    """MessageHeader → our glossary names."""
    mh = _find(header, "MessageHeader") if _ln(header) != "MessageHeader" else header
    if mh is None:
        return {}
    md: dict = {}
    frm = _child(mh, "From")
    if frm is not None:
        md["organ"] = _organ(frm)
    tos = [_organ(t) for t in _children(mh, "To")]
    if tos:
        md["to"] = tos
    code = _child(mh, "Code")
    if code is not None:
        number, notation = _text(code, "CodeNumber"), _text(code, "CodeNotation")
        md["code"] = {"number": number, "notation": notation,
                      "text": "/".join(x for x in (number, notation) if x) or None}
    prom = _child(mh, "PromulgationInfo")
    if prom is not None:
        md["promulgation"] = {"place": _text(prom, "Place"), "date": iso_date(_text(prom, "PromulgationDate"))}
    dt = _child(mh, "DocumentType")
    if dt is not None:
        md["document_type"] = _text(dt, "TypeName")
        md["document_type_code"] = _text(dt, "Type")
    for key, name in (("subject", "Subject"), ("content", "Content"), ("steering_type", "SteeringType"),
                      ("document_id", "DocumentId")):
        v = _text(mh, name)
        if v is not None:
            md[key] = v
    signer = _child(mh, "SignerInfo")
    if signer is not None:
        md["signer"] = {"competence": _text(signer, "Competence"), "position": _text(signer, "Position"),
                        "full_name": _text(signer, "FullName")}
    due = _text(mh, "DueDate")
    if due:
        md["due_date"] = iso_date(due)
    places = _child(mh, "ToPlaces")
    if places is not None:
        md["to_places"] = ["".join(p.itertext()).strip() for p in _children(places, "Place")
                           if "".join(p.itertext()).strip()]
    other = _child(mh, "OtherInfo")
    if other is not None:
        info = {}
        for c in other:
            name = _ln(c)
            val = "".join(c.itertext()).strip()
            if not name or not val:
                continue
            if name == "Priority":
                md["priority"] = val
            elif name == "Appendixes":
                info["appendixes"] = [("".join(a.itertext())).strip() for a in c if "".join(a.itertext()).strip()] \
                    or [val]
            else:
                info[_snake(name)] = val
        if info:
            md["other"] = info
    responses = []
    for rf in _children(mh, "ResponseFor"):
        code_el = _child(rf, "Code")
        responses.append({k: v for k, v in {
            "organ_id": _text(rf, "OrganId"),
            "code": ("".join(code_el.itertext()).strip() or None) if code_el is not None and len(code_el) == 0
            else ("/".join(x for x in (_text(code_el, "CodeNumber"), _text(code_el, "CodeNotation")) if x)
                  if code_el is not None else None),
            "promulgation_date": iso_date(_text(rf, "PromulgationDate")),
            "document_id": _text(rf, "DocumentId"),
        }.items() if v})
    if responses:
        md["response_for"] = responses
    return md


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


# --- reading -----------------------------------------------------------------------------------
_B64_TAGS = {"value", "content", "data", "attachmentencoded", "encoded", "base64", "contentdata", "binary"}


def _inline_attachments(body) -> list[dict]:
    """Attachments carried inside the body: an element with ContentType/AttachmentName and a
    base64 payload (its own text or a Value/Data/... child)."""
    found = []
    manifest = {}
    for ref in body.iter():
        if _ln(ref) == "Reference":
            cid = _text(ref, "ContentId")
            if cid:
                manifest[_cid(cid)] = {"content_type": _text(ref, "ContentType"),
                                       "name": _text(ref, "AttachmentName"),
                                       "description": _text(ref, "Description")}
    for el in body.iter():
        name = _ln(el)
        if name in ("Reference", "Manifest") or not isinstance(el.tag, str):
            continue
        payload = None
        for c in el:
            if _ln(c).lower() in _B64_TAGS and len(c) == 0 and (c.text or "").strip():
                payload = c.text
                break
        if payload is None and name.lower().endswith("attachment") and len(el) and (el[-1].tail or "").strip():
            payload = el[-1].tail
        if payload is None:
            continue
        cid = _text(el, "ContentId")
        info = dict(manifest.get(_cid(cid), {})) if cid else {}
        info.update({k: v for k, v in {"content_type": _text(el, "ContentType"),
                                        "name": _text(el, "AttachmentName"),
                                        "description": _text(el, "Description")}.items() if v})
        info["content_id"] = cid
        info["payload"] = payload
        found.append(info)
    return found


def _cid(s: str | None) -> str:
    return (s or "").strip().strip("<>").removeprefix("cid:").strip("<>")


def _decode_b64(s: str, limits: Limits) -> bytes:
    compact = re.sub(r"\s+", "", s)
    if len(compact) * 3 // 4 > limits.max_bytes:
        raise UnreadableFile("Tệp đính kèm trong gói edXML quá lớn.", code="file_too_large", status=413)
    try:
        return base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError) as e:
        raise UnreadableFile("Tệp đính kèm trong gói edXML không phải base64 hợp lệ.", code="corrupt_file") from e


def _split_mime(data: bytes) -> tuple[bytes, list[dict]]:
    """A MIME multipart package: (envelope XML, attachments as dicts with bytes)."""
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    if not msg.is_multipart():
        raise UnreadableFile("Gói edXML dạng MIME không hợp lệ.", code="corrupt_file")
    envelope = None
    atts = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True) or b""
        if envelope is None and b"edXMLEnvelope" in payload[:65536]:
            envelope = payload
            continue
        atts.append({"content_type": part.get_content_type(), "name": part.get_filename(),
                     "content_id": part.get("Content-ID"), "bytes": payload})
    if envelope is None:
        raise UnreadableFile("Gói edXML thiếu phần edXMLEnvelope.", code="corrupt_file")
    return envelope, atts


def read_edxml(data: bytes, source: str = "", limits: Limits | None = None, *, depth: int = 0) -> Document:
    from . import read_bytes

    limits = limits or Limits.from_env()
    if depth > MAX_DEPTH:
        raise UnreadableFile("Gói edXML lồng nhau quá nhiều cấp; từ chối xử lý.", code="too_complex")
    if len(data) > limits.max_xml_bytes:
        raise UnreadableFile("Gói edXML quá lớn.", code="file_too_large", status=413)
    mime_atts: list[dict] = []
    head = data[:2048].lstrip()
    if not head.startswith(b"<"):
        data, mime_atts = _split_mime(data)
    root = parse_xml(data, "edXML")
    if _ln(root) != "edXMLEnvelope":
        env = _find(root, "edXMLEnvelope")
        if env is None:
            raise UnreadableFile("Tệp XML không phải gói edXML (thiếu edXMLEnvelope).", code="unsupported_format")
        root = env
    header = _child(root, "edXMLHeader")
    body = _child(root, "edXMLBody")
    md = header_metadata(header) if header is not None else {}
    atts = _inline_attachments(body) if body is not None else []
    # MIME parts are named by the manifest through their Content-ID
    manifest = {}
    if body is not None:
        for ref in body.iter():
            if _ln(ref) == "Reference":
                manifest[_cid(_text(ref, "ContentId"))] = {"content_type": _text(ref, "ContentType"),
                                                           "name": _text(ref, "AttachmentName")}
    for a in mime_atts:
        info = manifest.get(_cid(a.get("content_id")), {})
        a["name"] = info.get("name") or a.get("name")
        a["content_type"] = info.get("content_type") or a.get("content_type")
        atts.append(a)
    if len(atts) > limits.max_attachments:
        raise UnreadableFile(f"Gói edXML có quá nhiều tệp đính kèm ({len(atts)}).", code="too_complex")

    documents: list[Document] = []
    listing = []
    warnings: list[str] = []
    for i, a in enumerate(atts, start=1):
        name = a.get("name") or f"dinh-kem-{i}"
        entry = {"name": name, "content_type": a.get("content_type"), "size": None,
                 "description": a.get("description")}
        listing.append(entry)
        try:
            raw = a["bytes"] if "bytes" in a else _decode_b64(a["payload"], limits)
            entry["size"] = len(raw)
            att = read_bytes(raw, name, limits, depth=depth + 1)
        except VanthuError as e:
            att = Document(text="", source=name, format="unreadable", warnings=[e.message])
            warnings.append(f"Không đọc được tệp đính kèm {name}: {e.message}")
        att.metadata.setdefault("content_type", a.get("content_type"))
        documents.append(att)
    md["attachments"] = listing

    main = next((d for d in documents if d.text.strip()), None)
    if main is not None:
        doc = Document(text=main.text, source=source, format="edxml", blocks=list(main.blocks),
                       pages=main.pages, metadata={"edxml": md, "main_attachment": main.source},
                       attachments=documents, warnings=warnings + list(main.warnings))
        if main.metadata.get("ocr"):
            doc.metadata["ocr"] = main.metadata["ocr"]
    else:
        from .text_reader import read_text
        content = md.get("content") or ""
        base = read_text(content, source) if content.strip() else Document(text="", source=source)
        doc = Document(text=base.text, source=source, format="edxml", blocks=base.blocks,
                       metadata={"edxml": md}, attachments=documents, warnings=warnings)
        if not content.strip() and not documents:
            doc.warnings.append("Gói edXML không có nội dung và không có tệp đính kèm.")
    return doc


# --- building ----------------------------------------------------------------------------------
def build_edxml(metadata: dict, files: list[tuple[str, bytes, str]]) -> bytes:
    """An edXML package (inline attachments) for an issued document. `metadata` uses the same
    glossary names `read_edxml` produces; `files` are (name, bytes, content type)."""
    P = "edXML"

    def el(name: str, value, indent: int) -> str:
        if value is None or value == "":
            return ""
        return f"{'  ' * indent}<{P}:{name}>{escape(str(value))}</{P}:{name}>\n"

    def organ(tag: str, o: dict, indent: int) -> str:
        inner = "".join(el(n, o.get(k), indent + 1) for n, k in (
            ("OrganId", "id"), ("OrganizationInCharge", "in_charge"), ("OrganName", "name"),
            ("OrganAdd", "address"), ("Email", "email"), ("Telephone", "telephone"), ("Fax", "fax"),
            ("Website", "website")))
        return f"{'  ' * indent}<{P}:{tag}>\n{inner}{'  ' * indent}</{P}:{tag}>\n"

    m = metadata
    out = [f'<?xml version="1.0" encoding="UTF-8"?>\n<{P}:edXMLEnvelope xmlns:{P}="{NS}">\n',
           f"  <{P}:edXMLHeader>\n    <{P}:MessageHeader>\n"]
    out.append(organ("From", m.get("organ") or {}, 3))
    for t in m.get("to") or []:
        out.append(organ("To", t, 3))
    code = m.get("code") or {}
    number, notation = code.get("number"), code.get("notation")
    if (number is None or notation is None) and code.get("text") and "/" in code["text"]:
        n, _, rest = code["text"].partition("/")
        number, notation = number or n, notation or rest
    out.append(f"      <{P}:Code>\n{el('CodeNumber', number, 4)}{el('CodeNotation', notation, 4)}      </{P}:Code>\n")
    prom = m.get("promulgation") or {}
    out.append(f"      <{P}:PromulgationInfo>\n{el('Place', prom.get('place'), 4)}"
               f"{el('PromulgationDate', prom.get('date'), 4)}      </{P}:PromulgationInfo>\n")
    out.append(f"      <{P}:DocumentType>\n{el('Type', m.get('document_type_code'), 4)}"
               f"{el('TypeName', m.get('document_type'), 4)}      </{P}:DocumentType>\n")
    out.append(el("Subject", m.get("subject"), 3))
    out.append(el("Content", m.get("content"), 3))
    s = m.get("signer") or {}
    out.append(f"      <{P}:SignerInfo>\n{el('Competence', s.get('competence'), 4)}"
               f"{el('Position', s.get('position'), 4)}{el('FullName', s.get('full_name'), 4)}"
               f"      </{P}:SignerInfo>\n")
    out.append(el("DueDate", m.get("due_date"), 3))
    if m.get("to_places"):
        out.append(f"      <{P}:ToPlaces>\n" + "".join(el("Place", p, 4) for p in m["to_places"])
                   + f"      </{P}:ToPlaces>\n")
    other = dict(m.get("other") or {})
    if m.get("priority") is not None or other:
        inner = el("Priority", m.get("priority"), 4)
        for k, v in other.items():
            name = "".join(w.capitalize() for w in k.split("_"))
            if isinstance(v, list):
                inner += f"        <{P}:{name}>\n" + "".join(el("Appendix", x, 5) for x in v) + f"        </{P}:{name}>\n"
            else:
                inner += el(name, v, 4)
        out.append(f"      <{P}:OtherInfo>\n{inner}      </{P}:OtherInfo>\n")
    for rf in m.get("response_for") or []:
        out.append(f"      <{P}:ResponseFor>\n{el('OrganId', rf.get('organ_id'), 4)}{el('Code', rf.get('code'), 4)}"
                   f"{el('PromulgationDate', rf.get('promulgation_date'), 4)}{el('DocumentId', rf.get('document_id'), 4)}"
                   f"      </{P}:ResponseFor>\n")
    out.append(el("SteeringType", m.get("steering_type"), 3))
    out.append(el("DocumentId", m.get("document_id"), 3))
    out.append(f"    </{P}:MessageHeader>\n  </{P}:edXMLHeader>\n  <{P}:edXMLBody>\n    <{P}:Manifest version=\"1.0\">\n")
    for i, (name, _, ctype) in enumerate(files, start=1):
        out.append(f"      <{P}:Reference>\n{el('ContentId', f'cid:{i}', 4)}{el('ContentType', ctype, 4)}"
                   f"{el('AttachmentName', name, 4)}      </{P}:Reference>\n")
    out.append(f"    </{P}:Manifest>\n")
    for i, (name, blob, ctype) in enumerate(files, start=1):
        b64 = base64.encodebytes(blob).decode("ascii")
        out.append(f"    <{P}:Attachment>\n{el('ContentId', f'cid:{i}', 3)}{el('ContentType', ctype, 3)}"
                   f"{el('AttachmentName', name, 3)}      <{P}:Value>{b64}</{P}:Value>\n    </{P}:Attachment>\n")
    out.append(f"  </{P}:edXMLBody>\n</{P}:edXMLEnvelope>\n")
    return "".join(out).encode("utf-8")
