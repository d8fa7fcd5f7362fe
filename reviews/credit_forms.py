"""The regulators' forms of the credit part: the rule set as labelled number fields (prefilled
from a version, so a new version is the current one with some numbers changed), and a credit
record. The forms only collect; reviews.services check (engine.check_rules) and refuse."""
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .credit import engine, explain
from .errors.credit import PART_LABELS
from .models import CreditAction
from .selectors.credit import PROFILE_LABELS

SEP = "__"  # a field's name is the rule's path with SEP for "." (RuleSetRefused names it so)


def _number_field(label, help_text=""):
    return forms.DecimalField(label=label, help_text=help_text, max_digits=9, decimal_places=2,
                              widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}))


def _plain(value):
    """A form's Decimal as the rule set's JSON number: 65 stays an integer, 0.5 a float."""
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


EVENT_KEY_LABELS = {
    "per_star": _("每高于或低于中性评分 1 分的分值"),
    "neutral": _("中性评分（1–5）"),
    "points": _("分值（扣分填负数）"),
    "weight": _("权重"),
    "half_life_days": _("半衰期（天，0 为沿用本类机构的通用半衰期）"),
    "cap_gain": _("加分上限"),
    "cap_loss": _("扣分上限"),
    "first_pass": _("一次通过的分值"),
    "per_correction": _("每次要求补正的分值（扣分填负数）"),
    "returned": _("退回另计的分值（扣分填负数）"),
    "per_day": _("每逾期 1 个工作日的分值（扣分填负数）"),
}
WEIGHT_LABELS = {
    "owner": _("权重：业主评价（基准，须大于 0）"),
    "department": _("权重：审批部门评价（按与业主评价权重之比计分）"),
    "platform": _("权重：平台记录——按时或超期完成服务（按与业主评价权重之比计分）"),
}
GENERAL_LABELS = {
    "base": _("基础分"),
    "min_events": _("评定等级所需最少事件数（不足时显示“暂无足够评价”）"),
    "half_life_days": _("通用半衰期（天，0 为不衰减）"),
    "watch_below": _("重点关注线（信用分低于此值列入重点关注）"),
    "suspend_below": _("暂停参与选取线（信用分低于此值暂停参与选取）"),
}


class RuleSetForm(forms.Form):
    """Every number of a rule set, prefilled from `rules` (the version it starts from)."""

    def __init__(self, *args, rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.base_rules = rules
        initial = {}
        self.sections = []
        for profile in engine.PROFILES:
            p = rules[profile]
            general = []
            for key in ("base", "min_events", "half_life_days", "watch_below", "suspend_below"):
                if key in p:
                    general.append(self._add((profile, key), GENERAL_LABELS[key], p[key], initial))
            for grade in engine.GRADES:
                label = _("%(grade)s 级分数线（不低于）") % {"grade": grade}
                general.append(self._add((profile, "grades", grade), label, p["grades"][grade], initial))
            if "weights" in p:
                for group in engine.WEIGHT_GROUPS:
                    general.append(self._add((profile, "weights", group), WEIGHT_LABELS[group],
                                             p["weights"][group], initial))
            events = []
            for kind in engine.KINDS:
                rule = p["events"].get(kind)
                if rule is None:
                    continue
                how, names = engine.KINDS[kind], []
                if how == "per_star":
                    names += [self._add((profile, "events", kind, key), EVENT_KEY_LABELS[key], rule[key], initial)
                              for key in ("per_star", "neutral")]
                elif how in ("department", "per_day"):
                    keys = ("first_pass", "per_correction", "returned") if how == "department" else ("per_day",)
                    names += [self._add((profile, "events", kind, key), EVENT_KEY_LABELS[key], rule[key], initial)
                              for key in keys]
                elif how == "levels":
                    names += [self._add((profile, "events", kind, "levels", level),
                                        _("%(level)s情节的分值") % {"level": label}, rule["levels"][level], initial)
                              for level, label in CreditAction.Level.choices]
                else:
                    names.append(self._add((profile, "events", kind, "points"), EVENT_KEY_LABELS["points"],
                                           rule["points"], initial))
                for key, default in (("weight", 1), ("half_life_days", 0), ("cap_gain", 100), ("cap_loss", 100)):
                    names.append(self._add((profile, "events", kind, key), EVENT_KEY_LABELS[key],
                                           rule.get(key, default), initial))
                events.append((explain.label(kind), names))
            self.sections.append({"title": PROFILE_LABELS[profile], "general": general, "events": events})
        review = rules["review"]
        other = [self._add(("review", "window_days"), _("评价期限（天，自成果提交齐全起）"), review["window_days"],
                           initial)]
        self.fields["redlist__grade"] = forms.ChoiceField(label=_("红名单：须连续保持的等级"),
                                                          choices=[(g, g) for g in engine.GRADES])
        initial["redlist__grade"] = rules["redlist"]["grade"]
        other += ["redlist__grade",
                  self._add(("redlist", "years"), _("红名单：连续年数"), rules["redlist"]["years"], initial)]
        defaults = []
        for profile, dimensions in engine.REVIEW_DIMENSIONS.items():
            for dimension in dimensions:
                defaults.append(self._add(
                    ("review", "default", profile, dimension),
                    _("逾期未评价时%(profile)s的“%(dimension)s”默认分") % {
                        "profile": PROFILE_LABELS[profile], "dimension": PART_LABELS[dimension]},
                    review["default"][profile][dimension], initial))
        self.sections.append({"title": _("红名单与双方评价"), "general": other + defaults, "events": []})
        self.fields["note"] = forms.CharField(label=_("修订说明"), widget=forms.Textarea(attrs={"rows": 3}),
                                              max_length=2000,
                                              help_text=_("写明改了什么、为什么改；与新版本一同公开。"))
        self.initial = {**initial, **self.initial}

    def _add(self, path, label, value, initial):
        name = SEP.join(path)
        self.fields[name] = _number_field(label)
        initial[name] = value
        return name

    def layout(self):
        """The sections with bound fields, for the template."""
        return [{
            "title": section["title"],
            "general": [self[name] for name in section["general"]],
            "events": [(label, [self[name] for name in names]) for label, names in section["events"]],
        } for section in self.sections]

    def rules(self):
        """The rule set the cleaned fields describe (the starting version's shape)."""
        rules = {}
        for name, value in self.cleaned_data.items():
            if name == "note":
                continue
            *parents, key = name.split(SEP)
            node = rules
            for part in parents:
                node = node.setdefault(part, {})
            node[key] = value if name == "redlist__grade" else _plain(value)
        return rules


class CreditActionForm(forms.Form):
    uscc = forms.CharField(label=_("机构的统一社会信用代码"), max_length=18)
    kind = forms.ChoiceField(label=_("类型"), choices=CreditAction.Kind.choices)
    level = forms.ChoiceField(label=_("情节（监管处理）"), choices=CreditAction.Level.choices, required=False,
                              help_text=_("表彰奖励不分情节。"))
    facts = forms.CharField(label=_("事实与理由"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    legal_basis = forms.CharField(label=_("依据"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
