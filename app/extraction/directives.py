"""Directives -> tasks: who must do what, found in items, headings, lead-ins and task tables.

A task is a directive with a responsible unit, named in the directive itself ("Sở Nội vụ chủ
trì ...", "Giao X ...", "Đề nghị X ...") or inherited from the heading or lead-in above it
("c) Đối với các sở, ban, ngành: - ... - ...", "... yêu cầu các cơ quan, đơn vị thực hiện
một số nội dung sau:"). Each row of a task table is a task. Sections about purposes,
criteria or background, acknowledgements, effect clauses and "thông báo để ... biết" closings
are not tasks. Units, deadlines and roles come from `units`/`deadlines` when those modules are
present; the vocabulary lives in data/*.txt.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from . import roles as R
from .layout import ITEM_LABEL, Para, Table, block_tables, line_tables, pipe_tables
from .metadata import _word_list, is_upper

# ---------------------------------------------------------------- item labels

_RANKS = {"chuong": 0, "art": 1, "roman": 1, "num": 2, "num2": 3, "let": 4, "par": 5, "dash": 6, "plus": 7}


@dataclass
class Item:
    para: Para
    kind: str | None       # label kind or None for a plain paragraph
    rank: int
    body_start: int        # offset in para.text where the text after the label starts

    @property
    def body(self) -> str:
        return self.para.text[self.body_start:]


def label_of(p: Para) -> Item:
    t = p.text
    m = re.match(r"^Chương\s+[IVXLC\d]+\b\.?\s*", t)
    if m:
        return Item(p, "chuong", 0, m.end())
    m = ITEM_LABEL.match(t)
    if not m:
        return Item(p, None, 99, 0)
    rest = t[m.end():]
    if m.group("dash"):
        kind = "plus" if m.group("dash") == "+" else "dash"
        if not rest or rest[0].isdigit():
            return Item(p, None, 99, 0)
    elif m.group("art"):
        kind = "art"
    elif m.group("roman"):
        if not rest[:1].isupper():
            return Item(p, None, 99, 0)
        kind = "roman"
    elif m.group("num"):
        kind = "num2" if "." in m.group("num") else "num"
    elif m.group("num2"):
        kind = "num"
    elif m.group("let"):
        kind = "let"
    else:
        kind = "par"
    if not rest and kind != "art":
        return Item(p, None, 99, 0)
    return Item(p, kind, _RANKS[kind], m.end())


# ---------------------------------------------------------------- vocabulary

@cache
def _unit_head_re() -> re.Pattern:
    heads = sorted(_word_list("unit_heads.txt"), key=len, reverse=True)
    return re.compile(r"(?:{})(?=[\s,:;]|$)".format("|".join(re.escape(h) for h in heads)))


@cache
def _collective_re() -> re.Pattern:
    words = sorted(_word_list("collective_nouns.txt"), key=len, reverse=True)
    alt = "|".join(re.escape(w) for w in words)
    return re.compile(rf"\s+(?:{alt})(?=[\s,:;]|$)")


@cache
def _verb_re() -> re.Pattern:
    verbs = sorted(_word_list("directive_verbs.txt"), key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:{})(?=[\s,.;:]|$)".format("|".join(re.escape(v) for v in verbs)))


@cache
def _non_task_re() -> re.Pattern:
    words = sorted(_word_list("non_task_starts.txt"), key=len, reverse=True)
    return re.compile(r"^(?:{})\b".format("|".join(re.escape(w) for w in words)), re.I)


@cache
def _skip_re() -> re.Pattern:
    words = sorted(_word_list("skip_sections.txt"), key=len, reverse=True)
    return re.compile(r"^(?:{})\b".format("|".join(re.escape(w) for w in words)), re.I)


_ASK = re.compile(r"(?:^|(?<=[\s,;:]))(Giao|giao|Đề nghị|đề nghị|Yêu cầu|yêu cầu|Chỉ đạo|Phân công|Ủy quyền|Uỷ quyền)\s+")
_TOPIC = re.compile(r"^(?:Về|Đối với|Trách nhiệm của|Trách nhiệm|Nhiệm vụ của)\b[^:]{0,200}:\s*")
_HEAD_PREFIX = re.compile(r"^(?:Đối với|Trách nhiệm của|Trách nhiệm|Nhiệm vụ của|Giao|Đề nghị|Yêu cầu)\s+", re.I)
_INFORM = re.compile(r"\b(?:thông báo|trả lời|thông tin|hướng dẫn|sao gửi|gửi)\b[^.;]{0,200}?\b(?:để|cho)\b[^.;]{0,200}"
                     r"\b(?:biết|thực hiện)\b", re.I)
# a capitalised verb or a dash inside a unit phrase starts the next sentence ("Giao Sở X Khẩn trương ...")
_CAP_VERB = re.compile(r"\s(?:-\s+)?(?:(?:Khẩn trương|Chỉ đạo|Tiếp tục|Chủ trì|Phối hợp|Tập trung|Thực hiện|Triển khai|"
                       r"Tham mưu|Theo dõi|Rà soát|Chủ động|Đôn đốc|Tăng cường|Đẩy mạnh|Hoàn thành|Quán triệt)\b)")
_NOT_UNIT_START = re.compile(r"^(?:Tổ chức|Báo cáo|Trường hợp|Ban hành|Phòng,? chống|Hội nghị|Hội thảo|Hội chợ|"
                             r"Cơ sở dữ liệu|Công tác|Công văn|Đoàn kết|Người dân|người dân|Trung tâm hóa|"
                             r"Cán bộ, công chức, viên chức)\b")
_NOT_UNIT = re.compile(r"\b(?:để|thông báo|ý kiến|có ý kiến|đã|sẽ|là|nhận được|đang|vẫn|chưa|không|kết luận|"
                       r"cho rằng|ghi nhận|đánh giá|trả lời|nêu|tại văn bản|tại công văn)\b", re.I)
_INTRO = re.compile(r"^(?:Trên cơ sở|Sau khi|Để|Hằng năm|Hàng năm|Định kỳ|Trong|Căn cứ|Theo|Đồng thời|Ngoài ra|"
                    r"Bên cạnh|Thời gian tới|Từ nay|Vì vậy|Do đó|Theo đó|Qua đó|Riêng|Đối với)\b")
_UNIT_COLON = re.compile(r"^(?:Đối với|Trách nhiệm của|Giao)?\s*")
_EXEC_CLAUSE = re.compile(r"chịu trách nhiệm thi hành|có hiệu lực (?:thi hành|kể từ|từ)", re.I)
_SENT_SPLIT = re.compile(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ])")


@dataclass
class UnitPhrase:
    text: str
    start: int
    end: int


def unit_phrase_at(text: str, pos: int) -> UnitPhrase | None:
    """The unit phrase starting at `pos` (up to the first directive verb), if it is one."""
    s = text[pos:]
    m = _unit_head_re().match(s)
    if not m:
        return None
    if m.group(0) in ("Các", "các") and not _collective_re().match(s, m.end()):
        return None     # "Các bước giám sát" is not a unit
    # "Tỉnh" / "Thành phố" as units need a verb right after them
    vm = _verb_re().search(s, m.end())
    while vm and (re.search(r"(?:các|những|và|cơ quan,|Chương|chương|quy|Quy|Tờ|tờ)\s+$", s[:vm.start()])
                  or (vm.group(0) == "lập" and re.search(r"(?:công|thành|Công|Thành)\s+$", s[:vm.start()]))
                  or (vm.group(0) == "tổ chức" and s[vm.end():vm.end() + 1] == ",")):
        vm = _verb_re().search(s, vm.end())
    stop = len(s)
    if vm:
        stop = vm.start()
    cm = _CAP_VERB.search(s, m.end())
    if cm and cm.start() < stop:
        stop = cm.start()
    for ch in ("(", ":", ";", "."):
        k = s.find(ch, m.end())
        if 0 <= k < stop:
            if ch == "." and k + 1 < len(s) and not s[k + 1].isspace():
                continue   # "TP.HCM"
            stop = k
    if stop < len(s) and s[stop] == ":":
        # "Các Bộ: Quốc phòng, Công an chủ trì ...": a list of names after the colon
        vm2 = _verb_re().search(s, stop + 1)
        if vm2:
            names = s[stop + 1:vm2.start()].strip().rstrip(",")
            pieces = [x for x in re.split(r",\s*|\s+và\s+", names) if x]
            if pieces and len(names) < 250 and all(x[0].isupper() and len(x.split()) <= 6 for x in pieces) and \
                    pieces[0].split()[0] not in ("Là", "Có", "Được", "Không", "Cần", "Phải", "Đã", "Sẽ", "Các") and \
                    not any(_verb_re().match(x[0].lower() + x[1:]) for x in pieces):
                stop = vm2.start()
    phrase = s[:stop].rstrip(" ,")
    if not phrase or len(phrase) > 400 or _NOT_UNIT.search(phrase) or _NOT_UNIT_START.match(phrase):
        return None
    if vm is None and stop == len(s):
        return None
    # a unit phrase is short and made of words, not a sentence
    if len(phrase.split()) > 60:
        return None
    if phrase in {"các", "Các", "cơ quan", "đơn vị", "tỉnh", "bộ", "Bộ", "Cơ quan", "Đơn vị"}:
        return None
    lead = re.match(r"^(?:[Cc]ác\s+)?(?:đồng chí|Đồng chí)\s+", phrase)
    if lead:
        return UnitPhrase(phrase[lead.end():], pos + lead.end(), pos + len(phrase))
    return UnitPhrase(phrase, pos, pos + len(phrase))


def subject_units(sentence: str) -> tuple[UnitPhrase | None, int]:
    """Responsible units named by a directive sentence, and where the directive starts.

    Tries: 'Giao/Đề nghị/Yêu cầu X ...' anywhere in the first clause, 'X chủ trì ...' at the
    start, after a topic prefix 'Về ...:' or after an introductory clause ending with ','."""
    cm = _UNIT_COLON.match(sentence)
    up = unit_phrase_at(sentence, cm.end())
    if up and sentence[up.end:].lstrip().startswith(":"):
        return up, 0
    starts = [0]
    tm = _TOPIC.match(sentence)
    if tm:
        starts.append(tm.end())
    if _INTRO.match(sentence):
        for m in re.finditer(r",\s+", sentence[:500]):
            starts.append(m.end())
    for m in _ASK.finditer(sentence[:500]):
        up = unit_phrase_at(sentence, m.end())
        if up and _verb_after(sentence, up.end):
            return up, m.start()
    for st in starts:
        if st > 0 and not re.match(r"(?:[A-ZĐÀ-Ỹ]|các\s|(?:tỉnh|thành phố|huyện|xã)\s+[A-ZĐÀ-Ỹ])", sentence[st:]):
            continue   # after an introductory clause, a unit is a name or "các ..."
        up = unit_phrase_at(sentence, st)
        if up and _verb_after(sentence, up.end, strict=st > 0):
            return up, st
    return None, 0


_WEAK = {"ban hành", "được", "tự", "chỉ", "giao", "rà", "nắm", "làm", "đánh giá", "thẩm định", "phân công",
         "tạo điều kiện", "sử dụng", "tiếp nhận", "căn cứ vào"}


@cache
def _strong_re() -> re.Pattern:
    verbs = sorted((v for v in _word_list("directive_verbs.txt") if v not in _WEAK), key=len, reverse=True)
    alt = "|".join(re.escape(v) for v in verbs)
    return re.compile(rf"^\s*(?:,\s*)?(?:theo chức năng[^,]*(?:,\s*nhiệm vụ[^,]*?)?,?\s*)?(?:{alt})\b", re.I)


def _verb_after(text: str, pos: int, strict: bool = False) -> bool:
    rest = text[pos:]
    rest = re.sub(r"^\s*\([^)]*\)", "", rest)
    if rest.lstrip().startswith(":"):
        return not strict
    return bool(_strong_re().match(rest))


# ---------------------------------------------------------------- tasks

@dataclass
class Frame:
    rank: int
    units: list[str] | None = None
    cooperating: list[str] = field(default_factory=list)
    skip: bool = False
    heading: bool = False
    resp: bool = False      # a section about who does what ("Tổ chức thực hiện", "Trách nhiệm ...")
    leadin: bool = False    # an unlabelled lead-in naming units and ending with "sau:"
    hard: bool = False      # a skipped section no lead-in reopens (emulation content, criteria, rewards)
    guests: bool = False    # the list under "... trân trọng kính mời:": ends at the next unlabelled paragraph


@dataclass
class Draft:
    para: Para
    start: int            # offset in para.text of the task text
    end: int
    units: list[str]
    cooperating: list[str] = field(default_factory=list)
    inherited: bool = False
    extra: list[Para] = field(default_factory=list)   # continuation paragraphs


def _is_heading(it: Item) -> bool:
    b = it.body.strip()
    if not b:
        return True
    if b.endswith(":"):
        return True
    if len(b) < 320 and not b.endswith((".", ";")) and _is_unit_name(b):
        return True   # "a) Sở Nông nghiệp và Môi trường" over its own sub-items
    if it.kind in ("roman", "art", "chuong", "num", "num2") and len(b) < 120 and not b.endswith((".", ";")):
        return True
    return False


def _unit_names(b: str) -> list[str] | None:
    """The units when the whole text is unit names ('Giao Sở X', 'Đối với A; B')."""
    hm = _HEAD_PREFIX.match(b)
    core = b[hm.end():] if hm else b
    core = re.sub(r"\s*\([^)]*\)\s*$", "", core).strip().rstrip(":").strip()
    out: list[str] = []
    for piece in re.split(r"\s*;\s*", core):
        up = unit_phrase_at(piece + " thực hiện", 0) if piece else None
        if not (up and up.end >= len(piece) - 1):
            return None
        out.extend(R.split(up.text))
    return out or None


def _is_unit_name(b: str) -> bool:
    return _unit_names(b) is not None


def _frame_units(body: str) -> tuple[list[str] | None, list[str]]:
    """Units named by a heading or a lead-in ('Giao Sở X:', 'Đối với các sở ...:', '... yêu cầu
    các cơ quan ... thực hiện ... sau:', 'Trách nhiệm của Sở Nội vụ')."""
    b = body.strip().rstrip(":").strip()
    names = _unit_names(b)
    if names:
        return names, []
    # "X chủ trì, phối hợp với Y:" heading; a lead-in's units are in its last sentence
    sents = _sentences(b)
    if len(sents) > 1:
        b = b[sents[-1][0]:]
    up, _ = subject_units(b)
    if up is not None:
        return R.split(up.text), R.cooperating(b)
    return None, []


# "UBND tỉnh xây dựng/ban hành Kế hoạch ... như sau:": the issuer presenting its plan, not a lead-in
_ISSUES_PLAN = re.compile(r"\b(?:ban hành|xây dựng)\s+(?:Kế hoạch|Chương trình|Quy chế|Quy định|Hướng dẫn|Đề án|"
                          r"Phương án)\b(?![^:]{0,200}\b(?:yêu cầu|đề nghị|giao)\b)")
# "UBND tỉnh trân trọng kính mời:" / "... trân trọng giới thiệu:": an invitation (giấy mời, giấy
# giới thiệu) names its guests, not units given work
_INVITES = re.compile(r"\b(?:(?:trân trọng\s+)?kính mời|trân trọng mời|trân trọng giới thiệu)\b", re.I)
_HARD_SKIP = re.compile(r"thi đua|tiêu chí|tiêu chuẩn|khen thưởng|đối tượng|danh hiệu|hình thức", re.I)
_RESP = re.compile(r"tổ chức thực hiện|trách nhiệm|nhiệm vụ|phân công", re.I)


def extract_tasks(paras: list[Para], doc_date: str | None, text: str = "",
                  restrict_from: int | None = None) -> list[Draft]:
    """Tasks of the body paragraphs. From index `restrict_from` on (an attached quy định or a
    legal normative text, mostly rules), only sections about responsibilities give tasks."""
    items = [label_of(p) for p in paras]
    stack: list[Frame] = [Frame(-1)]
    drafts: list[Draft] = []
    last: Draft | None = None
    for k, it in enumerate(items):
        body = it.body.strip()
        if not body and it.kind is None:
            continue
        if it.kind is not None:
            while len(stack) > 1 and stack[-1].rank >= it.rank:
                stack.pop()
        else:
            while len(stack) > 1 and stack[-1].guests:
                stack.pop()
        skip = hard = False
        for f in stack:     # an explicit lead-in ("..., các cơ quan ... thực hiện các hoạt động sau:")
            skip = True if f.skip else (False if f.leadin and not hard else skip)   # inside a skipped section
            hard = f.hard if f.skip else (hard if skip else False)
        inherited = next((f for f in reversed(stack) if f.units), None)

        heading = _is_heading(it) if it.kind is not None else (body.endswith(":") and len(body) < 800)
        if it.kind is None and _looks_like_heading_text(it):
            heading = True
        if heading:
            fr = Frame(it.rank if it.kind is not None else (stack[-1].rank + 0.5), heading=True)
            fr.resp = bool(_RESP.search(body[:120])) and len(body) < 200
            u, c = _frame_units(body)
            if _INVITES.search(body):
                fr.skip = fr.guests = True          # the invitees: guests, not units given work
            elif u and not _non_task_re().match(body) and not _ISSUES_PLAN.search(body):
                fr.units, fr.cooperating = u, c     # "Yêu cầu các sở, ngành:" names units: not a section
            elif _skip_re().match(_strip_topic_number(body)) and len(body.split()) <= 12:
                fr.skip = True
                fr.hard = bool(_HARD_SKIP.search(body))
            if it.kind is None and fr.units is None and not fr.skip and not fr.resp:
                # an unlabelled lead-in without units: children keep the current context
                last = None
                continue
            if it.kind is None:
                fr.rank = max(stack[-1].rank, -1) + 0.5
                fr.leadin = bool(fr.units) and bool(re.search(r"\bsau\s*:\s*$", body))
            stack.append(fr)
            last = None
            continue
        if skip or (restrict_from is not None and k >= restrict_from and not any(f.resp for f in stack)):
            last = None
            continue
        if it.kind is None and last is not None and not _starts_directive(body):
            if len(last.extra) < 2 and not _INFORM.search(body) and not body.endswith("/."):
                last.extra.append(it.para)
            continue
        new = _directives_in(it, inherited)
        if new:
            drafts.extend(new)
            last = new[-1]
        elif last is not None and it.kind is None and len(last.extra) < 2 \
                and not _INFORM.search(body) and not body.endswith("/."):
            last.extra.append(it.para)
        else:
            last = None
    return drafts


def _starts_directive(body: str) -> bool:
    """An unlabelled paragraph after an item starts a new directive only when it opens with
    'Giao/Đề nghị/Yêu cầu X' or 'X chủ trì ...' (not a condition or a detail of the item)."""
    if _non_task_re().match(body):
        return False
    first = _sentences(body)[0]
    for m in _ASK.finditer(body[first[0]:first[1]]):
        up = unit_phrase_at(body, m.end())
        if up and _verb_after(body, up.end):
            return True
    up = unit_phrase_at(body, 0)
    return bool(up and _verb_after(body, up.end, strict=True))


def _strip_topic_number(body: str) -> str:
    return re.sub(r"^[\d.\s]+", "", body)


def _looks_like_heading_text(it: Item) -> bool:
    t = it.para.text
    return it.kind is None and len(t) < 100 and (is_upper(t) or (it.para.bold and not t.endswith((".", ";"))))


def _directives_in(it: Item, inherited: Frame | None) -> list[Draft]:
    """Tasks in one item: one per directive sentence with its own units, or one for the item
    when it inherits units."""
    p = it.para
    body_start = it.body_start
    body = p.text[body_start:]
    if _non_task_re().match(body.strip()) or _EXEC_CLAUSE.search(body):
        return []
    sentences = _sentences(body)
    out: list[Draft] = []
    if inherited is not None and inherited.units and sentences:
        first = body[sentences[0][0]:sentences[0][1]]
        if subject_units(first)[0] is None or re.match(r"(?:Chỉ đạo|Hướng dẫn|Đôn đốc)\s", first.strip()):
            # the item belongs to the heading's units; a later 'Đề nghị/Yêu cầu/Giao X ...'
            # sentence (a closing glued to the item) is a task of its own
            if _INFORM.search(body) and not _ASK.search(body):
                return []
            out.append(Draft(p, body_start, len(p.text), list(inherited.units),
                             R.cooperating(first) or list(inherited.cooperating), inherited=True))
            for s0, s1 in sentences[1:]:
                sent = body[s0:s1].strip()
                m = _ASK.match(sent)
                up = unit_phrase_at(sent, m.end()) if m else None
                if not (up and _verb_after(sent, up.end)):
                    up = None
                    u2, _ = subject_units(sent)
                    if u2 is not None and R._PROPER.match(u2.text) and not _INFORM.search(sent):
                        up = u2   # "Trên cơ sở đó, Bộ Tư pháp tổng hợp, báo cáo ..."
                if up is not None:
                    units = R.split(up.text)
                    if units != out[-1].units:
                        out[-1].end = body_start + s0
                        out.append(Draft(p, body_start + s0, len(p.text), units, R.cooperating(sent)))
            return out
    for s0, s1 in sentences:
        sent = body[s0:s1]
        if _INFORM.search(sent) and not _ASK.search(sent):
            continue
        up, _ = subject_units(sent)
        if up is None or _INVITES.search(up.text):
            continue
        units = R.split(up.text)
        coop = R.cooperating(sent)
        if out and out[-1].units == units:
            out[-1].end = body_start + s1
            continue
        start = body_start + s0 if out else body_start
        out.append(Draft(p, start, body_start + s1, units, coop))
    if out:
        out[-1].end = len(p.text)
        for a, b in zip(out, out[1:], strict=False):
            a.end = b.start
        return out
    if inherited is not None and inherited.units and (it.kind is not None or inherited.heading):
        if _INFORM.search(body) and not _ASK.search(body):
            return []
        return [Draft(p, body_start, len(p.text), list(inherited.units),
                      R.cooperating(body) or list(inherited.cooperating), inherited=True)]
    return []


def _sentences(body: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for m in _SENT_SPLIT.finditer(body):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(body)))
    return [(a, b) for a, b in out if body[a:b].strip()]


