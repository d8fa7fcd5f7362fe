"""Forms for fee rules: the regulator's editor (a form plus two formsets of rows) and the public
fee calculator. The rules a fee rule must obey are in marketplace.fees; these forms only turn
typed rows into the JSON shapes and put each message next to what it is about."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput

from .. import fees
from ..models import FeeRule

SPARE_ROWS = 3


def _label(name):
    return FeeRule._meta.get_field(name).verbose_name


def _number_input(**attrs):
    # Text with a decimal keyboard: the number is parsed by marketplace.fees, so "1,000" or a
    # typo gets our message rather than a browser's.
    return forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", **attrs})


class FeeRuleForm(forms.Form):
    legal_basis = forms.CharField(label=_label("legal_basis"), widget=forms.Textarea(attrs={"rows": 3}))
    quantity_label = forms.CharField(
        label=_label("quantity_label"), max_length=50, help_text=_("如：项目总投资、用地面积、线路长度")
    )
    quantity_unit = forms.CharField(label=_label("quantity_unit"), max_length=20, help_text=_("如：万元、平方米、公里"))
    mode = forms.ChoiceField(
        label=_label("mode"),
        choices=FeeRule.Mode.choices,
        widget=forms.RadioSelect,
        help_text=_("差额定率累进：各档只对落在本档内的部分按本档费率计费后相加；"
                    "分档计费：按数量所在的一档，收取该档固定费用加超出该档下限部分乘以费率。"),
    )
    minimum_fee = forms.CharField(label=_label("minimum_fee"), required=False, widget=_number_input())
    maximum_fee = forms.CharField(label=_label("maximum_fee"), required=False, widget=_number_input())
    note = forms.CharField(label=_label("note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    effective_from = forms.DateField(
        label=_("生效日期"), widget=DateInput(),
        help_text=_("收费标准依据的文件开始执行的日期，随版本公开。晚于今天的，登记为待生效版本，到该日起执行，此前可以撤回。"),
    )
    reason = forms.CharField(
        label=_("变更原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("如：依据××价格主管部门文件调整费率。随版本公开。"),
    )

    def __init__(self, *args, rule=None, **kwargs):
        if rule is not None:
            kwargs.setdefault("initial", {
                "legal_basis": rule.legal_basis,
                "quantity_label": rule.quantity_label,
                "quantity_unit": rule.quantity_unit,
                "mode": rule.mode,
                "minimum_fee": "" if rule.minimum_fee is None else fees.plain(rule.minimum_fee),
                "maximum_fee": "" if rule.maximum_fee is None else fees.plain(rule.maximum_fee),
                "note": rule.note,
            })
        super().__init__(*args, **kwargs)
        self.fields["effective_from"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        low, high, errors = fees.check_fee_limits(cleaned.get("minimum_fee"), cleaned.get("maximum_fee"))
        for field, messages in errors.items():
            for message in messages:
                self.add_error(field, message)
        if not errors:
            cleaned["minimum_fee"], cleaned["maximum_fee"] = low, high
        return cleaned


class BandForm(forms.Form):
    lower = forms.CharField(label=_("下限"), required=False, widget=_number_input(size=10))
    upper = forms.CharField(
        label=_("上限"), required=False, widget=_number_input(size=10), help_text=_("最后一档可留空，表示以上")
    )
    rate = forms.CharField(label=_("费率（元/单位）"), required=False, widget=_number_input(size=10))
    fixed = forms.CharField(label=_("固定费用（元）"), required=False, widget=_number_input(size=10))


class CoefficientForm(forms.Form):
    key = forms.CharField(label=_("代码"), required=False, max_length=30, widget=forms.TextInput(attrs={"size": 12}))
    name = forms.CharField(label=_("名称"), required=False, max_length=50)
    min = forms.CharField(label=_("下限"), required=False, widget=_number_input(size=6))
    max = forms.CharField(label=_("上限"), required=False, widget=_number_input(size=6))
    default = forms.CharField(label=_("默认值"), required=False, widget=_number_input(size=6))


class RowFormSet(forms.BaseFormSet):
    """Rows of a table; a row left entirely blank is not part of the rule (so clearing a row
    deletes it, and the spare rows need no JavaScript). The rows in order, as the JSON shape,
    are checked by `check`, a function of marketplace.fees."""

    check = None
    min_rows = 0  # a new rule gets this many rows to fill

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Spare rows so a regulator can add bands without JavaScript.
        self.extra = max(SPARE_ROWS, self.min_rows - len(self.initial or []))

    def rows(self):
        rows = []
        for form in self.forms:
            values = {name: (form.cleaned_data.get(name) or "").strip() for name in form.fields}
            if any(values.values()):
                rows.append({name: value or None for name, value in values.items()})
        return rows

    def add_non_form_error(self, message):
        """Show a refusal that came from the service above the rows."""
        self.non_form_errors().append(message)

    def clean(self):
        if any(self.errors):
            return
        _parsed, errors = type(self).check(self.rows())
        if errors:
            raise forms.ValidationError(errors)


class BandRowFormSet(RowFormSet):
    check = staticmethod(fees.check_bands)
    min_rows = 10


class CoefficientRowFormSet(RowFormSet):
    check = staticmethod(fees.check_coefficients)
    min_rows = 4


BandFormSet = forms.formset_factory(BandForm, formset=BandRowFormSet)
CoefficientFormSet = forms.formset_factory(CoefficientForm, formset=CoefficientRowFormSet)


def fee_rule_forms(rule, data=None):
    """The editor's form and its two formsets, bound to `data` or filled from `rule`."""
    return (
        FeeRuleForm(data, rule=rule),
        BandFormSet(data, prefix="bands", initial=_rows(rule, "bands", ("lower", "upper", "rate", "fixed"))),
        CoefficientFormSet(
            data, prefix="coefficients",
            initial=_rows(rule, "coefficients", ("key", "name", "min", "max", "default")),
        ),
    )


