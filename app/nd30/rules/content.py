"""§2.2 body (ô 6), §3 numbering, §8 capitalisation, §9 content, appendices, stamps, address block."""
from __future__ import annotations

import re
from functools import cache

from ..text import clean, is_upper
from .base import ERROR, INFO, LEGAL, WARNING, Hit, NotEvaluated, rule
from .common import ctext, data, fmt_hits
from .header import code_hits, code_problems
from .page import body_paragraphs

PL1 = "Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần I, Mục II.6"
ROMAN = re.compile(r"^[IVXLC]+$")
_LABEL = re.compile(r"^(Chương|Phần|CHƯƠNG|PHẦN|chương|phần)\s+(\S+)$")
_MUC = re.compile(r"^(Mục|Tiểu mục|MỤC|TIỂU MỤC|mục|tiểu mục)\s+(\S+)$")
_DIEU = re.compile(r"^(Điều|ĐIỀU|điều)\s*(\d+)\s*([.:\-–)]?)\s*(.*)$")


def _roman_value(s: str) -> int:
    vals = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for i, ch in enumerate(s):
        v = vals[ch]
        total += -v if i + 1 < len(s) and vals[s[i + 1]] > v else v
    return total


def _after(lay, p):
    """Next visible body paragraph after p."""
    i = lay.body.index(p)
    return lay.body[i + 1] if i + 1 < len(lay.body) else None


@rule("ND30-BODY-01", "Nội dung văn bản: cỡ chữ, kiểu chữ", severity=ERROR, component="body", fixable=True,
      citation=PL1 + "; Mục V dòng 6 (cỡ 13–14, đứng)")
def body_font(ctx):
    """Body text 13–14 pt, upright."""
    ps = body_paragraphs(ctx.layout)
    if not ps:
        raise NotEvaluated("Không nhận ra phần nội dung văn bản.")
    bad = [p for p in ps if any(not 12.99 <= s <= 14.01 for s in p.sizes)]
    if bad:
        sizes = sorted({s for p in bad for s in p.sizes if not 12.99 <= s <= 14.01})
        yield Hit("Nội dung văn bản cỡ chữ 13–14 pt.", "13–14 pt", ", ".join(f"{s:g} pt" for s in sizes) +
                  f" ({len(bad)} đoạn)", bad[0], fix={"op": "format", "paras": bad, "size": 14})
    ital = [p for p in ps if p.italic]
    if ital:
        yield Hit("Nội dung văn bản trình bày chữ đứng (không in nghiêng).", "đứng", f"nghiêng ({len(ital)} đoạn)",
                  ital[0], fix={"op": "format", "paras": ital, "italic": False})


def _can_cu_hits(ctx):
    cc = ctx.layout.can_cu
    if not cc:
        raise NotEvaluated("Không áp dụng: văn bản không có phần căn cứ ban hành.")
    not_it = [p for p in cc if not p.italic]
    if not_it:
        yield Hit("Các căn cứ ban hành trình bày chữ in nghiêng.", "nghiêng", "đứng", not_it[0],
                  fix={"op": "format", "paras": not_it, "italic": True})
    for i, p in enumerate(cc):
        t = ctext(p)
        end = "." if i == len(cc) - 1 else ";"
        if not t.endswith(end):
            yield Hit("Mỗi căn cứ một dòng, kết thúc bằng dấu “;”, căn cứ cuối cùng kết thúc bằng dấu “.”.",
                      f"… {end}", t[-40:], p, fix={"op": "text", "paras": [p], "text": re.sub(r"[\s;,.:]+$", "", t) + end})


@rule("ND30-BODY-02", "Căn cứ ban hành văn bản", severity=ERROR, component="body", fixable=True,
      citation=PL1 + ".a; Mục V dòng 6 (in nghiêng; “;” cuối mỗi căn cứ, “.” cuối căn cứ cuối cùng)")
def can_cu(ctx):
    """Each basis on its own line, italic, ending ';' and the last ending '.'."""
    yield from _can_cu_hits(ctx)


@rule("ND30-CNT-03", "Trình bày căn cứ: mỗi căn cứ một dòng, dấu câu, in nghiêng", severity=ERROR,
      component="body", fixable=True, citation=PL1 + ".a")
def can_cu_punct(ctx):
    """Same requirement as BODY-02, as stated in the content rules of Phụ lục I II.6.a."""
    yield from _can_cu_hits(ctx)


@rule("ND30-CNT-01", "Căn cứ ghi đầy đủ tên loại, số ký hiệu, cơ quan ban hành, ngày tháng, trích yếu",
      severity=WARNING, component="body", citation=PL1 + ".a")
