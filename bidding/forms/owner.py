"""The owner's announcement forms. They check input; bidding.services.jobs decides and writes.

Works without JavaScript: the qualification checkboxes and the fee-quantity unit follow the
chosen service item, and a small "按事项刷新" button redraws the form for a newly chosen item,
keeping what was typed."""
import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import uploads
from core.converters import parse_id
from core.forms import DateInput, WorkingDaysField
from marketplace.models import ServiceItem
from providers.models import Organisation, QualificationType
from providers.validators import normalise_uscc

from ..method_params import DEFAULTS as PARAM_DEFAULTS
from ..models import Job
from ..publication import WEIGHT_KEYS
from .fields import MultipleFileField

SHANGHAI = ZoneInfo("Asia/Shanghai")
REFRESH_ITEM = "_refresh_item"
WEIGHT_LABELS = {
    "price": _("价格权重"), "credit": _("信用权重"), "rating": _("评价权重"), "plan": _("方案权重"),
}
# Where a service error about a whole group of inputs is shown (core.forms.apply_domain_error).
ERROR_FIELDS = {"closes_at": "closes_on", "weights": "weight_price", "avoidances": None,
                **{key: f"param_{key}" for params in PARAM_DEFAULTS.values() for key in params}}


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


def _required(message):
    return {"required": message}


