"""§2.2 / §5 / §6 closing components: Kính gửi, Nơi nhận + Lưu line, signature block, drafter mark."""
from __future__ import annotations

import re

from ..recipients import archive_line, check_kinh_gui, check_noi_nhan
from ..signing import check_authority_line, check_signer_name
from ..text import clean, fold, is_upper
from .base import ERROR, INFO, WARNING, Hit, NotEvaluated, rule
from .common import ctext, data, fmt_hits

PL1 = "Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần I, Mục II"
ART13 = "Nghị định 30/2020/NĐ-CP, Điều 13; Phụ lục I, Phần I, Mục II.7"


# --- Kính gửi ------------------------------------------------------------------------------

def _kg_problems(ctx):
    if "kg" not in ctx.cache:
        lines = [ctext(p) for p in ctx.layout.kinh_gui]
        ctx.cache["kg"] = check_kinh_gui(lines) if lines else []
    return ctx.cache["kg"]


@rule("ND30-RCP-01", "Kính gửi", severity=ERROR, component="recipients", fixable=True,
      citation=PL1 + ".9.a; Mục V dòng 8 (cỡ 13–14, đứng)")
def kinh_gui(ctx):
    """'Kính gửi:' with a colon, 13–14 pt upright, before the body (công văn, tờ trình, báo cáo)."""
    lay = ctx.layout
    if not lay.kinh_gui:
        raise NotEvaluated("Không có dòng “Kính gửi” (với công văn: đã báo ở ND30-CNT-10).")
    for pr in _kg_problems(ctx):
        if pr.rule == "ND30-RCP-01":
            yield Hit(pr.message, "Kính gửi:", clean(lay.kinh_gui[0].text), lay.kinh_gui[0], severity=pr.severity)
    for p in lay.kinh_gui:
        yield from fmt_hits(p, "kinh_gui", "dòng Kính gửi", bold=False, italic=False, soft=("bold",))


@rule("ND30-RCP-16", "Danh sách Kính gửi", severity=ERROR, component="recipients", fixable=True,
      citation=PL1 + ".9.a (một nơi nhận ghi cùng dòng; nhiều nơi nhận: mỗi nơi một dòng, “-”, “;”, dấu “.” cuối)")
def kinh_gui_list(ctx):
    """One recipient on the Kính gửi line; several → one per line, '- ', ';' and '.' after the last."""
    lay = ctx.layout
    if not lay.kinh_gui:
        raise NotEvaluated("Không có dòng “Kính gửi”.")
    lines = lay.kinh_gui
    for pr in _kg_problems(ctx):
        if pr.rule == "ND30-RCP-16":
            target = next((p for p in lines if pr.message.find(ctext(p)) >= 0), lines[-1])
            fix = {"op": "text", "paras": [target], "text": pr.fix} if pr.fix and target is not lines[0] else None
            yield Hit(pr.message, pr.fix, clean(target.text), target, severity=pr.severity, fix=fix)


# --- Nơi nhận -----------------------------------------------------------------------------

def _nn_problems(ctx):
    if "nn" not in ctx.cache:
        lay = ctx.layout
        items = [ctext(p) for p in lay.noi_nhan_items]
        ctx.cache["nn"] = check_noi_nhan(items, has_kinh_gui=bool(lay.kinh_gui)) if lay.noi_nhan else []
    return ctx.cache["nn"]


def _item_for(lay, message: str):
    for p in lay.noi_nhan_items:
        if ctext(p) and ctext(p) in message:
            return p
    return lay.noi_nhan_items[-1] if lay.noi_nhan_items else lay.noi_nhan


@rule("ND30-RCP-02", "Chữ “Nơi nhận”", severity=ERROR, component="recipients", fixable=True,
      citation=PL1 + ".9.b; Mục V dòng 8 (cỡ 12, nghiêng, đậm)")