def can_cu_full(ctx):
    """A basis names type, number-symbol, issuer, date and subject (laws: type, name and date)."""
    cc = [p for p in ctx.layout.can_cu if ctext(p).lower().startswith("căn cứ")]
    if not cc:
        raise NotEvaluated("Không áp dụng: văn bản không có căn cứ ban hành.")
    for p in cc:
        t = ctext(p)
        if re.match(r"^Căn cứ (Hiến pháp|Luật|Bộ luật|Pháp lệnh)\b", t):
            if not re.search(r"ngày \d{1,2} tháng \d{1,2} năm \d{4}", t) and "Hiến pháp" not in t:
                yield Hit("Căn cứ là luật, pháp lệnh ghi tên loại, tên và ngày thông qua/ban hành.",
                          "Luật … ngày … tháng … năm …", t[:60], p)
            continue
        missing = []
        if not re.search(r"số \S+/\S+", t):
            missing.append("số, ký hiệu")
        if not re.search(r"ngày \d{1,2} tháng \d{1,2} năm \d{4}", t):
            missing.append("ngày tháng năm")
        if missing and re.match(r"^Căn cứ (Nghị định|Quyết định|Thông tư|Nghị quyết|Chỉ thị|Kế hoạch|Công văn)", t):
            yield Hit("Căn cứ phải ghi đầy đủ: tên loại, số, ký hiệu, ngày tháng năm ban hành, cơ quan ban hành "
                      "và trích yếu.", "đủ các thành phần", "thiếu " + ", ".join(missing), p)


_CITE = re.compile(r"\b(Nghị định|Quyết định|Thông tư|Nghị quyết|Chỉ thị|Kế hoạch|Công văn|Thông báo|Hướng dẫn)"
                   r"\s+số\s+(\d+/[\w/\-Đđ]+)")


@rule("ND30-CNT-02", "Viện dẫn văn bản lần đầu ghi đầy đủ", severity=WARNING, component="body",
      citation=PL1 + ".b")
def first_citation(ctx):
    """The first mention of a document gives type, number-symbol, date, issuer and subject."""
    seen = set()
    found = False
    for p in ctx.layout.body:
        t = ctext(p)
        for m in _CITE.finditer(t):
            found = True
            code = m[2].rstrip(".,;")
            if code in seen:
                continue
            seen.add(code)
            tail = t[m.end(): m.end() + 80]
            if not re.search(r"ngày \d{1,2} tháng \d{1,2} năm \d{4}|ngày \d{1,2}/\d{1,2}/\d{4}", tail):
                yield Hit("Lần viện dẫn đầu tiên phải ghi đầy đủ tên loại, số ký hiệu, ngày tháng năm ban hành, "
                          "tên cơ quan ban hành và trích yếu.", f"{m[1]} số {code} ngày … của … về …",
                          t[m.start(): m.end() + 30], p)
    if not found:
        raise NotEvaluated("Không áp dụng: nội dung không viện dẫn văn bản nào có số, ký hiệu.")


def _labels(lay, regex):
    return [(p, regex.match(p.stripped)) for p in lay.body if regex.match(p.stripped)]


@rule("ND30-BODY-03", "Phần, chương", severity=ERROR, component="body", fixable=True,
      citation=PL1 + ".d; Mục V dòng 6 (“Phần”, “Chương” + số La Mã, đứng, đậm, căn giữa)")
def chapter_label(ctx):
    """'Phần I' / 'Chương I': word with initial capital + Roman numeral, bold, centred, own line."""
    labels = _labels(ctx.layout, _LABEL)
    if not labels:
        raise NotEvaluated("Không áp dụng: văn bản không chia phần, chương.")
    for p, m in labels:
        word, num = m[1], m[2]
        if not ROMAN.match(num):
            yield Hit("Số thứ tự của phần, chương dùng chữ số La Mã.", f"{word.capitalize()} I, II, III…", p.stripped, p)
        if word not in ("Chương", "Phần"):
            yield Hit("Từ “Phần”, “Chương” viết hoa chữ cái đầu (không viết toàn chữ in hoa).",
                      f"{word.capitalize()} {num}", p.stripped, p,
                      fix={"op": "text", "paras": [p], "text": f"{word.capitalize()} {num}"})
        yield from fmt_hits(p, "ten_loai", "số thứ tự phần, chương", bold=True, italic=False)
        if p.align != "center":
            yield Hit("Số thứ tự phần, chương căn giữa.", "giữa", p.align, p,
                      fix={"op": "align", "paras": [p], "align": "center"})


@rule("ND30-BODY-04", "Tiêu đề phần, chương", severity=ERROR, component="body", fixable=True,
      citation=PL1 + ".d; Mục V dòng 6 (in hoa, đậm, căn giữa)")
def chapter_title(ctx):
    """Title right under 'Phần/Chương N': capitals, bold, centred."""
    labels = _labels(ctx.layout, _LABEL)
    if not labels:
        raise NotEvaluated("Không áp dụng: văn bản không chia phần, chương.")
    for p, _ in labels:
        t = _after(ctx.layout, p)
        if t is None or _DIEU.match(t.stripped) or _MUC.match(t.stripped):
            yield Hit("Phần, chương phải có tiêu đề.", "TIÊU ĐỀ", "không có", p, also=("ND30-CNT-04",))
            continue
        yield from fmt_hits(t, "ten_loai", "tiêu đề phần, chương", bold=True, italic=False, caps=True)


