"""The shipped rule set (version 1), written for this project after the published shape of one
city's rules (base 100 = regulator assessment 70 + public credit record 10 + social evaluation
20): a new organisation starts at 80, reviews move it most, and the regulators' findings weigh
heaviest. Regulators change it in their workspace; each change is a new version."""

DEFAULT_RULES = {
    "agency": {
        "base": 80,
        "min_events": 3,
        "half_life_days": 365,
        "grades": {"A": 90, "B": 75, "C": 60},
        "watch_below": 65,
        "suspend_below": 50,
        "events": {
            "review": {"per_star": 4, "neutral": 3, "weight": 1, "cap_gain": 15, "cap_loss": 40},
            "delivery_on_time": {"points": 1, "cap_gain": 5},
            "delivery_late": {"points": -3, "cap_loss": 30},
            "signing_refusal": {"points": -10},
            "complaint_upheld": {"points": -8},
            "inspection_finding": {"levels": {"minor": -3, "serious": -10, "grave": -20}},
            "penalty": {"levels": {"minor": -5, "serious": -15, "grave": -30}, "half_life_days": 730},
            "commendation": {"points": 5, "cap_gain": 10},
        },
    },
    "owner": {
        "base": 80,
        "min_events": 3,
        "half_life_days": 365,
        "grades": {"A": 90, "B": 75, "C": 60},
        "events": {
            "review": {"per_star": 4, "neutral": 3, "weight": 1, "cap_gain": 15, "cap_loss": 40},
            "complaint_upheld": {"points": -5},
            "penalty": {"levels": {"minor": -5, "serious": -15, "grave": -30}},
            "commendation": {"points": 5, "cap_gain": 10},
        },
    },
    "redlist": {"grade": "A", "years": 2},
    "review": {
        "window_days": 15,
        # A side that wrote no review by the window's close counts as neutral-good.
        "default": {
            "agency": {"quality": 4, "timeliness": 4, "attitude": 4, "fee_compliance": 4},
            "owner": {"payment_timeliness": 4, "cooperation": 4, "integrity": 4},
        },
    },
}


# --- version 2 (issue 10): the approving department's rating, the weights of the three signals
# of a service's quality, and the owner's delays -------------------------------------------------

# owner's review : approving department's rating : platform's records (on-time or late delivery).
WEIGHTS_V2 = {"owner": 5, "department": 3, "platform": 2}
DEPARTMENT_RATING_V2 = {"first_pass": 5, "per_correction": -2, "returned": -8, "cap_gain": 15, "cap_loss": 30}
OWNER_DELAY_V2 = {"per_day": -0.5, "cap_loss": 20}
V2_NOTE = ("新增：审批部门对服务成果的评价（一次通过加分，每次补正、退回扣分）计入中介机构信用分，"
           "与业主评价、平台记录（按时或超期完成服务）按 5 : 3 : 2 的权重计分；平台记录的分值相应调整，"
           "使其实计分值不变。新增：项目业主逾期办理签约、验收、付款的，按逾期工作日扣减业主信用分。")


def with_version_2(rules):
    """`rules` (any earlier version) with the settings version 2 brings: the weights, the
    department's rating, the owner's delays. The platform's kinds get their points divided by
    their share (2/5), so that what an on-time or late delivery counts stays what it was."""
    import copy
    from decimal import Decimal

    rules = copy.deepcopy(rules)
    agency, owner = rules["agency"], rules["owner"]
    if "weights" not in agency:
        agency["weights"] = dict(WEIGHTS_V2)
        for kind in ("delivery_on_time", "delivery_late"):
            rule = agency["events"].get(kind)
            if rule is not None and "points" in rule:
                points = Decimal(str(rule["points"])) * WEIGHTS_V2["owner"] / WEIGHTS_V2["platform"]
                rule["points"] = int(points) if points == points.to_integral_value() else float(points)
    agency["events"].setdefault("department_rating", dict(DEPARTMENT_RATING_V2))
    owner["events"].setdefault("owner_delay", dict(OWNER_DELAY_V2))
    return rules
