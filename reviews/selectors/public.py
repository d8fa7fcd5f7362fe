"""What the public credit pages read (cms: /credit/ and its rule set versions, the blacklist, the
red list, an agency's credit on /agencies/<USCC>/), beyond the other parts' selectors. Reads only.

The credit rules in plain Chinese (`rules_in_words`) are written here, from the rule set itself:
every number a reader sees on /credit/ is the rule set's, so a new version reads right without
anyone rewriting a page.
"""
import datetime
from dataclasses import dataclass, field

from django.db.models import Min, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contracts.models import Contract
from providers.models import PersonBan, Standing

from .. import blacklist_rules
from .. import rules as review_rules
from ..credit import engine, explain
from ..credit.rulesets import current_rules, current_ruleset
from ..models import CreditAction, CreditPeriod, RuleSet
from ..rules import DIMENSION_LABELS
from . import redlist
from .blacklist import entries_of, public_entries
from .credit import credit_explanation
from .department import public_ratings_of
from .reviews import shown as shown_review
from .reviews import shown_reviews_of

# Who writes the review each profile receives.
REVIEW_LABELS = {
    "agency": gettext_lazy("业主对中介机构的评价"),
    "owner": gettext_lazy("中介机构对业主的评价"),
}
PROFILE_LABELS = {"agency": gettext_lazy("中介机构"), "owner": gettext_lazy("项目业主")}
FULL_CAP = 100  # a cap of 100 points never binds on a 0–100 score: no cap


def number(value):
    """A rule's number as a person writes it: 4, 0.5, −3 (a true minus sign)."""
    text = f"{value:g}"
    return text.replace("-", "−")


def signed(value):
    return ("+" if value > 0 else "") + number(value)


@dataclass(frozen=True)
class EventRule:
    kind: str
    label: str
    points: str       # what one event counts, in words
    weight: str
    half_life: str
    cap: str


@dataclass(frozen=True)
class ProfileRules:
    name: str
    label: str
    base: str
    min_events: int
    half_life_days: int
    grades: list      # [(grade, "90 分及以上"), …, ("D", "不足 60 分")]
    consequences: list  # sentences (the agency's watch list and suspension)
    events: list      # [EventRule]


@dataclass(frozen=True)
class RulesInWords:
    ruleset: RuleSet
    summary: list = field(default_factory=list)     # sentences: how a score is made
    profiles: list = field(default_factory=list)    # [ProfileRules]
    review: list = field(default_factory=list)      # sentences: the window, blindness, defaults
    redlist: str = ""

    @property
    def version(self):
        return self.ruleset.version


def _points(kind, rule):
    how = engine.KINDS[kind]
    if how == "per_star":
        neutral, per_star = rule["neutral"], rule["per_star"]
        return _(
            "按该条评价各项评分的平均分计：每比 %(neutral)s 分高 1 分加 %(per_star)s 分，每低 1 分减 %(per_star)s 分"
            "（平均 5 分加 %(top)s 分，平均 1 分减 %(bottom)s 分）"
        ) % {"neutral": number(neutral), "per_star": number(per_star),
             "top": number((5 - neutral) * per_star), "bottom": number((neutral - 1) * per_star)}
    if how == "levels":
        return _("；").join(
            _("情节%(level)s %(points)s 分") % {"level": CreditAction.Level(level).label,
                                              "points": signed(rule["levels"][level])}
            for level in engine.LEVELS
        )
    if how == "department":
        return _("一次通过 %(first)s 分；未一次通过的，每要求补正 1 次 %(each)s 分，退回的另计 %(returned)s 分") % {
            "first": signed(rule["first_pass"]), "each": signed(rule["per_correction"]),
            "returned": signed(rule["returned"])}
    if how == "per_day":
        return _("每逾期 1 个工作日 %(points)s 分") % {"points": signed(rule["per_day"])}
    return _("每次 %(points)s 分") % {"points": signed(rule["points"])}


def _weights(rules):
    """The sentence on the three signals' weights (rule set version 2 on), or None."""
    weights = rules["agency"].get("weights")
    if not weights:
        return None
    return _(
        "中介机构的服务质量由三方面记录共同反映：业主评价、审批部门评价（服务成果在审批中是否一次通过、"
        "要求补正几次、是否退回）和平台记录（是否在承诺时限内完成服务；业主逾期办理的工作日不计入），"
        "权重为 %(owner)s : %(department)s : %(platform)s。"
        "业主评价按分值全额计分，另两方面的分值乘以其权重与业主评价权重之比。"
    ) % {"owner": number(weights["owner"]), "department": number(weights["department"]),
         "platform": number(weights["platform"])}


def _half_life(rule, profile):
    days = rule.get("half_life_days") or profile["half_life_days"]
    if not days:
        return _("不随时间减弱")
    return _("%(days)s 天（每过 %(days)s 天，影响减半）") % {"days": number(days)}


