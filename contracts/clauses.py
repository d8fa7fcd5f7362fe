"""The rules a model contract (合同示范文本) must satisfy, and the exact text of a contract.

A template version is an ordered list of clauses `{"kind", "title", "text"}`; a clause's text
may hold marked fields written `{{key}}` with a key of contracts.fields.FIELDS. Pure: no
database; pages, services, the demo data and tests call the same functions.

What a template must have (`template_problems`): a title and a text in every clause, a known
kind, only known fields in well-formed braces, at least one clause of each mandatory kind, a
breach clause set that binds both sides, and no unfair clause.

What is unfair (`unfair_terms`): clauses that shift all liability to one side, which the Civil
Code voids when a party imposes them in standard terms (《中华人民共和国民法典》第四百九十七条：
提供格式条款一方不合理地免除或者减轻其责任、加重对方责任、限制对方主要权利，或者排除对方
主要权利的，该格式条款无效). Four kinds, each judged by meaning, not by one fixed phrase:
  penalty      违约金或赔偿不设上限、无限责任、按日加倍、数倍于合同价款；
  withholding  甲方不说理由（或视情况、自行决定）暂扣、扣减、拒付、暂停支付服务费；
  waiver       放弃诉讼、仲裁或其他救济，不得起诉或申请仲裁，争议以甲方意见为准；
  termination  一方可随时、无条件解除合同而自己不承担任何责任。

How a text is read: it is cut into sentences at 。；; ！!？? and line breaks (never at commas,
which keep a condition with its consequence); what a SAFE pattern matches is blanked out (a
prohibition of the unfair thing, e.g. "不得要求对方放弃诉讼权利", or "……的约定无效"); then each
kind's patterns are tried and the first that matches reports the sentence once for that kind,
quoting it.

The rendered text (`render_text`) is what the parties sign by its SHA-256, so it is made the
same way every time: NFC-normalised, "\n" line endings, no trailing spaces, one title line, then
"第一条 标题" and the clause's text for each clause, each field replaced by its value.
"""
import hashlib
import re
import unicodedata

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError

from .fields import FIELDS, ClauseKind

# --- errors ----------------------------------------------------------------------------------


class ClauseProblem(DomainError):
    """One problem of a template or a clause. `clause_number` is 1-based (None for a problem of
    the whole template, such as a missing kind); `quote` is the words at fault."""

    def __init__(self, reason, *, clause_number=None, quote=""):
        self.clause_number, self.quote, self.reason = clause_number, quote, reason
        super().__init__(_message(reason, clause_number, quote))


def _message(reason, number, quote):
    if number is not None and quote:
        return _("第 %(n)s 条“%(quote)s”：%(reason)s") % {"n": number, "quote": quote, "reason": reason}
    if number is not None:
        return _("第 %(n)s 条：%(reason)s") % {"n": number, "reason": reason}
    if quote:
        return _("“%(quote)s”：%(reason)s") % {"quote": quote, "reason": reason}
    return str(reason)


# --- the reasons -------------------------------------------------------------------------------

CIVIL_CODE = _("依《民法典》第四百九十七条，不合理地加重对方责任、限制或者排除对方主要权利的格式条款无效")
PENALTY = _("违约金或赔偿责任不设上限，让一方承担无限责任，属于加重对方责任的霸王条款（违约金应与损失相当并约定上限，"
            "如逾期每日按合同价款的千分之一、总额不超过合同价款的百分之十；%(law)s）")
WITHHOLDING = _("甲方可不说明理由（或凭自身决定）暂扣、扣减、拒付或暂停支付服务费，免除了己方的付款义务，属于霸王条款"
                "（暂缓或扣减付款须有合同约定的事由并书面说明理由，验收合格的应按约定期限支付；%(law)s）")
WAIVER = _("要求一方放弃诉讼、仲裁或其他法律救济，排除了对方依法寻求救济的主要权利，属于霸王条款"
           "（争议应约定协商不成时由当事人选择申请仲裁或向人民法院起诉，不得约定放弃；%(law)s）")
TERMINATION = _("一方可随时、无条件解除合同且不承担任何责任，使全部风险由对方承担，属于霸王条款"
                "（单方解除须有法定或约定的事由，解除方应赔偿对方因此受到的损失；%(law)s）")

