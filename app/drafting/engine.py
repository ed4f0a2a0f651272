"""Fast docxtpl-compatible rendering: parse and compile a template once, render many times.

docxtpl re-reads the .docx, re-parses every XML part with lxml, re-runs its tag clean-up
regexes and recompiles the Jinja template on every render. Here the .docx is read once:
the parts that hold tags (document, headers, footers) go through docxtpl's own `patch_xml`
(same tag semantics: {%p %}, {%tr %}, {{p }}, {{r }}, tags split across runs) and are compiled
to Jinja templates; every other part is kept as already-deflated bytes. A render evaluates the
compiled templates and writes a new zip, copying the unchanged parts' compressed bytes.

Not supported here (plain docxtpl is still available for them): {%tc %} column loops
(docxtpl fixes table grids afterwards), inline images and sub-documents, Listing objects.
Values are XML-escaped (autoescape) so user text cannot break the document.
"""
from __future__ import annotations

import io
import re
import struct
import threading
import time
import zipfile
import zlib
from dataclasses import dataclass

import jinja2
from docxtpl import DocxTemplate

TAGGED_PART = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_P_SPLIT = re.compile(r"<w:p([ >])")
_P_JOIN = re.compile(r"\n<w:p([ >])")
_ENV = jinja2.Environment(autoescape=True)


def make_environment() -> jinja2.Environment:
    """The Jinja environment templates are compiled in (XML autoescape on)."""
    return _ENV


def preprocess(xml: str) -> str:
    """docxtpl's tag clean-up, then one paragraph per line (as docxtpl does before Jinja)."""
    xml = DocxTemplate.patch_xml(None, xml)  # patch_xml does not use its instance
    return _P_SPLIT.sub(r"\n<w:p\1", xml)


def postprocess(xml: str) -> str:
    xml = _P_JOIN.sub(r"<w:p\1", xml)
    if "_" in xml:
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    return xml


@dataclass
class _Static:
    info_name: str
    raw: bytes          # deflated bytes
    crc: int
    size: int


@dataclass
class _Dynamic:
    info_name: str
    template: jinja2.Template
    source: str


class CompiledTemplate:
    """A .docx template parsed and compiled once; `render(context)` returns .docx bytes."""

    def __init__(self, data: bytes, name: str = "template"):
        self.name = name
        self.parts: list[_Static | _Dynamic] = []
        env = make_environment()
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for info in z.infolist():
                blob = z.read(info.filename)
                if TAGGED_PART.match(info.filename) and (b"{{" in blob or b"{%" in blob or b"{" in blob):
                    src = preprocess(blob.decode("utf-8"))
                    self.parts.append(_Dynamic(info.filename, env.from_string(src), src))
                else:
                    c = zlib.compressobj(6, zlib.DEFLATED, -15)
                    raw = c.compress(blob) + c.flush()
                    self.parts.append(_Static(info.filename, raw, zlib.crc32(blob), len(blob)))

    @classmethod
    def from_path(cls, path) -> CompiledTemplate:
        with open(path, "rb") as f:
            return cls(f.read(), str(path))

    def render_parts(self, context: dict) -> dict[str, str]:
        return {p.info_name: postprocess(p.template.render(context))
                for p in self.parts if isinstance(p, _Dynamic)}

    def render(self, context: dict, properties: dict | None = None) -> bytes:
        """The .docx for `context`; `properties` (title, subject, creator, description) replace the
        template's document properties (docProps/core.xml) so File › Properties describes the document."""
        rendered = self.render_parts(context)
        w = _ZipWriter()
        for p in self.parts:
            if isinstance(p, _Static):
                if properties is not None and p.info_name == "docProps/core.xml":
                    w.add(p.info_name, core_properties_xml(**properties))
                else:
                    w.add_raw(p.info_name, p.raw, p.crc, p.size)
            else:
                w.add(p.info_name, rendered[p.info_name].encode("utf-8"))
        return w.finish()


def core_properties_xml(title: str = "", subject: str = "", creator: str = "", description: str = "") -> bytes:
    from xml.sax.saxutils import escape
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    e = {k: escape(v or "") for k, v in dict(title=title, subject=subject, creator=creator,
                                               description=description).items()}
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{e['title']}</dc:title><dc:subject>{e['subject']}</dc:subject>"
        f"<dc:creator>{e['creator']}</dc:creator><dc:description>{e['description']}</dc:description>"
        f"<cp:lastModifiedBy>vanthu</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified></cp:coreProperties>'
    ).encode("utf-8")


class _ZipWriter:
    """Minimal zip writer that can copy already-deflated members (zipfile cannot)."""

    def __init__(self):
        self.buf = io.BytesIO()
        self.central: list[bytes] = []
        t = time.localtime(time.time())
        self.dostime = (t.tm_hour << 11) | (t.tm_min << 5) | (t.tm_sec // 2)
        self.dosdate = ((t.tm_year - 1980) << 9) | (t.tm_mon << 5) | t.tm_mday

    def add(self, name: str, data: bytes, level: int = 6) -> None:
        c = zlib.compressobj(level, zlib.DEFLATED, -15)
        raw = c.compress(data) + c.flush()
        self.add_raw(name, raw, zlib.crc32(data), len(data))

    def add_raw(self, name: str, raw: bytes, crc: int, size: int) -> None:
        fname = name.encode("utf-8")
        offset = self.buf.tell()
        flags = 0x800  # UTF-8 names
        self.buf.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, flags, 8, self.dostime, self.dosdate,
                                   crc, len(raw), size, len(fname), 0))
        self.buf.write(fname)
        self.buf.write(raw)
        self.central.append(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, flags, 8, self.dostime,
                                        self.dosdate, crc, len(raw), size, len(fname), 0, 0, 0, 0, 0, offset)
                            + fname)

    def finish(self) -> bytes:
        start = self.buf.tell()
        for c in self.central:
            self.buf.write(c)
        size = self.buf.tell() - start
        self.buf.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(self.central), len(self.central),
                                   size, start, 0))
        return self.buf.getvalue()


class TemplateCache:
    """Compiled templates by path, recompiled when the file changes (mtime + size)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._items: dict[str, tuple[tuple, CompiledTemplate]] = {}

    def get(self, path) -> CompiledTemplate:
        import os
        key = str(path)
        st = os.stat(key)
        stamp = (st.st_mtime_ns, st.st_size)
        hit = self._items.get(key)
        if hit and hit[0] == stamp:
            return hit[1]
        compiled = CompiledTemplate.from_path(key)
        with self._lock:
            self._items[key] = (stamp, compiled)
        return compiled

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


CACHE = TemplateCache()