class AvoidanceForm(forms.Form):
    agency_uscc = forms.CharField(label=_("回避机构的统一社会信用代码"), max_length=30, required=False)
    reason = forms.CharField(label=_("回避理由"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        uscc, reason = (data.get("agency_uscc") or "").strip(), (data.get("reason") or "").strip()
        if not uscc:
            if reason:
                self.add_error("agency_uscc", _("请填写要回避的机构的统一社会信用代码。"))
            return data
        try:
            uscc = normalise_uscc(uscc)
        except ValidationError as error:
            self.add_error("agency_uscc", error)
            return data
        agency = Organisation.objects.filter(kind=Organisation.Kind.AGENCY, uscc=uscc).first()
        if agency is None:
            self.add_error("agency_uscc", _("平台上没有这个统一社会信用代码的中介机构。"))
        elif not reason:
            self.add_error("reason", _("请写明回避理由（利益冲突的具体情形），理由将随公告公开。"))
        data["agency"] = agency
        return data


AvoidanceFormSet = forms.formset_factory(AvoidanceForm, extra=2, max_num=20, validate_max=True)


def avoidance_initial(job):
    return [{"agency_uscc": a.agency.uscc, "reason": a.reason} for a in job.avoidances.all()]


def _k_set(text):
    """"95, 96.5，97" → ["95", "96.5", "97"] (the service checks the values)."""
    return [part for part in text.replace("，", ",").replace("、", ",").replace(" ", ",").split(",") if part]


def _criteria(text):
    """One criterion per line, its name then its weight: "服务方案 40" → {"name", "weight"}."""
    rows = []
    for line in text.splitlines():
        name, _sep, weight = line.strip().rpartition(" ")
        if not line.strip():
            continue
        if not name.strip() or not weight.isdigit():
            raise ValidationError(_("每行写一项评审因素：名称、空格、权重（整数），例如“服务方案 40”。"))
        rows.append({"name": name.strip(), "weight": int(weight)})
    return rows


def _criteria_text(rows):
    return "\n".join(f"{row.get('name', '')} {row.get('weight', '')}" for row in rows or [])


class MethodParamFields(forms.Form):
    """The parameters of the methods added after the first four (bidding/method_params.py), as
    form fields named param_<key>; only the chosen method's are kept (services.jobs)."""

    param_k_set = forms.CharField(
        label=_("下浮系数 K 备选值（%）"), required=False, max_length=200,
        help_text=_("均价比选：2～10 个 80～100 之间的百分数，用逗号分隔，例如 95, 96, 97, 98；截止后随机抽取其一。"))
    param_cut_percent = forms.IntegerField(
        label=_("淘汰比例（%）"), required=False, min_value=0, max_value=50,
        help_text=_("信用择优抽取：按截止时信用分排序，淘汰排在最后的这一比例（向下取整）。"))
    param_shortlist_size = forms.IntegerField(
        label=_("入围家数"), required=False, min_value=1, max_value=5,
        help_text=_("信用择优抽取：从其余机构中随机抽取的入围家数，业主从中选定并说明理由。"))
    param_min_bidders = forms.IntegerField(
        label=_("最少有效报名家数"), required=False, min_value=3, max_value=20,
        help_text=_("信用择优抽取：有效报名少于此数则流标。"))
    param_pause_minutes = forms.IntegerField(
        label=_("开标后暂停时间（分钟）"), required=False, min_value=1, max_value=60,
        help_text=_("网上竞价：公开各家开标报价（匿名）后，到第一轮开始的时间。"))
    param_turn_seconds = forms.IntegerField(
        label=_("每家每轮限时（秒）"), required=False, min_value=60, max_value=1800,
        help_text=_("网上竞价：共三轮，每轮按报价从高到低依次出价，每家在限时内降价或维持报价。"))
    param_max_step_percent = forms.IntegerField(
        label=_("每次最多降价比例（%）"), required=False, min_value=1, max_value=50,
        help_text=_("网上竞价：一次出价比本机构当前报价最多低这一比例。"))
    param_invitees = forms.IntegerField(
        label=_("邀请家数"), required=False, min_value=3, max_value=10,
        help_text=_("询比：使用财政资金的项目由平台从符合条件的机构中随机抽取邀请，不得指定。"))
    param_criteria = forms.CharField(
        label=_("评审因素及权重"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("询比：每行一项，名称、空格、权重，权重合计 100，例如“报价 40”。"))

    PARAM_PARSERS = {"k_set": _k_set, "criteria": _criteria}
    PARAM_INITIAL = {"k_set": ", ".join, "criteria": _criteria_text}

    def clean_param_criteria(self):
        return _criteria(self.cleaned_data.get("param_criteria") or "")

    def method_params_initial(self, job):
        method = job.selection_method if job else None
        stored = {**PARAM_DEFAULTS.get(method, {}), **((job.method_params or {}) if job else {})}
        return {f"param_{key}": self.PARAM_INITIAL.get(key, lambda value: value)(value)
                for key, value in stored.items()}

    def method_params_data(self, method):
        """The chosen method's parameters as the owner set them; what was left empty takes the
        method's default."""
        params = {}
        for key in PARAM_DEFAULTS.get(method, {}):
            value = self.cleaned_data.get(f"param_{key}")
            if key == "k_set":
                value = _k_set(value or "")
            if value not in (None, "", []):
                params[key] = value
        return params


class JobForm(MethodParamFields):
    """The announcement, with its avoided agencies as a formset (`avoidances`, prefix "avoid")
    that is valid only when every row is; `to_data()` gives the service's `data`."""

    error_fields = ERROR_FIELDS

    title = forms.CharField(label=_("项目名称"), max_length=200, error_messages=_required(_("请填写项目名称。")))
    project_code = forms.CharField(
        label=_("投资项目代码"), max_length=40, required=False,
        help_text=_("投资项目在线审批监管平台赋予的代码，例如 2026-510603-48-01-000123。"),
    )
    item = forms.ModelChoiceField(queryset=ServiceItem.objects.none(), label=_("服务事项"),
                                  error_messages=_required(_("请选择服务事项。")))
    fiscal_funds = forms.BooleanField(label=_("使用财政资金"), required=False)
    budget = forms.DecimalField(label=_("预算金额（元）"), max_digits=14, decimal_places=2, min_value=0,
                                required=False)
    ceiling_price = forms.DecimalField(label=_("最高限价（元）"), max_digits=14, decimal_places=2,
                                       min_value=0.01, required=False)
    fee_quantity = forms.DecimalField(label=_("计费基数"), max_digits=16, decimal_places=4, min_value=0,
                                      required=False)
    selection_method = forms.ChoiceField(label=_("选取方式"), choices=Job.Method.choices,
                                         error_messages=_required(_("请选择选取方式。")))
    price_mode = forms.ChoiceField(label=_("报价方式"), choices=Job.PriceMode.choices,
                                   error_messages=_required(_("请选择报价方式。")))
    weight_price = forms.IntegerField(label=WEIGHT_LABELS["price"], min_value=0, max_value=100, required=False)
    weight_credit = forms.IntegerField(label=WEIGHT_LABELS["credit"], min_value=0, max_value=100, required=False)
    weight_rating = forms.IntegerField(label=WEIGHT_LABELS["rating"], min_value=0, max_value=100, required=False)
    weight_plan = forms.IntegerField(label=WEIGHT_LABELS["plan"], min_value=0, max_value=100, required=False)
    closes_on = forms.DateField(label=_("报名截止日期"), widget=DateInput(), required=False)
    closes_time = forms.TimeField(label=_("报名截止时刻（北京时间）"), widget=TimeInput(), required=False,
                                  initial=datetime.time(17, 0))
    service_days = WorkingDaysField(label=_("要求服务时限（工作日）"),
                                    error_messages=_required(_("请填写要求服务时限。")))
    required_qualifications = forms.ModelMultipleChoiceField(
        queryset=QualificationType.objects.none(), label=_("资质要求"), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(label=_("服务内容"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    requirements = forms.CharField(label=_("其他要求"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
                                   help_text=_("不得设置区域、行业、部门限制、入库名单或指定机构等条件。"))
    attachments = MultipleFileField(label=_("添加附件"), required=False)
    remove_attachments = forms.ModelMultipleChoiceField(
        queryset=None, label=_("删除附件"), required=False, widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, data=None, files=None, *, job=None, **kwargs):
        if job is not None and data is None and "initial" not in kwargs:
            kwargs["initial"] = {**self.initial_for(job), **self.method_params_initial(job)}
        super().__init__(data, files, **kwargs)
        self.job = job
        self.avoidances = AvoidanceFormSet(
            data, prefix="avoid", initial=avoidance_initial(job) if job is not None and data is None else None)
        self.fields["item"].queryset = ServiceItem.objects.filter(is_active=True).order_by("code")
        if job is not None and not job.item.is_active:
            self.fields["item"].queryset = ServiceItem.objects.filter(pk=job.item_id) | self.fields["item"].queryset
        self.item = self._chosen_item()
        self._setup_item_fields()
        if job is not None and job.attachments.all():
            self.fields["remove_attachments"].queryset = job.attachments.all()
        else:
            del self.fields["remove_attachments"]
        self.fields["attachments"].help_text = _(
            "PDF、JPEG 或 PNG，每个不超过 %(mb)s MB，可一次选择多个；公告发布后公开。"
        ) % {"mb": f"{uploads.max_bytes() / (1024 * 1024):g}"}

    @classmethod
    def initial_for(cls, job):
        local = timezone.localtime(job.closes_at, SHANGHAI) if job.closes_at else None
        initial = {name: getattr(job, name) for name in (
            "title", "project_code", "fiscal_funds", "budget", "ceiling_price", "fee_quantity",
            "selection_method", "price_mode", "service_days", "description", "requirements")}
        initial.update(
            item=job.item_id,
            closes_on=local.date() if local else None,
            closes_time=local.time().replace(second=0, microsecond=0) if local else None,
            required_qualifications=[q.pk for q in job.required_qualifications.all()],
            **{f"weight_{key}": (job.weights or {}).get(key) for key in WEIGHT_KEYS},
        )
        return initial

    def _chosen_item(self):
        key = self.add_prefix("item")
        raw = self.data.get(key) if self.is_bound else self.initial.get("item")
        pk = parse_id(getattr(raw, "pk", raw))
        if pk is not None:
            return (self.fields["item"].queryset.select_related("fee_rule")
                    .prefetch_related("required_qualifications").filter(pk=pk).first())
        return None

    def _setup_item_fields(self):
        """Qualifications limited to the item's legal ones; the fee quantity in the rule's unit."""
        quals = self.fields["required_qualifications"]
        if self.item is None:
            quals.help_text = _("先选择服务事项并点击“按事项刷新”，这里列出该事项法定要求的资质。")
            return
        quals.queryset = self.item.required_qualifications.order_by("name")
        quals.help_text = _("只能从该事项法定要求的资质中选择；法律未要求资质的事项不得设置资质门槛。")
        if not quals.queryset:
            quals.help_text = _("该事项法律未要求资质，不得设置资质门槛。")
        rule = self.item.government_fee_rule
        fee = self.fields["fee_quantity"]
        if rule is None:
            fee.help_text = _("该事项为市场调节价，无需填写。")
        else:
            fee.label = _("计费基数（%(label)s，%(unit)s）") % {
                "label": rule.quantity_label, "unit": rule.quantity_unit}
            fee.help_text = _("政府定价或指导价：最高限价须在收费标准按此基数计算的范围内。")
        self.fields["service_days"].help_text = _("不超过法定服务时限 %(days)d 个工作日。") % {
            "days": self.item.statutory_days}

    @property
    def refreshing(self):
        """The owner asked to redraw the form for a newly chosen item: nothing is saved."""
        return self.is_bound and REFRESH_ITEM in self.data

    def is_valid(self):
        # Both are judged, so the page shows every error at once.
        return all([super().is_valid(), self.avoidances.is_valid()])

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        for upload in files:
            try:
                uploads.inspect(upload, field="attachments")
            except uploads.UploadRefused as error:
                raise ValidationError(_("“%(name)s”：%(error)s") % {"name": upload.name, "error": error}) from None
        return files

    def clean(self):
        data = super().clean()
        closes_on, closes_time = data.get("closes_on"), data.get("closes_time")
        if closes_on and not closes_time:
            self.add_error("closes_time", _("请填写报名截止时刻。"))
        if closes_time and not closes_on:
            self.add_error("closes_on", _("请填写报名截止日期。"))
        return data

    def to_data(self):
        """The service's `data` dict, with the avoided agencies from the formset."""
        data = {name: self.cleaned_data.get(name) for name in (
            "item", "title", "project_code", "description", "requirements", "budget",
            "ceiling_price", "fee_quantity", "selection_method", "price_mode", "service_days")}
        data["fiscal_funds"] = bool(self.cleaned_data.get("fiscal_funds"))
        closes_on, closes_time = self.cleaned_data.get("closes_on"), self.cleaned_data.get("closes_time")
        data["closes_at"] = (datetime.datetime.combine(closes_on, closes_time, tzinfo=SHANGHAI)
                             if closes_on and closes_time else None)
        data["weights"] = {key: self.cleaned_data.get(f"weight_{key}") for key in WEIGHT_KEYS
                           if self.cleaned_data.get(f"weight_{key}") is not None}
        data["method_params"] = self.method_params_data(data["selection_method"])
        data["required_qualifications"] = list(self.cleaned_data.get("required_qualifications") or [])
        data["avoidances"] = [
            {"agency": row.cleaned_data["agency"], "reason": row.cleaned_data.get("reason") or ""}
            for row in self.avoidances.forms if row.cleaned_data.get("agency") is not None
        ]
        data["attachments"] = self.cleaned_data.get("attachments") or []
        data["remove_attachments"] = [a.pk for a in self.cleaned_data.get("remove_attachments") or []]
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("撤销原因"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             help_text=_("原因将公开，并通知已报名的机构。"),
                             error_messages=_required(_("请填写撤销原因，原因将公开。")))


class PublishForm(forms.Form):
    """The publish button: nothing to fill in; a refused publication lists its problems on it."""
