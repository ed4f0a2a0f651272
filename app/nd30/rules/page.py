"""§1 Page setup: paper, orientation, margins, font, page numbers, body paragraphs."""
from __future__ import annotations

import re

from .. import layout
from .base import ALL_REGIMES, ERROR, INFO, WARNING, Hit, NotEvaluated, rule
from .common import CM, TOL, data, mm, pt, size_range

A4 = (11906, 16838)
PL1 = "Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần I, Mục I"


def _sections(ctx):
    """Sections that hold content (the main document and its appendices)."""
    return ctx.model.sections


@rule("ND30-PAGE-01", "Khổ giấy A4", severity=ERROR, component="page", fixable=True,
      citation=PL1 + ".1 (khổ A4: 210 mm x 297 mm)", regimes=ALL_REGIMES)
def paper(ctx):
    """Paper is A4 (210 × 297 mm), portrait or landscape (Phụ lục I, I.1)."""
    for s in _sections(ctx):
        if s.width is None or s.height is None:
            yield Hit("Không khai báo khổ giấy (Word sẽ dùng khổ mặc định); cần khổ A4.", "210 × 297 mm",
                      "không khai báo", {"part": "section", "section": s.index},
                      fix={"op": "page_size", "section": s.index})
            continue
        w, h = sorted((s.width, s.height))
        if abs(w - A4[0]) > TOL or abs(h - A4[1]) > TOL:
            yield Hit("Khổ giấy phải là A4 (210 mm × 297 mm).", "210 × 297 mm", f"{mm(w)} × {mm(h)}",
                      {"part": "section", "section": s.index}, fix={"op": "page_size", "section": s.index})


@rule("ND30-PAGE-02", "Hướng trình bày theo chiều dài khổ A4", severity=WARNING, component="page",
      fixable=True, citation=PL1 + ".2")
def orientation(ctx):
    """Portrait; landscape only for sections holding tables that were not split into appendices."""
    lay = ctx.layout
    layout_tables = {p.cell.table for p in [lay.quoc_hieu, lay.tieu_ngu, lay.so, lay.date, lay.noi_nhan,
                                            *lay.ban_hanh, *lay.signature] if p is not None and p.cell is not None}
    data_tables = {p.cell.table for p in ctx.model.paragraphs if p.cell is not None
                   and p.cell.table not in layout_tables and p.cell.table >= 0}
    for s in _sections(ctx):
        sec_tables = {p.cell.table for p in ctx.model.paragraphs if p.cell is not None and p.section == s.index}
        if s.width and s.height and s.width > s.height and not (sec_tables & data_tables):
            yield Hit("Văn bản trình bày theo chiều dài của khổ A4; chỉ được xoay ngang khi có bảng biểu.",
                      "dọc (portrait)", "ngang (landscape)", {"part": "section", "section": s.index},
                      fix={"op": "page_size", "section": s.index, "portrait": True})


def _margin(side: str, vn: str, rid: str):
    lo, hi = layout.margin_range_twips(side)

    @rule(rid, f"Lề {vn}", severity=ERROR, component="page", fixable=True,
          citation=PL1 + f".3 (lề {vn}: {lo / 56.69:.0f}–{hi / 56.69:.0f} mm)")
    def check(ctx):
        for s in _sections(ctx):
            v = getattr(s, side)
            if v is None or not lo - TOL <= v <= hi + TOL:
                yield Hit(f"Lề {vn} phải cách mép {lo / 56.69:.0f}–{hi / 56.69:.0f} mm.",
                          f"{lo / 56.69:.0f}–{hi / 56.69:.0f} mm", mm(v), {"part": "section", "section": s.index},
                          fix={"op": "margin", "section": s.index, "side": side})
    check.__doc__ = f"{vn.capitalize()} margin within the decree's range (Phụ lục I, I.3)."
    return check


_margin("top", "trên", "ND30-PAGE-03")
_margin("bottom", "dưới", "ND30-PAGE-04")
_margin("left", "trái", "ND30-PAGE-05")
_margin("right", "phải", "ND30-PAGE-06")


def _all_paragraphs(ctx):
    yield from ctx.model.paragraphs
    seen = set()
    for s in ctx.model.sections:
        for hf in list(s.headers.values()) + list(s.footers.values()):
            if hf.name not in seen:
                seen.add(hf.name)
                yield from hf.paragraphs


@rule("ND30-PAGE-07", "Phông chữ Times New Roman, Unicode TCVN 6909:2001, màu đen", severity=ERROR,
      component="page", fixable=True, citation=PL1 + ".4 (phông chữ tiếng Việt Times New Roman, bộ mã Unicode "
      "TCVN 6909:2001, màu đen)")
