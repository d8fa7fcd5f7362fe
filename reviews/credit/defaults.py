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
