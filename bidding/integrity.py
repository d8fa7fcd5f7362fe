"""Integrity rules on announcement text: requirements that would shut agencies out by region,
industry, department, quota, designation, past performance in a region or department, or a
qualification the law does not require, are refused with the clause quoted and the rule it
breaks.

The rules come from the reform texts in shared/seeds (德阳市规范行政审批中介服务专项行动方案):
"各部门设定的区域性、行业性或部门间中介服务机构执业限制一律取消，各部门现有的中介服务机构
数量限额管理规定一律取消"；"审批部门不得以任何形式指定中介服务机构"；"零门槛、零限制".

How the check reads a text (`Matcher.find`):
  1. The text is cut into clauses at ，,。；;！!？? and line breaks; each clause is judged alone,
     so "项目位于德阳市旌阳区，需现场踏勘" never joins a place to a demand of another clause.
  2. What an EXEMPT pattern matches is blanked out (e.g. "独立法人资格", "相应资质").
  3. For QUALIFICATION patterns the item's law-required qualifications are blanked out too
     (by their catalogue names, with a grade tail such as "及以上"), so "须具有环境影响评价资质"
     passes for an item that requires 环境影响评价资质 and "须具有甲级资质" does not.
  4. Patterns using {place} read the clause with every mention of an administrative division
     (the shipped region table, with short forms: 德阳 for 德阳市, 四川 for 四川省, 旌阳 for
     旌阳区) or a local word (本市, 本省, 本地, 当地, 辖区内…) wrapped in markers, which
     {place} matches; the other patterns read it as written.
  5. The first pattern of each kind that matches reports the clause once, with its kind's rule.

The patterns are rows of bidding.IntegrityPattern that regulators keep (shipped defaults in
migration 0007). A pattern is a phrase or a regular expression with placeholders:
  {place} {presence} {demand} {qualification} {department} {agency} {gap}
In a phrase, "…" (or "...") stands for a few words of the same clause, "/" separates
interchangeable words, and everything else is literal.

`current_matcher()` is the one database read: it compares the newest pattern version (one small
query) with the cached one and rebuilds only when the table has changed; the region names are
compiled once and reused while they stay the same, and each pattern is compiled once.
"""
import functools
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# --- the rules a clause may break ------------------------------------------------------------

REGIONAL = _("不得设置区域性执业限制（各部门设定的区域性中介服务机构执业限制一律取消；零门槛、零限制）")
INDUSTRY = _("不得设置行业性或部门间执业限制（各部门设定的行业性或部门间中介服务机构执业限制一律取消）")
QUOTA = _("不得设置数量限额或入库名单（中介服务机构数量限额管理规定一律取消）")
DESIGNATION = _("不得指定中介服务机构（审批部门不得以任何形式指定中介服务机构）")
PERFORMANCE = _("不得要求在特定地区或部门的业绩（属于区域性、行业性或部门间执业限制，一律取消）")
QUALIFICATION = _("不得要求法定以外的资质、等级或证书（资质要求只能是该事项法定要求的资质；零门槛、零限制）")

# The kinds in the order a clause is judged, with the rule each breaks (EXEMPT breaks none).
RULES = {
    "regional": REGIONAL,
    "industry": INDUSTRY,
    "quota": QUOTA,
    "designation": DESIGNATION,
    "performance": PERFORMANCE,
    "qualification": QUALIFICATION,
}
EXEMPT = "exempt"

# --- placeholders ----------------------------------------------------------------------------

