"""Guards for hostile containers: zip bombs in .docx, entity tricks in XML (XXE, billion
laughs). Everything raises UnreadableFile with a Vietnamese message."""
from __future__ import annotations

import re
import zipfile
import zlib
from io import BytesIO

from lxml import etree

from app.errors import UnreadableFile

from .limits import Limits

_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.I)


def check_no_dtd(data: bytes, what: str = "XML") -> None:
    """Office parts and edXML never need a DTD; one in the file means entity tricks."""
    probe = data if len(data) < 4_000_000 else data[:4_000_000]
    if _DTD.search(probe) or (len(data) > len(probe) and _DTD.search(data)):
        raise UnreadableFile(
            f"Tệp {what} chứa khai báo DOCTYPE/ENTITY (có thể là tệp độc hại: XXE, 'billion laughs'); "
            "từ chối xử lý.", code="malicious_file")


_PARSER_KW = dict(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                  huge_tree=False, remove_comments=True, remove_pis=True)


def parse_xml(data: bytes, what: str = "XML") -> etree._Element:
    check_no_dtd(data, what)
    parser = etree.XMLParser(**_PARSER_KW)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        raise UnreadableFile(f"Tệp {what} bị hỏng (XML không hợp lệ); không đọc được.",
                             code="corrupt_file", details={"reason": str(e)[:200]}) from e
    if root is None:
        raise UnreadableFile(f"Tệp {what} rỗng.", code="empty_file")
    return root


class SafeZip:
    """A zip opened with bomb checks done up front from the central directory, and every
    member read with a hard cap (the directory can lie)."""

    def __init__(self, data: bytes, limits: Limits, what: str = "DOCX"):
        self.limits = limits
        self.what = what
        try:
            self.zf = zipfile.ZipFile(BytesIO(data))
            infos = self.zf.infolist()
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as e:
            raise UnreadableFile(f"Tệp {what} bị hỏng (không mở được gói nén); không đọc được.",
                                 code="corrupt_file") from e
        if len(infos) > limits.max_zip_members:
            raise UnreadableFile(f"Tệp {what} chứa quá nhiều thành phần ({len(infos)}); từ chối xử lý.",
                                 code="zip_bomb")
        total = sum(i.file_size for i in infos)
        if total > limits.max_unzipped_bytes:
            raise UnreadableFile(
                f"Tệp {what} giải nén ra quá lớn ({total // 1048576} MB); có thể là 'zip bomb', từ chối xử lý.",
                code="zip_bomb")
        for i in infos:
            if i.flag_bits & 0x1:
                raise UnreadableFile(f"Tệp {what} được bảo vệ bằng mật khẩu; vui lòng gỡ mật khẩu rồi tải lên lại.",
                                     code="encrypted_file")
            if i.file_size > 1_000_000 and i.compress_size and i.file_size / i.compress_size > limits.max_zip_ratio:
                raise UnreadableFile(
                    f"Tệp {what} có tỉ lệ nén bất thường (có thể là 'zip bomb'); từ chối xử lý.", code="zip_bomb")
        self.names = {i.filename for i in infos}

    def read(self, name: str, cap: int | None = None) -> bytes | None:
        if name not in self.names:
            return None
        cap = cap or self.limits.max_xml_bytes
        out = bytearray()
        try:
            with self.zf.open(name) as f:
                while True:
                    chunk = f.read(1 << 16)
                    if not chunk:
                        break
                    out += chunk
                    if len(out) > cap:
                        raise UnreadableFile(
                            f"Thành phần {name} của tệp {self.what} quá lớn khi giải nén; từ chối xử lý.",
                            code="zip_bomb")
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, zlib.error) as e:
            raise UnreadableFile(f"Tệp {self.what} bị hỏng ({name}); không đọc được.", code="corrupt_file") from e
        except RuntimeError as e:     # encrypted member
            raise UnreadableFile(f"Tệp {self.what} được bảo vệ bằng mật khẩu.", code="encrypted_file") from e
        return bytes(out)


def is_encrypted_ole(data: bytes) -> bool:
    """An encrypted .docx/.xlsx is an OLE container with an 'EncryptedPackage' stream."""
    return data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" and "EncryptedPackage".encode("utf-16-le") in data
