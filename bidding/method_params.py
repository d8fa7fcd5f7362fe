"""The published parameters of the selection methods added after the first four (Job.method_params):
their defaults, their allowed ranges and the one check of them. Pure: no query, no write.

A job stores only what its owner set; `params_of(job)` fills in the defaults, so every reader
(the selection services, the public result, the owner's form) sees the same complete set.
`params_problems(method, params)` lists every reason the parameters cannot be published, as
named errors with the form field they belong to; publication.publication_problems calls it and
so does the owner's form before saving.

- 均价比选 (best_price): `k_set`, the published coefficients K in percent (80–100, two to ten
  distinct values with at most two decimals), one of which the verifiable draw picks after the
  close;
- 信用择优抽取 (credit_draw): `cut_percent` (0–50), the bottom share of the valid bidders by credit
  score that is cut; `shortlist_size` (1–5) drawn at random from the rest; `min_bidders` (3–20),
  fewer valid bids and the job fails; the cut must leave at least the short list when exactly
  `min_bidders` bid;
- 网上竞价 (auction): `pause_minutes` (1–60) between the opening and round 1, `turn_seconds`
  (60–1800) each bidder's time box per round, `max_step_percent` (1–50) the most one move may
  lower the bidder's own price by; three rounds;
- 询比 (quote): `invitees` (3–10) agencies invited; `criteria`, two to eight named criteria with
  whole-number weights summing to 100.
"""
import math
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import MethodParamsInvalid
from .models import Job

M = Job.Method

DEFAULTS = {
    M.BEST_PRICE: {"k_set": ["95", "96", "97", "98"]},
    M.CREDIT_DRAW: {"cut_percent": 20, "shortlist_size": 3, "min_bidders": 5},
    M.AUCTION: {"pause_minutes": 10, "turn_seconds": 180, "max_step_percent": 10, "rounds": 3},
    M.QUOTE: {"invitees": 3, "criteria": [{"name": "报价", "weight": 40}, {"name": "服务方案", "weight": 40},
                                          {"name": "服务时限", "weight": 20}]},
}

K_RANGE = (Decimal(80), Decimal(100))
RANGES = {
    "cut_percent": (0, 50), "shortlist_size": (1, 5), "min_bidders": (3, 20),
    "pause_minutes": (1, 60), "turn_seconds": (60, 1800), "max_step_percent": (1, 50),
    "invitees": (3, 10),
}
AUCTION_ROUNDS = 3


def params_of(job_or_method, stored=None):
    """The complete parameters of a job (or of a method with `stored` values): defaults for what
    was not set. Methods without parameters give {}."""
    if isinstance(job_or_method, Job):
        method, stored = job_or_method.selection_method, job_or_method.method_params
    else:
        method = job_or_method
    defaults = DEFAULTS.get(method)
    if defaults is None:
        return {}
    stored = stored if isinstance(stored, dict) else {}
    return {key: stored.get(key, value) for key, value in defaults.items()}


def k_values(params):
    """The published K set as Decimals (percent), sorted; ValueError if any is not a number."""
    try:
        return sorted(Decimal(str(value)) for value in params["k_set"])
    except (InvalidOperation, TypeError, KeyError):
        raise ValueError("k_set") from None


def k_texts(params):
    """The published K set as the texts the coefficient draw (Draw.Purpose.COEFFICIENT) takes as
    its entries' values, as published (e.g. "95", "96.5")."""
    return [str(value) for value in params["k_set"]]


def cut_count(valid_count, cut_percent):
    """How many of `valid_count` bidders the credit-merit cut removes: the bottom share, rounded
    down (a share never cuts a whole bidder it does not cover)."""
    return math.floor(valid_count * cut_percent / 100)


