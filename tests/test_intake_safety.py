"""Hostile and damaged input for every format: a Vietnamese error with a stable code or a
Document, never another exception and never a hang."""
from __future__ import annotations

import io
import random
import time

import docx
import pytest

from app.errors import UnreadableFile, VanthuError
from app.intake import read
from app.intake.edxml import build_edxml

from .fixtures.intake.pdfgen import dispatch_pdf


def _docx() -> bytes:
    d = docx.Document()
    d.add_paragraph("Số: 12/UBND-VP")
    d.add_table(rows=2, cols=3).cell(0, 0).text = "TT"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


SAMPLES = {
    "txt": "Số: 12/UBND-VP\n| a | b |\n|---|---|\n**Kính gửi:** Sở Nội vụ\n|\nx\n|\n".encode(),
    "docx": _docx(),
    "pdf": dispatch_pdf(),
    "edxml": build_edxml({"subject": "Thử", "code": {"number": "1", "notation": "UBND"}},
                         [("a.txt", "Nội dung.".encode(), "text/plain")]),
}


def _mutations(data: bytes, rnd: random.Random, n: int):
    yield data[: len(data) // 2]
    yield data[:7]
    yield data[: max(1, len(data) - 10)]
    for _ in range(n):
        b = bytearray(data)
        for _ in range(rnd.randint(1, 12)):
            i = rnd.randrange(len(b))
            b[i] = rnd.randrange(256)
        yield bytes(b)


@pytest.mark.parametrize("fmt", sorted(SAMPLES))
def test_damaged_files_never_crash(fmt):
    rnd = random.Random(fmt)
    for data in _mutations(SAMPLES[fmt], rnd, 10 if fmt == "pdf" else 25):
        t = time.perf_counter()
        try:
            doc = read(data, f"x.{fmt}")
        except VanthuError as e:
            assert e.code and e.message and e.status in (413, 422, 503), e
            # messages are Vietnamese sentences
            assert any(c in e.message for c in "ệảạớịộđ"), e.message
        else:
            assert isinstance(doc.text, str)
            for b in doc.blocks:
                assert 0 <= b.start <= b.end <= len(doc.text)
        assert time.perf_counter() - t < 20


def test_random_bytes_are_refused():
    rnd = random.Random(7)
    for _ in range(20):
        data = bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 3000)))
        try:
            read(data, "x.bin")
        except VanthuError as e:
            assert e.code in {"unsupported_format", "corrupt_file", "bad_encoding", "empty_file"}


def test_empty_files_of_every_kind():
    for name in ("a.pdf", "a.docx", "a.png", "a.txt", "a.edxml"):
        with pytest.raises(UnreadableFile) as e:
            read(b"", name)
        assert e.value.code == "empty_file"


def test_missing_path():
    with pytest.raises(UnreadableFile) as e:
        read("/nonexistent/van-ban.pdf")
    assert e.value.code == "file_not_found" and "van-ban.pdf" in e.value.message


def test_error_body_is_the_api_shape():
    with pytest.raises(UnreadableFile) as e:
        read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "cu.doc")
    body = e.value.to_dict()
    assert body["error"]["code"] == "unsupported_format" and body["error"]["details"]["format"] == "ole"


@pytest.mark.parametrize("src", ["|\n" * 20000, "|\nx\n" * 20000, "| a | b |\n" * 20000, "**" * 50000,
                                 "<sup>1</sup>\n\nabc\n\n" * 10000, "- " * 100000])
def test_pathological_text_is_linear(src):
    t = time.perf_counter()
    try:
        read(src.encode(), "x.txt")
    except VanthuError:
        pass
    assert time.perf_counter() - t < 10


def test_text_longer_than_the_limit_is_refused(monkeypatch):
    monkeypatch.setenv("VANTHU_MAX_TEXT_CHARS", "1000")
    with pytest.raises(UnreadableFile) as e:
        read(("Sở Nội vụ chủ trì. " * 200).encode(), "dai.txt")
    assert e.value.code == "too_large" and "quá dài" in e.value.message
