"""§2.2 header components: Quốc hiệu, Tiêu ngữ, cơ quan, Số, địa danh-ngày, tên loại, trích yếu, V/v."""
from __future__ import annotations

import re

from ..codes import check_code
from ..dates import check_place_date, format_day, format_month
from ..text import clean, is_upper
from .base import ERROR, WARNING, Hit, NotEvaluated, rule
from .common import ctext, fmt_hits

PL1 = "Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần I, Mục II"
QH = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")
TN = "Độc lập - Tự do - Hạnh phúc"


def text_area(ctx, p) -> int | None:
    """Width of the text area (twips) of p's section: page width minus left and right margins."""
    s = ctx.model.section_of(p)
    if s.width and s.left is not None and s.right is not None:
        return s.width - s.left - s.right
    return None


def sep_length_mm(p, text_size: float, area: int | None = None) -> float | None:
    """Printed length of a separator paragraph (underscores or a drawn line)."""
    from .metrics import underscore_width_mm
    lines = [d.width_mm for d in p.drawings if d.kind == "line" and d.width_mm]
    if lines:
        return lines[0]
    if p.border_bottom or p.border_top:
        # a paragraph border spans the paragraph's box (cell or text area) minus its indents
        box = p.cell.width - 2 * 108 if p.cell is not None and p.cell.width else None  # cell margins 0.19 cm
        if box is None and p.cell is None:
            box = area
        if box:
            return max(0, box - p.left - p.right) / 56.693
    t = p.stripped
    if t and set(t) == {"_"}:
        size = p.size or text_size
        scale = 0.65 if any(r.fmt.vert_align == "superscript" for r in p.visible_runs) else 1.0
        return underscore_width_mm(len(t), size) * scale
    return None


def text_mm(p) -> float:
    from .metrics import text_width_mm
    return text_width_mm(p.shown_text.strip(), p.size or 13, p.bold, p.italic)


def line_mm(p) -> float:
    """Width of the longest printed line of p: its text width, capped by the box it wraps in."""
    w = text_mm(p)
    box = (p.cell.width - 216) if p.cell is not None and p.cell.width else None
    if box:
        w = min(w, max(0, box - p.left - p.right) / 56.693)
    return w


@rule("ND30-HDR-01", "Quốc hiệu", severity=ERROR, component="header", fixable=True,
      citation=PL1 + ".1; Mục V dòng 1 (in hoa, cỡ 12–13, đứng, đậm)")
def quoc_hieu(ctx):
    """Quốc hiệu reads exactly CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM, caps, 12–13 pt bold upright, top right."""
    p = ctx.layout.quoc_hieu
    if p is None:
        yield Hit("Thiếu Quốc hiệu “CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM”.", QH[0], "không có",
                  {"part": "body", "paragraph": 0})
        return
    shown = clean(p.shown_text)
    if shown not in QH:
        yield Hit("Quốc hiệu phải ghi đúng “CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM”, chữ in hoa.", QH[0], shown, p,
                  fix={"op": "text", "paras": [p], "text": QH[0]})
    yield from fmt_hits(p, "quoc_hieu", "Quốc hiệu", bold=True, italic=False)
    if p.cell is not None and p.cell.ncols >= 2 and p.cell.col == 0:
        yield Hit("Quốc hiệu trình bày ở phía trên, bên phải trang đầu.", "ô bên phải", "ô bên trái", p,
                  severity=WARNING)


@rule("ND30-HDR-02", "Tiêu ngữ", severity=ERROR, component="header", fixable=True,
      citation=PL1 + ".1; Mục V dòng 1 (cỡ 13–14, đứng, đậm, gạch nối có cách chữ, đường kẻ ngang bên dưới)")