def _whole(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _range_problem(params, key, label):
    low, high = RANGES[key]
    value = params.get(key)
    if _whole(value) and low <= value <= high:
        return None
    return MethodParamsInvalid(
        _("%(label)s须为 %(low)s～%(high)s 之间的整数。") % {"label": label, "low": low, "high": high}, field=key)


def _best_price_problems(params):
    raw = params.get("k_set")
    try:
        values = k_values(params)
    except ValueError:
        values = None
    ok = (isinstance(raw, list | tuple) and values is not None and 2 <= len(values) <= 10
          and len(set(values)) == len(values)
          and all(K_RANGE[0] <= value <= K_RANGE[1] and value == value.quantize(Decimal("0.01")) for value in values))
    if ok:
        return []
    return [MethodParamsInvalid(
        _("下浮系数 K 的备选值须为 2～10 个互不相同的百分数，每个在 80%～100% 之间，最多两位小数。"), field="k_set")]


def _credit_draw_problems(params):
    problems = [problem for problem in (
        _range_problem(params, "cut_percent", _("淘汰比例（%）")),
        _range_problem(params, "shortlist_size", _("入围家数")),
        _range_problem(params, "min_bidders", _("最少有效报名家数")),
    ) if problem]
    if problems:
        return problems
    left = params["min_bidders"] - cut_count(params["min_bidders"], params["cut_percent"])
    if left < params["shortlist_size"]:
        return [MethodParamsInvalid(
            _("淘汰比例过高：有效报名恰为最少家数 %(min)s 家时，淘汰后只剩 %(left)s 家，少于入围家数 %(size)s 家。")
            % {"min": params["min_bidders"], "left": left, "size": params["shortlist_size"]},
            field="cut_percent")]
    return []


def _auction_problems(params):
    return [problem for problem in (
        _range_problem(params, "pause_minutes", _("开标后暂停时间（分钟）")),
        _range_problem(params, "turn_seconds", _("每家每轮限时（秒）")),
        _range_problem(params, "max_step_percent", _("每次最多降价比例（%）")),
    ) if problem]


def _quote_problems(params):
    problems = [problem for problem in (_range_problem(params, "invitees", _("邀请家数")),) if problem]
    criteria = params.get("criteria")
    ok = (isinstance(criteria, list | tuple) and 2 <= len(criteria) <= 8
          and all(isinstance(row, dict) and str(row.get("name") or "").strip() and _whole(row.get("weight"))
                  and row["weight"] >= 0 for row in criteria)
          and len({str(row["name"]).strip() for row in criteria}) == len(criteria)
          and sum(row["weight"] for row in criteria) == 100)
    if not ok:
        problems.append(MethodParamsInvalid(
            _("询比须公布 2～8 项名称互不相同的评审因素，权重为不小于 0 的整数，合计 100。"), field="criteria"))
    return problems


CHECKS = {M.BEST_PRICE: _best_price_problems, M.CREDIT_DRAW: _credit_draw_problems,
          M.AUCTION: _auction_problems, M.QUOTE: _quote_problems}


def params_problems(method, params):
    """Every reason the parameters `params` (complete, as params_of gives them) of `method` cannot
    be published; empty when they can (and for methods without parameters)."""
    check = CHECKS.get(method)
    return check(params) if check else []


# --- what the announcement shows ------------------------------------------------------------

LABELS = {
    "k_set": gettext_lazy("下浮系数 K 备选值"), "cut_percent": gettext_lazy("淘汰比例"),
    "shortlist_size": gettext_lazy("入围家数"), "min_bidders": gettext_lazy("最少有效报名家数"),
    "pause_minutes": gettext_lazy("开标后暂停时间"), "turn_seconds": gettext_lazy("每家每轮限时"),
    "max_step_percent": gettext_lazy("每次最多降价比例"), "rounds": gettext_lazy("轮数"),
    "invitees": gettext_lazy("邀请家数"), "criteria": gettext_lazy("评审因素及权重"),
}


def _shown(key, value):
    if key == "k_set":
        return "、".join(f"{item}%" for item in value)
    if key == "criteria":
        return _("；").join(f"{row['name']} {row['weight']}%" for row in value)
    if key in ("cut_percent", "max_step_percent"):
        return f"{value}%"
    if key == "pause_minutes":
        return _("%(n)s 分钟") % {"n": value}
    if key == "turn_seconds":
        return _("%(n)s 秒") % {"n": value}
    if key in ("shortlist_size", "min_bidders", "invitees"):
        return _("%(n)s 家") % {"n": value}
    return str(value)


def param_rows(job):
    """The method's published parameters as (label, text) rows, for the announcement pages."""
    return [(LABELS[key], _shown(key, value)) for key, value in params_of(job).items()]