EMPTY_TITLE = _("条款标题不能为空。")
EMPTY_TEXT = _("条文不能为空。")
UNKNOWN_KIND = _("未知的条款类型“%(kind)s”。")
UNKNOWN_FIELD = _("未知的填写项“%(key)s”；填写项只能是：%(keys)s。")
MALFORMED = _("花括号不成对；填写项应写作 {{填写项代码}}，如 {{price}}。")
MISSING_KIND = _("缺少“%(kind)s”条款：示范文本必须至少有一条%(kind)s条款。")
ONE_SIDED_BREACH = _("违约责任条款只约束%(side)s，未约定%(other)s的违约责任；"
                     "违约责任条款必须同时约定甲方和乙方的违约责任"
                     "（如甲方逾期付款、乙方逾期交付各自承担的违约金或赔偿）。")
NO_BREACH_LIABILITY = _("违约责任条款未约定甲方或乙方承担的违约金、赔偿等责任；"
                        "违约责任条款必须同时约定甲方和乙方的违约责任。")

# --- reading a text ----------------------------------------------------------------------------

SENTENCE_BREAK = re.compile(r"[。；;！!？?\n\r]+")
ENUMERATOR = re.compile(r"^\s*(?:[（(]?[0-9０-９一二三四五六七八九十]{1,3}[)）、.．]|[①-⑳])\s*")
FILLER = "\ue002"  # where a safe phrase was blanked out; never typed in a contract


def sentences(text):
    """The sentences of `text`, in reading order, without enumerators like "1、" or "（二）"."""
    for piece in SENTENCE_BREAK.split(unicodedata.normalize("NFC", text or "")):
        piece = ENUMERATOR.sub("", piece).strip()
        if piece:
            yield piece


def one_of(words):
    """A group matching any of the space-separated `words` (each a regular expression)."""
    return "(?:" + "|".join(words.split()) + ")"


def gap(n):
    """Up to n characters of the same sentence (the text is already cut at 。；), as few as may be."""
    return S + "{0,%d}?" % n


def gap_without(words, n):
    """Up to n characters of the same sentence, none of them starting one of `words`."""
    return "(?:(?!" + words + ")" + S + "){0,%d}?" % n


S = r"[^。；;\n]"
OWNER = one_of("甲方 业主 委托方 委托人 发包方 发包人 建设单位")
PARTY = one_of("甲方 乙方 业主 委托方 委托人 受托方 受托人 中介机构 服务方")
MAY = one_of("有权 可以 可 得以 能够 保留 享有 单方面? 自行 随时")
NEGATED = one_of("不得 不能 不应 不可 无权 禁止 严禁 不允许")
NOT_BEFORE = r"(?<![不未无])"
# "without giving reasons", "at its own discretion"
NO_REASON = one_of(
    one_of("无需 无须 毋需 毋须 不需要? 不必 不用 不 未") + "(?:向乙方|对乙方)?(?:书面)?"
    + one_of("说明 告知 解释 提供 给出 出具 通知") + "(?:任何|具体)?" + one_of("理由 原因 依据 说明")
    + " " + one_of("无 不附 不需 无需") + "(?:任何)?" + one_of("理由 原因 条件")
    + " 无条件 (?:以|基于|出于)?(?:任何|一切)(?:理由|原因) 视(?:情况|需要|具体情况) 酌情"
    + " " + one_of("自行 单方 自主 单独") + one_of("决定 确定 判断")
    + " 根据" + one_of("自身 甲方 其") + one_of("需要 情况 安排 判断 意愿") + " 随时")
WITHHOLD = one_of("暂扣 扣留 扣押 扣减 扣除 扣发 截留 拒付 拒绝支付 拒绝付款 不予支付 不予付款 不支付 不付款 暂不支付"
                  " 减少支付 少付 是否支付 是否付款 缓付"
                  " (?:暂停|暂缓|停止|延期|延迟|推迟|延缓)(?:支付|付款)")