# ---------------------------------------------------------------- task tables

_TT = re.compile(r"^(?:S?TT|Số TT|STT)$", re.I)
_CONTENT = re.compile(r"nội dung|nhiệm vụ|công việc|tên nhiệm vụ|hoạt động", re.I)
_LEAD = re.compile(r"chủ trì|thực hiện|cơ quan|đơn vị|trách nhiệm", re.I)
_COOP = re.compile(r"phối hợp", re.I)
_TIME = re.compile(r"thời gian|thời hạn|tiến độ|hoàn thành", re.I)
_PERIOD = re.compile(r"^(?:QU[ÍI]|Quý|quý|THÁNG|Tháng|NĂM|Năm|6 THÁNG|6 tháng)\b.{0,30}\d{4}", re.I)


@dataclass
class TableTask:
    span: tuple[int, int]
    content: Para
    units: list[str]
    cooperating: list[str]
    time: Para | None
    period: Para | None


def table_tasks(text: str, blocks=()) -> list[TableTask]:
    if any(b.kind == "table_cell" for b in blocks):
        tables = block_tables(text, blocks)
    else:
        tables = pipe_tables(text) + line_tables(text)
    out: list[TableTask] = []
    for tb in tables:
        out.extend(_rows(tb))
    return out


def _header_map(row: list[Para]) -> dict | None:
    cols: dict[str, int] = {}
    for i, c in enumerate(row):
        t = c.text.strip()
        if _TT.match(t):
            cols.setdefault("tt", i)
        elif _COOP.search(t):
            cols.setdefault("coop", i)
        elif _TIME.search(t):
            cols.setdefault("time", i)
        elif _CONTENT.search(t) and "content" not in cols:
            cols["content"] = i
        elif _LEAD.search(t):
            cols.setdefault("lead", i)
    if "content" in cols and ("lead" in cols or "coop" in cols):
        return cols
    return None