def noi_nhan_label(ctx):
    """'Nơi nhận:' on its own line, 12 pt, bold italic."""
    p = ctx.layout.noi_nhan
    if p is None:
        yield Hit("Thiếu phần “Nơi nhận:” ở cuối văn bản.", "Nơi nhận:", "không có",
                  {"part": "body", "paragraph": ctx.layout.body_end}, also=("ND30-CNT-10",))
        return
    if ctext(p) != "Nơi nhận:":
        yield Hit("Ghi “Nơi nhận:” (chữ N hoa, có dấu hai chấm) trên một dòng riêng.", "Nơi nhận:", ctext(p), p,
                  fix={"op": "text", "paras": [p], "text": "Nơi nhận:"}, also=("ND30-RCP-12",))
    yield from fmt_hits(p, "noi_nhan_label", "chữ “Nơi nhận”", bold=True, italic=True, also=("ND30-RCP-12",))


@rule("ND30-RCP-12", "Vị trí chữ “Nơi nhận”", severity=WARNING, component="recipients", fixable=True,
      citation=PL1 + ".9.b (sát lề trái, ngang hàng với dòng chức vụ người ký)")
def noi_nhan_position(ctx):
    """'Nơi nhận:' flush left, level with the signer's authority line."""
    lay = ctx.layout
    p = lay.noi_nhan
    if p is None:
        raise NotEvaluated("Không có phần Nơi nhận (đã báo ở ND30-RCP-02).")
    if p.align in ("center", "right") or p.left > 300 or p.first_line > 300:
        yield Hit("Chữ “Nơi nhận:” trình bày sát lề trái.", "sát lề trái", p.align, p,
                  fix={"op": "align", "paras": [p], "align": "left"})
    if lay.authority and p.cell is not None and lay.authority[0].cell is not None and \
            p.cell.row != lay.authority[0].cell.row:
        yield Hit("Chữ “Nơi nhận:” ngang hàng với dòng chức vụ của người ký.", "cùng hàng", "khác hàng", p)


@rule("ND30-RCP-03", "Tên cơ quan, tổ chức, cá nhân nhận văn bản", severity=ERROR, component="recipients",
      fixable=True, citation=PL1 + ".9.b; Mục V dòng 8 (cỡ 11, đứng)")
def noi_nhan_items(ctx):
    """Nơi nhận items: 11 pt, upright, not bold."""
    lay = ctx.layout
    if lay.noi_nhan is None:
        raise NotEvaluated("Không có phần Nơi nhận (đã báo ở ND30-RCP-02).")
    bad_size = [p for p in lay.noi_nhan_items if any(abs(s - 11) > 0.01 for s in p.sizes)]
    if bad_size:
        yield Hit("Các dòng nơi nhận cỡ chữ 11 pt.", "11 pt", ", ".join(f"{s:g} pt" for s in sorted(bad_size[0].sizes)),
                  bad_size[0], fix={"op": "format", "paras": bad_size, "size": 11}, also=("ND30-RCP-13",))
    italic = [p for p in lay.noi_nhan_items if p.any_italic]
    if italic:
        yield Hit("Các dòng nơi nhận trình bày chữ đứng (không in nghiêng).", "đứng", "nghiêng", italic[0],
                  fix={"op": "format", "paras": italic, "italic": False}, also=("ND30-RCP-13",))
    bold = [p for p in lay.noi_nhan_items if p.any_bold]
    if bold:
        yield Hit("Các dòng nơi nhận trình bày chữ thường, không in đậm.", "không đậm", "đậm", bold[0],
                  severity=WARNING, fix={"op": "format", "paras": bold, "bold": False}, also=("ND30-RCP-13",))
    if not lay.noi_nhan_items:
        yield Hit("Phần Nơi nhận không có nơi nhận nào.", "- Như trên; … - Lưu: VT, …", "trống", lay.noi_nhan,
                  also=("ND30-CNT-10",))