def _rows(rule, attribute, names):
    if rule is None:
        return []
    return [{name: row.get(name) or "" for name in names} for row in getattr(rule, attribute) or []]


def fee_rule_data(form, bands, coefficients):
    """What the service takes, from the three valid pieces of the editor."""
    data = {name: form.cleaned_data[name] for name in (
        "legal_basis", "quantity_label", "quantity_unit", "mode", "minimum_fee", "maximum_fee", "note"
    )}
    data["bands"] = bands.rows()
    data["coefficients"] = coefficients.rows()
    return data


class FeeRuleEditor:
    """The editor's three parts (the rule's form, its bands, its coefficients) as one form for
    core.forms.submit: valid when every part is, `cleaned_data` holding the rule's `data` for
    fee_rule_save with its `effective_from` and `reason`, and a refusal shown beside the part
    it is about (the rows' problems above their table)."""

    TABLES = ("bands", "coefficients")

    def __init__(self, rule, data=None):
        self.form, self.bands, self.coefficients = fee_rule_forms(rule, data)
        self.fields = {**self.form.fields, **dict.fromkeys(self.TABLES)}

    def is_valid(self):
        # Every part is validated (no short-circuit), so each shows its own errors at once.
        return all([part.is_valid() for part in (self.form, self.bands, self.coefficients)])

    @property
    def cleaned_data(self):
        return {
            "data": fee_rule_data(self.form, self.bands, self.coefficients),
            "effective_from": self.form.cleaned_data["effective_from"],
            "reason": self.form.cleaned_data["reason"],
        }

    def add_error(self, field, message):
        if field in self.TABLES:
            getattr(self, field).add_non_form_error(message)
        else:
            self.form.add_error(field, message)


class FeeCalculatorForm(forms.Form):
    """The public calculator: the quantity and one field per adjustment coefficient.

    A GET form with prefix "fee", so it lives beside other parameters of the page it is on.
    After `is_valid()`, `result` holds the fees.FeeResult.
    """

    prefix = "fee"

    def __init__(self, rule, data=None):
        super().__init__(data)
        self.rule = rule
        self.result = None
        self.fields["quantity"] = forms.CharField(
            label=_("%(label)s（%(unit)s）") % {"label": rule.quantity_label, "unit": rule.quantity_unit},
            widget=_number_input(),
        )
        coefficients, _problems = fees.check_coefficients(rule.coefficients)
        for coefficient in coefficients:
            values = {name: fees.plain(getattr(coefficient, name)) for name in ("min", "max", "default")}
            self.fields[self.coefficient_field(coefficient.key)] = forms.CharField(
                label=coefficient.name,
                required=False,
                initial=values["default"],
                widget=_number_input(),
                help_text=_("取值 %(min)s～%(max)s，不填按 %(default)s 计") % values,
            )
        self.coefficients = coefficients

    @staticmethod
    def coefficient_field(key):
        return f"k_{key}"

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        values = {c.key: cleaned.get(self.coefficient_field(c.key)) for c in self.coefficients}
        try:
            self.result = fees.calculate_fee(self.rule, cleaned["quantity"], values)
        except fees.FeeInputInvalid as error:
            field = "quantity" if error.field == "quantity" else self.coefficient_field(error.field)
            self.add_error(field if field in self.fields else None, str(error))
        except fees.FeeRuleInvalid:
            # A stored rule that cannot be computed (entered before validation existed, say):
            # the table still shows it; the calculator says it cannot help.
            self.add_error(None, _("该收费标准暂不能自动计算，请以收费依据为准。"))
        return cleaned


def fee_calculator_context(rule, query_dict):
    """Context for marketplace/includes/fee_calculator.html (and fee_rule_table.html) on a page
    showing `rule`: the form, bound when the visitor asked for a calculation, and its result."""
    if rule is None:
        return {"rule": None, "calc_form": None, "calc_result": None}
    asked = f"{FeeCalculatorForm.prefix}-quantity" in query_dict
    form = FeeCalculatorForm(rule, query_dict if asked else None)
    result = form.result if asked and form.is_valid() else None
    return {"rule": rule, "calc_form": form, "calc_result": result}
