"""What a template sees: the layout of each type and the names its tags may use.

Shared by scripts/build_templates.py (which writes the tags), the normaliser (which fills
them) and the template linter (which refuses names outside this vocabulary).
"""
from __future__ import annotations

from markupsafe import Markup

from app.nd30 import layout

from . import measure

FONT = layout.layout()["page"]["font"]
TEXT_WIDTH = layout.text_width_twips()          # 9355 twips with 30/15 mm margins
HEADER_LEFT = 4111                               # ~72.5 mm: organ names, Số, V/v
HEADER_RIGHT = TEXT_WIDTH - HEADER_LEFT          # ~92.5 mm: Quốc hiệu needs 88.3 mm at 12 pt bold
CLOSING_LEFT = 4253                              # Nơi nhận
CLOSING_RIGHT = TEXT_WIDTH - CLOSING_LEFT        # signature block
KINH_GUI_INDENT = 1985                           # 3.5 cm, as in Mẫu 1.5
RULE_RATIO = 0.42                                # organ / trích yếu rules: 1/3..1/2 of the text line

# Per type: Appendix III sample, whether a title (tên loại) is printed, the Kính gửi rule,
# the body layout and the closing layout.
TYPES: dict[str, dict] = {
    "cong_van": {"label": "1.5", "title": False, "cong_van": True, "kinh_gui": "required"},
    "quyet_dinh": {"label": "1.2", "kinh_gui": "none", "body": "decision"},
    "to_trinh": {"label": "1.4", "kinh_gui": "optional"},
    "bao_cao": {"label": "1.4", "kinh_gui": "optional"},
    "ke_hoach": {"label": "1.4", "kinh_gui": "none"},
    "thong_bao": {"label": "1.4", "kinh_gui": "none"},
    "giay_moi": {"label": "1.7", "kinh_gui": "none"},
    "giay_gioi_thieu": {"label": "1.8", "kinh_gui": "none"},
    "bien_ban": {"label": "1.9", "kinh_gui": "none", "closing": "minutes", "date_line": False},
    "cong_dien": {"label": "1.6", "kinh_gui": "none", "body": "dispatch"},
}

# Top-level names → allowed attributes (None: any / not a mapping). The linter refuses others.
VOCABULARY: dict[str, set[str] | None] = {
    "organ": {"name", "in_charge", "name_original", "in_charge_original", "abbreviation"},
    "code": {"number", "notation", "text", "line", "year"},
    "promulgation": {"place", "date", "line"},
    "document_type": None,
    "title": None,
    "subject": None,
    "subject_line": None,
    "kinh_gui": {"single", "first", "others", "lines"},
    "content": None,
    "signer": {"lines", "full_name", "competence", "on_behalf_of", "position"},
    "secretary": {"full_name"},
    "to_places": None,
    "rules": {"organ", "subject", "priority"},
    "priority": None,
    "secrecy": None,
    "issuing_authority": None,
    "bases": None,
    "decides": None,
    "articles": None,
    "sender_line": None,
    "recipients": None,
    "input": None,
}
JINJA_BUILTINS = {"loop", "range", "true", "false", "none", "True", "False", "None", "namespace", "dict",
                  "lipsum", "cycler", "joiner"}


def rule_paragraph_xml(box_twips: float, line_twips: float) -> Markup:
    """An empty paragraph whose bottom border is a centred line of `line_twips`."""
    ind = measure.rule_indents(box_twips, line_twips)
    return Markup(
        '<w:p><w:pPr><w:keepNext/><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'
        '<w:spacing w:before="0" w:after="0" w:line="100" w:lineRule="exact"/>'
        f'<w:ind w:left="{ind}" w:right="{ind}"/><w:jc w:val="center"/>'
        f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
        '<w:sz w:val="4"/><w:szCs w:val="4"/></w:rPr></w:pPr></w:p>'
    )


def organ_rule(organ_caps: str) -> Markup:
    """Rule under the organ name: RULE_RATIO of its longest wrapped line, centred in the cell."""
    size = layout.size_pt("co_quan_ban_hanh")
    longest = measure.longest_line_twips(organ_caps, size, HEADER_LEFT, bold=True)
    return rule_paragraph_xml(HEADER_LEFT, longest * RULE_RATIO)


def subject_rule(text: str) -> Markup:
    """Rule under the trích yếu (or under the title when there is no trích yếu)."""
    size = layout.size_pt("trich_yeu")
    longest = measure.longest_line_twips(text, size, TEXT_WIDTH, bold=True)
    return rule_paragraph_xml(TEXT_WIDTH, longest * RULE_RATIO)


URGENCY_BOX_MM = {"HỎA TỐC": 30, "THƯỢNG KHẨN": 40, "KHẨN": 20}


def priority_box(text: str) -> Markup:
    """ND30-MARK-02: the urgency word, bold capitals, in a single-line box of the stamp's width."""
    width = layout.mm_to_twips(URGENCY_BOX_MM.get(text, 30))
    ind = measure.rule_indents(HEADER_LEFT, width)
    size = layout.size_pt("urgency_stamp")
    border = '<w:{0} w:val="single" w:sz="8" w:space="1" w:color="000000"/>'
    t = text.replace("&", "&amp;").replace("<", "&lt;")
    return Markup(
        '<w:p><w:pPr><w:pBdr>' + "".join(border.format(s) for s in ("top", "left", "bottom", "right")) + '</w:pBdr>'
        '<w:spacing w:before="120" w:after="0" w:line="240" w:lineRule="auto"/>'
        f'<w:ind w:left="{ind}" w:right="{ind}"/><w:jc w:val="center"/></w:pPr>'
        f'<w:r><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/><w:b/><w:bCs/>'
        f'<w:sz w:val="{size * 2}"/><w:szCs w:val="{size * 2}"/></w:rPr><w:t>{t}</w:t></w:r></w:p>'
    )


def kinh_gui_item_indent() -> int:
    """Recipient lines start under the colon of "Kính gửi:" (ND30-RCP-16)."""
    size = layout.size_pt("kinh_gui")
    return KINH_GUI_INDENT + round(measure.text_width_twips("Kính gửi", size))
