"""Open a .docx package safely: bounded zip reading and hardened XML parsing.

Uploaded files are hostile until proven otherwise: a zip bomb, a corrupt archive, an XML
with a DOCTYPE (entity expansion, external entities) or a file that is not a .docx at all
must end in `UnreadableFile` with a Vietnamese message, never a crash, a hang or a read of
the local file system.
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from ..errors import UnreadableFile

MAX_ENTRIES = 3000
MAX_ENTRY_BYTES = 64 * 1024 * 1024      # one decompressed part
MAX_TOTAL_BYTES = 256 * 1024 * 1024     # all decompressed parts read
MAX_RATIO = 200                          # decompressed / compressed, for parts > 1 MiB
RATIO_FLOOR = 1024 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOC = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
              "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument")
SIGNATURE_REL_MARK = "digital-signature"

_DTD = re.compile(rb"<!\s*(doctype|entity)", re.IGNORECASE)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          dtd_validation=False, huge_tree=False, remove_comments=True)


def _bad(message: str, detail: str | None = None) -> UnreadableFile:
    return UnreadableFile(message, details=[detail] if detail else None)


@dataclass
class Package:
    """The parts of an OPC package, read lazily with size limits."""

    zf: zipfile.ZipFile
    names: set[str]
    main: str = "word/document.xml"
    _read: int = 0
    _cache: dict = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return name in self.names

    def read(self, name: str) -> bytes:
        info = self.zf.getinfo(name)
        if info.file_size > MAX_ENTRY_BYTES:
            raise _bad("Tệp có thành phần quá lớn (nghi là tệp nén độc hại - zip bomb).", name)
        if info.file_size > RATIO_FLOOR and info.compress_size and \
                info.file_size / info.compress_size > MAX_RATIO:
            raise _bad("Tỷ lệ nén bất thường (nghi là tệp nén độc hại - zip bomb).", name)
        out = io.BytesIO()
        try:
            with self.zf.open(info) as fh:
                while True:
                    chunk = fh.read(1 << 16)
                    if not chunk:
                        break
                    out.write(chunk)
                    # headers can lie about sizes: enforce while decompressing
                    if out.tell() > MAX_ENTRY_BYTES or self._read + out.tell() > MAX_TOTAL_BYTES:
                        raise _bad("Tệp giải nén vượt quá giới hạn cho phép (nghi là zip bomb).", name)
        except UnreadableFile:
            raise
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
                NotImplementedError, RuntimeError) as e:
            raise _bad("Tệp .docx bị hỏng, không giải nén được.", f"{name}: {e}") from e
        self._read += out.tell()
        return out.getvalue()

    def xml(self, name: str):
        """Parse a part with a hardened parser; a DOCTYPE is refused outright (docx never has one)."""
        if name in self._cache:
            return self._cache[name]
        data = self.read(name)
        if _DTD.search(data):
            raise _bad("Tệp chứa khai báo DOCTYPE/ENTITY trong XML (không hợp lệ với .docx, có thể độc hại).",
                       name)
        try:
            root = etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError as e:
            raise _bad("Nội dung XML trong tệp .docx bị hỏng.", f"{name}: {e}") from e
        self._cache[name] = root
        return root

    def rels(self, part: str) -> dict[str, tuple[str, str, str]]:
        """Relationships of `part`: rId -> (type, absolute target, target mode)."""
        d, b = posixpath.split(part)
        rel_name = posixpath.join(d, "_rels", b + ".rels")
        if rel_name not in self.names:
            return {}
        out = {}
        for r in self.xml(rel_name):
            if not isinstance(r.tag, str):
                continue
            mode = r.get("TargetMode", "Internal")
            target = r.get("Target", "")
            if mode != "External":
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join(d, target))
            out[r.get("Id")] = (r.get("Type", ""), target, mode)
        return out

    @property
    def has_signature(self) -> bool:
        """A digitally signed package (XML-DSig parts or signature relationships)."""
        if any(n.startswith("_xmlsignatures/") for n in self.names):
            return True
        for n in self.names:
            if n.endswith(".rels"):
                try:
                    if SIGNATURE_REL_MARK.encode() in self.read(n):
                        return True
                except UnreadableFile:
                    return True
        return False


def open_package(data: bytes) -> Package:
    """Validate that `data` is a readable .docx and return its package."""
    if not data:
        raise _bad("Tệp rỗng.")
    if data[:8] == OLE_MAGIC:
        raise _bad("Tệp là định dạng Word cũ (.doc) hoặc .docx đã mã hoá bằng mật khẩu; "
                   "hãy lưu lại thành .docx không đặt mật khẩu.")
    if data[:2] != b"PK":
        raise _bad("Tệp không phải là tài liệu .docx (không phải tệp nén Office Open XML).")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as e:
        raise _bad("Tệp .docx bị hỏng (cấu trúc nén không hợp lệ).", str(e)) from e
    if len(infos) > MAX_ENTRIES:
        raise _bad("Tệp có quá nhiều thành phần (nghi là tệp nén độc hại).")
    declared = sum(i.file_size for i in infos)
    if declared > MAX_TOTAL_BYTES * 4:
        raise _bad("Tệp giải nén quá lớn (nghi là tệp nén độc hại - zip bomb).")
    names = {i.filename for i in infos}
    pkg = Package(zf, names)
    if "[Content_Types].xml" not in names:
        raise _bad("Tệp không phải là tài liệu .docx (thiếu [Content_Types].xml).")
    main = None
    if "_rels/.rels" in names:
        for typ, target, _mode in pkg.rels("").values():
            if typ in OFFICE_DOC:
                main = target
                break
    main = main or "word/document.xml"
    if main not in names:
        raise _bad("Tệp không phải là văn bản Word .docx (không có phần nội dung word/document.xml).")
    pkg.main = main
    return pkg