def _cap(rule):
    parts = []
    if rule.get("cap_gain", FULL_CAP) < FULL_CAP:
        parts.append(_("累计加分最多 %(points)s 分") % {"points": number(rule["cap_gain"])})
    if rule.get("cap_loss", FULL_CAP) < FULL_CAP:
        parts.append(_("累计扣分最多 %(points)s 分") % {"points": number(rule["cap_loss"])})
    return _("；").join(parts) or _("不设上限")


def _grades(profile):
    a, b, c = (number(profile["grades"][grade]) for grade in engine.GRADES)
    return [
        ("A", _("%(low)s 分及以上") % {"low": a}),
        ("B", _("%(low)s 分及以上、不足 %(high)s 分") % {"low": b, "high": a}),
        ("C", _("%(low)s 分及以上、不足 %(high)s 分") % {"low": c, "high": b}),
        ("D", _("不足 %(high)s 分") % {"high": c}),
    ]


def _consequences(profile):
    if "watch_below" not in profile:
        return []
    return [
        _("信用分低于 %(watch)s 分的，列入重点关注名单，在其公开页面和中介机构名录中标明“重点关注”。")
        % {"watch": number(profile["watch_below"])},
        _("信用分低于 %(suspend)s 分的，暂停参与选取：不能报名、签约，也不进入随机抽取。")
        % {"suspend": number(profile["suspend_below"])},
        _("信用分回升到分数线以上时，上述措施自动解除；列入和解除都通知本机构，并说明主要扣分原因。"),
    ]


def _profile(name, profile):
    events = []
    for kind, rule in profile["events"].items():
        label = REVIEW_LABELS[name] if kind == "review" else explain.label(kind)
        events.append(EventRule(kind=kind, label=str(label), points=_points(kind, rule),
                                weight=number(rule.get("weight", 1)), half_life=_half_life(rule, profile),
                                cap=_cap(rule)))
    return ProfileRules(
        name=name, label=str(PROFILE_LABELS[name]), base=number(profile["base"]),
        min_events=int(profile["min_events"]), half_life_days=int(profile["half_life_days"]),
        grades=_grades(profile), consequences=_consequences(profile), events=events,
    )


def _review(rules):
    review = rules["review"]
    sentences = [
        _("中介机构提交全部服务成果后，业主和中介机构在 %(days)s 日内相互评价：业主评价中介机构的%(agency)s，"
          "中介机构评价业主的%(owner)s，每项 1 至 5 分，并可附文字评价。")
        % {"days": number(review["window_days"]),
           "agency": _("、").join(str(DIMENSION_LABELS[d]) for d in engine.REVIEW_DIMENSIONS["agency"]),
           "owner": _("、").join(str(DIMENSION_LABELS[d]) for d in engine.REVIEW_DIMENSIONS["owner"])},
        _("评价“背对背”进行：双方都评价后，或者评价期满后，评价才公开，在此之前任何一方都看不到对方的评价。"
          "评价公开后不能修改；被评价方可以向监管部门申诉一次，监管部门维持或撤销该评价，并公开处理理由。"),
    ]
    for profile in engine.PROFILES:
        defaults = engine.default_review(rules, profile)
        scores = _("、").join(
            _("%(dimension)s %(score)s 分") % {"dimension": DIMENSION_LABELS[dimension], "score": number(value)}
            for dimension, value in defaults.items()
        )
        sentences.append(
            _("评价期满%(who)s仍未评价的，按默认评价计入：%(scores)s。")
            % {"who": _("业主") if profile == "agency" else _("中介机构"), "scores": scores}
        )
    return sentences


def _summary(rules):
    agency = rules["agency"]
    return [
        _("每家中介机构和每个项目业主都有信用分。信用分从基础分起算（中介机构 %(agency)s 分，项目业主 %(owner)s 分），"
          "按下表所列的每一条记录加分或扣分，总分在 0 至 100 分之间。")
        % {"agency": number(agency["base"]), "owner": number(rules["owner"]["base"])},
        _("一条记录的分值乘以权重，再按时间减弱：记录越久，影响越小，每过一个“半衰期”减为一半。"
          "同一类记录累计的加分或扣分超过上限的，超出部分不计。"),
        *filter(None, [_weights(rules)]),
        _("信用分由平台按本规则自动计算，同样的记录和规则总是得出同样的分数；"
          "每家机构的公开页面逐条列出计入的记录、日期、分值、减弱系数和实际得分，各行相加等于信用分。"),
        _("规则由监管部门制定和修订，每次修订形成新的版本，自发布之时起适用，历次版本都在本页公开。"),
    ]