def font(ctx):
    """Every visible run uses Times New Roman (Unicode), in black; legacy TCVN3/VNI fonts are errors."""
    legacy = [re.compile(x, re.IGNORECASE) for x in data()["legacy_font_patterns"]]
    marks = set(data()["tcvn3_marks"])
    wrong: dict[str, list] = {}
    colours: dict[str, list] = {}
    mojibake = None
    for p in _all_paragraphs(ctx):
        for r in p.visible_runs:
            for f in {r.fmt.font, r.fmt.font_hansi}:
                if f and not f.startswith("Times New Roman"):
                    wrong.setdefault(f, []).append(p)
            if r.fmt.font is None and r.fmt.font_hansi is None:
                wrong.setdefault("(không khai báo)", []).append(p)
            c = (r.fmt.color or "auto").lower()
            if c not in ("auto", "000000"):
                colours.setdefault(c, []).append(p)
        if mojibake is None and sum(ch in marks for ch in p.text) >= 3:
            mojibake = p
    for f, ps in wrong.items():
        is_legacy = any(x.search(f) for x in legacy)
        msg = (f"Phông “{f}” là phông tiếng Việt cũ (TCVN3/VNI), không theo bộ mã Unicode TCVN 6909:2001; "
               "dùng Times New Roman." if is_legacy else f"Phông chữ phải là Times New Roman, không dùng “{f}”.")
        yield Hit(msg, "Times New Roman", f"{f} ({len(ps)} đoạn)", ps[0],
                  fix={"op": "font", "paras": list(dict.fromkeys(ps))} if not mojibake else None)
    for c, ps in colours.items():
        yield Hit("Chữ trong văn bản phải màu đen.", "000000 (đen)", c, ps[0],
                  fix={"op": "color", "paras": list(dict.fromkeys(ps))})
    if mojibake is not None:
        yield Hit("Văn bản có ký tự của bảng mã cũ TCVN3/VNI (hiển thị sai khi không có phông .Vn); "
                  "cần chuyển mã sang Unicode.", "Unicode (TCVN 6909:2001)", "mã TCVN3/VNI", mojibake)


@rule("ND30-PAGE-08", "Cỡ chữ trong khoảng của Nghị định", severity=WARNING, component="page",
      citation=PL1 + ".5 và Mục V (bảng mẫu chữ)")
def sizes(ctx):
    """Each component's size is the one of the decree's table (summary over all components; the
    component rules HDR-*, TTL-*, RCP-*, SIG-*, BODY-* give the details)."""
    lay = ctx.layout
    comps = [("quoc_hieu", "Quốc hiệu", [lay.quoc_hieu]), ("tieu_ngu", "Tiêu ngữ", [lay.tieu_ngu]),
             ("co_quan_chu_quan", "cơ quan chủ quản", lay.chu_quan),
             ("co_quan_ban_hanh", "cơ quan ban hành", lay.ban_hanh), ("so_ky_hieu", "số, ký hiệu", [lay.so]),
             ("dia_danh_ngay", "địa danh, ngày tháng", [lay.date]), ("ten_loai", "tên loại", [lay.ten_loai]),
             ("trich_yeu", "trích yếu", lay.trich_yeu), ("trich_yeu_cong_van", "trích yếu V/v", lay.vv),
             ("kinh_gui", "Kính gửi", lay.kinh_gui), ("can_cu", "căn cứ", lay.can_cu),
             ("noi_dung", "nội dung", body_paragraphs(lay)), ("signer_authority", "chức vụ người ký", lay.authority),
             ("signer_name", "họ tên người ký", [lay.signer]), ("noi_nhan_label", "chữ Nơi nhận", [lay.noi_nhan]),
             ("noi_nhan_item", "các dòng nơi nhận", lay.noi_nhan_items)]
    wrong = []
    for comp, label, ps in comps:
        lo, hi = size_range(comp)
        for p in ps:
            if p is None or not p.stripped:
                continue
            bad = sorted(x for x in p.sizes if not lo - 0.01 <= x <= hi + 0.01)
            if bad:
                exp = f"{lo:g}" if lo == hi else f"{lo:g}–{hi:g}"
                wrong.append((p, f"{label}: {', '.join(f'{b:g}' for b in bad)} pt (cần {exp} pt)"))
                break
    if wrong:
        yield Hit("Cỡ chữ của các thành phần phải theo bảng mẫu chữ của Nghị định: " +
                  "; ".join(w for _, w in wrong) + ".", "theo Phụ lục I, Mục V",
                  "; ".join(w for _, w in wrong), wrong[0][0])
    other = [p for p in lay.body if p.size is not None and not 11 <= p.size <= 14]
    if other and not wrong:
        yield Hit("Cỡ chữ nằm ngoài khoảng 11–14 pt mà Nghị định quy định cho các thành phần văn bản.",
                  "11–14 pt", ", ".join(sorted({pt(p.size) for p in other})), other[0])