def _nn_rule(rid, title, cit, doc, sev=ERROR, extra=None):
    @rule(rid, title, severity=sev, component="recipients", citation=cit, fixable=rid != "ND30-RCP-10")
    def check(ctx):
        lay = ctx.layout
        if lay.noi_nhan is None:
            raise NotEvaluated("Không có phần Nơi nhận (đã báo ở ND30-RCP-02).")
        if rid == "ND30-RCP-10" and not (lay.is_cong_van or lay.kinh_gui):
            raise NotEvaluated("Không áp dụng: văn bản không có phần “Kính gửi”.")
        for pr in _nn_problems(ctx):
            if pr.rule == rid:
                p = _item_for(lay, pr.message)
                luu_text = clean(lay.luu.text if lay.luu else "")
                if pr.code == "luu_format" and any(luu_text == f"- Lưu: VT, {u}." for u in data()["luu_special_units"]):
                    continue    # Mẫu 1.9 (biên bản) prints "- Lưu: VT, Hồ sơ."
                severity = pr.severity
                if pr.code == "luu_format" and re.match(r"^- Lưu: VT, \S.*\.$", luu_text):
                    # the decree's explicit parts (Lưu, colon, VT, comma, unit, final dot) are there; only
                    # the way the unit / copy count / drafter mark is written differs from the templates
                    severity = WARNING
                fix = None
                if pr.fix and pr.code in ("item_semicolon", "item_dash", "luu_format"):
                    fix = {"op": "text", "paras": [p], "text": pr.fix}
                if pr.code == "luu_format":
                    m = re.match(r"^-?\s*Lưu\s*:?\s*(.*?)[.;,]?$", ctext(p))
                    units = [u.strip() for u in (m[1] if m else "").split(",") if u.strip()]
                    units = [u for u in units if fold(u) not in ("vt", "văn thư", "van thu")]
                    fixed = archive_line(units) if units else None
                    fix = {"op": "text", "paras": [p], "text": fixed} if fixed and fixed != ctext(p) else None
                also = ("ND30-RCP-03",) if rid in ("ND30-RCP-13", "ND30-RCP-14") else ()
                if pr.code == "missing_luu":
                    also += ("ND30-CNT-10",)
                yield Hit(pr.message, pr.fix, ctext(p) if p else None, p, severity=severity, fix=fix,
                          also=also)
        if extra is not None:
            yield from extra(ctx)
    check.__doc__ = doc
    return check


_nn_rule("ND30-RCP-10", "Nơi nhận của công văn: “- Như trên;” đầu tiên", PL1 + ".9.b (phần thứ nhất “Kính gửi”, "
         "phần thứ hai “Nơi nhận” gồm “- Như trên;” và các nơi nhận khác)",
         "Documents with 'Kính gửi' start the Nơi nhận list with '- Như trên;'.", sev=WARNING)
_nn_rule("ND30-RCP-13", "Dòng nơi nhận: gạch đầu dòng và dấu chấm phẩy", PL1 + ".9.b (mỗi nơi nhận một dòng, "
         "đầu dòng có gạch đầu dòng sát lề trái, cuối dòng có dấu chấm phẩy)",
         "Each item on its own line, '- ' flush left, ';' at the end (the Lưu line ends with '.').")
def _luu_unit(ctx):
    """'- Lưu: VT.' alone lacks the drafting unit's abbreviation after VT."""
    luu = ctx.layout.luu
    if luu is not None and re.match(r"^-\s*Lưu:\s*VT\s*\.?$", clean(luu.text)):
        yield Hit("Dòng lưu ghi thêm chữ viết tắt tên đơn vị soạn thảo sau “VT” (ví dụ “- Lưu: VT, VP.”).",
                  "- Lưu: VT, <đơn vị>.", clean(luu.text), luu, severity=WARNING, also=("ND30-RCP-03",))


_nn_rule("ND30-RCP-14", "Dòng “- Lưu: VT, …”", PL1 + ".9.b (dòng cuối “- Lưu:” sau đó là “VT”, dấu phẩy, chữ "
         "viết tắt đơn vị soạn thảo, số bản lưu nếu cần, cuối cùng là dấu chấm)",
         "The last item is '- Lưu: VT, <unit>[ (n)].'.", extra=_luu_unit)