def rules_in_words(ruleset=None):
    """The rule set `ruleset` (the one in force when None) in plain words, in the reader's language."""
    ruleset = ruleset or current_ruleset()
    rules = ruleset.rules
    return RulesInWords(
        ruleset=ruleset,
        summary=_summary(rules),
        profiles=[_profile(name, rules[name]) for name in engine.PROFILES],
        review=_review(rules),
        redlist=redlist.rule_in_words(rules),
    )


def rule_versions():
    """Every version of the rule set, newest first, without their rules (for the list of links)."""
    return list(RuleSet.objects.only("version", "note", "created_at").order_by("-version"))


def credit_periods_of(organisation):
    """The organisation's watch-list and suspension periods (重点关注、暂停参与选取), newest first,
    each with `standing_label`."""
    periods = list(CreditPeriod.objects.filter(organisation=organisation).order_by("-started_at", "-pk"))
    for period in periods:
        period.standing_label = Standing(period.standing).label
    return periods


# --- an agency's credit record on its public page ---------------------------------------------------

@dataclass(frozen=True)
class AgencyCredit:
    """What /agencies/<USCC>/ shows of an agency's credit: the explanation of its score
    (reviews.selectors.credit.credit_explanation: grade, score, lines summing to it, the rule
    set version), its reviews the public may read (a queryset, newest first, never one still
    blind: reviews.selectors.reviews.shown_reviews_of), its watch-list and suspension periods,
    its blacklistings (in force, ended by expiry or by repair), whether it is on the red list,
    the approving departments' ratings of its deliverables, and the next moment the clock alone
    changes any of it (a review window closing)."""

    explanation: object
    reviews: object
    periods: list
    blacklistings: list
    on_redlist: bool
    next_change: object = None
    department_ratings: object = None  # reviews.selectors.department.PublicRatings


def next_review_shown(agency, at, rules):
    """The first moment after `at` at which a review of the agency's contracts may show by the
    clock alone (its contract's review window closes), or None. One query."""
    still_open = review_rules.closed_if_filed_by(at, rules)
    first = (Contract.objects.filter(agency=agency, deliverables_filed_at__gt=still_open)
             .aggregate(first=Min("deliverables_filed_at"))["first"])
    return first + datetime.timedelta(days=review_rules.window_days(rules)) if first else None


def agency_credit(agency, at):
    """The agency's credit record at `at`; a fixed number of queries whatever its history.

    The explanation is of the stored score, as the rules computed it at `credit_rated_at` (every
    event recomputes it, and so does `manage.py recompute_credit`), so the page, the directory
    and the selections show the same score and the lines sum to it; an agency without a grade
    is explained as of `at`."""
    rules = current_rules()
    computed_at = agency.credit_rated_at if agency.has_credit_record else at
    return AgencyCredit(
        explanation=credit_explanation(agency, computed_at),
        reviews=shown_reviews_of(agency, at, rules),
        periods=credit_periods_of(agency),
        blacklistings=blacklist_shown(entries_of(agency, at), at),
        on_redlist=redlist.is_on_redlist(agency, at, rules),
        next_change=next_review_shown(agency, at, rules),
        department_ratings=public_ratings_of(agency),
    )


def shown_reviews(reviews):
    """A page of reviews as the public page shows them (labelled scores, the published decision)."""
    return [shown_review(review) for review in reviews]


def blacklist_rows(at, *, query=None):
    """The public blacklist at `at` (reviews.selectors.blacklist.public_entries: approved entries
    in force or ended, newest first), filtered by an agency's name or exact USCC."""
    entries = public_entries(at)
    if query:
        entries = entries.filter(Q(agency__name__icontains=query) | Q(agency__uscc=query.strip().upper()))
    return entries


@dataclass(frozen=True)
class ShownState:
    code: str
    label: str
    ended_at: object = None

    @property
    def in_force(self):
        return self.code == blacklist_rules.IN_FORCE


def blacklist_shown(entries, at):
    """Entries (with their persons prefetched) as the public pages show them: each with
    `shown_state` (in force, ended by expiry or by repair, and when it ended) and its persons'
    `role_label`; the persons carry their masked ID numbers only."""
    entries = list(entries)
    for entry in entries:
        state = blacklist_rules.entry_state(entry, at)
        entry.shown_state = ShownState(code=state, label=str(blacklist_rules.state_label(state)),
                                       ended_at=blacklist_rules.ended_at(entry, at))
        for person in entry.persons.all():
            person.role_label = PersonBan.Role(person.role).label
    return entries


def redlist_rows(at, *, query=None, rules=None):
    """The red list at `at` under `rules` (the rule set in force when None), filtered by an
    agency's name or exact USCC."""
    rows = redlist.redlist(at, rules)
    if query:
        rows = rows.filter(Q(name__icontains=query) | Q(uscc=query.strip().upper()))
    return rows