def _pages_estimate(ctx) -> int:
    chars = sum(len(p.stripped) for p in ctx.model.paragraphs)
    return max(1 + ctx.model.page_breaks, 1 + chars // 2600)


@rule("ND30-PAGE-09", "Số trang", severity=ERROR, component="page_number", fixable=True,
      citation=PL1 + ".7 (số trang: chữ số Ả Rập, cỡ 13–14, kiểu đứng, giữa lề trên, không hiển thị trang 1)")
def page_numbers(ctx):
    """Page numbers: Arabic, 13–14 pt upright, centred in the header, hidden on page 1."""
    lay = ctx.layout
    pns = lay.page_numbers
    if not pns:
        pages = _pages_estimate(ctx)
        yield Hit("Văn bản không có số trang; văn bản từ 2 trang trở lên phải đánh số trang ở giữa lề trên.",
                  "số trang ở giữa phần đầu trang (header)", "không có",
                  {"part": "header", "section": 0},
                  severity=ERROR if pages > 1 else WARNING, fix={"op": "page_number"})
        return
    lo, hi = map(float, layout.layout()["page"]["page_number"]["size_pt"]["allowed"])
    for pn in pns:
        p, where = pn.paragraph, pn.part
        if where.role == "footer":
            yield Hit("Số trang phải đặt ở giữa lề trên (phần đầu trang), không đặt ở chân trang.",
                      "đầu trang (header)", "chân trang (footer)", p, fix={"op": "page_number"})
        if p.align != "center":
            yield Hit("Số trang phải căn giữa.", "giữa", p.align, p, fix={"op": "page_number"})
        runs = [r for r in p.runs if r.fmt.size is not None]
        sz = {r.fmt.size for r in runs} or {None}
        if any(s is None or not lo <= s <= hi for s in sz):
            yield Hit("Số trang cỡ chữ 13–14 pt.", "13–14 pt", ", ".join(pt(s) for s in sz), p,
                      fix={"op": "page_number"})
        if any(r.fmt.bold or r.fmt.italic for r in p.runs if r.text.strip() or r.fmt.size):
            yield Hit("Số trang trình bày kiểu chữ đứng, không đậm.", "đứng, không đậm", "đậm hoặc nghiêng", p,
                      fix={"op": "page_number"})
    if ctx.model.even_and_odd:
        for s in ctx.model.sections:
            d, e = s.headers.get("default"), s.headers.get("even")
            if d is not None and d.has_page_field and (e is None or not e.has_page_field):
                yield Hit("Văn bản dùng đầu trang riêng cho trang chẵn nhưng trang chẵn không có số trang.",
                          "số trang ở mọi trang (trừ trang 1)", "trang chẵn không có số",
                          {"part": "header", "section": s.index}, fix={"op": "page_number"})
                break
    s0 = ctx.model.sections[0]
    first = s0.headers.get("first") if s0.title_page else s0.headers.get("default")
    first_f = s0.footers.get("first") if s0.title_page else s0.footers.get("default")
    if (first and first.has_page_field) or (first_f and first_f.has_page_field):
        yield Hit("Không hiển thị số trang ở trang thứ nhất.", "trang 1 không có số",
                  "trang 1 có số trang", {"part": "header", "section": 0}, fix={"op": "page_number"})
    for s in ctx.model.sections:
        if s.page_fmt not in (None, "decimal"):
            yield Hit("Số trang đánh bằng chữ số Ả Rập.", "1, 2, 3…", s.page_fmt,
                      {"part": "section", "section": s.index}, fix={"op": "page_number"})
    if s0.page_start not in (None, 1):
        yield Hit("Số trang bắt đầu từ 1.", "1", str(s0.page_start), {"part": "section", "section": 0},
                  fix={"op": "page_number"})


def _is_label(p) -> bool:
    return bool(re.match(r"^(Chương|Phần|Mục|Tiểu mục|CHƯƠNG|PHẦN|MỤC)\s+\S+$", p.stripped))


def body_paragraphs(lay):
    """Running-text paragraphs of ô 6 (labels/titles of chapters and sections excluded)."""
    out = []
    skip_next = False
    for p in lay.body:
        if skip_next:
            skip_next = False
            if p.align == "center":
                continue
        if _is_label(p):
            skip_next = True
            continue
        if re.match(r"^[A-ZĐÀ-Ỹ ]+:$", p.stripped):
            continue
        out.append(p)
    return out


@rule("ND30-PAGE-10", "Căn lề, thụt đầu dòng, khoảng cách đoạn và dòng của phần nội dung", severity=ERROR,
      component="body", fixable=True,
      citation="Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần I, Mục II.6.e")
def body_geometry(ctx):
    """Body text justified, first line indented 1 or 1.27 cm, ≥ 6 pt between paragraphs,
    line spacing from single to 1.5 lines."""
    ps = body_paragraphs(ctx.layout)
    if not ps:
        raise NotEvaluated("Không nhận ra phần nội dung văn bản.")
    bad_align = [p for p in ps if p.align not in ("both", "distribute")]
    if bad_align:
        yield Hit("Nội dung văn bản phải căn đều hai lề (justify).", "căn đều hai lề",
                  f"{bad_align[0].align} ({len(bad_align)} đoạn)", bad_align[0],
                  fix={"op": "body", "paras": bad_align, "align": True}, also=("ND30-BODY-01",))
    dt = ctx.model.default_tab

    def indent(p):
        return p.effective_first_line(dt)
    bad_ind = [p for p in ps if not (abs(indent(p) - CM) <= 10 or abs(indent(p) - 720) <= 10)]
    if bad_ind:
        v = indent(bad_ind[0])
        yield Hit("Đầu dòng phải lùi vào 1 cm hoặc 1,27 cm.", "1 cm hoặc 1,27 cm",
                  f"{v / CM:.2f} cm ({len(bad_ind)} đoạn)", bad_ind[0],
                  fix={"op": "body", "paras": bad_ind, "indent": True}, also=("ND30-BODY-01",))
    tight = []
    prev = None
    for p in ps:
        if prev is not None and p.index == prev.index + 1 and p.before + prev.after < 118:
            tight.append(p)
        prev = p
    if tight:
        p = tight[0]
        yield Hit("Khoảng cách giữa các đoạn văn tối thiểu 6 pt.", "≥ 6 pt",
                  f"{(p.before + ctx.model.paragraphs[p.index - 1].after) / 20:g} pt ({len(tight)} đoạn)", p,
                  fix={"op": "body", "paras": tight, "spacing": True})
    bad_line = []
    for p in ps:
        if p.line is None:
            continue
        if p.line_rule in (None, "auto"):
            if not 236 <= p.line <= 364:
                bad_line.append(p)
        else:
            single = (p.size or 14) * 20 * 1.15
            if not single * 0.85 <= p.line <= single * 1.5 * 1.05:
                bad_line.append(p)
    if bad_line:
        p = bad_line[0]
        act = f"{p.line / 240:.2f} dòng" if p.line_rule in (None, "auto") else f"{p.line / 20:g} pt ({p.line_rule})"
        yield Hit("Khoảng cách giữa các dòng tối thiểu là dòng đơn, tối đa 1,5 dòng.", "1–1,5 dòng", act, p,
                  fix={"op": "body", "paras": bad_line, "line": True})


@rule("ND30-PAGE-11", "Phụ lục đánh số trang riêng", severity=ERROR, component="appendix", fixable=True,
      citation="Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần III, Mục 1.đ")
def appendix_numbering(ctx):
    """Each appendix (own section) restarts page numbering at 1."""
    apx = ctx.layout.appendices
    if not apx:
        raise NotEvaluated("Không áp dụng: văn bản không có phụ lục trình bày thành phần riêng.")
    for a in apx:
        s = ctx.model.sections[a.section]
        if s.page_start != 1:
            yield Hit("Phụ lục được đánh số trang riêng, bắt đầu từ 1.", "bắt đầu từ 1",
                      "đánh số tiếp theo văn bản" if s.page_start is None else str(s.page_start),
                      a.label, fix={"op": "appendix_restart", "section": a.section})


@rule("ND30-PAGE-12", "Màu hình ảnh chữ ký số và con dấu", severity=INFO, component="signature",
      citation="Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần II, Mục 7.d và 8.a")
def image_colours(ctx):
    """Signature image blue, seal image red (e-documents); text colour is checked by PAGE-07."""
    if not ctx.layout.signature_images:
        raise NotEvaluated("Văn bản không có hình ảnh chữ ký số hoặc con dấu; màu chữ được kiểm tra ở ND30-PAGE-07.")
    raise NotEvaluated("Có hình ảnh ở khối chữ ký nhưng bộ kiểm tra chưa phân tích màu ảnh; cần kiểm tra bằng mắt.")