@rule("ND30-BODY-05", "Mục, tiểu mục", severity=ERROR, component="body", fixable=True,
      citation=PL1 + ".d; Mục V dòng 6 (“Mục” + số Ả Rập, đậm, căn giữa)")
def section_label(ctx):
    """'Mục 1' / 'Tiểu mục 1': Arabic numeral, bold, centred."""
    labels = _labels(ctx.layout, _MUC)
    if not labels:
        raise NotEvaluated("Không áp dụng: văn bản không chia mục.")
    for p, m in labels:
        if not m[2].isdigit():
            yield Hit("Số thứ tự của mục, tiểu mục dùng chữ số Ả Rập.", "Mục 1, 2, 3…", p.stripped, p)
        yield from fmt_hits(p, "ten_loai", "số thứ tự mục", bold=True, italic=False)


@rule("ND30-BODY-06", "Tiêu đề mục, tiểu mục", severity=ERROR, component="body",
      citation=PL1 + ".d; Mục V dòng 6 (in hoa, đậm, căn giữa)")
def section_title(ctx):
    """Title right under 'Mục N': capitals, bold, centred."""
    labels = _labels(ctx.layout, _MUC)
    if not labels:
        raise NotEvaluated("Không áp dụng: văn bản không chia mục.")
    for p, _ in labels:
        t = _after(ctx.layout, p)
        if t is None or _DIEU.match(t.stripped):
            yield Hit("Mục phải có tiêu đề.", "TIÊU ĐỀ", "không có", p, also=("ND30-CNT-04",))
            continue
        yield from fmt_hits(t, "ten_loai", "tiêu đề mục", bold=True, italic=False, caps=True)


def _dieu(lay):
    return [(p, _DIEU.match(p.stripped)) for p in lay.body if _DIEU.match(p.stripped)
            and not re.match(r"^(Điều|điều)\s*\d+\s+(của|khoản|này|năm)", p.stripped)]


@rule("ND30-BODY-07", "Điều", severity=ERROR, component="body", fixable=True,
      citation=PL1 + ".d; Mục V dòng 6 (“Điều” + số Ả Rập + dấu chấm + tiêu đề, đậm)")
def article(ctx):
    """'Điều N. Tiêu đề': Arabic number then a dot; the label bold."""
    arts = _dieu(ctx.layout)
    if not arts:
        raise NotEvaluated("Không áp dụng: văn bản không chia điều.")
    for p, m in arts:
        if m[1] != "Điều" or m[3] != ".":
            yield Hit("Điều ghi “Điều” + số thứ tự + dấu chấm, rồi tiêu đề (ví dụ “Điều 1. Phạm vi điều chỉnh”).",
                      f"Điều {m[2]}. …", p.stripped[:40], p,
                      fix={"op": "text", "paras": [p], "text": f"Điều {m[2]}. {m[4]}".rstrip()})
        label_runs = []
        acc = ""
        for r in p.runs:
            if len(acc) >= len(f"Điều {m[2]}"):
                break
            acc += r.text
            if r.text.strip():
                label_runs.append(r)
        if label_runs and not all(r.fmt.bold for r in label_runs):
            yield Hit("Từ “Điều”, số thứ tự và tiêu đề của điều in đậm.", "đậm", "không đậm", p,
                      fix={"op": "format", "paras": [p], "bold": True})


@rule("ND30-CNT-04", "Phần, chương, mục, điều phải có tiêu đề", severity=ERROR, component="body",
      citation=PL1 + ".d")
def titles_present(ctx):
    """Every phần, chương, mục, tiểu mục and điều has a title."""
    arts = _dieu(ctx.layout)
    if not arts and not _labels(ctx.layout, _LABEL) and not _labels(ctx.layout, _MUC):
        raise NotEvaluated("Không áp dụng: văn bản không chia phần, chương, mục, điều.")
    for p, m in arts:
        if not m[4].strip():
            yield Hit("Điều phải có tiêu đề (ví dụ “Điều 2. Hiệu lực thi hành”).", f"Điều {m[2]}. <tiêu đề>",
                      p.stripped, p)


@rule("ND30-CNT-05", "Đánh số liên tục phần, chương, mục, điều, khoản, điểm", severity=ERROR, component="body",
      citation=PL1 + ".đ")