def _rows(tb: Table) -> list[TableTask]:
    out: list[TableTask] = []
    cols = None
    period: Para | None = None
    span_start = None
    for row in tb.rows:
        hm = _header_map(row)
        if hm:
            # cells before "TT" belong to text before the table
            shift = 0
            if "tt" in hm and hm["tt"] > 0:
                shift = hm["tt"]
            cols = {k: v - shift for k, v in hm.items()}
            first = row[shift] if shift < len(row) else row[0]
            if span_start is None and first.offs:
                span_start = first.start
            continue
        if cols is None:
            continue
        if len(row) > len(cols) + 1 and "tt" in cols:
            row = row[len(row) - max(cols.values()) - 1:]
        cells = [c.text.strip() for c in row]
        filled = [i for i, c in enumerate(cells) if c]
        if len(filled) == 1 and _PERIOD.match(cells[filled[0]]):
            period = row[filled[0]]
            continue
        ci = cols["content"]
        if ci >= len(row) or not cells[ci]:
            continue
        tt = cells[cols["tt"]] if "tt" in cols and cols["tt"] < len(row) else ""
        lead = row[cols["lead"]] if "lead" in cols and cols["lead"] < len(row) else None
        coop = row[cols["coop"]] if "coop" in cols and cols["coop"] < len(row) else None
        tim = row[cols["time"]] if "time" in cols and cols["time"] < len(row) else None
        if not tt and out and not (lead and lead.text.strip()) and cells[ci].startswith("-"):
            continue   # the rest of the previous row, cut by a page break
        if _PERIOD.match(cells[ci]) and not (lead and lead.text.strip()):
            period = row[ci]
            continue
        units = R.table_units(lead.text) if lead is not None else []
        row_end = max((c.end for c in row if c.offs), default=row[ci].end)
        row_start = span_start if span_start is not None else min(c.start for c in row if c.offs)
        out.append(TableTask((row_start, row_end), row[ci], units,
                             R.table_units(coop.text, split=True) if coop else [],
                             tim if tim is not None and tim.text.strip() else None, period))
    if out:   # one span for the whole table: header to last row
        span = (min(t.span[0] for t in out), max(t.span[1] for t in out))
        for t in out:
            t.span = span
    return out