# Markers around a place mention, and the filler left where exempt text was blanked out:
# private-use characters, never typed in an announcement.
PLACE_OPEN, PLACE_CLOSE, FILLER = "\ue000", "\ue001", "\ue002"
CLAUSE_BREAK = re.compile(r"[，,。；;！!？?\n\r]+")
GAP = r".{0,20}?"
AGENCY = r"(?:中介服务机构|中介机构|服务机构|机构|单位|企业|公司|中介|服务商|供应商)"
PLACEHOLDERS = {
    "place": PLACE_OPEN + "[^" + PLACE_CLOSE + "]{1,30}" + PLACE_CLOSE,
    "presence": (
        r"(?:办公场所|办公地点|办公用房|固定办公|经营场所|营业场所|固定场所|服务网点|服务站|办事处|分支机构|"
        r"分公司|子公司|常设机构|常驻机构|驻点|常驻|驻场|驻地|工商登记|登记注册|注册登记|"
        r"注册(?!会计|造价|建造|建筑|结构|测绘|环评|环境影响|安全|监理|岩土|土木|电气|公用|化工|城乡|规划|"
        r"咨询|税务|资产|房地产|核安全|设备|消防|评估|工程师|执业|验船|计量|师)|"
        r"社保|社会保险|纳税|缴税|税收|营业执照)"
    ),
    "demand": r"(?:必须|须|需要|需|应当|应该|应|要求|仅限|只限|限于|限|仅|只)",
    "qualification": (
        r"(?:资质|资信|资格证书|资格证|执业资格|职业资格|资格|证书|认证|许可证|执业证|信用等级|"
        r"甲级|乙级|丙级|丁级|特级|[一二三四五]级|[1-5１-５]A|AAA|AA级|等级|星级)"
    ),
    "department": (
        r"(?:(?:本|我|该)(?:部门|单位|局|委|厅|办|系统|行业)|行业主管部门|主管部门|审批部门|业主单位|本项目业主|"
        r"采购人|招标人|建设单位)"
    ),
    "agency": AGENCY,
    "gap": GAP,
}
PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")
PLACEHOLDER_HELP = {
    "place": _("任一行政区划名称（含简称，如“德阳”“四川”“旌阳”）或“本市、本省、本地、当地、辖区内”等"),
    "presence": _("在当地存在的要求：办公场所、注册、分支机构、驻场、常驻、社保、纳税、营业执照等"),
    "demand": _("要求的说法：须、需、必须、应、要求、限、仅等"),
    "qualification": _("资质、资格、证书、认证、甲级、乙级、一级、等级等"),
    "department": _("本部门、本单位、本系统、主管部门、审批部门、业主单位、采购人等"),
    "agency": _("机构、单位、企业、公司、中介、服务商等"),
    "gap": _("同一分句中间隔的若干字（短语写法中也可写作“…”）"),
}

# Words that point at "here" without naming a place; marked like place names.
LOCAL_WORDS = (
    "本市", "本省", "本地区", "本地", "当地", "本县", "本区", "本州", "本镇", "本乡", "我市", "我省", "我县",
    "我区", "我州", "市内", "省内", "县内", "辖区内", "本辖区", "境内", "本行政区域", "属地",
)
# Suffixes stripped (one) to make a short form, longest first; the rest must keep 2 characters.
SUFFIXES = (
    "特别行政区", "自治区", "自治州", "自治县", "自治旗", "林区", "地区", "省", "市", "区", "县", "州", "盟", "旗",
)
ETHNIC = re.compile(
    r"(?:维吾尔|蒙古族|蒙古|土家族|布依族|朝鲜族|哈萨克族|哈萨克|柯尔克孜族|达斡尔族|鄂温克族|鄂伦春族|仡佬族|仫佬族|"
    r"毛南族|傈僳族|纳西族|景颇族|拉祜族|哈尼族|塔吉克族|锡伯族|裕固族|保安族|东乡族|撒拉族|独龙族|普米族|阿昌族|"
    r"德昂族|布朗族|基诺族|各族|藏族|羌族|彝族|苗族|侗族|壮族|瑶族|回族|傣族|白族|佤族|黎族|畲族|满族|水族|土族|怒族)+$"
)
# Short forms that are also everyday words: never read as a place.
NOT_PLACES = frozenset({"市中", "城中", "新华", "平安", "安宁", "和平", "吉利", "前进", "向阳", "红旗", "工农",
                        "新兴", "兴业", "新城", "城关", "矿区", "郊区", "城区", "新区"})


class PatternError(ValueError):
    """A pattern that cannot be used; the message says why, in the reader's language."""


def short_forms(name):
    """The names a division goes by: its own and the short form without its level suffix
    (and ethnic names): 德阳市 → 德阳, 凉山彝族自治州 → 凉山, 新疆维吾尔自治区 → 新疆."""
    forms = {name}
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = ETHNIC.sub("", name[: -len(suffix)])
            if len(stem) >= 2 and stem not in NOT_PLACES:
                forms.add(stem)
            break
    return forms