def numbering(ctx):
    """Chương/Phần Roman, mục/điều/khoản Arabic, điểm letters; continuous, no gaps or repeats."""
    lay = ctx.layout
    arts = [int(m[2]) for _, m in _dieu(lay)]
    chaps = [m[2] for _, m in _labels(lay, _LABEL)]
    khoan_seq: list[list[tuple]] = [[]]
    for p in lay.body:
        if _DIEU.match(p.stripped) or _LABEL.match(p.stripped) or _MUC.match(p.stripped) or \
                re.match(r"^[IVXLC]+\.\s", p.stripped):
            khoan_seq.append([])
        m = re.match(r"^(\d+)\.\s", p.stripped)
        if m:
            khoan_seq[-1].append((int(m[1]), p))
    if not arts and not chaps and not any(khoan_seq):
        raise NotEvaluated("Không áp dụng: văn bản không đánh số điều, khoản.")
    if arts and arts != list(range(1, len(arts) + 1)):
        ps = _dieu(lay)
        for (p, m), exp in zip(ps, range(1, len(arts) + 1), strict=True):
            if int(m[2]) != exp:
                yield Hit("Các điều được đánh số liên tục (không bỏ số, không trùng số).", f"Điều {exp}",
                          f"Điều {m[2]}", p)
                break
    romans = [_roman_value(c) for c in chaps if ROMAN.match(c)]
    if romans and romans != list(range(1, len(romans) + 1)):
        yield Hit("Các phần, chương được đánh số liên tục bằng chữ số La Mã.", "I, II, III…", ", ".join(chaps),
                  _labels(lay, _LABEL)[0][0])
    for seq in khoan_seq:
        nums = [n for n, _ in seq]
        if nums and nums != list(range(1, len(nums) + 1)):
            for (n, p), exp in zip(seq, range(1, len(nums) + 1), strict=True):
                if n != exp:
                    # inside articles these are khoản (error); in a letter's running text, list numbering
                    yield Hit("Các khoản được đánh số liên tục bắt đầu từ 1.", f"{exp}.", f"{n}.", p,
                              severity=None if arts else WARNING)
                    break


@rule("ND30-BODY-08", "Khoản", severity=WARNING, component="body",
      citation=PL1 + ".đ; Mục V dòng 6 (khoản: số Ả Rập + dấu chấm)")
def clause(ctx):
    """Clauses numbered '1.', '2.' (Arabic + dot), not '1)' or '1/'."""
    bad = [p for p in ctx.layout.body if re.match(r"^\d{1,2}\s*[)/:]\s", p.stripped)]
    if not bad and not any(re.match(r"^\d+\.\s", p.stripped) for p in ctx.layout.body):
        raise NotEvaluated("Không áp dụng: văn bản không chia khoản.")
    for p in bad:
        n = re.match(r"^(\d+)", p.stripped)[1]
        yield Hit("Số thứ tự khoản ghi bằng chữ số Ả Rập, sau có dấu chấm.", f"{n}.", p.stripped[:10], p)


@rule("ND30-BODY-09", "Điểm", severity=ERROR, component="body",
      citation=PL1 + ".đ; Mục V dòng 6 (điểm: chữ cái tiếng Việt theo thứ tự a, b, c, d, đ… + dấu ngoặc đơn)")
def point(ctx):
    """Points lettered in Vietnamese alphabetical order a) b) c) d) đ) e) g)… (no f, j, w, z)."""
    letters = data()["vn_letters"]
    pts = [(p, re.match(r"^([a-zđ])\s*([).:/])\s", p.stripped)) for p in ctx.layout.body]
    pts = [(p, m) for p, m in pts if m]
    if not pts:
        raise NotEvaluated("Không áp dụng: văn bản không chia điểm.")
    prev = None
    for p, m in pts:
        ch, mark = m[1], m[2]
        if ch not in letters:
            yield Hit(f"Điểm đánh theo thứ tự chữ cái tiếng Việt; không dùng “{ch})”.", "a), b), c), d), đ), e)…",
                      p.stripped[:10], p)
        elif prev is not None and ch != "a" and prev in letters and letters.index(ch) != letters.index(prev) + 1:
            yield Hit("Các điểm đánh liên tục theo thứ tự chữ cái tiếng Việt.",
                      f"{letters[letters.index(prev) + 1]})", f"{ch})", p, also=("ND30-CNT-05",))
        if mark != ")":
            yield Hit("Sau chữ cái thứ tự của điểm là dấu ngoặc đơn.", f"{ch})", p.stripped[:10], p, severity=WARNING)
        prev = ch


@rule("ND30-BODY-10", "Bố cục theo phần, mục (báo cáo, kế hoạch…)", severity=WARNING, component="body",
      citation=PL1 + ".d; Mục V dòng 6b (mục: số La Mã + dấu chấm + tiêu đề in hoa, đậm)")