@rule("ND30-RCP-11", "Văn bản có tên loại chỉ có phần Nơi nhận", severity=WARNING, component="recipients",
      citation=PL1 + ".9.b (các văn bản khác: chỉ có phần “Nơi nhận”)")
def kinh_gui_on_typed(ctx):
    """Typed documents other than tờ trình / báo cáo carry no 'Kính gửi' part."""
    lay = ctx.layout
    if lay.doc_type is None:
        raise NotEvaluated("Không áp dụng: công văn (có phần “Kính gửi”).")
    if lay.kinh_gui and getattr(lay.doc_type, "kinh_gui", "none") == "none":
        yield Hit(f"{lay.doc_type.short_name} không có phần “Kính gửi”; ghi nơi nhận ở phần “Nơi nhận”.",
                  "chỉ có Nơi nhận", "có Kính gửi", lay.kinh_gui[0])


@rule("ND30-CNT-10", "Nơi nhận không để trống; công văn có “Kính gửi”", severity=ERROR, component="recipients",
      citation=PL1 + ".9")
def recipients_present(ctx):
    """The recipient list is never empty and a công văn names its addressees after 'Kính gửi:'."""
    lay = ctx.layout
    if lay.is_cong_van or (lay.doc_type is None and lay.vv):
        if not lay.kinh_gui:
            yield Hit("Công văn phải có phần “Kính gửi:” ghi nơi nhận trước phần nội dung.", "Kính gửi: …",
                      "không có", lay.body[0] if lay.body else {"part": "body", "paragraph": lay.body_start})
    for pr in _nn_problems(ctx):
        if pr.rule == "ND30-CNT-10":
            yield Hit(pr.message, None, None, lay.noi_nhan)


@rule("ND30-DRAFT-01", "Ký hiệu người soạn thảo và số lượng bản phát hành", severity=WARNING,
      component="recipients", citation="Nghị định 30/2020/NĐ-CP, Phụ lục I, Phần III, Mục 3; Mục V dòng 11")
def drafter(ctx):
    """Drafter initials in capitals + copies in brackets (e.g. 'PL.(300)'), 11 pt, after the Lưu line."""
    lay = ctx.layout
    if lay.luu is None:
        raise NotEvaluated("Không có dòng “- Lưu: …”.")
    t = clean(lay.luu.text)
    m = re.match(r"^-?\s*Lưu\s*:?\s*VT[^.]*\.\s*(.+)$", t)
    if not m:
        raise NotEvaluated("Không áp dụng: dòng Lưu không ghi ký hiệu người soạn thảo (thành phần không bắt buộc).")
    tail = m[1].strip()
    if not re.fullmatch(r"[A-ZĐ]+\.\(\d+\)\.?", tail):
        yield Hit("Ký hiệu người soạn thảo viết in hoa, sau đó là số bản phát hành trong ngoặc đơn (ví dụ PL.(300)).",
                  "PL.(300)", tail, lay.luu)


# --- signature block (§5) --------------------------------------------------------------------

_FORM_RULE = {"TM.": "ND30-SIG-10", "KT.": "ND30-SIG-11", "Q.": "ND30-SIG-12", "TL.": "ND30-SIG-13",
              "TUQ.": "ND30-SIG-14"}


def _auth_problems(ctx):
    if "auth" not in ctx.cache:
        out = []
        for p in ctx.layout.authority:
            for pr in check_authority_line(ctext(p)):
                out.append((p, pr))
        ctx.cache["auth"] = out
    return ctx.cache["auth"]


def _form_of(problem_fix: str | None) -> str | None:
    if not problem_fix:
        return None
    head = problem_fix.split(" ", 1)[0]
    return head if head in _FORM_RULE else None


@rule("ND30-SIG-01", "Quyền hạn, chức vụ của người ký", severity=ERROR, component="signature", fixable=True,
      citation=ART13 + ".a; Mục V dòng 7 (in hoa, cỡ 13–14, đứng, đậm)")