def _trie_regex(words):
    """One regular expression matching any of `words`, longest first, shaped as a trie so it
    stays fast with thousands of names."""
    trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node):
        ends = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return ("(?:" + body + ")?") if len(branches) == 1 else body + "?"
        return body

    return build(trie)


class RegionFinder:
    """Finds mentions of administrative divisions and local words in a clause."""

    def __init__(self, names):
        words = set(LOCAL_WORDS)
        for name in names:
            words |= short_forms(name)
        self.regex = re.compile(_trie_regex(sorted(words)))

    def mark(self, text):
        return self.regex.sub(lambda m: PLACE_OPEN + m.group(0) + PLACE_CLOSE, text)


@functools.lru_cache(maxsize=2)
def region_finder(names):
    """The finder for a tuple of region names, compiled once while the names stay the same."""
    return RegionFinder(names)


# --- patterns --------------------------------------------------------------------------------

def _phrase_regex(text):
    """A phrase as a regular expression: placeholders expanded, "…" a gap, "/" alternatives,
    everything else literal."""
    parts = []
    for piece in re.split(r"(\{[a-z]+\}|…+|\.\.\.)", text):
        if not piece:
            continue
        if piece.startswith("…") or piece == "...":
            parts.append(GAP)
        elif PLACEHOLDER.fullmatch(piece):
            parts.append(PLACEHOLDERS[piece[1:-1]])
        else:
            words = [re.escape(word.strip()) for word in piece.split("/") if word.strip()]
            if words:
                parts.append(words[0] if len(words) == 1 else "(?:" + "|".join(words) + ")")
    return "".join(parts)


def _unknown_placeholder(text):
    for match in re.finditer(r"\{([a-z_]+)\}", text):
        if match.group(1) not in PLACEHOLDERS:
            return match.group(0)
    return None


@functools.lru_cache(maxsize=512)
def compile_pattern(syntax, text):
    """The compiled regular expression of a pattern; PatternError when it cannot be used."""
    text = (text or "").strip()
    if not text:
        raise PatternError(_("模式不能为空。"))
    unknown = _unknown_placeholder(text)
    if unknown:
        raise PatternError(_("未知的占位符 %(name)s。") % {"name": unknown})
    source = _phrase_regex(text) if syntax == "phrase" else PLACEHOLDER.sub(
        lambda m: PLACEHOLDERS[m.group(1)], text)
    try:
        regex = re.compile(source)
    except re.error as error:
        raise PatternError(_("正则表达式有误：%(error)s。") % {"error": error}) from None
    if regex.search("") is not None or regex.search(FILLER) is not None:
        raise PatternError(_("模式会匹配空白文字，范围过宽。"))
    return regex


def uses_place(text):
    return "{place}" in (text or "")


@dataclass(frozen=True)
class Pattern:
    pk: object
    kind: str
    syntax: str
    text: str

    @property
    def regex(self):
        return compile_pattern(self.syntax, self.text)


@dataclass(frozen=True)
class Violation:
    phrase: str
    rule: str
    kind: str
    pattern_id: object = None

    @property
    def message(self):
        return _("“%(phrase)s”：%(rule)s") % {"phrase": self.phrase, "rule": self.rule}


# --- the check -------------------------------------------------------------------------------

ENUMERATOR = re.compile(r"^\s*(?:[（(]?[0-9０-９一二三四五六七八九十]{1,3}[)）、.．]|[①-⑳])\s*")
MAX_QUOTE = 60
GRADE_TAIL = r"(?:[（(][^）)]{0,12}[）)])?(?:及以上|以上|或以上)?(?:等级|资质|证书)?"


def clauses(text):
    """The clauses of `text`, in reading order, without enumerators like "1、" or "（2）"."""
    for piece in CLAUSE_BREAK.split(text or ""):
        piece = ENUMERATOR.sub("", piece).strip()
        if piece:
            yield piece


def _blank(regexes, text):
    for regex in regexes:
        text = regex.sub(FILLER, text)
    return text