def report_sections(ctx):
    """Report-style sections 'I. TIÊU ĐỀ': Roman numeral, dot, title in capitals, bold."""
    heads = [p for p in ctx.layout.body if re.match(r"^[IVXLC]+\.\s+\S", p.stripped)]
    if not heads:
        raise NotEvaluated("Không áp dụng: văn bản không chia mục theo số La Mã.")
    for p in heads:
        title = re.sub(r"^[IVXLC]+\.\s+", "", p.stripped)
        if not is_upper(title):
            yield Hit("Tiêu đề mục (số La Mã) viết bằng chữ in hoa.", title.upper()[:40], title[:40], p)
        if not p.bold:
            yield Hit("Tiêu đề mục (số La Mã) in đậm.", "đậm", "không đậm", p,
                      fix={"op": "format", "paras": [p], "bold": True})


@rule("ND30-BODY-11", "Dấu kết thúc nội dung “./.”", severity=INFO, component="body",
      citation="Nghị định 30/2020/NĐ-CP, Phụ lục III (các mẫu văn bản kết thúc nội dung bằng “./.”)")
def end_mark(ctx):
    """Templates end the body with './.' (template convention)."""
    body = ctx.layout.body
    if not body:
        raise NotEvaluated("Không nhận ra phần nội dung văn bản.")
    last = body[-1]
    if not clean(last.text).endswith("./."):
        yield Hit("Theo các mẫu của Nghị định, đoạn cuối phần nội dung kết thúc bằng “./.”.", "…./.",
                  clean(last.text)[-20:], last)


# --- numbering (§3) ------------------------------------------------------------------------

def _num_rule(rid, title, cit, doc, also=(), sev=ERROR, fixable=False):
    @rule(rid, title, severity=sev, component="header", citation=cit, fixable=fixable)
    def check(ctx):
        if ctx.layout.so is None:
            raise NotEvaluated("Không tìm thấy dòng số, ký hiệu (đã báo ở ND30-HDR-05).")
        code_problems(ctx)
        yield from code_hits(ctx, rid, also=also)
    check.__doc__ = doc
    return check


NUM = "Nghị định 30/2020/NĐ-CP, Điều 15; Phụ lục I, Phần I, Mục II.3"
_num_rule("ND30-NUM-04", "Số văn bản: chữ số Ả Rập, số 0 trước số nhỏ hơn 10", NUM + ".a",
          "Numbers in Arabic digits; 01–09 take a leading zero, nothing else does.", also=("ND30-HDR-05",),
          fixable=True)
_num_rule("ND30-NUM-05", "Ký hiệu văn bản có tên loại", NUM + ".b; Phụ lục III (bảng chữ viết tắt)",
          "Typed documents: '<type abbreviation>-<issuer abbreviation>' with the Appendix III abbreviation.")
_num_rule("ND30-NUM-06", "Ký hiệu công văn", NUM + ".b",
          "Công văn: '<issuer abbreviation>-<drafting unit abbreviation>', no type abbreviation.")
_num_rule("ND30-NUM-08", "Trình bày ký hiệu: in hoa, gạch nối, không cách chữ", NUM,
          "Symbol in capitals, '/' then '-' between groups, hyphen-minus, no spaces.", also=("ND30-HDR-05",))


@rule("ND30-NUM-09", "Số, ký hiệu bản sao", severity=ERROR, component="header",
      citation="Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần II, Mục II.1.c")
def copy_number(ctx):
    """Copies: 'Số: <n>/<SY|SL|TrS>-<agency>' from one yearly sequence."""
    ps = ctx.model.paragraphs
    form = next((p for p in ps if ctext(p) in ("SAO Y", "SAO LỤC", "TRÍCH SAO", "SAO Y BẢN CHÍNH")), None)
    if form is None:
        raise NotEvaluated("Không áp dụng: văn bản không có phần sao văn bản (SAO Y, SAO LỤC, TRÍCH SAO).")
    so = next((p for p in ps[form.index:form.index + 12] if re.match(r"^\s*Số\b", p.stripped)), None)
    if so is None:
        yield Hit("Bản sao phải có số, ký hiệu bản sao.", "Số: 05/SY-UBND", "không có", form)
        return
    t = clean(so.text)
    if not re.match(r"^Số: (0[1-9]|[1-9]\d+)/(SY|SL|TrS)-[A-ZĐ][A-Za-zĐđ0-9]*$", t):
        yield Hit("Số, ký hiệu bản sao ghi “Số: <số>/<SY, SL hoặc TrS>-<tên viết tắt cơ quan sao>”.",
                  "Số: 05/SY-UBND", t, so)


@rule("ND30-NUM-10", "Số, ký hiệu văn bản quy phạm pháp luật", severity=ERROR, component="header",
      citation="Luật Ban hành văn bản QPPL 2015, Điều 10; Nghị định 34/2016/NĐ-CP, Điều 58", regimes={LEGAL})