LIMIT = one_of("上限 封顶 限额 最高限 额度限制 金额限制 比例限制 任何限制")
SUE = one_of("诉讼 起诉 上诉 仲裁 申诉 复议 追究 追偿 索赔 救济 求偿 赔偿请求 异议 抗辩")
CONTRACT_SUM = one_of("合同价款 合同金额 合同总价 合同总额 合同价 服务费 服务费用 技术服务费 总价款 价款")
MULTIPLE = one_of("[2-9２-９] [1-9１-９][0-9０-９]+ [两二三四五六七八九十百]")
AT_WILL = one_of("随时 任意 无条件 无需理由 无须理由 无理由 不说明理由 无需说明理由 无须说明理由 单方面? 自行")
NO_LIABILITY = one_of(
    one_of("不 无需 无须 不需 不必 均不 概不") + one_of("承担 负 负担 支付 给予") + "(?:任何|一切)?"
    + "(?:违约|赔偿|法律)?" + one_of("责任 赔偿 补偿 费用")
    + " 不予(?:任何)?" + one_of("补偿 赔偿 支付") + " 免除" + gap(6) + one_of("责任 赔偿"))

SAFE = [re.compile(p) for p in (
    # the unfair thing forbidden or voided: "不得（要求对方）放弃……", "放弃……的约定无效", "不影响……的权利"
    NEGATED + one_of("要求 强制 迫使 诱使 约定 以任何方式要求") + "?"
    + one_of("对方 乙方 甲方 任何一方 一方 当事人") + "?" + "(?:放弃|免除)",
    r"(?:放弃|免除)" + gap(24) + r"(?:的)?(?:约定|条款)(?:均|一律)?(?:无效|不发生效力)",
    r"不影响" + gap(24) + r"(?:权利|救济)",
)]

# kind -> (reason, patterns); a sentence is reported once per kind, at the first pattern matching.
UNFAIR = {
    "penalty": (PENALTY, [
        NOT_BEFORE + one_of("不设 没有 无 未设 不设置 不作 不受 不受任何 不存在") + gap(6) + LIMIT,
        one_of("上不封顶 不封顶 不设封顶 无封顶"),
        r"无限(?:连带)?(?:责任|赔偿|违约金)",
        r"不以" + gap(10) + CONTRACT_SUM + gap(6) + r"为(?:限|上限|最高限)",
        r"不受" + gap(10) + CONTRACT_SUM + gap(6) + r"(?:限制|约束)",
        one_of("按日 每日 逐日 每天 按天 逐月 每月 一日 一天") + gap(8) + one_of("成倍 加倍 翻倍 倍增 递增一倍"),
        one_of("成倍 加倍 翻倍") + one_of("递增 累加 计收"),
        r"(?:违约金|赔偿)" + gap(20) + CONTRACT_SUM + r"的?" + MULTIPLE + r"倍",
        CONTRACT_SUM + r"的?" + MULTIPLE + r"倍" + gap(6) + r"(?:违约金|赔偿)",
    ]),
    "withholding": (WITHHOLDING, [
        # 甲方 has the right to withhold … without reasons / at its discretion (either order)
        OWNER + gap_without(NEGATED + "|乙方", 30) + MAY + gap(30) + NO_REASON + gap(8) + WITHHOLD,
        OWNER + gap_without(NEGATED + "|乙方", 30) + MAY + gap(30) + WITHHOLD + gap(40) + NO_REASON,
        r"(?:支付|付款)" + one_of("时间 期限 金额 比例 进度 与否") + gap(4) + "由" + OWNER
        + "(?:自行|单方|单方面|单独|全权)?" + one_of("决定 确定 掌握"),
    ]),
    "waiver": (WAIVER, [
        NOT_BEFORE + r"放弃" + gap(20) + SUE,
        r"不得" + gap(20) + r"(?:提起|提出|申请|向)?" + gap(12) + one_of("诉讼 起诉 上诉 仲裁"),
        one_of("不得 无权 不能") + r"(?:就此|因此)?(?:向" + gap(10) + ")?" + one_of("主张 追究 索赔 要求赔偿")
        + "(?:任何|一切)",
        one_of("争议 纠纷 分歧 异议") + gap(20) + one_of(
            "以甲方" + gap(8) + "为准 由甲方" + gap(6) + "(?:最终|终局)?(?:决定|裁决|认定|解释) 甲方" + gap(6)
            + "(?:为最终|为终局|终局)"),
        r"最终解释权" + gap(4) + r"(?:归|属于)" + gap(2) + "甲方",
        r"甲方" + gap(6) + r"(?:享有|保留)" + gap(6) + "最终解释权",
    ]),
    "termination": (TERMINATION, [
        PARTY + gap_without(NEGATED, 12) + r"(?:有权|可以|可|得)?" + gap(6) + AT_WILL + gap(12)
        + one_of("解除 终止 解约") + gap(40) + NO_LIABILITY,
    ]),
}
_COMPILED = {kind: (reason, [re.compile(p) for p in patterns]) for kind, (reason, patterns) in UNFAIR.items()}
# A kind judged only in a sentence about money owed: "诉讼权利不受任何限制" is no penalty.
CONTEXT = {"penalty": re.compile(r"违约金|赔偿|罚金|罚款|损失|责任|滞纳金")}