@functools.lru_cache(maxsize=256)
def _law_regex(names):
    variants = set()
    for name in names:
        name = name.strip()
        if name:
            variants |= {name, re.sub(r"[（）()]", "", name)}
    if not variants:
        return None
    alternatives = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
    return re.compile("(?:" + alternatives + ")" + GRADE_TAIL)


class Matcher:
    """The compiled pattern table. Pure: built from pattern rows and region names."""

    def __init__(self, patterns, finder):
        self.finder = finder
        rows = [p if isinstance(p, Pattern) else Pattern(**p) for p in patterns]
        self.exempt = [p.regex for p in rows if p.kind == EXEMPT]
        order = list(RULES)
        # (pattern, its compiled regex, whether it reads the place-marked clause), kind by kind
        self.patterns = [(p, p.regex, uses_place(p.text))
                         for p in sorted((p for p in rows if p.kind in RULES), key=lambda p: order.index(p.kind))]

    def find(self, text, *, law_required=()):
        """Every restricting clause of `text`, in reading order; a clause once per kind."""
        law = _law_regex(tuple(sorted(law_required)))
        violations = []
        for clause in clauses(text):
            reading, seen = _Reading(clause, self, law), set()
            for pattern, regex, place in self.patterns:
                if pattern.kind in seen:
                    continue
                match = regex.search(reading.text(pattern.kind, place))
                if match:
                    seen.add(pattern.kind)
                    violations.append(
                        Violation(_quote(clause, match), str(RULES[pattern.kind]), pattern.kind, pattern.pk))
        return violations

    def catches(self, pattern, text, *, law_required=()):
        """Whether `pattern` alone (a Pattern, perhaps not saved yet) acts on `text`: for an
        exempt pattern, whether it blanks something out."""
        law = _law_regex(tuple(sorted(law_required)))
        for clause in clauses(text):
            if pattern.kind == EXEMPT:
                subject = clause
            else:
                subject = _Reading(clause, self, law).text(pattern.kind, uses_place(pattern.text))
            if pattern.regex.search(subject):
                return True
        return False


class _Reading:
    """One clause as the patterns read it (steps 2–4 of the module's description), each
    variant made once."""

    def __init__(self, clause, matcher, law):
        self.plain = _blank(matcher.exempt, clause)
        self.finder, self.law, self.variants = matcher.finder, law, {}

    def text(self, kind, place):
        key = (kind == "qualification" and self.law is not None, place)
        if key not in self.variants:
            text = self.law.sub(FILLER, self.plain) if key[0] else self.plain
            self.variants[key] = self.finder.mark(text) if place else text
        return self.variants[key]


def _quote(clause, match):
    if len(clause) <= MAX_QUOTE:
        return clause
    return re.sub("[" + PLACE_OPEN + PLACE_CLOSE + "]", "", match.group(0)).replace(FILLER, "…")


# --- the current table -----------------------------------------------------------------------

_current = None  # (version stamp, Matcher)


def _stamp():
    from .models import IntegrityPattern

    return IntegrityPattern.history.order_by("-history_id").values_list("history_id", "revision").first()


def _region_names():
    from providers.models import Region

    return tuple(Region.objects.order_by("code").values_list("name", flat=True))


def current_matcher():
    """The matcher for the pattern table as it stands: one query when nothing has changed."""
    global _current
    from .models import IntegrityPattern

    stamp = _stamp()
    cached = _current
    if cached is not None and cached[0] == stamp:
        return cached[1]
    rows = IntegrityPattern.objects.filter(is_active=True).order_by("pk").values_list(
        "pk", "kind", "syntax", "pattern")
    patterns = []
    for pk, kind, syntax, text in rows:
        try:
            compile_pattern(syntax, text)
        except PatternError:
            continue  # the services refuse these; a row written around them is skipped
        patterns.append(Pattern(pk, kind, syntax, text))
    matcher = Matcher(patterns, region_finder(_region_names()))
    _current = (stamp, matcher)
    return matcher


def find_violations(text, *, law_required=()):
    """Every restricting clause in `text` under the current pattern table, in reading order.
    `law_required`: names of the qualifications the law requires for the item."""
    return current_matcher().find(text, law_required=law_required)