def authority(ctx):
    """Authority (TM., KT., TL., TUQ., Q. + title) in capitals, 13–14 pt bold upright, with the dot."""
    lay = ctx.layout
    if not lay.authority:
        yield Hit("Không tìm thấy khối chữ ký (quyền hạn, chức vụ và họ tên người ký).",
                  "khối chữ ký", "không có", {"part": "body", "paragraph": lay.body_end})
        return
    for p, pr in _auth_problems(ctx):
        form = _form_of(pr.fix)
        also = (_FORM_RULE[form],) if form and pr.code == "wrong_authority_form" else ()
        yield Hit(pr.message, pr.fix, ctext(p), p, severity=pr.severity,
                  fix={"op": "text", "paras": [p], "text": pr.fix} if pr.fix else None, also=also)
    yield from fmt_hits(lay.authority[0], "signer_authority", "dòng quyền hạn, chức vụ người ký", bold=True,
                        italic=False)


@rule("ND30-SIG-02", "Chức vụ của người ký (dòng dưới)", severity=ERROR, component="signature", fixable=True,
      citation=ART13 + ".b; Mục V dòng 7")
def title_lines(ctx):
    """Lines under the authority (deputy's title) in capitals, 13–14 pt bold upright."""
    lay = ctx.layout
    if len(lay.authority) < 2:
        raise NotEvaluated("Khối chữ ký chỉ có một dòng chức vụ.")
    for p in lay.authority[1:]:
        yield from fmt_hits(p, "signer_authority", "chức vụ người ký", bold=True, italic=False, caps=True)


@rule("ND30-SIG-03", "Chữ ký của người có thẩm quyền", severity=INFO, component="signature",
      citation="Nghị định 30/2020/NĐ-CP, Điều 13 khoản 6; Phụ lục I, Phần I, Mục II.7.d")
def signature_image(ctx):
    """Handwritten (blue ink) on paper or a signature image between title and name on e-documents."""
    lay = ctx.layout
    if lay.signature_images:
        return
    raise NotEvaluated("Bản .docx chưa có chữ ký (ký tay trên bản giấy hoặc ký số sau khi ban hành).")


@rule("ND30-SIG-04", "Họ và tên người ký", severity=ERROR, component="signature", fixable=True,
      citation=ART13 + ".c; Mục V dòng 7 (cỡ 13–14, đứng, đậm; không ghi học hàm, học vị)")
def signer(ctx):
    """Full name, title case, 13–14 pt bold upright, without academic titles (TS., PGS., ThS. …)."""
    lay = ctx.layout
    p = lay.signer
    if p is None:
        yield Hit("Thiếu họ và tên người ký.", "Họ và tên", "không có",
                  lay.authority[-1] if lay.authority else {"part": "body", "paragraph": lay.body_end})
        return
    # academic titles, also spelt out or without the dot: "TS Nguyễn Văn A", "Tiến sĩ …", "PGS.TS. …"
    prefixes = "|".join(re.escape(x) for x in sorted(data()["academic_prefixes"], key=len, reverse=True))
    m = re.match(rf"^((?:(?:{prefixes})\.?\s*)+)(?=[A-ZĐÀ-Ỹ])", ctext(p))
    if m and m[1].strip():
        rest = ctext(p)[m.end():].strip()
        yield Hit(f"Không ghi học hàm, học vị, danh hiệu “{m[1].strip()}” trước họ tên người ký.", rest,
                  ctext(p), p, severity=WARNING, fix={"op": "text", "paras": [p], "text": rest},
                  also=("ND30-CNT-08",))
    for pr in check_signer_name(ctext(p)):
        if pr.code == "academic_title" and m:
            continue
        also = ("ND30-CNT-08",) if pr.code == "academic_title" else ()
        yield Hit(pr.message, pr.fix, ctext(p), p, severity=pr.severity,
                  fix={"op": "text", "paras": [p], "text": pr.fix} if pr.fix else None, also=also)
    yield from fmt_hits(p, "signer_name", "họ tên người ký", bold=True, italic=False)