def _blank_safe(sentence):
    for regex in SAFE:
        sentence = regex.sub(FILLER, sentence)
    return sentence


def _is(kind, reading):
    context = CONTEXT.get(kind)
    if context is not None and not context.search(reading):
        return False
    return any(regex.search(reading) for regex in _COMPILED[kind][1])


def unfair_kinds(sentence):
    """The kinds of unfair term `sentence` (one sentence) is, in the order of UNFAIR."""
    reading = _blank_safe(sentence)
    return [kind for kind in _COMPILED if _is(kind, reading)]


def unfair_terms(text, *, clause_number=None) -> list[ClauseProblem]:
    """Every unfair term in `text`, in reading order: a sentence once per kind, quoted."""
    problems = []
    for sentence in sentences(text):
        for kind in unfair_kinds(sentence):
            reason = _COMPILED[kind][0] % {"law": CIVIL_CODE}
            problems.append(ClauseProblem(reason, clause_number=clause_number, quote=sentence))
    return problems


# --- marked fields -----------------------------------------------------------------------------

MARK = re.compile(r"{{\s*([a-z_]+)\s*}}")  # the same syntax contracts/views/clauses.py shows
ANY_MARK = re.compile(r"{{(?:(?!}}|{{)[^\n]){0,40}}}")


def fields_used(clauses) -> set:
    """The keys of the marked fields written in the clauses (known or not)."""
    used = set()
    for clause in clauses or []:
        for part in (clause.get("title", ""), clause.get("text", "")):
            used.update(MARK.findall(str(part or "")))
    return used


def _field_problems(text, number):
    problems = []
    for match in ANY_MARK.finditer(text):
        key = match.group(0)[2:-2].strip()
        if key not in FIELDS or not MARK.fullmatch(match.group(0)):
            reason = UNKNOWN_FIELD % {"key": key, "keys": "、".join(FIELDS)}
            problems.append(ClauseProblem(reason, clause_number=number, quote=match.group(0)))
    rest = ANY_MARK.sub("", text)
    stray = re.search(r".{0,8}[{}｛｝].{0,8}", rest)
    if stray:
        problems.append(ClauseProblem(MALFORMED, clause_number=number, quote=stray.group(0).strip()))
    return problems


# --- the template as a whole -------------------------------------------------------------------

KIND_LABELS = dict(ClauseKind.CHOICES)
LIABILITY = r"(?:违约金|违约责任|赔偿|承担|偿付|滞纳金|利息|退还|返还|补偿)"
MUTUAL = re.compile(r"(?:任何一方|任一方|违约方|双方均|双方各自|各方)" + S + r"{0,40}?" + LIABILITY)
# A party named as an object ("向甲方支付", "赔偿甲方", "造成乙方损失") is not the one liable.
OBJECT = re.compile(r"(?<=[向对给使致成偿付还与按据])(?:甲方|乙方)")
# A party liable in a sentence: its name followed by a liability word before the other party is named.
LIABLE = {side: re.compile(side + r"(?:(?!甲方|乙方)" + S + r"){0,60}?" + LIABILITY) for side in ("甲方", "乙方")}