def tieu_ngu(ctx):
    """Tiêu ngữ reads 'Độc lập - Tự do - Hạnh phúc' (hyphens with spaces), 13–14 pt bold, with a
    solid rule under it as long as the text."""
    lay = ctx.layout
    p = lay.tieu_ngu
    if p is None:
        yield Hit("Thiếu Tiêu ngữ “Độc lập - Tự do - Hạnh phúc”.", TN, "không có", {"part": "body", "paragraph": 0})
        return
    t = clean(p.shown_text)
    if t != TN:
        dashes = re.findall(r"[\u2010-\u2015\u2212]", t)
        msg = ("Tiêu ngữ dùng gạch nối (-) có cách chữ hai bên, không dùng gạch ngang dài (– —)."
               if dashes else "Tiêu ngữ phải ghi đúng “Độc lập - Tự do - Hạnh phúc” (chữ cái đầu các cụm từ viết hoa, "
               "giữa các cụm từ có gạch nối, có cách chữ).")
        yield Hit(msg, TN, t, p, fix={"op": "text", "paras": [p], "text": TN})
    yield from fmt_hits(p, "tieu_ngu", "Tiêu ngữ", bold=True, italic=False)
    if lay.quoc_hieu is not None and lay.quoc_hieu.index < p.index - 1 and \
            all(not q.stripped for q in ctx.model.paragraphs[lay.quoc_hieu.index + 1:p.index]):
        yield Hit("Tiêu ngữ ở ngay dưới Quốc hiệu, không có dòng trống ở giữa.", "liền dưới Quốc hiệu",
                  "có dòng trống", p, severity=WARNING)
    sep = lay.tieu_ngu_sep
    if sep is None:
        yield Hit("Phía dưới Tiêu ngữ phải có đường kẻ ngang, nét liền, dài bằng độ dài dòng chữ.",
                  "đường kẻ ngang dưới Tiêu ngữ", "không có", p, severity=WARNING)
        return
    length = sep_length_mm(sep, p.size or 13, text_area(ctx, sep))
    if length is not None:
        want = text_mm(p)
        if not 0.8 * want <= length <= 1.2 * want:
            yield Hit("Đường kẻ dưới Tiêu ngữ phải dài bằng độ dài dòng chữ Tiêu ngữ.", f"≈ {want:.0f} mm",
                      f"{length:.0f} mm", sep, severity=WARNING,
                      fix={"op": "separator", "paras": [sep], "ref": [p], "ratio": 1.0})


@rule("ND30-HDR-03", "Tên cơ quan, tổ chức chủ quản trực tiếp", severity=ERROR, component="header",
      fixable=True, citation=PL1 + ".2.a; Mục V dòng 2 (in hoa, cỡ 12–13, đứng, không đậm)")
def chu_quan(ctx):
    """The parent-agency line is capitals, 12–13 pt, upright, NOT bold."""
    lines = ctx.layout.chu_quan
    if not lines:
        raise NotEvaluated("Không áp dụng: văn bản không ghi tên cơ quan chủ quản (thành phần không bắt buộc).")
    for p in lines:
        yield from fmt_hits(p, "co_quan_chu_quan", "tên cơ quan chủ quản", bold=False, italic=False, caps=True)


@rule("ND30-HDR-04", "Tên cơ quan, tổ chức ban hành văn bản", severity=ERROR, component="header",
      fixable=True, citation=PL1 + ".2.b; Mục V dòng 2 (in hoa, cỡ 12–13, đứng, đậm; đường kẻ 1/3–1/2 dòng chữ)")
def ban_hanh(ctx):
    """The issuing-agency name is capitals, 12–13 pt bold upright, with a centred rule 1/3–1/2 of its width."""
    lay = ctx.layout
    if not lay.ban_hanh:
        yield Hit("Thiếu tên cơ quan, tổ chức ban hành văn bản (phía trên, bên trái, trên dòng Số).",
                  "tên cơ quan ban hành", "không có", lay.so or {"part": "body", "paragraph": 0})
        return
    for p in lay.ban_hanh:
        yield from fmt_hits(p, "co_quan_ban_hanh", "tên cơ quan ban hành", bold=True, italic=False, caps=True)
    sep = lay.organ_sep
    if sep is None:
        yield Hit("Dưới tên cơ quan ban hành phải có đường kẻ ngang, nét liền, dài 1/3 đến 1/2 dòng chữ.",
                  "đường kẻ ngang", "không có", lay.ban_hanh[-1], severity=WARNING)
        return
    widest = max(line_mm(p) for p in lay.ban_hanh)
    length = sep_length_mm(sep, lay.ban_hanh[-1].size or 12, text_area(ctx, sep))
    if length is not None and widest > 0 and not 0.30 <= length / widest <= 0.55:
        yield Hit("Đường kẻ dưới tên cơ quan ban hành dài từ 1/3 đến 1/2 độ dài dòng chữ.",
                  f"{widest / 3:.0f}–{widest / 2:.0f} mm", f"{length:.0f} mm", sep, severity=WARNING,
                  fix={"op": "separator", "paras": [sep], "ref": lay.ban_hanh, "ratio": 0.42})


def _doc_type(lay):
    if lay.doc_type is not None:
        return lay.doc_type
    return "cong_van" if lay.is_cong_van or lay.vv else None