def legal_number(ctx):
    """Legal normative documents: '<n>/<yyyy>/<type>-<issuer>' with a 4-digit year and a zero below 10."""
    p = ctx.layout.so
    if p is None:
        raise NotEvaluated("Không tìm thấy dòng số, ký hiệu.")
    t = ctext(p)
    if not re.match(r"^Số: (0[1-9]|[1-9]\d+)/[12]\d{3}/[A-ZĐ][A-Za-zĐđ]*-[A-ZĐ][A-Za-zĐđ0-9]*$", t):
        yield Hit("Số, ký hiệu văn bản quy phạm pháp luật ghi “Số: <số>/<năm>/<loại>-<cơ quan>” "
                  "(ví dụ Số: 05/2018/QĐ-UBND).", "Số: 05/2025/QĐ-UBND", t, p)


# --- capitalisation (§8) -------------------------------------------------------------------

def _sentences(lay):
    for p in lay.body:
        yield p, ctext(p)


@rule("ND30-CAP-01", "Viết hoa đầu câu", severity=WARNING, component="body",
      citation="Nghị định 30/2020/NĐ-CP, Phụ lục II, Mục I")
def sentence_start(ctx):
    """Capitalise the first letter of a sentence and of a new paragraph."""
    if not ctx.layout.body:
        raise NotEvaluated("Không nhận ra phần nội dung văn bản.")
    for p, t in _sentences(ctx.layout):
        s = re.sub(r"^([-+•*]|\d+[.)]|[a-zđ]\)|[IVXLC]+\.)\s*", "", t)
        if s and s[0].isalpha() and s[0].islower() and not re.match(r"^[a-zđ]\)", t):
            yield Hit("Chữ cái đầu đoạn văn (đầu câu) phải viết hoa.", s[:1].upper() + s[1:20], s[:20], p)
            continue
        # the first sentence after . ? ! that starts lowercase ([à-ỹ] would also take capitals like Đ, Ấ)
        m = next((m for m in re.finditer(r"[.?!]\s+(\w)\w*", t) if m[1].islower()), None)
        if m and not re.search(r"(\bv\.v|\bTp|\bTS|\bThS|\bPGS|\bGS|\bst)\.\s+$", t[:m.start() + 1]):
            a, i = max(0, m.start() - 10), m.start(1)
            yield Hit("Sau dấu chấm câu, chữ cái đầu câu mới phải viết hoa.",
                      t[a:i] + t[i].upper() + t[i + 1: m.end() + 5], t[a: m.end() + 5], p)


@rule("ND30-CAP-05", "Viết hoa tên đơn vị hành chính", severity=WARNING, component="body",
      citation="Nghị định 30/2020/NĐ-CP, Phụ lục II, Mục III.1")
def admin_units(ctx):
    """Generic noun lowercase + capitalised proper name: 'tỉnh Nam Định', not 'Tỉnh Nam Định' mid-sentence."""
    if not ctx.layout.body:
        raise NotEvaluated("Không nhận ra phần nội dung văn bản.")
    nouns = "|".join(data()["admin_unit_nouns"])
    rx = re.compile(rf"(?<=[a-zà-ỹđ,] )({nouns}) ([A-ZĐÀ-Ỹ][a-zà-ỹđ]+)")
    for p, t in _sentences(ctx.layout):
        m = rx.search(t)
        if m:
            yield Hit("Danh từ chung chỉ đơn vị hành chính viết thường (ví dụ “tỉnh Nam Định”).",
                      m[1].lower() + " " + m[2], m[0], p)


@cache
def _spelling_rx():
    table = data()["fixed_spellings"]
    alts = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
    return re.compile(rf"(?<![\wÀ-ỹ])(?<!cán )({alts})(?![\wÀ-ỹ])", re.IGNORECASE)


@rule("ND30-CAP-07", "Các trường hợp viết hoa đặc biệt", severity=WARNING, component="body",
      citation="Nghị định 30/2020/NĐ-CP, Phụ lục II, Mục III.1.c")
def fixed_spellings(ctx):
    """Fixed spellings: 'Thủ đô Hà Nội', 'Thành phố Hồ Chí Minh' (agency names: ND30-CAP-11)."""
    if not ctx.layout.body:
        raise NotEvaluated("Không nhận ra phần nội dung văn bản.")
    table = data()["fixed_spellings"]
    rx = _spelling_rx()
    for p, t in _sentences(ctx.layout):
        for m in rx.finditer(t):
            got = m[0]
            want = table[got.lower()]
            if got != want and not is_upper(got):
                yield Hit(f"Viết đúng “{want}”.", want, got, p)
                break


@rule("ND30-CAP-19", "Viết hoa khi viện dẫn phần, chương, mục, điều", severity=WARNING, component="body",
      citation="Nghị định 30/2020/NĐ-CP, Phụ lục II, Mục V.7")