@rule("ND30-CNT-08", "Không ghi học hàm, học vị trước họ tên người ký", severity=WARNING, component="signature",
      citation=ART13 + ".c")
def academic(ctx):
    """No academic titles or degrees before the signer's name (reported with ND30-SIG-04)."""
    if ctx.layout.signer is None:
        raise NotEvaluated("Không tìm thấy họ tên người ký.")
    return iter(())


def _form_rule(form: str, rid: str, meaning: str):
    @rule(rid, f"Ký {meaning} ({form})", severity=ERROR, component="signature", fixable=True,
          citation=f"Nghị định 30/2020/NĐ-CP, Điều 13; Phụ lục I, Phần I, Mục II.7.a ({form})")
    def check(ctx):
        lay = ctx.layout
        lines = lay.authority
        head = [ctext(p).split(" ", 1)[0].upper() for p in lines]
        wrong = [pr for _, pr in _auth_problems(ctx) if _form_of(pr.fix) == form]
        bare = form.rstrip(".")
        for p in lines:
            t = ctext(p)
            if re.match(rf"^{bare}\s+[A-ZĐÀ-Ỹ]", t) and form == "Q.":
                wrong.append(t)
                yield Hit(f"Sau chữ viết tắt “{bare}” phải có dấu chấm và một dấu cách: “{form} …”.",
                          f"{form} {t[len(bare):].strip()}", t, p,
                          fix={"op": "text", "paras": [p], "text": f"{form} {t[len(bare):].strip()}"})
        present = any(h == form for h in head)
        if not present and not wrong:
            raise NotEvaluated(f"Không áp dụng: văn bản không ký theo hình thức {form}")
        # wrong spelling of the form is reported under SIG-01 with this id attached
        idx = head.index(form) if present else None
        if idx is None:
            return
        p = lines[idx]
        rest = ctext(p)[len(form):].strip()
        if form in ("KT.", "TL.", "TUQ.") and idx == len(lines) - 1:
            yield Hit(f"Ký {meaning}: dưới dòng “{form} …” phải ghi chức vụ của người ký.",
                      f"{form} {rest} / <CHỨC VỤ NGƯỜI KÝ>", ctext(p), p)
        if form == "TM." and rest in data()["individual_titles"]:
            yield Hit("“TM.” dùng khi thay mặt tập thể: ghi tên tập thể hoặc cơ quan (ví dụ “TM. ỦY BAN NHÂN DÂN”), "
                      "không ghi chức vụ cá nhân.", "TM. <TÊN TẬP THỂ>", ctext(p), p, severity=WARNING)
        if not is_upper(rest):
            yield Hit(f"Sau “{form}” ghi chức vụ/tên tập thể bằng chữ in hoa.", f"{form} {rest.upper()}",
                      ctext(p), p)
    check.__doc__ = f"The {form} form ({meaning}): dot + one space, capitals, followed by the right lines."
    return check


_form_rule("TM.", "ND30-SIG-10", "thay mặt tập thể")
_form_rule("KT.", "ND30-SIG-11", "thay người đứng đầu")
_form_rule("Q.", "ND30-SIG-12", "quyền người đứng đầu")
_form_rule("TL.", "ND30-SIG-13", "thừa lệnh")
_form_rule("TUQ.", "ND30-SIG-14", "thừa ủy quyền")


@rule("ND30-SEAL-01", "Dấu, chữ ký số của cơ quan", severity=INFO, component="signature",
      citation="Nghị định 30/2020/NĐ-CP, Điều 33; Phụ lục I, Phần I, Mục II.8")
def seal(ctx):
    """Seal over the left third of the signature (paper) or the agency's signature image (e-docs)."""
    raise NotEvaluated("Dấu và chữ ký số của cơ quan được đóng/ký sau khi ký văn bản; không kiểm tra được trên bản .docx.")