def liable_sides(texts) -> set:
    """The sides ("甲方", "乙方") the given breach clauses make liable."""
    sides = set()
    for text in texts:
        for sentence in sentences(text):
            sentence = OBJECT.sub("对方", sentence)
            if MUTUAL.search(sentence):
                sides |= set(LIABLE)
            sides |= {side for side, regex in LIABLE.items() if regex.search(sentence)}
    return sides


def _clause_problems(number, clause):
    title, text = str(clause.get("title") or "").strip(), str(clause.get("text") or "").strip()
    kind = clause.get("kind")
    problems = []
    if not title:
        problems.append(ClauseProblem(EMPTY_TITLE, clause_number=number))
    if not text:
        problems.append(ClauseProblem(EMPTY_TEXT, clause_number=number, quote=title))
    if kind not in KIND_LABELS:
        problems.append(ClauseProblem(UNKNOWN_KIND % {"kind": kind or ""}, clause_number=number, quote=title))
    problems += _field_problems(title + "\n" + text, number)
    problems += unfair_terms(text, clause_number=number)
    return problems


def template_problems(clauses) -> list[ClauseProblem]:
    """Everything that keeps `clauses` from being published; empty when the template is sound."""
    clauses = list(clauses or [])
    problems = []
    for number, clause in enumerate(clauses, start=1):
        problems += _clause_problems(number, clause)
    kinds = {clause.get("kind") for clause in clauses}
    for kind in ClauseKind.MANDATORY:
        if kind not in kinds:
            problems.append(ClauseProblem(MISSING_KIND % {"kind": KIND_LABELS[kind]}))
    breach = [str(c.get("text") or "") for c in clauses if c.get("kind") == ClauseKind.BREACH]
    if breach:
        problem = _breach_problem(clauses, liable_sides(breach))
        if problem:
            problems.append(problem)
    return problems


def _breach_problem(clauses, sides):
    if len(sides) == 2:
        return None
    if sides:
        (side,) = sides
        labels = {"甲方": _("甲方"), "乙方": _("乙方")}  # the sides as the reader's language names them
        other = "乙方" if side == "甲方" else "甲方"
        reason = ONE_SIDED_BREACH % {"side": labels[side], "other": labels[other]}
    else:
        reason = NO_BREACH_LIABILITY
    number = next(n for n, c in enumerate(clauses, start=1) if c.get("kind") == ClauseKind.BREACH)
    return ClauseProblem(reason, clause_number=number, quote=str(clauses[number - 1].get("title") or "").strip())


# --- the exact text ----------------------------------------------------------------------------

BLANK = "＿＿＿＿"
DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五 (clause numbers, 1–999)."""
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return DIGITS[n // 10] + "十" + (DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    head = DIGITS[n // 100] + "百"
    if not rest:
        return head
    if rest < 10:
        return head + "零" + DIGITS[rest]
    return head + ("一" if rest < 20 else "") + chinese_number(rest)


def _clean(text) -> str:
    """NFC, "\n" line endings, no trailing spaces, no blank lines at either end."""
    text = unicodedata.normalize("NFC", str(text or "")).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def _value(values, key) -> str:
    value = values.get(key)
    value = _clean(value) if value is not None else ""
    return value if value.strip() else BLANK


def _fill(text, values) -> str:
    return MARK.sub(lambda m: _value(values, m.group(1)), _clean(text))


def render_text(title, clauses, values) -> str:
    """The exact text of a contract: the title line, then each clause as "第N条 标题" and its text
    with the marked fields filled in (a missing value shows as ＿＿＿＿), clauses separated by a
    blank line, ending with one line break."""
    values = values or {}
    blocks = [_fill(title, values).strip()]
    for number, clause in enumerate(clauses or [], start=1):
        heading = f"第{chinese_number(number)}条 {_fill(clause.get('title', ''), values)}".rstrip()
        body = _fill(clause.get("text", ""), values)
        blocks.append(heading + ("\n" + body if body else ""))
    return _clean("\n\n".join(blocks)) + "\n"


def text_hash(text) -> str:
    """The SHA-256 (hex) of the text's UTF-8 bytes: what both parties sign."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