def code_problems(ctx):
    """check_code on the Số line, cached (shared by HDR-05 and NUM-*)."""
    if "code" not in ctx.cache:
        p = ctx.layout.so
        ctx.cache["code"] = [] if p is None else check_code(clean(p.shown_text), _doc_type(ctx.layout), line=True)
    return ctx.cache["code"]


def code_hits(ctx, rule_id, also=()):
    p = ctx.layout.so
    for pr in code_problems(ctx):
        if pr.rule == rule_id:
            fix = None
            if pr.fix and pr.code in ("missing_leading_zero", "extra_leading_zero"):
                fix = {"op": "number_zero", "paras": [p]}
            yield Hit(pr.message, pr.fix or None, ctext(p), p, severity=pr.severity, fix=fix, also=also)


@rule("ND30-HDR-05", "Số, ký hiệu của văn bản", severity=ERROR, component="header", fixable=True,
      citation=PL1 + ".3; Mục V dòng 3 (chữ “Số” thường, dấu hai chấm; cỡ 13, đứng)")
def so(ctx):
    """The 'Số: 05/UBND-VP' line: 'Số:' then the code, 13 pt exactly, upright, not bold."""
    p = ctx.layout.so
    if p is None:
        yield Hit("Thiếu số, ký hiệu văn bản (dòng “Số: …”).", "Số: 05/UBND-VP", "không có",
                  {"part": "body", "paragraph": 0})
        return
    yield from code_hits(ctx, "ND30-HDR-05")
    yield from fmt_hits(p, "so_ky_hieu", "số, ký hiệu", bold=False, italic=False)


@rule("ND30-HDR-06", "Địa danh và thời gian ban hành", severity=ERROR, component="header", fixable=True,
      citation=PL1 + ".4; Mục V dòng 4 (cỡ 13–14, nghiêng)")
def dia_danh(ctx):
    """Place and date: 13–14 pt italic, on the same row as the Số line, under the Tiêu ngữ."""
    lay = ctx.layout
    p = lay.date
    if p is None:
        from .common import data
        if lay.doc_type is not None and lay.doc_type.slug in data()["no_place_date_types"]:
            raise NotEvaluated(f"Không áp dụng: mẫu {lay.doc_type.short_name.lower()} (Phụ lục III, Mẫu "
                               f"{lay.doc_type.template}) không ghi địa danh, ngày tháng ở phần đầu.")
        yield Hit("Thiếu địa danh và thời gian ban hành văn bản.", "Hà Nội, ngày 05 tháng 01 năm 2025",
                  "không có", {"part": "body", "paragraph": 0}, also=("ND30-DATE-01",))
        return
    yield from fmt_hits(p, "dia_danh_ngay", "dòng địa danh, ngày tháng", italic=True, bold=False,
                        also=("ND30-DATE-04",), soft=("bold",))
    if p.cell is not None and lay.so is not None and lay.so.cell is not None and p.cell.col == lay.so.cell.col \
            and p.cell.ncols >= 2:
        yield Hit("Địa danh, ngày tháng trình bày bên phải, ngang hàng với số, ký hiệu.", "ô bên phải",
                  "cùng cột với số, ký hiệu", p, severity=WARNING, also=("ND30-DATE-04",))


@rule("ND30-TTL-01", "Tên loại văn bản", severity=ERROR, component="title", fixable=True,
      citation=PL1 + ".5.a; Mục V dòng 5 (in hoa, cỡ 13–14, đứng, đậm, căn giữa)")
def ten_loai(ctx):
    """The document-type name (QUYẾT ĐỊNH, BÁO CÁO…) in capitals, bold, 13–14 pt, centred."""
    lay = ctx.layout
    p = lay.ten_loai
    if p is None:
        if lay.vv or lay.is_cong_van:
            raise NotEvaluated("Không áp dụng: công văn không ghi tên loại (có trích yếu “V/v” thay thế).")
        yield Hit("Không tìm thấy tên loại văn bản (ví dụ QUYẾT ĐỊNH, BÁO CÁO) hoặc dòng trích yếu “V/v” của công văn.",
                  "tên loại văn bản", "không có", {"part": "body", "paragraph": max(0, lay.header_end + 1)})
        return
    yield from fmt_hits(p, "ten_loai", "tên loại văn bản", bold=True, italic=False, caps=True)
    if p.align != "center":
        yield Hit("Tên loại văn bản căn giữa.", "giữa", p.align, p, fix={"op": "align", "paras": [p], "align": "center"})