def citation_case(ctx):
    """'điểm a khoản 2 Điều 103': Điều/Chương/Mục capitalised, khoản/điểm lowercase mid-sentence."""
    if not ctx.layout.body:
        raise NotEvaluated("Không nhận ra phần nội dung văn bản.")
    for p, t in _sentences(ctx.layout):
        m = re.search(r"(?<=[a-zà-ỹđ,] )(Khoản|Điểm) (\d+|[a-zđ])\b", t) or re.search(r"\b(khoản \d+|tại) (điều) \d+", t)
        if m:
            yield Hit("Khi viện dẫn: viết hoa “Điều”, “Chương”, “Mục”, “Phần”; viết thường “khoản”, “điểm”.",
                      "điểm a khoản 2 Điều 5", t[m.start(): m.end() + 5], p)


@rule("ND30-CNT-07", "Chữ viết tắt được giải thích lần đầu", severity=INFO, component="body",
      citation="Thực tiễn soạn thảo (Thông tư 01/2011/TT-BNV); Nghị định 30 không quy định — chưa kiểm chứng")
def abbreviations(ctx):
    """An abbreviation is spelt out at first use, with the abbreviation in parentheses (practice)."""
    lay = ctx.layout
    if not lay.body:
        raise NotEvaluated("Không nhận ra phần nội dung văn bản.")
    known = set(data()["known_abbreviations"])
    defined = set()
    for p in lay.body:
        t = ctext(p)
        if is_upper(t):
            continue
        for m in re.finditer(r"\(([A-ZĐ][A-Za-zĐđ]{1,})\)", t):
            defined.add(m[1])
        plain = re.sub(r"\d+/[\w/\-Đđ]+", " ", t)
        for m in re.finditer(r"\b([A-ZĐ]{2,}[A-Za-zĐđ]*)\b", plain):
            tok = m[1]
            if tok in known or tok in defined or ROMAN.match(tok):
                continue
            if f"({tok})" in plain:
                continue
            yield Hit(f"Chữ viết tắt “{tok}” chưa được viết đầy đủ ở lần dùng đầu tiên (ghi cụm từ đầy đủ, "
                      f"chữ viết tắt trong ngoặc đơn).", f"… ({tok})", tok, p)
            defined.add(tok)


# --- appendices ----------------------------------------------------------------------------

APX = "Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần III, Mục 1"


def _need_apx(ctx):
    if not ctx.layout.appendices:
        raise NotEvaluated("Không áp dụng: văn bản không có phụ lục.")
    return ctx.layout.appendices


@rule("ND30-APX-01", "Chữ “Phụ lục” và số thứ tự", severity=ERROR, component="appendix", fixable=True,
      citation=APX + "; Mục V dòng 9 (cỡ 14, đứng, đậm, căn giữa)")
def apx_label(ctx):
    """'Phụ lục' (+ Roman number when several), 14 pt bold upright, centred, not in capitals."""
    for a in _need_apx(ctx):
        p = a.label
        if not re.match(r"^Phụ lục( [IVXLC]+)?$", p.stripped):
            fixed = "Phụ lục" + (" " + p.stripped.split()[-1] if len(p.stripped.split()) > 2 else "")
            yield Hit("Ghi “Phụ lục” (chữ P hoa, không viết toàn chữ in hoa), số thứ tự bằng chữ số La Mã.",
                      "Phụ lục I", p.stripped, p, fix={"op": "text", "paras": [p], "text": fixed}
                      if is_upper(p.stripped) and not re.search(r"\d", p.stripped) else None)
        yield from fmt_hits(p, "appendix_label", "chữ “Phụ lục”", bold=True, italic=False)


@rule("ND30-APX-02", "Tên phụ lục", severity=ERROR, component="appendix", fixable=True,
      citation=APX + "; Mục V dòng 9 (in hoa, cỡ 13–14, đứng, đậm)")
def apx_title(ctx):
    """Appendix title in capitals, 13–14 pt bold, under the label."""
    for a in _need_apx(ctx):
        if not a.title:
            nxt = next((p for p in a.paragraphs if p.stripped and p is not a.label), None)
            yield Hit("Tên phụ lục viết chữ in hoa, đậm, dưới chữ “Phụ lục”.", "TÊN PHỤ LỤC",
                      nxt.stripped[:40] if nxt else "không có", nxt or a.label)
            continue
        for p in a.title:
            yield from fmt_hits(p, "ten_loai", "tên phụ lục", bold=True, italic=False)


@rule("ND30-APX-03", "Dòng “(Kèm theo …)” của phụ lục", severity=ERROR, component="appendix", fixable=True,
      citation=APX + ".b; Mục V dòng 9 (in nghiêng, cỡ 13–14)")
def apx_link(ctx):
    """'(Kèm theo <văn bản> số … ngày … của …)' in italics under the title."""
    for a in _need_apx(ctx):
        if not a.link:
            yield Hit("Dưới tên phụ lục ghi “(Kèm theo <tên loại> số …/…-… ngày … tháng … năm … của …)”.",
                      "(Kèm theo …)", "không có", a.title[-1] if a.title else a.label)
            continue
        text = " ".join(ctext(p) for p in a.link)
        if not re.match(r"^\(Kèm theo .*\bsố\b.*\bngày\b.*\)$", text):
            yield Hit("Dòng chỉ dẫn phụ lục ghi đủ tên loại, số, ký hiệu, ngày tháng năm của văn bản kèm theo.",
                      "(Kèm theo … số … ngày … của …)", text[:60], a.link[0])
        for p in a.link:
            yield from fmt_hits(p, "dia_danh_ngay", "dòng “Kèm theo”", italic=True)