def _header_role(t: str) -> str | None:
    t = t.strip()
    if len(t) > 45:
        return None
    if _TT.match(t):
        return "tt"
    if _COOP.search(t):
        return "coop"
    if _TIME.search(t):
        return "time"
    if _CONTENT.search(t):
        return "content"
    if _LEAD.search(t):
        return "lead"
    return None


_ROWNUM = re.compile(r"^\d{1,3}\.?$")


def linear_table_tasks(paras: list[Para]) -> list[TableTask]:
    """Task tables whose cells a reader wrote one a line ('TT', 'Nội dung', 'Cơ quan chủ trì', ...
    then '1', content, unit, ... ): rows are rebuilt from the header's column count."""
    out: list[TableTask] = []
    i = 0
    while i < len(paras):
        j = i
        roles: list[str] = []
        while j < len(paras):
            r = _header_role(paras[j].text)
            if r is None or r in roles:
                break
            roles.append(r)
            j += 1
        if len(roles) < 3 or roles[0] != "tt" or "content" not in roles or not ({"lead", "coop"} & set(roles)):
            i += 1
            continue
        n = len(roles)
        k = j
        period = None
        rows: list[TableTask] = []
        start = paras[i].start
        while k < len(paras):
            t = paras[k].text.strip()
            if _ROWNUM.match(t):
                cells = paras[k + 1:k + n]
                if len(cells) < n - 1 or any(_ROWNUM.match(c.text.strip()) for c in cells):
                    break
                by = dict(zip(roles[1:], cells, strict=False))
                content = by.get("content")
                lead, coop, tim = by.get("lead"), by.get("coop"), by.get("time")
                rows.append(TableTask((0, 0), content, R.table_units(lead.text) if lead else [],
                                      R.table_units(coop.text, split=True) if coop else [],
                                      tim if tim is not None and tim.text.strip() else None, period))
                k += n
            elif _PERIOD.match(t) and len(t) < 40:
                period = paras[k]
                k += 1
            else:
                break
        if rows:
            span = (start, paras[k - 1].end)
            for r in rows:
                r.span = span
            out.extend(rows)
            i = k
        else:
            i += 1
    return out