@rule("ND30-TTL-02", "Trích yếu nội dung", severity=ERROR, component="title", fixable=True,
      citation=PL1 + ".5.a; Mục V dòng 5 (cỡ 13–14, đứng, đậm, căn giữa; đường kẻ 1/3–1/2 dòng chữ)")
def trich_yeu(ctx):
    """Trích yếu under the type name: 13–14 pt bold upright centred, with a rule 1/3–1/2 of its width."""
    lay = ctx.layout
    if lay.ten_loai is None:
        raise NotEvaluated("Không áp dụng: văn bản không có tên loại (công văn dùng trích yếu “V/v”, xem ND30-TTL-03).")
    if not lay.trich_yeu:
        from .common import data
        optional = lay.doc_type.slug in data()["subject_optional_types"]
        yield Hit("Thiếu trích yếu nội dung dưới tên loại văn bản.", "trích yếu", "không có", lay.ten_loai,
                  severity="info" if optional else WARNING)
        return
    for p in lay.trich_yeu:
        yield from fmt_hits(p, "trich_yeu", "trích yếu", bold=True, italic=False)
        if p.align != "center":
            yield Hit("Trích yếu căn giữa, dưới tên loại.", "giữa", p.align, p,
                      fix={"op": "align", "paras": [p], "align": "center"})
    sep = lay.trich_yeu_sep
    if sep is None:
        yield Hit("Dưới trích yếu phải có đường kẻ ngang, nét liền, dài 1/3 đến 1/2 dòng chữ.", "đường kẻ ngang",
                  "không có", lay.trich_yeu[-1], severity=WARNING)
        return
    widest = max(line_mm(p) for p in lay.trich_yeu)
    length = sep_length_mm(sep, lay.trich_yeu[-1].size or 14, text_area(ctx, sep))
    if length is not None and widest and not 0.30 <= length / widest <= 0.55:
        yield Hit("Đường kẻ dưới trích yếu dài từ 1/3 đến 1/2 độ dài dòng chữ.",
                  f"{widest / 3:.0f}–{widest / 2:.0f} mm", f"{length:.0f} mm", sep, severity=WARNING,
                  fix={"op": "separator", "paras": [sep], "ref": lay.trich_yeu, "ratio": 0.42})


@rule("ND30-TTL-03", "Trích yếu công văn (V/v)", severity=ERROR, component="title", fixable=True,
      citation=PL1 + ".5.b; Mục V dòng 5 (“V/v”, cỡ 12–13, đứng, không đậm, cách dòng số 6 pt)")
def vv(ctx):
    """Công văn: 'V/v …' under the Số line, 12–13 pt, upright, not bold, 6 pt below the Số line."""
    lay = ctx.layout
    if lay.ten_loai is not None:
        raise NotEvaluated("Không áp dụng: văn bản có tên loại (trích yếu kiểm tra ở ND30-TTL-02).")
    if not lay.vv:
        yield Hit("Công văn phải có trích yếu bắt đầu bằng “V/v” dưới dòng số, ký hiệu.",
                  "V/v <trích yếu>", "không có", lay.so or {"part": "body", "paragraph": 0})
        return
    p = lay.vv[0]
    t = p.stripped
    if not t.startswith("V/v "):
        head = re.match(r"^(v/v|v\.v|về việc)\s*[:.\-–]?\s*", t, re.IGNORECASE)
        fixed = "V/v " + t[head.end():] if head else "V/v " + t
        yield Hit("Trích yếu công văn bắt đầu bằng “V/v ” (chữ V hoa, v thường, dấu gạch chéo).", "V/v …", t[:30], p,
                  fix={"op": "text", "paras": [p], "text": fixed})
    for q in lay.vv:
        yield from fmt_hits(q, "trich_yeu_cong_van", "trích yếu công văn", bold=False, italic=False)
    if lay.so is not None:
        gap = p.before + (lay.so.after if lay.so.index == p.index - 1 else 0)
        if not 100 <= gap <= 140:
            yield Hit("Trích yếu công văn cách dòng số, ký hiệu 6 pt.", "6 pt", f"{gap / 20:g} pt", p,
                      severity=WARNING, fix={"op": "spacing", "paras": [p], "before": 120})


# --- dates (§4) ----------------------------------------------------------------------------

def padded_date(line: str) -> str:
    """The place-date line with the decree's zeros: 'ngày 5 tháng 2' → 'ngày 05 tháng 02'."""
    line = re.sub(r"ngày\s*(\d+)", lambda m: "ngày " + format_day(int(m[1])), line)
    return re.sub(r"tháng\s*(\d+)", lambda m: "tháng " + format_month(int(m[1])), line)