@rule("ND30-APX-04", "Văn bản dẫn chiếu đến phụ lục", severity=ERROR, component="appendix",
      citation=APX + ".a")
def apx_reference(ctx):
    """The main text mentions each attached appendix; several appendices are numbered I, II…"""
    apx = _need_apx(ctx)
    text = " ".join(ctext(p) for p in ctx.layout.body).lower()
    if "phụ lục" not in text:
        yield Hit("Nội dung văn bản phải có chỉ dẫn về phụ lục kèm theo.", "… tại Phụ lục …", "không có",
                  apx[0].label, also=("ND30-CNT-06",))
    if len(apx) >= 2:
        for a in apx:
            if not re.match(r"^Phụ lục [IVXLC]+$", a.label.stripped):
                yield Hit("Có từ hai phụ lục trở lên thì đánh số bằng chữ số La Mã.", "Phụ lục I, II…",
                          a.label.stripped, a.label, also=("ND30-CNT-06",))


@rule("ND30-CNT-06", "Phụ lục phải được chỉ dẫn và đánh số", severity=ERROR, component="appendix",
      citation=APX + ".a")
def apx_pointer(ctx):
    """Same as APX-04, as stated among the content rules."""
    _need_apx(ctx)
    return iter(())


# --- stamps, address block -----------------------------------------------------------------

def _marks(ctx, kind):
    ms = [(v, p) for k, v, p in ctx.layout.marks if k == kind]
    return ms


def _stamp_rule(kind, rid, title, cit, values, sev):
    @rule(rid, title, severity=sev, component="marks", citation=cit)
    def check(ctx):
        ms = _marks(ctx, kind)
        if not ms:
            raise NotEvaluated(f"Không áp dụng: văn bản không có {title.lower()}.")
        for v, p in ms:
            if clean(p.shown_text) != v:
                yield Hit(f"{title} ghi đúng “{v}” bằng chữ in hoa.", v, ctext(p), p)
            if kind != "secrecy":
                yield from fmt_hits(p, "urgency_stamp", title.lower(), bold=True, italic=False)
                if not (p.boxed or p.in_textbox or (p.cell is not None and p.cell.ncols == 1)):
                    yield Hit(f"{title} trình bày trong khung hình chữ nhật viền đơn.", "có khung", "không có khung",
                              p, severity=WARNING)
    check.__doc__ = f"{title}: one of {', '.join(values)}, capitals, bold, boxed."
    return check


_stamp_rule("secrecy", "ND30-MARK-01", "Dấu chỉ độ mật", "Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần III, Mục 2.a",
            data()["secrecy"], INFO)
_stamp_rule("urgency", "ND30-MARK-02", "Dấu chỉ mức độ khẩn",
            "Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần III, Mục 2.b; Mục V dòng 10", data()["urgency"], ERROR)
_stamp_rule("circulation", "ND30-MARK-03", "Chỉ dẫn phạm vi lưu hành",
            "Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần III, Mục 2.c; Mục V dòng 13", data()["circulation"], ERROR)


@rule("ND30-ADDR-01", "Địa chỉ cơ quan, thư điện tử, điện thoại, số Fax", severity=WARNING, component="address",
      citation="Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần III, Mục 4; Mục V dòng 12 (cỡ 11–12, đứng; "
               "dưới đường kẻ nét liền suốt chiều ngang vùng trình bày, chỉ ở trang đầu)")
def address(ctx):
    """Address/contact block: 11–12 pt upright, page 1 only, under a full-width rule."""
    ps = ctx.layout.address
    if not ps:
        raise NotEvaluated("Không áp dụng: văn bản không ghi địa chỉ, điện thoại, thư điện tử của cơ quan.")
    for p in ps:
        yield from fmt_hits(p, "address_block", "dòng địa chỉ, liên lạc", italic=False)
        if p.part == "footer" and p.part_kind == "default":
            yield Hit("Địa chỉ, liên lạc chỉ trình bày ở trang thứ nhất (chân trang đầu).", "chỉ trang 1",
                      "mọi trang", p)
    first = ps[0]
    prev = ctx.model.paragraphs[first.index - 1] if first.part == "body" and first.index > 0 else None
    has_rule = first.border_top or (prev is not None and (prev.is_separator or prev.border_bottom))
    if not has_rule:
        yield Hit("Phía trên dòng địa chỉ có đường kẻ nét liền suốt chiều ngang vùng trình bày.", "đường kẻ ngang",
                  "không có", first)