def _generic_place(place: str) -> bool:
    """A full administrative-unit name (generic noun + proper name), written as the decree does."""
    from .common import data
    for g in data()["place_generic_prefixes"]:
        if place.startswith(g + " "):
            rest = place[len(g) + 1:].split()
            return bool(rest) and all(w[:1].isupper() or w[:1].isdigit() for w in rest)
    return False


def date_problems(ctx):
    if "date" not in ctx.cache:
        p = ctx.layout.date
        ctx.cache["date"] = [] if p is None else check_place_date(clean(p.shown_text))
    return ctx.cache["date"]


def _date_rule(rid: str, title: str, cit: str, doc: str, also=(), sev=ERROR, fixable=False):
    @rule(rid, title, severity=sev, component="header", citation=cit, fixable=fixable)
    def check(ctx):
        p = ctx.layout.date
        if p is None:
            if rid == "ND30-DATE-01":
                raise NotEvaluated("Không tìm thấy dòng địa danh, ngày tháng (đã báo ở ND30-HDR-06).")
            raise NotEvaluated("Không tìm thấy dòng địa danh, ngày tháng.")
        for pr in date_problems(ctx):
            if pr.code == "place_case" and _generic_place(ctext(p).split(",")[0]):
                continue        # "Thành phố Hồ Chí Minh", "Quận 1": the decree's own examples
            if pr.rule == rid:
                zero = pr.code in ("day_missing_zero", "month_missing_zero", "day_extra_zero", "month_extra_zero")
                fix = {"op": "date_zero", "paras": [p]} if zero else None
                expected = padded_date(ctext(p)) if zero else pr.fix
                yield Hit(pr.message, expected, ctext(p), p, severity=pr.severity, fix=fix, also=also)
    check.__doc__ = doc
    return check


_date_rule("ND30-DATE-01", "Ngày tháng ghi đầy đủ bằng chữ số Ả Rập",
           "Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần I, Mục II.4.b",
           "Date written in full: 'ngày … tháng … năm …' with Arabic digits and a real calendar date.")
_date_rule("ND30-DATE-02", "Số 0 trước ngày 1–9 và tháng 1, 2",
           "Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần I, Mục II.4.b",
           "Days 1–9 and months 1–2 take a leading zero; months 3–12 do not.", also=("ND30-HDR-06",), fixable=True)
_date_rule("ND30-DATE-03", "Dấu phẩy sau địa danh, viết hoa địa danh",
           "Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần I, Mục II.4; Phụ lục II",
           "A comma right after the place name; every syllable of the place name capitalised.")
_date_rule("ND30-DATE-06", "Thời gian ban hành là ngày ký", "Nghị định 30/2020/NĐ-CP, Điều 15 khoản 2",
           "The date is the signing date; a draft may leave the day blank for the clerk (info).", sev="info")


@rule("ND30-DATE-04", "Trình bày dòng địa danh, ngày tháng", severity=ERROR, component="header",
      citation="Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần I, Mục II.4; Mục V dòng 4", fixable=True)
def date_layout(ctx):
    """13–14 pt italic, right block, same row as ô 3 (reported together with ND30-HDR-06)."""
    if ctx.layout.date is None:
        raise NotEvaluated("Không tìm thấy dòng địa danh, ngày tháng.")
    return iter(())


@rule("ND30-DATE-05", "Địa danh ghi đầy đủ tên đơn vị hành chính", severity=WARNING, component="header",
      citation="Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần I, Mục II.4.a")
def place_name(ctx):
    """The place is the official administrative-unit name, written in full (no 'TP.', 'Q.', 'Tp')."""
    from .common import data
    p = ctx.layout.date
    if p is None:
        raise NotEvaluated("Không tìm thấy dòng địa danh, ngày tháng.")
    place = ctext(p).split(",")[0]
    for ab in data()["place_abbreviations"]:
        if place.startswith(ab) or f" {ab}" in place:
            yield Hit("Địa danh ghi đầy đủ tên gọi chính thức, không viết tắt (ví dụ “Thành phố Hồ Chí Minh”).",
                      "tên đầy đủ", place, p)
            return
    if is_upper(place) and len(place) > 3:
        yield Hit("Địa danh viết hoa chữ cái đầu mỗi âm tiết, không viết toàn chữ in hoa.", place.title(), place, p)
